/**
 * `npm run setup` (run by `npm install`) on a machine it already set up: it keeps the project's Python
 * environment and registers the kernel again; DL_SKIP_JUPYTER=1 does nothing.
 */
import { expect } from 'chai';
import { MALLOC_TUNABLES, withMallocTunables } from '../../scripts/malloc-tunables';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, TSLAB_BIN, VENV_DIR, VENV_PYTHON } from '../../scripts/jupyter';

function setup(env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [path.join(ROOT, 'build', 'scripts', 'setup-jupyter.js')], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300000 });
}

describe('npm run setup', function () {
  this.timeout(300000);
  let prefix: string;
  beforeEach(() => (prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-kernels-'))));
  afterEach(() => fs.rmSync(prefix, { recursive: true, force: true }));

  it('keeps a good .venv as it is (pip does not run) and registers the tslab kernel with its Python', () => {
    const pipLog = path.join(VENV_DIR, 'pip-install.log');
    const logBefore = fs.existsSync(pipLog) ? fs.statSync(pipLog).mtimeMs : undefined;
    const r = setup({ DL_KERNEL_PREFIX: prefix });
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^Jupyter: JupyterLab 4\.\S+, nbconvert 7\.\S+, nbclient \S+, TensorBoard \S+ in \.venv\/ \(kept as it was\)\.$/m);
    expect(r.stdout).to.contain(`tslab kernel registered with Jupyter (${VENV_PYTHON}).`);
    expect(fs.existsSync(pipLog) ? fs.statSync(pipLog).mtimeMs : undefined, 'pip did not run').to.equal(logBefore);
    const spec = JSON.parse(fs.readFileSync(path.join(prefix, 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json'), 'utf8'));
    expect(spec.argv[0]).to.equal(TSLAB_BIN);
    expect(spec.language).to.equal('typescript');
    expect(spec.env, 'kernels start with the malloc settings that keep training at its best speed').to.deep.equal({ GLIBC_TUNABLES: MALLOC_TUNABLES });
  });

  it('does nothing with DL_SKIP_JUPYTER=1, and says how to set up later', () => {
    const r = setup({ DL_KERNEL_PREFIX: prefix, DL_SKIP_JUPYTER: '1' });
    expect(r.status).to.equal(0);
    expect(r.stdout).to.contain('DL_SKIP_JUPYTER=1: not setting up').and.to.contain('npm run setup');
    expect(fs.readdirSync(prefix), 'nothing registered').to.deep.equal([]);
  });
});

describe('withMallocTunables', () => {
  it("adds glibc's malloc settings after a user's own GLIBC_TUNABLES, once", () => {
    expect(withMallocTunables({ PATH: '/bin' })).to.deep.equal({ PATH: '/bin', GLIBC_TUNABLES: MALLOC_TUNABLES });
    const mine = withMallocTunables({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' });
    expect(mine.GLIBC_TUNABLES).to.equal(`glibc.malloc.arena_max=2:${MALLOC_TUNABLES}`);
    expect(withMallocTunables(mine).GLIBC_TUNABLES).to.equal(mine.GLIBC_TUNABLES);
    expect(MALLOC_TUNABLES).to.match(/^glibc\.malloc\.mmap_threshold=\d+:glibc\.malloc\.trim_threshold=\d+$/);
  });
});
