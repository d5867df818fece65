/**
 * `npm run doctor`: what this machine runs the notebooks with (Node, TensorFlow.js, tslab, Jupyter,
 * kernels, TensorBoard, the tests' browser, the backend that would be chosen and why, GPU devices, WebGPU
 * adapters, data sets), and a fix for each problem found. Exits 1 when there is a problem.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { listWebGpuAdapters } from 'dl-lectures-lib';
import {
  adapterLabel, assertFreshBuild, BackendInfo, chooseBackend, DataFileError, findNativeBindings, IDX_DATASETS, locateIdxFolder, packageDirVersion,
  packageVersion, readNativeManifest,
} from 'dl-lectures-lib/runner';
import { findJupyterPython, jupyterEnv, jupyterMissingMessage, kernelProblem, ROOT, TENSORBOARD_BIN, VENV_PYTHON } from './jupyter';
import { pythonEnvVersions } from './python-env';
import { chromiumPath } from './chromium';
import { TEST_PACKAGES } from './system-packages';

interface Finding {
  label: string;
  value: string;
  /** What to do, when this is a problem. */
  fix?: string;
}

const findings: Finding[] = [];
const report = (label: string, value: string, fix?: string) => findings.push({ label, value, fix });

/** Every installed copy of a package under node_modules, as "version (path)". */
function installedCopies(pkg: string): string[] {
  const copies: string[] = [];
  const walk = (dir: string, depth: number) => {
    const candidate = path.join(dir, pkg, 'package.json');
    if (fs.existsSync(candidate)) copies.push(`${packageDirVersion(path.dirname(candidate))} (${path.relative(ROOT, path.dirname(candidate))})`);
    if (depth > 6 || !fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const sub = path.join(dir, entry.name);
      if (entry.name.startsWith('@')) for (const s of fs.readdirSync(sub)) walk(path.join(sub, s, 'node_modules'), depth + 1);
      else walk(path.join(sub, 'node_modules'), depth + 1);
    }
  };
  walk(path.join(ROOT, 'node_modules'), 0);
  return copies;
}

function checkNode(): void {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const ok = major > 20 || (major === 20 && minor >= 19);
  report('Node', process.versions.node, ok ? undefined : 'install Node 20.19 or newer (it can require() ES modules, which chai 6 needs)');
}

function checkPackages(): void {
  const tslab = packageVersion('tslab', ROOT);
  report('tslab', tslab ?? 'missing', tslab ? undefined : 'run `npm install`');
  const cores = installedCopies('@tensorflow/tfjs-core');
  report('tfjs-core copies', cores.join(', ') || 'none', cores.length === 1 ? undefined : 'exactly one copy is needed: run `npm ci` (package.json overrides keep danfojs-node from adding its own)');
}

function checkJupyter(): void {
  const python = findJupyterPython();
  if (python === undefined) {
    report('Jupyter', 'not found', jupyterMissingMessage());
    return;
  }
  const versions = spawnSync(python, ['-c', 'import nbclient, nbconvert, jupyter_client; print(nbclient.__version__, nbconvert.__version__, jupyter_client.__version__)'], { encoding: 'utf8' });
  const [nbclient, nbconvert, client] = versions.stdout.trim().split(' ');
  const lab = pythonEnvVersions(python)?.jupyterlab;
  report('Jupyter', `${python}: ${lab ? `JupyterLab ${lab}` : 'no JupyterLab'}, nbclient ${nbclient}, nbconvert ${nbconvert}, jupyter_client ${client}`,
    lab ? undefined : 'run `npm run setup` where pip can install JupyterLab (`npm start` opens the classic Notebook without it)');
  const tensorboard = fs.existsSync(TENSORBOARD_BIN) ? pythonEnvVersions(VENV_PYTHON)?.tensorboard : undefined;
  report('TensorBoard', tensorboard ? `${tensorboard} (${path.relative(ROOT, TENSORBOARD_BIN)})` : 'missing', tensorboard ? undefined : 'run `npm run setup` where pip can install it into .venv/');
  const kernels = spawnSync(python, ['-m', 'jupyter_client.kernelspecapp', 'list', '--json'], { encoding: 'utf8', env: { ...process.env, JUPYTER_PATH: jupyterEnv().JUPYTER_PATH } });
  let names = 'unknown';
  try {
    names = Object.keys(JSON.parse(kernels.stdout).kernelspecs).join(', ');
  } catch {
    names = `could not list (${kernels.stderr.trim().split('\n').pop()})`;
  }
  report('Jupyter kernels', names);
  const problem = kernelProblem();
  report('tslab kernel (project)', problem ?? 'registered', problem ? 'run `npm run setup`' : undefined);
}

function checkSystemPackages(): void {
  const missing = TEST_PACKAGES.filter((p) => !p.present());
  report('test browser, fonts, Vulkan', missing.length === 0 ? `present (Chromium: ${chromiumPath()})` : `missing: ${missing.map((p) => p.debian).join(', ')}`,
    missing.length === 0 ? undefined : `install ${missing.map((p) => `${p.debian} (${p.purpose})`).join('; ')}: Debian/Ubuntu: sudo apt-get install ${missing.map((p) => p.debian).join(' ')}`);
}

/** Which native TensorFlow binding is present and what it runs, from what `chooseBackend` loaded. */
function reportNative(info: BackendInfo): void {
  const present = findNativeBindings().bindings.map((b) => b.from);
  if (info.native === undefined) {
    if (present.length === 0) report('native TensorFlow', 'none (optional: `npm run native-tf` builds it; see environment.md, "Native TensorFlow")');
    else report('native TensorFlow', `present but it did not load: ${present.join('; ')}`, 'see the backend line for why; `npm run native-tf` rebuilds the one in native/');
    return;
  }
  report('native TensorFlow', `TensorFlow ${info.native.tensorflow} on ${info.gpu ? 'GPU' : 'CPU'} (${info.provider})`);
  const cudaBuild = info.native.binding === 'tfjs-node-gpu' || (info.native.binding === 'native-tf' && readNativeManifest()?.cudaBuild === true);
  const gpuSeen = spawnSync('nvidia-smi', ['-L'], { stdio: 'ignore' }).status === 0;
  if (cudaBuild && gpuSeen && !info.gpu) {
    const fix = info.native.binding === 'tfjs-node-gpu'
      ? 'install the CUDA 11.2 and cuDNN 8.1 libraries and put them on LD_LIBRARY_PATH (environment.md, "Native TensorFlow")'
      : "make CUDA 12 and cuDNN 9 findable: pip install 'tensorflow[and-cuda]' and `npm run native-tf -- --python PATH`, or LD_LIBRARY_PATH (environment.md, \"Native TensorFlow\")";
    report('GPU', `${info.native.binding} is a CUDA build but runs on the CPU`, fix);
  }
}

async function checkBackend(): Promise<void> {
  try {
    assertFreshBuild(path.join(ROOT, 'lib', 'dist'));
    report('library build', 'up to date');
  } catch (e) {
    report('library build', (e as Error).message, 'run `npm run build`');
    return;
  }
  try {
    const info = await chooseBackend();
    report('backend', `${info.backend} on ${info.gpu ? 'GPU' : 'CPU'} (${info.provider}): ${info.reason}`);
    reportNative(info);
  } catch (e) {
    report('backend', (e as Error).message, 'see environment.md, "How the backend is chosen"');
  }
  const smi = spawnSync('nvidia-smi', ['-L'], { encoding: 'utf8' });
  report('GPU devices', smi.status === 0 ? smi.stdout.trim() : 'none found (nvidia-smi is not available)');
}

/** The WebGPU adapters Dawn offers (hardware or software), or what the system lacks for one and the fix. */
async function checkWebGpu(): Promise<void> {
  const adapters = await listWebGpuAdapters();
  if (!Array.isArray(adapters)) {
    // Not a problem: the notebooks run without a GPU; this says what one would need.
    report('WebGPU adapters', `none: ${adapters.error}. For a GPU: ${adapters.fix}`);
    return;
  }
  adapters.forEach((a, i) => {
    const kind = a.software ? 'software, not a GPU: used only when asked for by name' : 'hardware';
    report(i === 0 ? 'WebGPU adapters' : '', `${adapterLabel(a)} (${kind})`);
  });
}

function checkDatasets(): void {
  for (const spec of IDX_DATASETS) {
    try {
      const folder = locateIdxFolder(spec);
      report(`data: ${spec.title}`, folder ? `official files in ${path.relative(ROOT, folder.dir)}` : spec.fallback);
    } catch (e) {
      if (e instanceof DataFileError) report(`data: ${spec.title}`, e.problem, e.fix);
      else report(`data: ${spec.title}`, (e as Error).message, 'see datasets/README.md');
    }
  }
  let weather = 'npm vega-datasets (seattle-weather.csv)';
  try {
    require.resolve('vega-datasets/data/seattle-weather.csv');
  } catch {
    weather = 'missing';
  }
  report('data: Seattle weather', weather, weather === 'missing' ? 'run `npm install`' : undefined);
}

async function main(): Promise<void> {
  checkNode();
  checkPackages();
  checkJupyter();
  checkSystemPackages();
  await checkBackend();
  await checkWebGpu();
  checkDatasets();
  const width = Math.max(...findings.map((f) => f.label.length));
  for (const f of findings) console.log(`${f.fix ? '✗' : ' '} ${f.label.padEnd(width)}  ${f.value}`);
  const problems = findings.filter((f) => f.fix);
  if (problems.length === 0) {
    console.log('\nNo problems found.');
    return;
  }
  console.log(`\n${problems.length} problem(s):`);
  for (const p of problems) console.log(`- ${p.label}: ${p.fix}`);
  process.exitCode = 1;
}

void main();
