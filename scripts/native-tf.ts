/**
 * `npm run native-tf [-- --tensorflow SPEC] [--python PATH] [--force]`: builds @tensorflow/tfjs-node's
 * addon offline against the TensorFlow C libraries of a pip TensorFlow (by default the
 * tensorflow-cpu==2.21.0 wheel, unzipped, never pip-installed; or the TensorFlow a Python already has),
 * into native/, where the library's 'tensorflow' backend finds it. Checks the build in a child process,
 * prints what it linked and writes native/manifest.json. Running it again redoes only what changed.
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { NATIVE_DIR, NATIVE_MANIFEST, NATIVE_OPS_ADDON, NATIVE_PACKAGE_DIR, NativeBuildManifest, packageDirVersion, packageVersion, readNativeManifest } from 'dl-lectures-lib/runner';
import { ROOT } from './jupyter';
import { writeFileAtomically } from './write-file-atomically';

const USAGE = `Usage: npm run native-tf -- [--tensorflow SPEC] [--python PATH] [--force]

Builds @tensorflow/tfjs-node's native addon against the TensorFlow C libraries of a pip TensorFlow,
into native/ (gitignored), for the notebooks' 'tensorflow' backend. Needs g++, make and python3 with pip.

  --tensorflow SPEC  the pip TensorFlow to take the libraries from (default tensorflow-cpu==2.21.0);
                     'tensorflow==2.21.0' is the CUDA 12 build (its CUDA libraries must be findable)
  --python PATH      link against the TensorFlow installed in that Python's environment (e.g. after
                     pip install 'tensorflow[and-cuda]'); with --tensorflow, that Python's pip downloads it
  --force            rebuild even when native/manifest.json says the same TensorFlow is built
  -h, --help         this text`;

const DEFAULT_TENSORFLOW = 'tensorflow-cpu==2.21.0';
const HELPER = path.join(ROOT, 'scripts', 'tensorflow_c_api.py');
const DEPS = path.join(NATIVE_PACKAGE_DIR, 'deps');
/** tfjs-node's C++ sources, whose #includes say which TensorFlow headers to copy. */
const BINDING_SOURCES = path.join(NATIVE_PACKAGE_DIR, 'binding');
/** The project's own TensorFlow ops (native-ops/*.cc), built into NATIVE_OPS_ADDON; their #includes count too. */
const OPS_SOURCES = path.join(ROOT, 'native-ops');
const HEADER_SOURCES = [BINDING_SOURCES, OPS_SOURCES].join(path.delimiter);
/** Where a wheel is downloaded, or an installed TensorFlow's headers copied, before they replace the build's. */
const STAGING = path.join(NATIVE_DIR, 'download');

/** What the TensorFlow side (tensorflow_c_api.py) reports. */
interface TensorflowLibraries {
  distribution: string;
  version: string;
  cudaBuild: boolean;
  libDir: string;
  nvidiaPackages?: string[];
}

/** What the check in a child process (native-tf-check.ts) reports. */
interface CheckResult {
  tensorflow: string;
  gpu: boolean;
  maxAbsDiff: number;
  /** Whether the project's ops (native-ops/) were in use, Adam giving what tfjs's Adam gives on the cpu backend. */
  projectOps: boolean;
  /** What useBackend printed. */
  summary: string;
}

class BuildError extends Error {}

function run(command: string, args: string[], what: string, options: SpawnSyncOptions = {}): string {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.error) throw new BuildError(`${what}: could not start ${command} (${r.error.message})`);
  if (r.status !== 0) {
    const lines = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n');
    // A compiler's or pip's own error lines say more than the stack traces of the tools around them.
    const errors = lines.filter((l) => /error:|^ERROR:/.test(l));
    const tail = (errors.length > 0 ? errors.slice(0, 10) : lines.slice(-15)).join('\n  ');
    throw new BuildError(`${what} failed (exit code ${r.status}):\n  ${tail}`);
  }
  return String(r.stdout);
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Node's headers for node-gyp, which would otherwise download them: npm_config_nodedir, else beside this node. */
function nodeHeadersDir(): string {
  const dir = process.env.npm_config_nodedir ?? path.resolve(process.execPath, '..', '..');
  if (!fs.existsSync(path.join(dir, 'include', 'node', 'node_api.h'))) {
    throw new BuildError(`Node's C headers are not in ${dir}/include/node: install Node's development headers (NodeSource's nodejs package has them; Debian's own nodejs needs libnode-dev) or set npm_config_nodedir to a folder that has include/node`);
  }
  return dir;
}

/** The compiler, make and python3 that node-gyp needs, and `python` (with pip to download); stops naming what is missing. */
function checkTools(python: string, download: boolean): void {
  const missing = [process.env.CXX ?? 'g++', 'make', 'python3'].filter((c) => !onPath(c));
  if (missing.length > 0) throw new BuildError(`${missing.join(', ')} not found: node-gyp compiles the addon with them (Debian/Ubuntu: apt-get install g++ make python3)`);
  if (!download && spawnSync(python, ['-c', 'pass'], { stdio: 'ignore' }).status !== 0) throw new BuildError(`cannot run ${python}: name the Python whose TensorFlow to link with --python PATH`);
  if (download && spawnSync(python, ['-m', 'pip', '--version'], { stdio: 'ignore' }).status !== 0) {
    throw new BuildError(`${python} cannot run pip: install it (Debian/Ubuntu: apt-get install python3-pip) or name another Python with --python`);
  }
}

/** Installs tfjs-node (scripts off) into native/ unless there, then removes its own copies of TensorFlow.js. */
function installTfjsNode(version: string): void {
  if (packageDirVersion(NATIVE_PACKAGE_DIR) === version) {
    console.log(`- @tensorflow/tfjs-node ${version}: already in native/`);
  } else {
    console.log(`- installing @tensorflow/tfjs-node ${version} into native/ (install scripts off: they would download libtensorflow 2.9.1)`);
    fs.mkdirSync(NATIVE_DIR, { recursive: true });
    const pkg = { private: true, description: 'tfjs-node built by `npm run native-tf` (scripts/native-tf.ts); safe to delete', dependencies: { '@tensorflow/tfjs-node': version } };
    fs.writeFileSync(path.join(NATIVE_DIR, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], 'npm install @tensorflow/tfjs-node', { cwd: NATIVE_DIR });
  }
  // tfjs-node must register into the project's one tfjs-core: with its own copies gone, Node resolves
  // @tensorflow/tfjs from native/ up to the project's node_modules.
  for (const dir of [path.join(NATIVE_DIR, 'node_modules', '@tensorflow'), path.join(NATIVE_PACKAGE_DIR, 'node_modules', '@tensorflow')]) {
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).filter((n) => n !== 'tfjs-node')) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

/** The TensorFlow to link: a downloaded wheel, or what an installed one is (its headers copied to `include`). */
type Fetched = { wheel: string } | { installed: TensorflowLibraries; include: string };

/**
 * Downloads the wheel `spec` names, or asks `python` about its installed TensorFlow, into native/download:
 * a failure here leaves the current build as it is.
 */
function fetchTensorflow(python: string, spec: string | undefined): Fetched {
  fs.rmSync(STAGING, { recursive: true, force: true });
  if (spec === undefined) {
    const include = path.join(STAGING, 'include');
    return { installed: JSON.parse(helper(python, ['installed', HEADER_SOURCES, include])) as TensorflowLibraries, include };
  }
  console.log(`- pip download ${spec} (the wheel only: nothing is pip-installed)`);
  try {
    run(python, ['-m', 'pip', 'download', '--no-deps', '--retries', '0', '--only-binary=:all:', '--dest', STAGING, spec], `pip download ${spec}`);
  } catch (e) {
    throw new BuildError(`${(e as Error).message}\npip could not get '${spec}' for ${python}: check the name and version (pip's index: \`${python} -m pip config list\`), or link against an installed TensorFlow with --python PATH`);
  }
  const wheel = fs.readdirSync(STAGING).find((f) => f.endsWith('.whl'));
  if (wheel === undefined) throw new BuildError(`pip download ${spec} left no wheel in ${STAGING}`);
  return { wheel: path.join(STAGING, wheel) };
}

/** Puts TensorFlow's C-API headers in deps/include and its libraries where the addon links them; says what they are. */
function stageTensorflow(python: string, fetched: Fetched): TensorflowLibraries {
  for (const dir of ['lib', 'include']) fs.rmSync(path.join(DEPS, dir), { recursive: true, force: true });
  const include = path.join(DEPS, 'include');
  const libDir = path.join(DEPS, 'lib');
  let libs: TensorflowLibraries;
  if ('wheel' in fetched) {
    console.log(`- unzipping the two libraries and the C-API headers out of ${path.basename(fetched.wheel)}`);
    libs = JSON.parse(helper(python, ['wheel', HEADER_SOURCES, fetched.wheel, libDir, include])) as TensorflowLibraries;
  } else {
    console.log(`- TensorFlow installed in ${python}'s environment: ${fetched.installed.libDir}`);
    fs.renameSync(fetched.include, include);
    libs = fetched.installed;
  }
  fs.rmSync(STAGING, { recursive: true, force: true });
  // The addon links -ltensorflow -ltensorflow_framework (binding.gyp) and finds them at run time through
  // its RUNPATH, $ORIGIN/../../deps/lib; an installed TensorFlow stays where it is (next to its nvidia/ libraries).
  fs.mkdirSync(libDir, { recursive: true });
  for (const [link, target] of [['libtensorflow.so', 'libtensorflow_cc.so.2'], ['libtensorflow_framework.so', 'libtensorflow_framework.so.2']]) {
    fs.symlinkSync(libs.libDir === libDir ? target : path.join(libs.libDir, target), path.join(libDir, link));
  }
  return libs;
}

function helper(python: string, args: string[]): string {
  const r = spawnSync(python, [HELPER, ...args], { encoding: 'utf8' });
  const last = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  const parsed = (() => {
    try {
      return JSON.parse(last) as { error?: string };
    } catch {
      return { error: `${HELPER} failed: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-3).join(' | ')}` };
    }
  })();
  if (parsed.error !== undefined) throw new BuildError(parsed.error);
  return last;
}

/** Compiles the addon with node-gyp (through tfjs-node's node-pre-gyp), offline. */
function compileAddon(libs: TensorflowLibraries): void {
  for (const dir of ['build', 'lib']) fs.rmSync(path.join(NATIVE_PACKAGE_DIR, dir), { recursive: true, force: true });
  console.log('- compiling the addon (node-pre-gyp install --build-from-source; about a minute)');
  const nodePreGyp = require.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp', { paths: [NATIVE_PACKAGE_DIR] });
  const installedTf = libs.libDir !== path.join(DEPS, 'lib');
  run(process.execPath, [nodePreGyp, 'install', '--build-from-source'], 'compiling the tfjs-node addon', {
    cwd: NATIVE_PACKAGE_DIR,
    env: {
      ...process.env,
      npm_config_nodedir: nodeHeadersDir(),
      JOBS: '1',
      // An installed TensorFlow is found at run time where it is installed, so that its own RUNPATH
      // ($ORIGIN/../nvidia/*/lib in the CUDA wheel) finds the CUDA libraries pip installed beside it.
      ...(installedTf ? { LDFLAGS: `${process.env.LDFLAGS ?? ''} -Wl,-rpath,${libs.libDir}`.trim() } : {}),
    },
  });
}

/** The compiler and its flags for native-ops/: no -ffast-math and no contraction into fused multiply-adds. */
const OPS_FLAGS = ['-std=c++17', '-O3', '-ffp-contract=off', '-fno-math-errno', '-fPIC', '-shared'];

/** The sources' .cc files. */
function opsSources(): string[] {
  return fs.readdirSync(OPS_SOURCES).filter((f) => f.endsWith('.cc')).sort().map((f) => path.join(OPS_SOURCES, f));
}

/** A digest of native-ops/'s sources and the flags they are compiled with: the manifest keeps it, so an edit rebuilds them. */
function opsDigest(): string {
  const hash = crypto.createHash('sha256').update(OPS_FLAGS.join(' '));
  for (const file of fs.readdirSync(OPS_SOURCES).sort()) hash.update(file).update(fs.readFileSync(path.join(OPS_SOURCES, file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Compiles native-ops/ into NATIVE_OPS_ADDON, a Node addon whose loading registers the project's ops with the
 * TensorFlow in `libDir` (a CPU build: the kernels are for the CPU), and returns the sources' digest. Each
 * float operation rounds once, as TensorFlow's separate ops do (OPS_FLAGS).
 */
function compileOps(libs: Pick<TensorflowLibraries, 'cudaBuild' | 'libDir'>): string | undefined {
  fs.rmSync(NATIVE_OPS_ADDON, { force: true });
  if (libs.cudaBuild) return undefined;
  console.log(`- compiling the project's TensorFlow ops (${path.relative(ROOT, OPS_SOURCES)}/) into ${path.relative(ROOT, NATIVE_OPS_ADDON)}`);
  const digest = opsDigest();
  run(process.env.CXX ?? 'g++', [
    ...OPS_FLAGS,
    '-I', path.join(DEPS, 'include'), '-I', path.join(nodeHeadersDir(), 'include', 'node'),
    ...opsSources(),
    `-L${libs.libDir}`, '-l:libtensorflow_framework.so.2', `-Wl,-rpath,${libs.libDir}`,
    '-o', NATIVE_OPS_ADDON,
  ], 'compiling native-ops/');
  return digest;
}

/** Loads the build in a fresh Node through the library and compares a few ops with the cpu backend. */
function check(): CheckResult {
  console.log("- checking it in a child process: useBackend('tensorflow'), matMul, conv2d, its gradient and Adam's steps against the cpu backend");
  const lines = run(process.execPath, [path.join(__dirname, 'native-tf-check.js')], 'the check of the build').trim().split('\n');
  return { ...JSON.parse(lines[lines.length - 1]), summary: lines.find((l) => l.startsWith('Backend: ')) ?? '' } as CheckResult;
}

/** Bytes under `dir`, links not followed. */
function diskUsage(dir: string): number {
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory()) return stat.size;
  return fs.readdirSync(dir).reduce((sum, f) => sum + diskUsage(path.join(dir, f)), 0);
}

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

function main(): void {
  const { values } = parseArgs({
    options: { tensorflow: { type: 'string' }, python: { type: 'string' }, force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const started = Date.now();
  const python = values.python ?? 'python3';
  const spec = values.python !== undefined && values.tensorflow === undefined ? undefined : (values.tensorflow ?? DEFAULT_TENSORFLOW);
  const requested = spec === undefined ? `installed in ${python}` : values.python !== undefined ? `${spec} via ${python}'s pip` : spec;
  const tfjsNode = packageVersion('@tensorflow/tfjs', ROOT);
  if (tfjsNode === undefined) throw new BuildError('@tensorflow/tfjs is not installed: run `npm install`');
  checkTools(python, spec !== undefined);
  nodeHeadersDir();
  installTfjsNode(tfjsNode);

  const previous = readNativeManifest();
  const addonDir = path.join(NATIVE_PACKAGE_DIR, 'lib');
  let manifest: NativeBuildManifest;
  const upToDate = !values.force && previous?.requested === requested && previous.tfjsNode === tfjsNode && fs.existsSync(addonDir) && fs.existsSync(path.join(previous.libDir, 'libtensorflow_cc.so.2'));
  // An installed TensorFlow can change under the same request: ask the environment every time (it is quick).
  const installed = spec === undefined ? fetchTensorflow(python, undefined) : undefined;
  const sameInstalled = installed === undefined || ('installed' in installed && installed.installed.version === previous?.version && installed.installed.libDir === previous.libDir);
  if (upToDate && sameInstalled) {
    console.log(`- ${previous.distribution} ${previous.version} (${requested}): already built; --force rebuilds`);
    fs.rmSync(STAGING, { recursive: true, force: true });
    manifest = previous;
    if (!previous.cudaBuild && (previous.opsDigest !== opsDigest() || !fs.existsSync(NATIVE_OPS_ADDON))) {
      fs.rmSync(NATIVE_MANIFEST, { force: true });
      manifest = { ...previous, opsDigest: compileOps(previous), tensorflowVersion: 'unchecked' };
      writeFileAtomically(NATIVE_MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
    }
  } else {
    const fetched = installed ?? fetchTensorflow(python, spec);
    fs.rmSync(NATIVE_MANIFEST, { force: true }); // until the new build is checked, the library must not use it
    const libs = stageTensorflow(python, fetched);
    compileAddon(libs);
    const digest = compileOps(libs);
    manifest = { tfjsNode, requested, distribution: libs.distribution, version: libs.version, cudaBuild: libs.cudaBuild, libDir: libs.libDir, opsDigest: digest, tensorflowVersion: 'unchecked', builtAt: new Date().toISOString() };
    writeFileAtomically(NATIVE_MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
    if (libs.nvidiaPackages !== undefined && libs.cudaBuild) {
      console.log(`  CUDA libraries from pip beside it: ${libs.nvidiaPackages.length > 0 ? libs.nvidiaPackages.join(', ') : "none (install 'tensorflow[and-cuda]', or put CUDA 12 and cuDNN 9 on LD_LIBRARY_PATH)"}`);
    }
  }
  let result: CheckResult;
  try {
    result = check();
  } catch (e) {
    fs.rmSync(NATIVE_MANIFEST, { force: true });
    throw e;
  }
  manifest = { ...manifest, tensorflowVersion: result.tensorflow };
  writeFileAtomically(NATIVE_MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
  const rel = (p: string) => (p.startsWith(ROOT) ? path.relative(ROOT, p) : p);
  console.log(`
native-tf: TensorFlow ${result.tensorflow} (${manifest.distribution} ${manifest.version}, ${manifest.cudaBuild ? 'CUDA' : 'CPU'} build) from ${manifest.requested}
  linked:    ${rel(manifest.libDir)}/libtensorflow_cc.so.2, libtensorflow_framework.so.2
  addon:     ${rel(addonDir)}/${fs.readdirSync(addonDir)[0]}/tfjs_binding.node
  runs on:   ${result.gpu ? 'GPU' : 'CPU'}; matMul, conv2d + bias, ReLU, avgPool and their gradients match the cpu backend (max abs diff ${result.maxAbsDiff.toExponential(1)})
  own ops:   ${result.projectOps ? `Adam's update, ReLU's gradient, bias adds, avgPool's gradient (${rel(NATIVE_OPS_ADDON)}); Adam bit for bit as tfjs's on the cpu backend` : "none: tfjs-node's kernels (the project's ops are built for CPU builds only)"}
  ${result.summary}
  native/ holds ${mib(diskUsage(NATIVE_DIR))}; took ${Math.round((Date.now() - started) / 1000)} s; manifest: ${rel(NATIVE_MANIFEST)}
Use it: npm run notebooks -- --backend tensorflow (or DL_BACKEND=tensorflow, or useBackend('tensorflow') in a notebook).`);
}

try {
  main();
} catch (e) {
  if (!(e instanceof BuildError)) throw e;
  console.error(`native-tf: ${e.message}`);
  process.exitCode = 1;
}
