/**
 * What `npm run bench` trains, and the job and result formats its two trainers share: bench-tfjs.ts
 * (one TensorFlow.js backend per process) and bench_torch.py (PyTorch on the CPU).
 */

/** A fixed training workload on MNIST: the network, optimizer and batch size are the same everywhere. */
export interface Workload {
  name: 'mlp' | 'lenet5';
  /** For tables, e.g. "MLP 784-256-256-10". */
  title: string;
  batchSize: number;
  learningRate: number;
}

export const WORKLOADS: readonly Workload[] = [
  { name: 'mlp', title: 'MLP 784-256-256-10, Adam', batchSize: 128, learningRate: 1e-3 },
  { name: 'lenet5', title: 'LeNet-5 (conv6-pool-conv16-pool-120-84-10), Adam', batchSize: 64, learningRate: 1e-3 },
];

/** Epochs each trainer runs: the first warms up (JIT, kernel set-up, memory), the others are timed. */
export const EPOCHS = 4;
/** Untimed epochs at the start. */
export const WARM_UP_EPOCHS = 1;

/** How fast a runtime is, which decides its sample counts. */
export type SpeedTier = 'fast' | 'slow' | 'software';

/**
 * Samples per epoch, a whole number of batches: `full` for the fast runtimes, `slow` for the pure-JS
 * cpu backend (tens of seconds per LeNet-5 epoch otherwise), `software` for WebGPU on a software adapter
 * (SwiftShader: ~10x slower than cpu); `--short` is a few seconds per backend.
 */
export const SAMPLES: Record<'full' | 'short', Record<Workload['name'], Record<SpeedTier, number>>> = {
  full: { mlp: { fast: 16384, slow: 2048, software: 1024 }, lenet5: { fast: 8192, slow: 256, software: 128 } },
  short: { mlp: { fast: 512, slow: 256, software: 128 }, lenet5: { fast: 256, slow: 64, software: 64 } },
};

/** One workload as a trainer runs it. */
export interface JobWorkload extends Workload {
  samples: number;
  epochs: number;
}

/** What bench.ts sends a trainer on standard input. */
export interface TrainJob {
  /** Raw MNIST training images: float32 little-endian pixels / 255, [n, 784] in file order. */
  xsFile: string;
  /** Their labels: int32 little-endian, [n]. */
  ysFile: string;
  seed: number;
  /** Threads to compute with (PyTorch; the wasm backend takes DL_WASM_THREADS). */
  threads: number;
  workloads: JobWorkload[];
}

/** A trainer's timings of one workload, every epoch. */
export interface EpochTimings {
  name: Workload['name'];
  samples: number;
  /** Wall-clock seconds of each epoch, the warm-up included. */
  epochSeconds: number[];
  /** CPU time of the whole process (all its threads) over each epoch. */
  cpuSeconds: number[];
  /** Training loss on the last epoch's last batch, to show the run trained. */
  loss: number;
}

/** A trainer's answer: its last line on standard output. */
export interface TrainerOutput {
  threads?: number;
  versions?: Record<string, string>;
  results?: EpochTimings[];
  /** Why the trainer could not run (e.g. a backend or torch missing). */
  error?: string;
}
