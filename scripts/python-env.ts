/**
 * The project's own Python environment (.venv/): JupyterLab 4, nbconvert 7, nbclient and TensorBoard,
 * installed with pip from whatever index pip is configured with. A good environment is kept as it is.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { findPythonWith, noPythonWith, REQUIRED_MODULES, ROOT, TENSORBOARD_BIN, VENV_DIR, VENV_PYTHON } from './jupyter';

/** What pip installs into .venv/ (a project-local environment, so the versions are the project's). */
export const PIP_REQUIREMENTS = ['jupyterlab>=4,<5', 'nbconvert>=7,<8', 'nbclient', 'tensorboard'];

/** Installed versions of the packages in `PIP_REQUIREMENTS`, by name; undefined when missing. */
export type PythonEnvVersions = Record<'jupyterlab' | 'nbconvert' | 'nbclient' | 'tensorboard', string | undefined>;

/** The outcome of `ensurePythonEnv`: the environment's Python and versions, or why there is none. */
export type PythonEnvResult = { python: string; versions: PythonEnvVersions; kept: boolean } | { problem: string };

/** The versions installed in the environment of `python`, or undefined when it cannot run. */
export function pythonEnvVersions(python: string): PythonEnvVersions | undefined {
  const script = `import json, importlib.metadata as m
def v(p):
    try:
        return m.version(p)
    except m.PackageNotFoundError:
        return None
print(json.dumps({p: v(p) for p in ['jupyterlab', 'nbconvert', 'nbclient', 'tensorboard']}))`;
  const r = spawnSync(python, ['-c', script], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const parsed = JSON.parse(r.stdout) as Record<string, string | null>;
  return {
    jupyterlab: parsed.jupyterlab ?? undefined,
    nbconvert: parsed.nbconvert ?? undefined,
    nbclient: parsed.nbclient ?? undefined,
    tensorboard: parsed.tensorboard ?? undefined,
  };
}

/** "JupyterLab 4.6.4, nbconvert 7.17.1, nbclient 0.11.0, TensorBoard 2.21.0", for messages. */
export function describeVersions(v: PythonEnvVersions): string {
  const named: [string, string | undefined][] = [['JupyterLab', v.jupyterlab], ['nbconvert', v.nbconvert], ['nbclient', v.nbclient], ['TensorBoard', v.tensorboard]];
  return named.map(([name, version]) => `${name} ${version ?? 'missing'}`).join(', ');
}

/** True when the environment has what `PIP_REQUIREMENTS` asks for and its Python imports the runner's modules. */
function isGood(python: string, v: PythonEnvVersions | undefined): v is PythonEnvVersions {
  if (v === undefined || !v.jupyterlab?.startsWith('4.') || !v.nbconvert?.startsWith('7.') || !v.nbclient || !v.tensorboard) return false;
  if (!fs.existsSync(TENSORBOARD_BIN)) return false;
  return spawnSync(python, ['-c', `import jupyterlab, ${REQUIRED_MODULES.join(', ')}`], { stdio: 'ignore' }).status === 0;
}

/** The Pythons the environment may be made from: Debian's first, then python3 or python on PATH. */
const BASE_PYTHONS = ['/usr/bin/python3', 'python3', 'python'];
/** What making a virtual environment needs of its base Python. */
const VENV_MODULES = ['venv', 'ensurepip'];

/**
 * Makes sure .venv/ holds `PIP_REQUIREMENTS`: keeps a good environment untouched, else creates it
 * (when missing or unusable) and installs with pip. pip gets PIP_RETRIES=0 unless the user set it: where
 * pip's public index is unreachable, its default retries turn a 30 s install into 12 minutes.
 */
export function ensurePythonEnv(): PythonEnvResult {
  const existing = fs.existsSync(VENV_PYTHON) ? pythonEnvVersions(VENV_PYTHON) : undefined;
  if (isGood(VENV_PYTHON, existing)) return { python: VENV_PYTHON, versions: existing, kept: true };

  const rel = path.relative(ROOT, VENV_DIR);
  if (existing === undefined) {
    const base = findPythonWith(VENV_MODULES, BASE_PYTHONS);
    if (base === undefined) return { problem: `${noPythonWith(VENV_MODULES, BASE_PYTHONS)}, which makes .venv/ (Debian: apt-get install python3-venv)` };
    // --clear: a .venv whose Python no longer runs (moved, or its base Python removed) is made anew.
    console.log(`Creating the Python environment ${rel}/ with ${base}.`);
    const made = spawnSync(base, ['-m', 'venv', ...(fs.existsSync(VENV_DIR) ? ['--clear'] : []), VENV_DIR], { encoding: 'utf8' });
    if (made.status !== 0) return { problem: `${base} -m venv ${rel} failed: ${(made.stderr || made.stdout).trim().split('\n').pop()}` };
  }

  const log = path.join(VENV_DIR, 'pip-install.log');
  console.log(`Installing ${PIP_REQUIREMENTS.join(' ')} into ${rel}/ with pip (under a minute to a few minutes; pip's output goes to ${path.relative(ROOT, log)}).`);
  const fd = fs.openSync(log, 'w');
  const pip = spawnSync(VENV_PYTHON, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', ...PIP_REQUIREMENTS], {
    stdio: ['ignore', fd, fd],
    env: { ...process.env, PIP_RETRIES: process.env.PIP_RETRIES ?? '0' },
  });
  fs.closeSync(fd);
  const versions = pythonEnvVersions(VENV_PYTHON);
  if (pip.status !== 0 || !isGood(VENV_PYTHON, versions)) {
    const errors = fs.readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('ERROR')).slice(-3).join('\n  ');
    return { problem: `pip could not install ${PIP_REQUIREMENTS.join(' ')} (exit ${pip.status ?? pip.signal}${errors ? `:\n  ${errors}` : ''}; full output in ${path.relative(ROOT, log)})` };
  }
  return { python: VENV_PYTHON, versions, kept: false };
}
