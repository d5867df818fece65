/**
 * Re-running is safe: every notebook, in smoke mode, through the real tslab kernel, has its cells run
 * twice in one kernel. The second pass re-runs every cell but the set-up cell that seeds (the first to
 * call setSeed), so each cell meets the random state the first pass left behind, as when someone re-runs
 * one cell, or all cells after changing a value, without restarting. It must run without errors and record
 * the same results: equal on the CPU backends (wasm, cpu), within 1e-6 relative elsewhere.
 * It runs on native TensorFlow (`npm run native-tf`), so its first pass is also the suite's run of every notebook
 * on that backend, claims included (tests/scripts/run-notebooks.test.ts runs them all on wasm).
 */
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findJupyterPython, jupyterEnv, KERNEL_NAME, ROOT } from '../scripts/jupyter';
import { cellSource, readNotebook } from '../scripts/notebook-file';
import { collectResults, NotebookResults } from '../scripts/results';
import { parseOptions, prepare, RunOptions } from '../scripts/run-notebooks';
import { nativeMissing } from './helpers';
import { listNotebooks } from '../scripts/select-notebooks';

const NOTEBOOKS = path.join(ROOT, 'notebooks');

interface PassOutcome {
  status: string;
  cell: number | null;
  error: string;
}

/** The results both passes recorded that differ, as "name: first vs second" lines. */
function differences(first: NotebookResults, second: NotebookResults, exact: boolean): string[] {
  const names = [...new Set([...Object.keys(first.metrics), ...Object.keys(second.metrics)])];
  return names.flatMap((k) => {
    const [a, b] = [first.metrics[k], second.metrics[k]];
    const close = typeof a === 'number' && typeof b === 'number' && !exact ? Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a)) : a === b;
    return close ? [] : [`${k}: ${a} vs ${b}`];
  });
}

describe('re-running every notebook in the same kernel (smoke mode, native TensorFlow)', function () {
  this.timeout(20 * 60 * 1000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rerun-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const file of listNotebooks(NOTEBOOKS)) {
    const name = file.replace(/\.ipynb$/, '');
    it(`${name}: re-running its cells in the same kernel, without re-seeding, records the same results`, () => {
      const missing = nativeMissing();
      if (missing !== undefined) throw new Error(missing);
      const python = findJupyterPython();
      expect(python, 'a Python with nbclient (npm run setup)').to.be.a('string');
      const run = prepare(path.join(NOTEBOOKS, file), parseOptions(['--smoke']) as RunOptions);
      const seeding = run.notebook.cells.findIndex((c) => c.cell_type === 'code' && /\bsetSeed\(/.test(cellSource(c)));
      expect(seeding, 'a set-up cell calling setSeed').to.be.at.least(0);
      const [staged, first, second] = ['input', 'first', 'second'].map((k) => path.join(dir, `${name}.${k}.ipynb`));
      fs.writeFileSync(staged, JSON.stringify(run.notebook));
      // spawnSync's timeout sends SIGTERM, on which the executor stops its kernel: nothing is left running.
      const r = spawnSync(
        python!,
        [path.join(ROOT, 'scripts', 'execute_notebook.py'), staged, '--output', first, '--second-output', second, '--second-skip', String(seeding),
          '--cwd', NOTEBOOKS, '--kernel', KERNEL_NAME, '--timeout', '600'],
        { env: jupyterEnv({ DL_BACKEND: 'tensorflow' }), encoding: 'utf8', timeout: 15 * 60 * 1000, maxBuffer: 64 * 1024 * 1024 },
      );
      expect(r.status, r.stderr).to.equal(0);
      const outcome = JSON.parse(r.stdout.trim().split('\n').pop()!) as PassOutcome & { second: PassOutcome | null };
      expect(outcome.status, `first pass, cell ${outcome.cell}: ${outcome.error}`).to.equal('ok');
      expect(outcome.second?.status, `second pass, cell ${outcome.second?.cell}: ${outcome.second?.error}`).to.equal('ok');
      const [a, b] = [first, second].map((f) => collectResults(readNotebook(f)));
      expect(a.facts.backend, 'backend').to.equal('tensorflow');
      expect(Object.keys(a.metrics), 'recorded results').to.not.be.empty;
      const exact = a.facts.backend === 'wasm' || a.facts.backend === 'cpu';
      expect(differences(a, b, exact), `results of the second pass (backend ${a.facts.backend})`).to.deep.equal([]);
      const outcomes = (r: NotebookResults) => r.claims.map((c) => `${c.status}: ${c.claim}`);
      expect(outcomes(b), 'claims of the second pass').to.deep.equal(outcomes(a));
    });
  }
});
