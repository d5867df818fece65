/**
 * Run after `npm install` (and by `npm run setup`): makes sure Jupyter is there and registers the
 * tslab kernel, in the project's own registry and in the user's (or, as root, the system's) Jupyter.
 * On Debian as root it installs the missing Jupyter packages with apt-get; elsewhere it says what to
 * install. DL_SKIP_JUPYTER=1 skips it all (library use without notebooks).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { findJupyterPython, jupyterMissingMessage, KERNEL_PREFIX, TSLAB_BIN } from './jupyter';

const APT_PACKAGES = ['jupyter-notebook', 'jupyter-client', 'jupyter-nbconvert', 'python3-nbconvert', 'python3-nbclient'];

function run(command: string, args: string[]): void {
  console.log(`$ ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function canApt(): boolean {
  return fs.existsSync('/etc/debian_version') && process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0;
}

function main(): void {
  if (process.env.DL_SKIP_JUPYTER === '1') {
    console.log('DL_SKIP_JUPYTER=1: not setting up Jupyter; notebooks cannot run until `npm run setup`.');
    return;
  }
  let python = findJupyterPython();
  if (python === undefined && canApt()) {
    console.log('Jupyter (nbclient, nbconvert) is missing: installing Debian packages.');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...APT_PACKAGES]);
    python = findJupyterPython();
  }
  if (python === undefined) {
    console.error(`\n${jupyterMissingMessage()}\nTo install the library without notebooks: DL_SKIP_JUPYTER=1 npm install`);
    process.exit(1);
  }
  // The project registry, used by `npm run notebooks` and `npm start` whatever else is registered.
  run(TSLAB_BIN, ['install', `--python=${python}`, `--binary=${TSLAB_BIN}`, `--prefix=${KERNEL_PREFIX}`]);
  // The user's Jupyter (system-wide as root), so a JupyterLab started any other way finds the kernel.
  run(TSLAB_BIN, ['install', `--python=${python}`, `--binary=${TSLAB_BIN}`]);
  console.log(`tslab kernel registered with Jupyter (${python}).`);
}

main();
