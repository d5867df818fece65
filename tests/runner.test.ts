/**
 * The runner end to end, through the real tslab kernel and nbclient: the project's notebooks in smoke
 * mode, parameters from the command line, and each way a run can fail.
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../scripts/jupyter';
import { cellSource, findTaggedCell, readNotebook } from '../scripts/notebook-file';
import { nativeMissing } from './helpers';

const NOTEBOOKS = path.join(ROOT, 'notebooks');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'notebooks');

function runner(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [path.join(ROOT, 'build', 'scripts', 'run-notebooks.js'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

/** Process ids of tslab kernels whose parent is gone (adopted by init): kernels nobody will stop. */
function orphanKernels(): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,ppid,args'], { encoding: 'utf8' }).stdout;
  return ps
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([, ppid, ...args]) => ppid === '1' && args.join(' ').includes('tslab kernel'))
    .map(([pid]) => pid);
}

function readJson(file: string) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

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
});

describe('npm run notebooks', function () {
  this.timeout(30 * 60 * 1000);
  let reports: string;
  before(() => {
    reports = fs.mkdtempSync(path.join(os.tmpdir(), 'reports-'));
  });
  after(() => fs.rmSync(reports, { recursive: true, force: true }));

  /** Runs every notebook in smoke mode on `backend` into `dir`; expects each to pass and record results. */
  function expectEveryNotebookPasses(backend: 'wasm' | 'tensorflow', dir: string): void {
    const before = hashDir(NOTEBOOKS);
    const r = runner(['--smoke', '--backend', backend, '--reports', dir]);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(hashDir(NOTEBOOKS)).to.equal(before);
    for (const f of fs.readdirSync(NOTEBOOKS).filter((x) => x.endsWith('.ipynb'))) {
      const name = f.replace(/\.ipynb$/, '');
      const metrics = readJson(path.join(dir, name, 'metrics.json'));
      expect(metrics.status, `${name}: ${JSON.stringify(metrics.error)}`).to.equal('ok');
      expect(metrics.smoke, name).to.equal(true);
      expect(metrics.params.smoke, name).to.equal(true);
      expect(metrics.backend, name).to.equal(backend);
      expect(Object.keys(metrics.metrics), `${name} recorded nothing`).to.not.be.empty;
      expect(metrics.versions).to.include.keys('node', 'tslab', 'tfjs', ...(backend === 'tensorflow' ? ['tensorflow'] : []));
      expect(fs.existsSync(path.join(dir, name, `${name}.ipynb`)), 'executed notebook').to.equal(true);
      expect(fs.readFileSync(path.join(dir, name, `${name}.html`), 'utf8')).to.contain('<svg');
    }
  }

  it('runs every notebook in smoke mode on wasm, recording results, and leaves the sources untouched', () => {
    expectEveryNotebookPasses('wasm', reports);
  });

  it('runs every notebook in smoke mode on native TensorFlow (--backend tensorflow), every claim holding', () => {
    const missing = nativeMissing();
    if (missing !== undefined) throw new Error(missing);
    expectEveryNotebookPasses('tensorflow', path.join(reports, 'tensorflow'));
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
    expect(index).to.contain('<b style="color:#c00">failed</b>');
    expect(index).to.contain('<code>{"smoke":false,"n":5}</code>');
  });
});

describe('npm run notebooks when a notebook fails', function () {
  this.timeout(5 * 60 * 1000);
  let reports: string;
  const run = (name: string, ...extra: string[]) => runner(['--notebook-dir', FIXTURES, '--reports', reports, name, ...extra]);
  before(() => {
    reports = fs.mkdtempSync(path.join(os.tmpdir(), 'failures-'));
  });
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
    const orphansBefore = orphanKernels();
    const child = spawn(process.execPath, [path.join(ROOT, 'build', 'scripts', 'run-notebooks.js'), '--notebook-dir', FIXTURES, '--reports', own, '04'], { detached: true, stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 6000)); // the slow cell is running
    process.kill(-child.pid!, 'SIGINT'); // Ctrl-C in the terminal: the whole process group
    await new Promise((r) => child.on('exit', r));
    await new Promise((r) => setTimeout(r, 2000));
    expect(orphanKernels().filter((pid) => !orphansBefore.includes(pid)), 'kernels left running').to.deep.equal([]);
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
