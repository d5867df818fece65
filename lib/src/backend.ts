/**
 * Backend selection: native TensorFlow on a GPU, else WebGPU on a hardware adapter, else native
 * TensorFlow on the CPU, else WebAssembly, else plain JS.
 * @see environment.md for the GPU set-up.
 */
import os = require('os');
import util = require('util');
import { tf } from './tf';
import { assertFreshBuild } from './build-freshness';
import { inNotebook } from './display';
import { loadNativeBinding, type NativeBinding } from './native-backend';
import { registerNativeFastKernels } from './native-kernels';
import { packageVersion } from './package-version';
import { announceRunFacts } from './run-facts';
import { registerWasmTrainingKernels } from './wasm-kernels';
import { setWasmBackend, wasmThreadCount, wasmThreadsWanted } from './wasm-threads';
import { adapterLabel, loadWebGpu, type WebGpuAdapterInfo } from './webgpu-backend';

/** Backends the library can run on. */
export const BACKENDS = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/**
 * The automatic choice, in order: a backend marked `gpuOnly` is taken here only when it runs on a GPU
 * (native TensorFlow on CUDA, WebGPU on a hardware adapter); a software adapter is never taken.
 */
const AUTO_ORDER: { backend: BackendName; gpuOnly: boolean }[] = [
  { backend: 'tensorflow', gpuOnly: true },
  { backend: 'webgpu', gpuOnly: true },
  { backend: 'tensorflow', gpuOnly: false },
  { backend: 'wasm', gpuOnly: false },
  { backend: 'cpu', gpuOnly: false },
];

/** What runs, as `useBackend` reports it. */
export interface BackendInfo {
  backend: BackendName;
  /** True when the kernels run on a GPU: native TensorFlow on CUDA, or webgpu on a hardware adapter. */
  gpu: boolean;
  /** Which package provides the backend, e.g. '@tensorflow/tfjs-node-gpu'. */
  provider: string;
  /** Why this backend was chosen (and why others were not). */
  reason: string;
  /** For 'tensorflow': which native binding runs ('native-tf' is the one `npm run native-tf` built) and TensorFlow's version. */
  native?: { binding: NativeBinding['kind']; tensorflow: string };
  /** Threads each CPU kernel computes with: 'wasm' (`DL_WASM_THREADS`, default 1) and native TensorFlow on the CPU (`TF_NUM_INTRAOP_THREADS`, default 1). */
  threads?: number;
  /** The WebGPU adapter the 'webgpu' backend runs on (`software`: a CPU emulating a GPU). */
  adapter?: WebGpuAdapterInfo;
  versions: Record<string, string>;
}

/**
 * Threads native TensorFlow computes each CPU kernel with, unless the user sets TF_NUM_INTRAOP_THREADS.
 * One: the notebooks' kernels are small (batches of 64-128, layers of up to 256 units), and with two
 * threads on 2 cores each paid more to hand work over than it saved (an elementwise op 11 → 27 µs, a
 * 100×256×256 product 0.14 → 0.24 ms, bench's MLP epoch 0.70 → 0.92 s, LeNet-5 1.23 → 1.88 s); only
 * products of about 0.4 GFLOP and more ran faster on two (environment.md, "Native TensorFlow's threads").
 */
export const NATIVE_INTRA_OP_THREADS = 1;

/**
 * What must happen before tfjs-node loads: provide `util.isNullOrUndefined` (tfjs-node 4.22 calls it;
 * Node 23 removed it), let TensorFlow take GPU memory as needed rather than all at start, and set its
 * intra-op threads to NATIVE_INTRA_OP_THREADS (TensorFlow reads both variables when the binding loads;
 * a user's own values win).
 */
export function prepareNativeLoad(utilModule: object = util, env: NodeJS.ProcessEnv = process.env): void {
  const legacyUtil = utilModule as { isNullOrUndefined?: (x: unknown) => boolean };
  legacyUtil.isNullOrUndefined ??= (x: unknown) => x === null || x === undefined;
  env.TF_FORCE_GPU_ALLOW_GROWTH ??= 'true';
  env.TF_NUM_INTRAOP_THREADS ??= String(NATIVE_INTRA_OP_THREADS);
}

/** The intra-op threads native TensorFlow was told to use: TF_NUM_INTRAOP_THREADS, where 0 or nothing means one per core. */
export function nativeThreadCount(env: NodeJS.ProcessEnv = process.env, cores = os.cpus().length): number {
  const n = Number(env.TF_NUM_INTRAOP_THREADS ?? 0);
  return Number.isInteger(n) && n > 0 ? n : cores;
}

/** Whether the warning that native/dl-ops.node did not load was given (once a process). */
let warnedAboutOps = false;

/** Loads a native TensorFlow binding into `tf` (see native-backend.ts) with the library's faster kernels, or returns why it could not be loaded. */
function loadNative(): Loaded {
  prepareNativeLoad();
  const native = loadNativeBinding();
  if ('error' in native) return native;
  const problem = registerNativeFastKernels(native);
  if (problem !== undefined && !warnedAboutOps) console.warn(`Adam runs as tfjs's twelve ops per weight (slower): ${problem}`);
  warnedAboutOps ||= problem !== undefined;
  const name = native.kind === 'tfjs-node-gpu' ? 'tfjs-node-gpu' : 'tfjs-node';
  return {
    provider: native.from,
    native: { binding: native.kind, tensorflow: native.tensorflow },
    versions: { ...versions(), [name]: native.version, tensorflow: native.tensorflow },
  };
}

/** Loads the WebAssembly backend package, or returns why it could not be loaded. */
function loadWasm(): Loaded {
  try {
    require('@tensorflow/tfjs-backend-wasm');
    // The wasm backend ships without some gradient kernels (conv nets cannot train without them) and
    // with slow loops for some products and gradients.
    registerWasmTrainingKernels();
    return { provider: '@tensorflow/tfjs-backend-wasm' };
  } catch (e) {
    return { error: `@tensorflow/tfjs-backend-wasm: ${(e as Error).message.split('\n')[0]}` };
  }
}

/** A loaded backend package (`versions` replaces `versions(provider)` when given), or why it could not be loaded. */
type Loaded =
  | { provider: string; native?: BackendInfo['native']; versions?: Record<string, string>; adapter?: WebGpuAdapterInfo }
  | { error: string };

async function load(name: BackendName, allowSoftware: boolean): Promise<Loaded> {
  if (name === 'tensorflow') return loadNative();
  if (name === 'wasm') return loadWasm();
  if (name === 'webgpu') {
    const loaded = await loadWebGpu({ allowSoftware });
    return 'error' in loaded ? { error: `${loaded.error}; fix: ${loaded.fix}` } : loaded;
  }
  return { provider: '@tensorflow/tfjs-backend-cpu' };
}

/** Versions of Node, TensorFlow.js and, when given, the package providing the backend. */
export function versions(provider?: string): Record<string, string> {
  const v: Record<string, string> = { node: process.versions.node, tfjs: tf.version.tfjs };
  if (provider?.startsWith('@tensorflow/')) v[provider.slice('@tensorflow/'.length)] = packageVersion(provider) ?? 'unknown';
  if (provider === '@tensorflow/tfjs-backend-webgpu') v.webgpu = packageVersion('webgpu') ?? 'unknown';
  return v;
}

/**
 * Makes `name` tfjs's backend and returns whether it runs on a GPU, or false when it fails to start;
 * then the backend that ran before (else cpu) is restored, so tf stays usable.
 */
async function start(name: BackendName): Promise<{ gpu: boolean } | false> {
  const previous = tf.getBackend() as string | undefined;
  const started = name === 'wasm' ? await setWasmBackend(wasmThreadsWanted()) : await tf.setBackend(name);
  if (!started) {
    await tf.setBackend(previous !== undefined && previous !== name ? previous : 'cpu');
    await tf.ready();
    return false;
  }
  await tf.ready();
  const backend = tf.backend() as { isUsingGpuDevice?: boolean; firstUse?: boolean };
  // The cpu backend's first write prints advice to install tfjs-node; the backend's summary says it already.
  if (name === 'cpu') backend.firstUse = false;
  return { gpu: backend.isUsingGpuDevice === true };
}

/** "GPU", "CPU, 1 thread", or for webgpu the adapter, flagged when it is software. */
function describeDevice(info: BackendInfo): string {
  if (info.adapter !== undefined) return `${info.adapter.software ? 'software adapter, not a GPU' : 'GPU'} [${adapterLabel(info.adapter)}]`;
  if (info.gpu) return 'GPU';
  return info.threads !== undefined ? `CPU, ${info.threads} thread${info.threads === 1 ? '' : 's'}` : 'CPU';
}

/** What to install or set for a backend asked for by name that did not start. */
const FIXES: Partial<Record<BackendName, string>> = {
  tensorflow: 'build it with `npm run native-tf`, or install @tensorflow/tfjs-node-gpu: see environment.md, "Native TensorFlow"',
  webgpu: 'see environment.md, "The GPU through WebGPU"',
};

/**
 * Chooses and initialises the backend, quietly: `name`, else the `DL_BACKEND` environment variable, else
 * the first that starts of: tensorflow on a GPU, webgpu on a hardware adapter, tensorflow on the CPU,
 * wasm, cpu. A backend asked for by name that cannot run is an error saying why. Returns what runs.
 */
export async function chooseBackend(name?: BackendName | 'auto'): Promise<BackendInfo> {
  const fromEnv = process.env.DL_BACKEND?.trim() || undefined;
  const wanted = name ?? fromEnv ?? 'auto';
  if (wanted !== 'auto' && !(BACKENDS as readonly string[]).includes(wanted)) {
    const source = name !== undefined ? 'useBackend()' : 'DL_BACKEND';
    throw new Error(`${source}: unknown backend '${wanted}'; choose one of ${BACKENDS.join(', ')} or 'auto'`);
  }
  const candidates = wanted === 'auto' ? AUTO_ORDER : [{ backend: wanted as BackendName, gpuOnly: false }];
  const skipped: string[] = [];
  const loadedBefore = new Map<BackendName, Loaded>();
  for (const { backend: candidate, gpuOnly } of candidates) {
    const known = loadedBefore.get(candidate);
    if (known !== undefined && 'error' in known) continue; // failed once already; its reason is in `skipped`
    const loaded = known ?? (await load(candidate, wanted !== 'auto'));
    loadedBefore.set(candidate, loaded);
    if ('error' in loaded) {
      skipped.push(`${candidate}: ${loaded.error}`);
      continue;
    }
    const started = await start(candidate);
    if (started === false) {
      skipped.push(`${candidate}: failed to initialise`);
      loadedBefore.set(candidate, { error: 'failed to initialise' });
      continue;
    }
    const gpu = started.gpu || (loaded.adapter !== undefined && !loaded.adapter.software);
    if (gpuOnly && !gpu) {
      skipped.push(`${candidate}: runs on the CPU here, tried again after the GPU backends`);
      continue;
    }
    const origin = wanted === 'auto' ? 'the first that starts' : name !== undefined ? 'asked for' : 'set by DL_BACKEND';
    const info: BackendInfo = {
      backend: candidate,
      gpu,
      provider: loaded.provider,
      reason: [origin, ...skipped].join('; '),
      versions: loaded.versions ?? versions(loaded.provider),
      ...(loaded.native ? { native: loaded.native } : {}),
      ...(candidate === 'wasm' ? { threads: wasmThreadCount() } : candidate === 'tensorflow' && !gpu ? { threads: nativeThreadCount() } : {}),
      ...(loaded.adapter !== undefined ? { adapter: loaded.adapter } : {}),
    };
    return info;
  }
  const how = wanted === 'auto' ? 'no backend could be initialised' : `backend '${wanted}' is not available`;
  const fix = wanted !== 'auto' && FIXES[wanted as BackendName] ? ` (${FIXES[wanted as BackendName]})` : '';
  throw new Error(`${how}: ${skipped.join('; ')}${fix}`);
}

/** One line on what runs: "Backend: wasm on CPU, 1 thread (@tensorflow/tfjs-backend-wasm, tfjs 4.22.0, Node 20.19.0); <why>". */
function backendSummary(info: BackendInfo): string {
  const native = info.native ? `TensorFlow ${info.native.tensorflow} through ` : '';
  return `Backend: ${info.backend} on ${describeDevice(info)} (${native}${info.provider}, tfjs ${info.versions.tfjs}, Node ${info.versions.node}); ${info.reason}`;
}

/** Says what runs: in a notebook as an output that also carries the run facts for the runner, elsewhere printed. */
function announceBackend(info: BackendInfo): void {
  const summary = backendSummary(info);
  if (!inNotebook()) console.log(summary);
  announceRunFacts({ backend: info.backend, gpu: info.gpu, versions: info.versions }, summary);
}

/**
 * Where a notebook starts: refuses a stale library build (lib/src edited since lib/dist was built), then
 * chooses and initialises the backend as `chooseBackend` does, says what runs (`announceBackend`) and returns it.
 */
export async function useBackend(name?: BackendName | 'auto'): Promise<BackendInfo> {
  assertFreshBuild();
  const info = await chooseBackend(name);
  announceBackend(info);
  return info;
}
