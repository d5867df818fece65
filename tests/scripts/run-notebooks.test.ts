/**
 * The runner end to end, through the real tslab kernel and nbclient: the project's notebooks in smoke
 * mode, parameters from the command line, and each way a run can fail.
 */
import { expect } from 'chai';
import { ChildProcess } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../../scripts/jupyter';
import { cellSource, findTaggedCell, readNotebook } from '../../scripts/notebook-file';
import { commandLine, processesOf, spawnStoppable, stopProcessTree } from '../child-processes';
import { parseOptions, PreparedRun, RunOptions, SMOKE_CELL_TIMEOUT, startOrder } from '../../scripts/run-notebooks';
import { readJson, runNotebooks } from '../helpers';
import { pdfText } from '../pdf-text';

const NOTEBOOKS = path.join(ROOT, 'notebooks');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'notebooks');

const runner = (args: string[], env: NodeJS.ProcessEnv = {}) => runNotebooks(args, { env });

function hashDir(dir: string): string {
  const hash = createHash('sha256');
  for (const f of fs.readdirSync(dir).sort()) hash.update(f).update(fs.readFileSync(path.join(dir, f)));
  return hash.digest('hex');
}

describe('the committed notebooks', () => {
  const files = fs.readdirSync(NOTEBOOKS).filter((f) => f.endsWith('.ipynb'));

  it('are clean: no outputs and no execution counts', () => {
    for (const f of files) {
      const dirty = readNotebook(path.join(NOTEBOOKS, f)).cells.filter((c) => c.cell_type === 'code' && ((c.outputs ?? []).length > 0 || c.execution_count != null));
      expect(dirty, `${f} has outputs`).to.have.length(0);
    }
  });

  it('use the tslab kernel and declare a boolean smoke parameter', () => {
    for (const f of files) {
      const nb = readNotebook(path.join(NOTEBOOKS, f));
      expect((nb.metadata.kernelspec as { name: string }).name, f).to.equal('tslab');
      const i = findTaggedCell(nb, 'parameters');
      expect(i, `${f} has no parameters cell`).to.be.at.least(0);
      expect(cellSource(nb.cells[i]), f).to.match(/const smoke: boolean = false;/);
    }
  });

  it('keep every code cell to 60 lines or fewer (define, run, look: one step a cell)', () => {
    const long = files.flatMap((f) =>
      readNotebook(path.join(NOTEBOOKS, f)).cells.flatMap((c, i) => {
        const lines = cellSource(c).split('\n').length;
        return c.cell_type === 'code' && lines > 60 ? [`${f} cell ${i}: ${lines} lines`] : [];
      }),
    );
    expect(long).to.deep.equal([]);
  });

  it("check for leaked tensors with the library's watch, not as a lecture claim", () => {
    for (const f of files) {
      const code = readNotebook(path.join(NOTEBOOKS, f)).cells.filter((c) => c.cell_type === 'code').map(cellSource).join('\n');
      expect(code, f).to.match(/watchTensors\(\)/).and.to.match(/\.assertNoLeak\(\)/);
      expect(code, f).not.to.match(/assertClaim\([^;]*leak/is);
    }
  });
});

describe('npm run notebooks', function () {
  this.timeout(30 * 60 * 1000);
  let reports: string;
  before(() => {
    reports = fs.mkdtempSync(path.join(os.tmpdir(), 'reports-'));
  });
  after(() => fs.rmSync(reports, { recursive: true, force: true }));

  // Every notebook on native TensorFlow, claims included, is run by tests/rerun.test.ts.
  it('runs every notebook in smoke mode on wasm, two at a time, recording results, and leaves the sources untouched', () => {
    const before = hashDir(NOTEBOOKS);
    const r = runner(['--smoke', '--backend', 'wasm', '--jobs', '2', '--reports', reports]);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(hashDir(NOTEBOOKS)).to.equal(before);
    const names = fs.readdirSync(NOTEBOOKS).filter((x) => x.endsWith('.ipynb')).sort().map((f) => f.replace(/\.ipynb$/, ''));
    // Each finish names its notebook (two run at once); the summary lists them in order all the same.
    for (const name of names) expect(r.stdout).to.match(new RegExp(`^  ${name}: ok in [\\d.]+ s`, 'm'));
    const summary = r.stdout.slice(r.stdout.lastIndexOf('notebook  '));
    expect(names.map((n) => summary.indexOf(`\n${n} `))).to.satisfy((at: number[]) => at.every((p, i) => p > 0 && (i === 0 || p > at[i - 1])));
    for (const name of names) {
      const metrics = readJson(path.join(reports, name, 'metrics.json'));
      expect(metrics.status, `${name}: ${JSON.stringify(metrics.error)}`).to.equal('ok');
      expect(metrics.smoke, name).to.equal(true);
      expect(metrics.params.smoke, name).to.equal(true);
      expect(metrics.backend, name).to.equal('wasm');
      expect(Object.keys(metrics.metrics), `${name} recorded nothing`).to.not.be.empty;
      expect(metrics.versions).to.include.keys('node', 'tslab', 'tfjs');
      // Light enough for JupyterLab to open quickly: dense figures are PNGs, no figure stored twice over.
      const size = fs.statSync(path.join(reports, name, `${name}.ipynb`)).size;
      expect(size, `${name}.ipynb weighs ${(size / 1e6).toFixed(1)} MB`).to.be.below(2e6);
      expect(metrics.claims.filter((c: { status: string }) => c.status === 'holds'), `${name}: claims that held`).to.not.be.empty;
      const html = fs.readFileSync(path.join(reports, name, `${name}.html`), 'utf8');
      expect(html, `${name}: the tensor watch's all-clear`).to.contain('No tensors leaked');
      expect(html, `${name}.html shows its plots`).to.match(/<img [^>]*src="data:image\/(svg\+xml|png);base64,/);
    }
  });

  it('keeps the notebook with the most figures light in full mode too: 08 under 5 MB, its claims holding', () => {
    // 08's executed copy is the heaviest in smoke mode; every notebook's full-mode size is in the README.
    const full = path.join(reports, 'full');
    const name = '08-optimization-algorithms';
    const r = runner(['08', '--reports', full]);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    const metrics = readJson(path.join(full, name, 'metrics.json'));
    expect(metrics.smoke).to.equal(false);
    expect(metrics.claims.filter((c: { status: string }) => c.status !== 'holds'), 'claims not checked in full mode').to.deep.equal([]);
    const size = fs.statSync(path.join(full, name, `${name}.ipynb`)).size;
    expect(size, `${name}.ipynb weighs ${(size / 1e6).toFixed(1)} MB in full mode`).to.be.below(5e6);
  });

  it('applies --param to notebook 01: W after 6 steps follows the closed form for the new learning rate', () => {
    const r = runner(['01', '--param', 'lr=0.05', '--reports', reports]);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    const metrics = readJson(path.join(reports, '01-cost-minimization', 'metrics.json'));
    expect(metrics.params.lr).to.equal(0.05);
    expect(metrics.smoke).to.equal(false);
    // W_k = 1 + (1 - lr * 28/3)^k (W_0 - 1) for cost(W) = (14/3)(W - 1)^2
    expect(metrics.metrics.gd_w_from_5).to.be.closeTo(1 + (1 - 0.05 * (28 / 3)) ** 6 * 4, 1e-12);
    expect(metrics.metrics.gd_w_from_minus_3).to.be.closeTo(1 - (1 - 0.05 * (28 / 3)) ** 6 * 4, 1e-12);
    const executed = readNotebook(path.join(reports, '01-cost-minimization', '01-cost-minimization.ipynb'));
    const injected = findTaggedCell(executed, 'injected-parameters');
    expect(injected).to.equal(findTaggedCell(executed, 'parameters') + 1);
    expect(cellSource(executed.cells[injected])).to.contain('const lr: number = 0.05;');
  });

  it('stops on a misspelt parameter with exit code 1, listing the valid ones, and runs nothing', () => {
    const r = runner(['01', '--param', 'lrr=0.05', '--reports', path.join(reports, 'misspelt')]);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain("unknown parameter 'lrr'");
    expect(r.stderr).to.contain('lr: number = 0.1');
    expect(fs.existsSync(path.join(reports, 'misspelt'))).to.equal(false);
  });

  it('stops on a value of the wrong type with exit code 1', () => {
    const r = runner(['01', '--param', 'steps=many', '--reports', reports]);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain("parameter 'steps' is number, and 'many' is not one");
  });

  it('stops on an unknown notebook name, listing the notebooks', () => {
    const r = runner(['99', '--reports', reports]);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain("no notebook matches '99'").and.to.contain('01-cost-minimization.ipynb');
  });
});

describe('npm run notebooks reports', function () {
  this.timeout(5 * 60 * 1000);
  let reports: string;
  before(() => {
    reports = fs.mkdtempSync(path.join(os.tmpdir(), 'report-files-'));
  });
  after(() => fs.rmSync(reports, { recursive: true, force: true }));

  it('opens each executed notebook with a reproducibility block and exports Markdown on request', () => {
    const r = runner(['--notebook-dir', FIXTURES, '--reports', reports, '01', '--param', 'n=5', '--markdown', '--no-input']);
    expect(r.status, r.stderr).to.equal(0);
    const executed = readNotebook(path.join(reports, '01-passes', '01-passes.ipynb'));
    const info = cellSource(executed.cells[0]);
    expect(executed.cells[0].metadata.tags).to.deep.equal(['run-info']);
    for (const part of ['| parameters | `{"smoke":false,"n":5}` |', '| status | ok |', '| project commit |', '| machine |', 'node 20']) {
      expect(info).to.contain(part);
    }
    const metrics = readJson(path.join(reports, '01-passes', 'metrics.json'));
    expect(metrics.os).to.be.a('string');
    expect(metrics.git).to.match(/^[0-9a-f]{12}(-dirty)?$/);
    const markdown = fs.readFileSync(path.join(reports, '01-passes', '01-passes.md'), 'utf8');
    expect(markdown).to.contain('n = 5').and.not.to.contain('console.log'); // outputs kept, code hidden
  });

  it('lists every notebook run in reports/index.html, failed ones included, linking to each report', () => {
    runner(['--notebook-dir', FIXTURES, '--reports', reports, '02']);
    const index = fs.readFileSync(path.join(reports, 'index.html'), 'utf8');
    expect(index).to.contain('<a href="01-passes/01-passes.html">01-passes</a>');
    expect(index).to.contain('<a href="02-throws/02-throws.html">02-throws</a>');
    expect(index).to.contain('<b class="bad">failed</b>');
    expect(index).to.contain('<code>n = 5</code>');
  });

  it('shows on the index page each run\'s mode, only the parameters that differ from that mode\'s defaults, and its results in rows', () => {
    expect(runner(['--notebook-dir', FIXTURES, '--reports', reports, '21', '--smoke']).status).to.equal(0);
    const index = fs.readFileSync(path.join(reports, 'index.html'), 'utf8');
    const row = (name: string) => index.split('<tr>').find((r) => r.includes(`>${name}</a>`))!;
    // 01 ran in full mode with n = 5; 21 in smoke mode, where steps = 2 is smoke's own default.
    expect(row('01-passes')).to.contain('<td>full</td>').and.to.contain('<code>n = 5</code>').and.not.to.contain('smoke =');
    expect(row('21-report-features')).to.contain('<td>smoke</td>').and.to.contain('defaults').and.not.to.contain('steps =');
    expect(readJson(path.join(reports, '21-report-features', 'metrics.json')).changedParams).to.deep.equal({});
    expect(readJson(path.join(reports, '01-passes', 'metrics.json')).changedParams).to.deep.equal({ n: 5 });
  });

  it('numbers the executed cells, and adds no injected-parameters cell when nothing was injected', () => {
    expect(runner(['--notebook-dir', FIXTURES, '--reports', reports, '21']).status).to.equal(0);
    const executed = readNotebook(path.join(reports, '21-report-features', '21-report-features.ipynb'));
    expect(findTaggedCell(executed, 'injected-parameters')).to.equal(-1);
    expect(executed.cells.filter((c) => c.cell_type === 'code').map((c) => c.execution_count)).to.deep.equal([1, 2, 3, 4]);
    const html = fs.readFileSync(path.join(reports, '21-report-features', '21-report-features.html'), 'utf8');
    // nbconvert 6 writes the prompt's space as &nbsp;, nbconvert 7 as the character itself.
    expect(html).to.match(/In(&nbsp;|\u00a0)\[3\]:/).and.not.to.match(/In(&nbsp;|\u00a0)\[(&nbsp;|\u00a0)?\]:/);
  });

  it('renders equations in the HTML report as SVG images and loads nothing from the internet', () => {
    // The report from the test above.
    const html = fs.readFileSync(path.join(reports, '21-report-features', '21-report-features.html'), 'utf8');
    // nbconvert 7 reorders the attributes.
    const equations = [...html.matchAll(/<img [^>]*class="math[^>]*>/g)].map(([img]) => [img, img.match(/ alt="([^"]*)"/)![1], img.match(/ src="data:image\/svg\+xml;base64,([^"]+)"/)![1]]);
    // The last is in a Markdown output written by showMarkdown from the run's values.
    expect(equations.map((m) => m[1])).to.deep.equal(['J(w) = \\frac{1}{m}\\sum_{i=1}^{m} (w x_i - y_i)^2', '\\frac{\\partial J}{\\partial w} = 0.', 'n^2 = 9']);
    for (const [, , svg] of equations) expect(Buffer.from(svg, 'base64').toString()).to.match(/^<svg[^>]*>.*<path /s);
    // An escaped dollar and code stay as written (nbconvert 6 writes the dollar as &#36;, nbconvert 7 as $).
    expect(html).to.match(/A price of (\$|&#36;)5 and the code <code>(\$|&#36;)x(\$|&#36;)<\/code>/);
    expect(html.match(/<script[^>]*\ssrc=/g), 'scripts loaded from files or URLs').to.equal(null);
    expect(html.match(/(src|href)="(https?:)?\/\/[^"]*"|url\((['"]?)(https?:)?\/\//g), 'URLs the page would fetch').to.equal(null);
    expect(html).not.to.contain('MathJax');
  });
});

describe('claims in a report', function () {
  this.timeout(5 * 60 * 1000);
  let reports: string;
  before(() => {
    reports = fs.mkdtempSync(path.join(os.tmpdir(), 'report-claims-'));
  });
  after(() => fs.rmSync(reports, { recursive: true, force: true }));

  it('lists each claim in metrics.json, held or not checked with why, and counts them on the index page', () => {
    expect(runner(['--notebook-dir', FIXTURES, '--reports', reports, '21']).status).to.equal(0);
    expect(readJson(path.join(reports, '21-report-features', 'metrics.json')).claims).to.deep.equal([
      { claim: 'n squared is n times n', status: 'holds', detail: '3² = 9' },
      { claim: 'n is below 10', status: 'holds', detail: 'n = 3' },
    ]);
    // Smoke mode breaks the second claim's premise (steps = 2): the run goes on and says why it did not check it.
    expect(runner(['--notebook-dir', FIXTURES, '--reports', reports, '21', '--smoke', '--param', 'n=12']).status).to.equal(0);
    const metrics = readJson(path.join(reports, '21-report-features', 'metrics.json'));
    expect(metrics.status).to.equal('ok');
    expect(metrics.claims[1]).to.deep.equal({ claim: 'n is below 10', status: 'not checked', detail: 'only 2 steps: too few to tell' });
    const index = fs.readFileSync(path.join(reports, 'index.html'), 'utf8');
    expect(index).to.contain('1 ✓<br><span title="n is below 10: only 2 steps: too few to tell">1 not checked</span>');
  });

  it('stops the run at a claim that does not hold, naming it', () => {
    const r = runner(['--notebook-dir', FIXTURES, '--reports', reports, '21', '--param', 'n=12']);
    expect(r.status).to.equal(1);
    expect(readJson(path.join(reports, '21-report-features', 'metrics.json')).error.message).to.contain("The lecture's claim does not hold: n is below 10. Seen: n = 12");
  });
});

describe('npm run notebooks --pdf', function () {
  this.timeout(5 * 60 * 1000);
  let reports: string;
  before(() => {
    reports = fs.mkdtempSync(path.join(os.tmpdir(), 'report-pdf-'));
  });
  after(() => fs.rmSync(reports, { recursive: true, force: true }));

  it('prints each report to a PDF holding the notebook\'s title and its outputs', () => {
    const r = runner(['--notebook-dir', FIXTURES, '--reports', reports, '21', '--param', 'n=4', '--pdf']);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    const { pages, text } = pdfText(fs.readFileSync(path.join(reports, '21-report-features', '21-report-features.pdf')));
    expect(pages).to.be.at.least(1);
    const words = text.replace(/\s+/g, '');
    expect(words).to.contain('Reportfixture:equationsandcounts').and.to.contain('nsquared=16').and.to.contain('Aprice');
    expect(fs.readdirSync(path.join(reports, '21-report-features')).filter((f) => f.includes('.tmp')), 'temporary files').to.deep.equal([]);
  });

  it('stops before running anything when Chromium is missing, saying what to install', () => {
    const r = runner(['--notebook-dir', FIXTURES, '--reports', path.join(reports, 'no-chromium'), '01', '--pdf'], { CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('--pdf prints with Chromium, and there is no Chromium at /nonexistent/chromium').and.to.contain('apt-get install chromium');
    expect(fs.existsSync(path.join(reports, 'no-chromium'))).to.equal(false);
  });
});

describe('the runner\'s cell time limit', () => {
  const options = (...argv: string[]) => parseOptions(argv) as RunOptions;

  it('has none by default in full mode, so long training cells on a slow machine finish', () => {
    expect(options('05').timeout).to.equal(null);
  });

  it('has a default in smoke mode, where every cell is short', () => {
    expect(options('05', '--smoke').timeout).to.equal(SMOKE_CELL_TIMEOUT);
  });

  it('takes --timeout in either mode, and rejects what is not a whole number of seconds', () => {
    expect(options('05', '--timeout', '3600').timeout).to.equal(3600);
    expect(options('--smoke', '--timeout', '60').timeout).to.equal(60);
    expect(() => options('--timeout', '1.5')).to.throw("--timeout '1.5' is not a whole number of seconds");
    expect(() => options('--timeout', '0')).to.throw('is not a whole number of seconds');
  });
});

describe('npm run notebooks when a notebook fails', function () {
  this.timeout(5 * 60 * 1000);
  let reports: string;
  const run = (name: string, ...extra: string[]) => runner(['--notebook-dir', FIXTURES, '--reports', reports, name, ...extra]);
  let child: ChildProcess | undefined;
  before(() => {
    reports = fs.mkdtempSync(path.join(os.tmpdir(), 'failures-'));
  });
  afterEach(() => stopProcessTree(child));
  after(() => fs.rmSync(reports, { recursive: true, force: true }));

  it('names the notebook, the cell and the error of a cell that throws, and marks the report', () => {
    expect(run('01').status).to.equal(0);
    const kept = fs.readFileSync(path.join(reports, '01-passes', 'metrics.json'), 'utf8');
    const r = run('02');
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('02-throws failed (failed) at cell 3 (`function explode(): never {`)');
    expect(r.stderr).to.contain('planted failure for the runner test');
    const metrics = readJson(path.join(reports, '02-throws', 'metrics.json'));
    expect(metrics.status).to.equal('failed');
    expect(metrics.error.cell).to.contain('cell 3');
    const executed = readNotebook(path.join(reports, '02-throws', '02-throws.ipynb'));
    expect(executed.cells[0].metadata.tags).to.deep.equal(['run-error-banner']);
    expect(cellSource(executed.cells[0])).to.contain('This run failed (failed) at cell 3');
    const printed = executed.cells.find((c) => cellSource(c).includes("console.log('before the error')"));
    expect(JSON.stringify(printed?.outputs)).to.contain('before the error');
    expect(fs.readFileSync(path.join(reports, '02-throws', '02-throws.html'), 'utf8')).to.contain('This run failed');
    expect(fs.readFileSync(path.join(reports, '01-passes', 'metrics.json'), 'utf8'), 'other reports are kept').to.equal(kept);
  });

  it('reports a type error with the compiler message', () => {
    const r = run('03');
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain("Type 'string' is not assignable to type 'number'");
  });

  it('stops a cell that exceeds --timeout', () => {
    const r = run('04', '--timeout', '3');
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('04-slow failed (timeout) at cell 1').and.to.contain('longer than 3 s');
  });

  it('reports a kernel that dies', () => {
    const r = run('05');
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('05-kernel-dies failed (dead-kernel) at cell 1');
  });

  it('leaves the other reports whole, and no half-written report, when a run is interrupted', async () => {
    const own = path.join(reports, 'interrupted'); // a folder of its own: other tests here ran 04 already
    expect(runner(['--notebook-dir', FIXTURES, '--reports', own, '01']).status).to.equal(0);
    const kept = fs.readFileSync(path.join(own, '01-passes', 'metrics.json'), 'utf8');
    // In a process group of its own, tagged: the teardown stops whatever an assertion failure leaves behind.
    const interrupted = (child = spawnStoppable(process.execPath, [path.join(ROOT, 'build', 'scripts', 'run-notebooks.js'), '--notebook-dir', FIXTURES, '--reports', own, '04'], { stdio: 'ignore' }));
    const exited = new Promise((r) => interrupted.once('exit', r));
    await new Promise((r) => setTimeout(r, 6000)); // the slow cell is running
    process.kill(-interrupted.pid!, 'SIGINT'); // Ctrl-C in the terminal: the whole process group
    await exited;
    await new Promise((r) => setTimeout(r, 2000));
    // The kernel runs in a session of its own (jupyter_client starts it so): the tag still finds it.
    expect(processesOf(interrupted).map((pid) => commandLine(pid)), 'processes left running (the kernel included)').to.deep.equal([]);
    expect(fs.readFileSync(path.join(own, '01-passes', 'metrics.json'), 'utf8')).to.equal(kept);
    const left = fs.existsSync(path.join(own, '04-slow')) ? fs.readdirSync(path.join(own, '04-slow')) : [];
    expect(left.filter((f) => !f.startsWith('.')), 'visible files of the interrupted run').to.deep.equal([]);
  });

  it('says what to install when no Python with Jupyter is found', () => {
    const r = runner(['--notebook-dir', FIXTURES, '--reports', reports, '01'], { DL_PYTHON: '/nonexistent/python3' });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('DL_PYTHON=/nonexistent/python3 cannot import nbclient').and.to.contain('pip install jupyterlab nbconvert nbclient');
  });

  it('says how to register the kernel when it is missing', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-kernel-'));
    const r = runner(['--notebook-dir', FIXTURES, '--reports', reports, '01'], { DL_KERNEL_PREFIX: empty });
    fs.rmSync(empty, { recursive: true, force: true });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('the tslab kernel is not registered').and.to.contain('npm run setup');
  });

  it('refuses --smoke for a notebook without a smoke parameter', () => {
    const r = run('03', '--smoke');
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain("has no cell tagged 'parameters'");
  });
});

describe('startOrder (--jobs)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'start-order-'));
    const last = (name: string, durationSeconds: number, smoke: boolean, status = 'ok') => {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, 'metrics.json'), JSON.stringify({ notebook: name, durationSeconds, smoke, status }));
    };
    last('a', 10, false);
    last('b', 800, false);
    last('c', 50, true); // last run in smoke mode: says nothing about a full run
    last('d', 120, false);
    last('e', 900, false, 'error'); // failed part-way: its time says nothing
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const runs = (smoke: boolean) => ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ name, params: { smoke } }) as unknown as PreparedRun);

  it('starts the notebooks without a usable last time first, then the longest, when several run at a time', () => {
    expect(startOrder(runs(false), 2, dir).map((r) => r.name)).to.deep.equal(['c', 'e', 'f', 'b', 'd', 'a']);
  });

  it("keeps the notebooks' own order one at a time, in a new array (the runner's workers empty it)", () => {
    const given = runs(false);
    const order = startOrder(given, 1, dir);
    expect(order.map((r) => r.name)).to.deep.equal(['a', 'b', 'c', 'd', 'e', 'f']);
    order.length = 0;
    expect(given).to.have.length(6);
  });

  it('reads only last times of the same mode', () => {
    expect(startOrder(runs(true), 3, dir).map((r) => r.name)).to.deep.equal(['a', 'b', 'd', 'e', 'f', 'c']);
  });
});
