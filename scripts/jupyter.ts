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

/** The project's own Python environment, made by `npm install` (`scripts/python-env.ts`). */
export const VENV_DIR = path.join(ROOT, '.venv');
const VENV_BIN = path.join(VENV_DIR, process.platform === 'win32' ? 'Scripts' : 'bin');
/** The Python of the project's environment (it may not exist: set-up could have fallen back to Debian's). */
export const VENV_PYTHON = path.join(VENV_BIN, process.platform === 'win32' ? 'python.exe' : 'python');
/** The `tensorboard` command the set-up installs in the project's environment. */
export const TENSORBOARD_BIN = path.join(VENV_BIN, 'tensorboard');

/** Python modules the runner needs. */
export const REQUIRED_MODULES = ['nbclient', 'nbconvert', 'jupyter_client', 'nbformat'];

/** What to do to get them, for error messages. */
const JUPYTER_INSTALL_HINT =
  '`npm run setup` installs JupyterLab, nbconvert and nbclient into .venv/ with pip (it needs python3 with its venv module, ' +
  'Debian: apt-get install python3-venv); where pip cannot, Debian/Ubuntu: sudo apt-get install jupyter-notebook ' +
  'python3-nbconvert python3-nbclient jupyter-client, then `npm run setup`; or pip install jupyterlab nbconvert nbclient ' +
  'in a Python of yours and point DL_PYTHON to it.';

function pythonHas(python: string, modules: string[]): boolean {
  const r = spawnSync(python, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' });
  return r.status === 0;
}

/**
 * The Pythons tried, in order: `$DL_PYTHON` alone when set, else the project's .venv, Debian's
 * /usr/bin/python3, then python3 and python on PATH (a pyenv or conda one often lacks Debian's packages,
 * hence the order).
 */
export function pythonCandidates(): string[] {
  return process.env.DL_PYTHON ? [process.env.DL_PYTHON] : [VENV_PYTHON, '/usr/bin/python3', 'python3', 'python'];
}

/**
 * Which Pythons were tried for `modules`, and that none could import them: "DL_PYTHON=... cannot import a, b"
 * when DL_PYTHON chose the one candidate, else "none of x, y can import a, b".
 */
export function noPythonWith(modules: string[], candidates: string[] = pythonCandidates()): string {
  const tried = process.env.DL_PYTHON && candidates.length === 1 && candidates[0] === process.env.DL_PYTHON ? `DL_PYTHON=${process.env.DL_PYTHON} cannot` : `none of ${candidates.join(', ')} can`;
  return `${tried} import ${modules.join(', ')}`;
}

/** The first of `candidates` (default `pythonCandidates()`) that can import `modules`. */
export function findPythonWith(modules: string[], candidates: string[] = pythonCandidates()): string | undefined {
  return candidates.find((p) => pythonHas(p, modules));
}

/** A Python that can import nbclient and nbconvert (see `findPythonWith`). */
export function findJupyterPython(): string | undefined {
  return findPythonWith(REQUIRED_MODULES);
}

/** Why no Python with Jupyter was found, naming what was tried and what to install. */
export function jupyterMissingMessage(): string {
  return `Jupyter was not found: ${noPythonWith(REQUIRED_MODULES)}.\n${JUPYTER_INSTALL_HINT}`;
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
