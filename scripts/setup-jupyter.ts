/**
 * Run after `npm install` (and by `npm run setup`): sets up what the notebooks and the tests need beyond
 * npm, and registers the tslab kernel. JupyterLab 4, nbconvert 7, nbclient and TensorBoard go into the
 * project's own Python environment (.venv/) with pip; where pip cannot provide them, Debian's Jupyter
 * packages are the fallback. On Debian as root, apt-get installs what is missing (the tests' Chromium,
 * fonts and Vulkan loader, Python's venv module); elsewhere the set-up says what to install.
 * Safe to re-run: a good .venv is kept. DL_SKIP_JUPYTER=1 skips it all (library use without notebooks).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { findJupyterPython, hasJupyterLab, jupyterMissingMessage, KERNEL_NAME, KERNEL_PREFIX, kernelSpecFile, ROOT, TSLAB_BIN, VENV_DIR } from './jupyter';
import { MALLOC_TUNABLES } from './malloc-tunables';
import { describeVersions, ensurePythonEnv } from './python-env';
import { aptInstall, canApt, debianInstalled, TEST_PACKAGES } from './system-packages';

/** Debian's Jupyter: the classic Notebook 6.4, nbconvert 6.5, nbclient 0.7 (no JupyterLab, no TensorBoard). */
const APT_JUPYTER = ['jupyter-notebook', 'jupyter-client', 'jupyter-nbconvert', 'python3-nbconvert', 'python3-nbclient'];

function run(command: string, args: string[]): void {
  console.log(`$ ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/** Installs the tests' system packages (and python3-venv) with apt-get where possible; else says what is missing. */
function setUpSystemPackages(apt: boolean): void {
  if (apt) {
    const missing = [...TEST_PACKAGES.map((p) => p.debian), 'python3-venv'].filter((name) => !debianInstalled(name));
    if (missing.length === 0) return;
    console.log(`Installing Debian packages for the set-up and the tests: ${missing.join(' ')}.`);
    try {
      aptInstall(missing);
    } catch (e) {
      // Not fatal: the notebooks may still run; the tests that need these say so when they fail.
      console.log(`warning: ${(e as Error).message}; the tests that need ${missing.join(', ')} will fail until they are installed.`);
    }
    return;
  }
  const missing = TEST_PACKAGES.filter((p) => !p.present());
  if (missing.length === 0) return;
  console.log('\nThe tests need these, which this machine lacks (the set-up installs them only on Debian/Ubuntu as root):');
  for (const p of missing) console.log(`  - ${p.debian}: ${p.purpose}`);
  console.log(`Debian/Ubuntu: sudo apt-get install ${missing.map((p) => p.debian).join(' ')} (a Chromium elsewhere: set CHROMIUM_PATH).\n`);
}

/** The Python to register the kernel with, installing Jupyter as needed, and a line saying what is used. */
function setUpJupyter(apt: boolean): { python: string; what: string } {
  if (process.env.DL_PYTHON) {
    const python = findJupyterPython();
    if (python === undefined) throw new Error(jupyterMissingMessage());
    return { python, what: `DL_PYTHON=${python}${hasJupyterLab(python) ? ' with JupyterLab' : ', without JupyterLab'}` };
  }
  const env = ensurePythonEnv();
  const venv = path.relative(ROOT, VENV_DIR);
  if ('python' in env) {
    return { python: env.python, what: `${describeVersions(env.versions)} ${env.kept ? `in ${venv}/ (kept as it was)` : `installed with pip into ${venv}/`}` };
  }
  console.log(`${env.problem}\nFalling back to Debian's Jupyter packages.`);
  let python = findJupyterPython();
  if (python === undefined && apt) {
    aptInstall(APT_JUPYTER);
    python = findJupyterPython();
  }
  if (python === undefined) throw new Error(jupyterMissingMessage());
  return {
    python,
    what: `${python}'s Jupyter${hasJupyterLab(python) ? ' (JupyterLab)' : " (Debian's classic Notebook: no JupyterLab, no TensorBoard)"}, because pip could not install into ${venv}/`,
  };
}

/** The tslab kernel spec that `python`'s Jupyter finds outside the project registry, if any. */
function userKernelSpecFile(python: string): string | undefined {
  const r = spawnSync(python, ['-m', 'jupyter', 'kernelspec', 'list', '--json'], { encoding: 'utf8', env: { ...process.env, JUPYTER_PATH: '' } });
  try {
    const dir = (JSON.parse(r.stdout) as { kernelspecs: Record<string, { resource_dir: string }> }).kernelspecs[KERNEL_NAME]?.resource_dir;
    return dir === undefined ? undefined : path.join(dir, 'kernel.json');
  } catch {
    return undefined;
  }
}

/** Adds `env` to the environment a kernel spec gives its kernels (tslab install writes none). */
function addKernelEnv(specFile: string, env: Record<string, string>): void {
  const spec = JSON.parse(fs.readFileSync(specFile, 'utf8')) as { env?: Record<string, string> };
  spec.env = { ...spec.env, ...env };
  fs.writeFileSync(specFile, JSON.stringify(spec, null, 1));
}

function main(): void {
  if (process.env.DL_SKIP_JUPYTER === '1') {
    console.log('DL_SKIP_JUPYTER=1: not setting up Jupyter or the test browser; notebooks cannot run until `npm run setup`.');
    return;
  }
  const apt = canApt();
  let jupyter: { python: string; what: string };
  try {
    setUpSystemPackages(apt);
    jupyter = setUpJupyter(apt);
  } catch (e) {
    console.error(`\nerror: ${(e as Error).message}\nTo install the library without notebooks: DL_SKIP_JUPYTER=1 npm install`);
    process.exit(1);
  }
  const { python } = jupyter;
  // The project registry, used by `npm run notebooks` and `npm start` whatever else is registered.
  run(TSLAB_BIN, ['install', `--python=${python}`, `--binary=${TSLAB_BIN}`, `--prefix=${KERNEL_PREFIX}`]);
  // The user's Jupyter (system-wide as root), so a JupyterLab started any other way finds the kernel.
  run(TSLAB_BIN, ['install', `--python=${python}`, `--binary=${TSLAB_BIN}`]);
  for (const spec of [kernelSpecFile(), userKernelSpecFile(python)]) if (spec !== undefined) addKernelEnv(spec, { GLIBC_TUNABLES: MALLOC_TUNABLES });
  console.log(`Jupyter: ${jupyter.what}.`);
  console.log(`tslab kernel registered with Jupyter (${python}).`);
}

main();
