/**
 * End to end as a person uses the project: `npm start`'s Jupyter server, a notebook opened in headless
 * Chromium, every cell run through the UI, the tslab kernel's output and a plot on the page.
 */
import { expect } from 'chai';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { ROOT } from '../scripts/jupyter';
import { freePort, launchChromium } from './helpers';

describe('a notebook in the browser', function () {
  this.timeout(240000);
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let workspace: string;
  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('runs notebook 01 cell by cell in the tslab kernel and shows its plots and results', async () => {
    // A copy, so the UI's autosave can never write outputs into the committed notebook; the copy's
    // '../lib' import reaches the real library through a link.
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'browser-'));
    fs.mkdirSync(path.join(workspace, 'notebooks'));
    fs.symlinkSync(path.join(ROOT, 'lib'), path.join(workspace, 'lib'));
    fs.copyFileSync(path.join(ROOT, 'notebooks', '01-cost-minimization.ipynb'), path.join(workspace, 'notebooks', 'nb.ipynb'));
    const before = fs.readFileSync(path.join(ROOT, 'notebooks', '01-cost-minimization.ipynb'), 'utf8');

    const port = await freePort();
    const token = 'browser-test-token';
    server = spawn(process.execPath, [path.join(ROOT, 'build', 'scripts', 'start.js'), '--no-browser',
      `--notebook-dir=${path.join(workspace, 'notebooks')}`, `--NotebookApp.token=${token}`], {
      env: { ...process.env, DL_PORT: String(port) },
      stdio: 'ignore',
    });
    for (let i = 0; i < 60; i++) {
      const up = await fetch(`http://127.0.0.1:${port}/api/status?token=${token}`).then((r) => r.ok, () => false);
      if (up) break;
      await new Promise((r) => setTimeout(r, 500));
    }

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    await page.goto(`http://127.0.0.1:${port}/notebooks/nb.ipynb?token=${token}`);
    await page.waitForFunction('window.Jupyter?.notebook?.kernel?.is_connected()', null, { timeout: 60000 });
    expect(await page.evaluate('Jupyter.notebook.kernel.name')).to.equal('tslab');
    await page.evaluate('Jupyter.notebook.execute_all_cells()');
    // The last code cell checks the lecture's claims: when its ✓ lines appear, every cell before it ran.
    const outputs = "[...document.querySelectorAll('.output_area')].map((e) => e.innerText).join('\\n')";
    await page.waitForFunction(`(${outputs}).includes('✓ the optimizer finds the minimum of J at w = 5')`, null, { timeout: 120000 });

    const text = (await page.evaluate(outputs)) as string;
    expect(text).to.match(/Backend: (tensorflow|wasm|cpu) on (CPU|GPU)/);
    expect(text).to.match(/gd_w_from_5 = 1(\.0+\d*)?\b/);
    expect(await page.locator('.output_svg svg, .output_area svg').count(), 'plots on the page').to.be.at.least(5);
    expect(await page.locator('.output_error, .output_stderr').count(), 'errors on the page').to.equal(0);
    await page.screenshot({ path: path.join(workspace, 'notebook.png') });
    expect(fs.readFileSync(path.join(ROOT, 'notebooks', '01-cost-minimization.ipynb'), 'utf8'), 'source untouched').to.equal(before);
  });
});
