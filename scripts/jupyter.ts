/**
 * Finding Jupyter and the project's tslab kernel: shared by set-up, the runner and `npm start`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The repository's top folder. */
export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The project's own kernel registry (`<prefix>/share/jupyter/kernels/tslab`), put first on JUPYTER_PATH;
 * DL_KERNEL_PREFIX moves it.
 */
export const KERNEL_PREFIX = process.env.DL_KERNEL_PREFIX ?? path.join(ROOT, 'build', 'jupyter');
export const KERNEL_NAME = 'tslab';
export const TSLAB_BIN = path.join(ROOT, 'node_modules', '.bin', 'tslab');

/** Python modules the runner needs. */
export const REQUIRED_MODULES = ['nbclient', 'nbconvert', 'jupyter_client', 'nbformat'];

/** What to install to get them, for error messages. */
const JUPYTER_INSTALL_HINT =
  'Debian/Ubuntu: sudo apt-get install jupyter-notebook python3-nbconvert python3-nbclient jupyter-client; ' +
  'elsewhere: pip install jupyterlab nbconvert nbclient. Then run `npm run setup`.';

function pythonHas(python: string, modules: string[]): boolean {
  const r = spawnSync(python, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' });
  return r.status === 0;
}

/**
 * A Python that can import `modules`: `$DL_PYTHON`, else Debian's /usr/bin/python3, else the first
 * python3 on PATH (a pyenv or conda one often lacks Debian's packages, hence the order).
 */
export function findPythonWith(modules: string[]): string | undefined {
  const candidates = process.env.DL_PYTHON ? [process.env.DL_PYTHON] : ['/usr/bin/python3', 'python3', 'python'];
  return candidates.find((p) => pythonHas(p, modules));
}

/** A Python that can import nbclient and nbconvert (see `findPythonWith`). */
export function findJupyterPython(): string | undefined {
  return findPythonWith(REQUIRED_MODULES);
}

/** Why no Python with Jupyter was found, naming what was tried and what to install. */
export function jupyterMissingMessage(): string {
  const tried = process.env.DL_PYTHON
    ? `DL_PYTHON=${process.env.DL_PYTHON} cannot import ${REQUIRED_MODULES.join(', ')}`
    : `none of /usr/bin/python3, python3, python can import ${REQUIRED_MODULES.join(', ')}`;
  return `Jupyter was not found: ${tried}.\n${JUPYTER_INSTALL_HINT}`;
}

/** True when `python` has JupyterLab (else `npm start` opens the classic Notebook). */
export function hasJupyterLab(python: string): boolean {
  return pythonHas(python, ['jupyterlab']);
}

/** The kernel spec file in the project registry. */
export function kernelSpecFile(): string {
  return path.join(KERNEL_PREFIX, 'share', 'jupyter', 'kernels', KERNEL_NAME, 'kernel.json');
}

/** Why the project kernel cannot start, or undefined when its spec and binary are in place. */
export function kernelProblem(): string | undefined {
  const spec = kernelSpecFile();
  if (!fs.existsSync(spec)) return `the tslab kernel is not registered (${spec} is missing): run \`npm run setup\``;
  const argv0 = JSON.parse(fs.readFileSync(spec, 'utf8')).argv?.[0];
  if (!argv0 || !fs.existsSync(argv0)) return `the tslab kernel points to ${argv0}, which is missing: run \`npm install\``;
  return undefined;
}

/** Environment for Jupyter processes: the project registry first, and node_modules/.bin on PATH. */
export function jupyterEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const jupyterPath = [path.join(KERNEL_PREFIX, 'share', 'jupyter'), process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
  const binPath = [path.join(ROOT, 'node_modules', '.bin'), process.env.PATH].filter(Boolean).join(path.delimiter);
  return { ...process.env, JUPYTER_PATH: jupyterPath, PATH: binPath, ...extra };
}
