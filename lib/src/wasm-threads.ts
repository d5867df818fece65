/**
 * Multithreaded WebAssembly in Node: @tensorflow/tfjs-backend-wasm 4.22 ships a threaded SIMD build but
 * turns it off in Node (tfjs issue #3830), because its pthread workers arrive as browser blob URLs; this
 * starts them as Node worker threads instead, so XNNPACK's kernels use every core.
 * @see environment.md, "How the backend is chosen"
 */
import os = require('os');
import workerThreads = require('worker_threads');
import { tf } from './tf';

/** Workers the threaded build starts (its PTHREAD_POOL_SIZE), hence the most threads it can use. */
export const MAX_WASM_THREADS = 8;

const WASM_OUT = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd';

/**
 * Threads for the wasm backend: `DL_WASM_THREADS` ('cores': one per core, at most MAX_WASM_THREADS),
 * else 1, the single-threaded build. One is the default because XNNPACK's idle threads spin: the
 * notebooks' small models ran up to 3x slower with two threads, while large products run ~1.9x faster.
 */
export function wasmThreadsWanted(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.DL_WASM_THREADS?.trim();
  if (!raw) return 1;
  if (raw === 'cores') return Math.min(MAX_WASM_THREADS, Math.max(1, os.cpus().length));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WASM_THREADS) {
    throw new Error(`DL_WASM_THREADS must be 'cores' or a whole number from 1 to ${MAX_WASM_THREADS}, got '${raw}'`);
  }
  return n;
}

/**
 * A worker_threads.Worker that, given the blob URL tfjs makes for its pthread worker, runs that worker's
 * code instead, told to load the threaded build's JavaScript from its file (Node cannot import a blob);
 * each one made is added to `made`.
 */
function pthreadWorkerClass(made: workerThreads.Worker[]): typeof workerThreads.Worker {
  // The code contains "\n" escapes inside string literals; tfjs escapes them the same way for its blob.
  const workerCode = require(`${WASM_OUT}.worker.js`).wasmWorkerContents.replace(/\n/g, '\\n');
  const preamble = `URL.createObjectURL = () => ${JSON.stringify(require.resolve(`${WASM_OUT}.js`))}; URL.revokeObjectURL = () => {};\n`;
  const NodeWorker = workerThreads.Worker;
  return class PthreadWorker extends NodeWorker {
    constructor(file: string | URL, options?: workerThreads.WorkerOptions) {
      const isBlob = typeof file === 'string' && file.startsWith('blob:');
      super(isBlob ? preamble + workerCode : file, isBlob ? { ...options, eval: true } : options);
      made.push(this);
    }

    /**
     * Emscripten refs a worker while it runs a thread (it unrefs it once loaded), and XNNPACK's pool
     * threads run for good, so Node would never exit; the main thread waits for their work synchronously.
     */
    ref(): void {}
  };
}

/**
 * Selects the 'wasm' backend, starting it with `threads` XNNPACK threads (1: the single-threaded build)
 * unless it already runs; if the threaded build fails to start (tfjs prints why), starts the
 * single-threaded one. Returns what `tf.setBackend` returns. Call after @tensorflow/tfjs-backend-wasm is loaded.
 */
export async function setWasmBackend(threads: number): Promise<boolean> {
  const before = processErrorListeners();
  try {
    return await startWasmBackend(threads);
  } finally {
    dropAddedErrorListeners(before);
  }
}

const ERROR_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;
type ErrorEvent = (typeof ERROR_EVENTS)[number];

function processErrorListeners(): Map<ErrorEvent, Function[]> {
  return new Map(ERROR_EVENTS.map((e) => [e, (process.listeners as (event: string) => Function[])(e)]));
}

/**
 * The wasm backend's Emscripten runtime adds process-wide handlers that rethrow every uncaught error and
 * unhandled rejection, which kills a tslab kernel over a rejection tslab itself only logs (e.g. its ZeroMQ
 * socket being busy under load). Those handlers are removed once the backend has started.
 */
function dropAddedErrorListeners(before: Map<ErrorEvent, Function[]>): void {
  for (const event of ERROR_EVENTS) {
    for (const listener of (process.listeners as (event: string) => Function[])(event)) {
      if (!before.get(event)!.includes(listener)) process.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
}

async function startWasmBackend(threads: number): Promise<boolean> {
  if (threads === 1 || 'wasm' in tf.engine().registry) return tf.setBackend('wasm');
  const wasm: typeof import('@tensorflow/tfjs-backend-wasm') = require('@tensorflow/tfjs-backend-wasm');
  wasm.setThreadsCount(threads);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  // The build uses half the logical cores Node reports (for hyper-threads), capped by the count asked
  // for; reporting twice the count lets it use exactly `threads`. Both patches last only the start-up.
  const { cpus } = os;
  const { Worker } = workerThreads;
  const workers: workerThreads.Worker[] = [];
  (os as { cpus: () => os.CpuInfo[] }).cpus = () => Array.from({ length: 2 * threads }, (_, i) => cpus()[i % cpus().length]);
  (workerThreads as { Worker: typeof Worker }).Worker = pthreadWorkerClass(workers);
  try {
    if (await tf.setBackend('wasm')) return true;
  } finally {
    (os as { cpus: () => os.CpuInfo[] }).cpus = cpus;
    (workerThreads as { Worker: typeof Worker }).Worker = Worker;
  }
  await Promise.all(workers.map((w) => w.terminate()));
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  return tf.setBackend('wasm');
}

/** Threads the running 'wasm' backend computes with. */
export function wasmThreadCount(): number {
  return (require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm')).getThreadsCount();
}
