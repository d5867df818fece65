/**
 * End to end as a person uses the project: `npm start`'s JupyterLab, a notebook opened in headless
 * Chromium, every cell run through the UI's Run menu, the tslab kernel's outputs and plots on the page;
 * then a value edited in the parameters cell and everything run again in the same kernel session.
 */
import { expect } from 'chai';
import { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { ROOT } from '../scripts/jupyter';
import { cellSource, findTaggedCell, readNotebook } from '../scripts/notebook-file';
import { collectResults } from '../scripts/results';
import { spawnStoppable, stopProcessTree } from './child-processes';
import { freePort, launchChromium } from './helpers';

const SOURCE = path.join(ROOT, 'notebooks', '01-cost-minimization.ipynb');
/** Plots notebook 01 draws: cost(W); the descents; the learning-rate sweep; two cost comparisons; two of Adam. */
const PLOTS = 10;
const ERROR_OUTPUTS = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]';

/** W after `steps` steps of gradient descent from W0 on cost(W) = (14/3)(W − 1)²: 1 + (1 − lr·28/3)^steps (W0 − 1). */
const closedForm = (W0: number, lr: number, steps = 6) => 1 + (1 - lr * (28 / 3)) ** steps * (W0 - 1);

/** The code cells' execution counts as the page shows them (null for a cell not run). Page code is text: tests compile without the DOM's types. */
const PROMPTS = "[...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')].map((p) => p.textContent ?? '')";
async function executionCounts(page: Page): Promise<(number | null)[]> {
  const prompts = (await page.evaluate(PROMPTS)) as string[];
  return prompts.map((p) => {
    const m = p.match(/\[(\d+)\]/);
    return m ? Number(m[1]) : null;
  });
}

/** Runs every cell through the menu Run → Run All Cells and waits until the kernel is done with them. */
async function runAllCells(page: Page): Promise<void> {
  const before = Math.max(0, ...(await executionCounts(page)).map((n) => n ?? 0));
  await page.locator('.lm-MenuBar-item', { hasText: /^Run$/ }).click();
  await page.locator('.lm-Menu-item', { hasText: /^Run All Cells/ }).click();
  // Done when no cell waits or runs and every code cell has a count from this run, or a cell failed.
  await page.waitForFunction(
    `(() => {
      const prompts = ${PROMPTS};
      if (prompts.some((p) => p.includes('*'))) return false;
      return prompts.every((p) => Number((p.match(/\\[(\\d+)\\]/) ?? [])[1]) > ${before}) || document.querySelector('${ERROR_OUTPUTS}') !== null;
    })()`,
    null,
    { timeout: 180000 },
  );
}

/** Plot outputs on the page, and how many of them hold a canvas, SVG or decoded PNG with something drawn on it. */
async function plots(page: Page): Promise<{ shown: number; drawn: number }> {
  // Images decode and charts render after their output arrives: wait up to 20 s for every one to be drawn.
  let counts = await countPlots(page);
  for (let i = 0; i < 40 && counts.drawn < counts.shown; i++) {
    await new Promise((r) => setTimeout(r, 500));
    counts = await countPlots(page);
  }
  return counts;
}

/** The same counts, once. */
async function countPlots(page: Page): Promise<{ shown: number; drawn: number }> {
  return (await page.evaluate(`(() => {
    const outputs = [...document.querySelectorAll('.jp-RenderedVegaLite, .jp-RenderedSVG, .jp-RenderedImage')];
    const drawn = outputs.filter((o) => {
      const canvas = o.querySelector('canvas');
      if (canvas && canvas.width > 0 && canvas.height > 0) {
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let inked = 0;
        for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3] > 0 && (pixels[i] < 200 || pixels[i + 1] < 200 || pixels[i + 2] < 200)) inked++;
        return inked > 500;
      }
      // A dense figure (a contour plot) is one PNG: drawn when the browser decoded it.
      const png = o.classList.contains('jp-RenderedImage') ? o.querySelector('img') : null;
      if (png) return png.complete && png.naturalWidth > 100 && png.naturalHeight > 100;
      return o.querySelectorAll('svg path, svg line, img').length > 5;
    });
    return { shown: outputs.length, drawn: drawn.length };
  })()`)) as { shown: number; drawn: number };
}

/** Saves the notebook with Ctrl+S and reads the saved file once it holds the outputs of the run whose last count is `lastCount`. */
async function saveAndRead(page: Page, file: string, lastCount: number) {
  await page.keyboard.press('Escape'); // command mode
  await page.keyboard.press('Control+s');
  for (let i = 0; i < 100; i++) {
    try {
      const nb = readNotebook(file);
      if (Math.max(...nb.cells.map((c) => c.execution_count ?? 0)) === lastCount) return nb;
    } catch {
      // caught mid-write: JupyterLab's save writes the file in place
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the saved ${file} never held the run that ended with count ${lastCount}`);
}

describe('a notebook in JupyterLab', function () {
  this.timeout(600000);
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let workspace: string | undefined;
  after(async () => {
    await browser?.close();
    await stopProcessTree(server);
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('runs notebook 01 through the Run menu in the tslab kernel, then again with a learning rate edited in its parameters cell, in the same session', async () => {
    // A copy, so the UI's saves can never write outputs into the committed notebook; the copy's
    // '../lib' import reaches the real library through a link. JupyterLab's workspace and settings
    // go there too, not into the user's ~/.jupyter.
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'browser-'));
    const notebooks = path.join(workspace, 'notebooks');
    fs.mkdirSync(notebooks);
    fs.symlinkSync(path.join(ROOT, 'lib'), path.join(workspace, 'lib'));
    const copy = path.join(notebooks, 'nb.ipynb');
    fs.copyFileSync(SOURCE, copy);
    const before = fs.readFileSync(SOURCE, 'utf8');

    const port = await freePort();
    const token = 'browser-test-token';
    server = spawnStoppable(process.execPath, [path.join(ROOT, 'build', 'scripts', 'start.js'), '--no-browser', `--notebook-dir=${notebooks}`,
      `--IdentityProvider.token=${token}`, `--LabApp.workspaces_dir=${path.join(workspace, 'lab-workspaces')}`, `--LabApp.user_settings_dir=${path.join(workspace, 'lab-settings')}`], {
      env: { ...process.env, DL_PORT: String(port) },
      stdio: 'ignore',
    });
    let up = false;
    for (let i = 0; i < 180 && !up; i++) {
      up = await fetch(`http://127.0.0.1:${port}/api/status?token=${token}`).then((r) => r.ok, () => false);
      if (!up) await new Promise((r) => setTimeout(r, 500));
    }
    expect(up, 'npm start serves within 90 s').to.equal(true);

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    await page.goto(`http://127.0.0.1:${port}/lab/tree/nb.ipynb?token=${token}`);
    await page.waitForFunction("[...document.querySelectorAll('.jp-StatusBar-TextItem')].some((e) => e.textContent === 'TypeScript | Idle')", null, { timeout: 120000 });
    expect(await page.locator('.jp-NotebookPanel-toolbar .jp-KernelName').textContent(), 'the TypeScript (tslab) kernel').to.equal('TypeScript');
    const codeCells = await page.locator('.jp-Notebook .jp-CodeCell').count();

    // First run: the notebook as committed (lr = 0.1).
    await runAllCells(page);
    expect(await page.locator(ERROR_OUTPUTS).count(), 'error outputs after the first run').to.equal(0);
    expect(await executionCounts(page), 'every code cell ran once, in order').to.deep.equal(Array.from({ length: codeCells }, (_, i) => i + 1));
    const text = () => page.locator('.jp-Notebook .jp-OutputArea').allTextContents().then((t) => t.join('\n'));
    expect(await text()).to.match(/Backend: (tensorflow|webgpu|wasm|cpu) on (CPU|GPU)/);
    expect(await text()).to.match(/gd_w_from_5 = 1(?![\d.])/).and.to.contain('✓ the optimizer finds the minimum of J at w = 5');
    expect(await plots(page), 'plots shown and drawn').to.deep.equal({ shown: PLOTS, drawn: PLOTS });
    const first = await saveAndRead(page, copy, codeCells);
    expect(collectResults(first).metrics.gd_w_from_5 as number).to.be.closeTo(closedForm(5, 0.1), 1e-12);

    // Edit the learning rate in the parameters cell's editor, as a person would, and run all again.
    const parameters = page.locator('.jp-Notebook .jp-CodeCell').nth(0);
    expect(await parameters.locator('.cm-content').textContent()).to.contain('const lr: number = 0.1;');
    const edited = cellSource(first.cells[findTaggedCell(first, 'parameters')]).replace('const lr: number = 0.1;', 'const lr: number = 0.05;');
    await parameters.locator('.cm-content').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(edited);
    await page.keyboard.press('Escape');
    await runAllCells(page);
    expect(await page.locator(ERROR_OUTPUTS).count(), 'error outputs after the second run').to.equal(0);
    expect(await executionCounts(page), 'every code cell ran again in the same kernel (counts go on)').to.deep.equal(Array.from({ length: codeCells }, (_, i) => codeCells + i + 1));
    expect(await plots(page), 'plots shown and drawn after the second run').to.deep.equal({ shown: PLOTS, drawn: PLOTS });

    // The results follow the closed form for the new rate: shown rounded on the page, exact in the file.
    const shown = Number((await text()).match(/gd_w_from_5 = ([-\d.e]+)/)![1]);
    expect(shown).to.be.closeTo(closedForm(5, 0.05), 1e-5);
    const second = await saveAndRead(page, copy, 2 * codeCells);
    expect(cellSource(second.cells[findTaggedCell(second, 'parameters')])).to.equal(edited);
    const results = collectResults(second).metrics;
    expect(results.gd_w_from_5 as number).to.be.closeTo(closedForm(5, 0.05), 1e-12);
    expect(results.gd_w_from_minus_3 as number).to.be.closeTo(closedForm(-3, 0.05), 1e-12);
    expect(results.tf_intro_w, 'the optimizer part does not use lr').to.equal(collectResults(first).metrics.tf_intro_w);
    const outputs = second.cells.flatMap((c) => c.outputs ?? []);
    expect(outputs.filter((o) => o.output_type === 'error' || (o.output_type === 'stream' && o.name === 'stderr')), 'errors in the saved notebook').to.deep.equal([]);
    expect(JSON.stringify(outputs)).to.contain('Gradient descent, learning rate 0.05');
    await page.screenshot({ path: path.join(workspace, 'notebook.png') });
    expect(fs.readFileSync(SOURCE, 'utf8'), 'source untouched').to.equal(before);
  });
});
