/**
 * Backend selection: native TensorFlow (GPU or CPU) when it loads, else WebAssembly, else plain JS.
 * @see environment.md for the GPU set-up.
 */
import util = require('util');
import { tf } from './tf';
import { inNotebook } from './display';
import { loadNativeBinding, type NativeBinding } from './native-backend';
import { announceRunFacts } from './run-facts';
import { registerWasmTrainingKernels } from './wasm-kernels';
import { setWasmBackend, wasmThreadCount, wasmThreadsWanted } from './wasm-threads';

/** Backends the library can run on, fastest first. */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** What runs, as `useBackend` reports it. */
export interface BackendInfo {
  backend: BackendName;
  /** True when native TensorFlow runs its kernels on a CUDA device. */
  gpu: boolean;
  /** Which package provides the backend, e.g. '@tensorflow/tfjs-node-gpu'. */
  provider: string;
  /** Why this backend was chosen (and why faster ones were not). */
  reason: string;
  /** For 'tensorflow': which native binding runs ('native-tf' is the one `npm run native-tf` built) and TensorFlow's version. */
  native?: { binding: NativeBinding['kind']; tensorflow: string };
  /** Threads the 'wasm' backend computes with (`DL_WASM_THREADS`, default one per core). */
  threads?: number;
  versions: Record<string, string>;
}

/**
 * What must happen before tfjs-node loads: provide `util.isNullOrUndefined` (tfjs-node 4.22 calls it;
 * Node 23 removed it), and let TensorFlow take GPU memory as needed rather than all at start (a
 * user's TF_FORCE_GPU_ALLOW_GROWTH wins).
 */
export function prepareNativeLoad(utilModule: object = util, env: NodeJS.ProcessEnv = process.env): void {
  const legacyUtil = utilModule as { isNullOrUndefined?: (x: unknown) => boolean };
  legacyUtil.isNullOrUndefined ??= (x: unknown) => x === null || x === undefined;
  env.TF_FORCE_GPU_ALLOW_GROWTH ??= 'true';
}

/** Loads a native TensorFlow binding into `tf` (see native-backend.ts), or returns why it could not be loaded. */
function loadNative(): Loaded | { error: string } {
  prepareNativeLoad();
  const native = loadNativeBinding();
  if ('error' in native) return native;
  const name = native.kind === 'tfjs-node-gpu' ? 'tfjs-node-gpu' : 'tfjs-node';
  return {
    provider: native.from,
    native: { binding: native.kind, tensorflow: native.tensorflow },
    versions: { ...versions(), [name]: native.version, tensorflow: native.tensorflow },
  };
}

/** Loads the WebAssembly backend package, or returns why it could not be loaded. */
function loadWasm(): Loaded | { error: string } {
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

/** A backend package that loaded; `versions` replaces `versions(provider)` when given. */
interface Loaded {
  provider: string;
  native?: BackendInfo['native'];
  versions?: Record<string, string>;
}

function load(name: BackendName): Loaded | { error: string } {
  if (name === 'tensorflow') return loadNative();
  if (name === 'wasm') return loadWasm();
  return { provider: '@tensorflow/tfjs-backend-cpu' };
}

/** Versions of Node, TensorFlow.js and, when given, the package providing the backend. */
export function versions(provider?: string): Record<string, string> {
  const v: Record<string, string> = { node: process.versions.node, tfjs: tf.version.tfjs };
  if (provider?.startsWith('@tensorflow/')) v[provider.slice('@tensorflow/'.length)] = require(`${provider}/package.json`).version;
  return v;
}

/**
 * Chooses and initialises the backend: `name`, else the `DL_BACKEND` environment variable, else the
 * fastest that loads (tensorflow, wasm, cpu). A backend asked for by name that cannot run is an error.
 * Prints and returns what runs.
 */
export async function useBackend(name?: BackendName | 'auto'): Promise<BackendInfo> {
  const fromEnv = process.env.DL_BACKEND?.trim() || undefined;
  const wanted = name ?? fromEnv ?? 'auto';
  if (wanted !== 'auto' && !(BACKENDS as readonly string[]).includes(wanted)) {
    const source = name !== undefined ? 'useBackend()' : 'DL_BACKEND';
    throw new Error(`${source}: unknown backend '${wanted}'; choose one of ${BACKENDS.join(', ')} or 'auto'`);
  }
  const candidates: BackendName[] = wanted === 'auto' ? [...BACKENDS] : [wanted as BackendName];
  const skipped: string[] = [];
  for (const candidate of candidates) {
    const loaded = load(candidate);
    if ('error' in loaded) {
      skipped.push(`${candidate}: ${loaded.error}`);
      continue;
    }
    const started = candidate === 'wasm' ? await setWasmBackend(wasmThreadsWanted()) : await tf.setBackend(candidate);
    if (!started) {
      skipped.push(`${candidate}: failed to initialise`);
      continue;
    }
    await tf.ready();
    const backend = tf.backend() as { isUsingGpuDevice?: boolean; firstUse?: boolean };
    // The cpu backend's first write prints advice to install tfjs-node; the summary below says it already.
    if (candidate === 'cpu') backend.firstUse = false;
    const origin = wanted === 'auto' ? 'the fastest that loads' : name !== undefined ? 'asked for' : 'set by DL_BACKEND';
    const info: BackendInfo = {
      backend: candidate,
      gpu: backend.isUsingGpuDevice === true,
      provider: loaded.provider,
      reason: [origin, ...skipped].join('; '),
      versions: loaded.versions ?? versions(loaded.provider),
      ...(loaded.native ? { native: loaded.native } : {}),
      ...(candidate === 'wasm' ? { threads: wasmThreadCount() } : {}),
    };
    const device = info.gpu ? 'GPU' : info.threads !== undefined ? `CPU, ${info.threads} thread${info.threads === 1 ? '' : 's'}` : 'CPU';
    const summary = `Backend: ${candidate} on ${device} (${info.native ? `TensorFlow ${info.native.tensorflow} through ` : ''}${info.provider}, tfjs ${info.versions.tfjs}, Node ${info.versions.node}); ${info.reason}`;
    // In a notebook the run-facts output below shows the summary; elsewhere it is printed.
    if (!inNotebook()) console.log(summary);
    announceRunFacts({ backend: candidate, gpu: info.gpu, versions: info.versions }, summary);
    return info;
  }
  const how = wanted === 'auto' ? 'no backend could be initialised' : `backend '${wanted}' is not available`;
  const fix = wanted === 'tensorflow' ? ' (build it with `npm run native-tf`, or install @tensorflow/tfjs-node-gpu: see environment.md)' : '';
  throw new Error(`${how}: ${skipped.join('; ')}${fix}`);
}
