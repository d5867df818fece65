/**
 * The TensorFlow.js side of `npm run bench`: `node build/scripts/bench-tfjs.js BACKEND < job.json`
 * trains the job's workloads on one backend (a process per backend, so each starts fresh) and prints
 * one JSON line with the timings (a TrainerOutput) after what `useBackend` prints.
 */
import * as fs from 'fs';
import type * as tfTypes from '@tensorflow/tfjs';
import { setSeed, tf, useBackend } from 'dl-lectures-lib';
import { BackendName } from 'dl-lectures-lib/runner';
import { EpochTimings, JobWorkload, TrainerOutput, TrainJob, Workload } from './bench-workloads';

/** The workload's network, laid out as its PyTorch twin in scripts/bench_torch.py. */
function buildModel(name: Workload['name']): tfTypes.Sequential {
  const dense = (units: number, activation: 'relu' | 'linear' = 'relu') => tf.layers.dense({ units, activation });
  if (name === 'mlp') {
    return tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }), dense(256), dense(10, 'linear')] });
  }
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tf.layers.averagePooling2d({ poolSize: 2 }), // [n, 14, 14, 6]
      tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }),
      tf.layers.averagePooling2d({ poolSize: 2 }), // [n, 5, 5, 16]
      tf.layers.flatten(),
      dense(120),
      dense(84),
      dense(10, 'linear'),
    ],
  });
}

/** The first `n` images of the job's files as tensors: xs [n, 784] or [n, 28, 28, 1], one-hot ys [n, 10]. */
function loadBatchSource(job: TrainJob, workload: JobWorkload): { xs: tfTypes.Tensor; ys: tfTypes.Tensor2D } {
  const n = workload.samples;
  const pixels = new Float32Array(fs.readFileSync(job.xsFile).buffer.slice(0, n * 784 * 4));
  const labels = new Int32Array(fs.readFileSync(job.ysFile).buffer.slice(0, n * 4));
  const xs = tf.tensor(pixels, workload.name === 'mlp' ? [n, 784] : [n, 28, 28, 1]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat() as tfTypes.Tensor2D);
  return { xs, ys };
}

/**
 * Trains `workload` for its epochs, batches sliced from tensors made once, the loss read once per epoch
 * (a read waits for the queued work on async backends), and returns every epoch's timing.
 */
async function runWorkload(job: TrainJob, workload: JobWorkload): Promise<EpochTimings> {
  const { xs, ys } = loadBatchSource(job, workload);
  const model = buildModel(workload.name);
  const optimizer = tf.train.adam(workload.learningRate);
  const n = workload.samples;
  const timings: EpochTimings = { name: workload.name, samples: n, epochSeconds: [], cpuSeconds: [], loss: NaN };
  for (let epoch = 0; epoch < workload.epochs; epoch++) {
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    let cost: tfTypes.Scalar | undefined;
    for (let start = 0; start < n; start += workload.batchSize) {
      const size = Math.min(workload.batchSize, n - start);
      cost?.dispose();
      cost = tf.tidy(() => {
        const [xb, yb] = [tf.slice(xs, start, size), tf.slice(ys, start, size)];
        return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(yb, model.apply(xb) as tfTypes.Tensor), true)!;
      });
    }
    const loss = (await cost!.data())[0];
    cost!.dispose();
    const cpu = process.cpuUsage(cpuStart);
    timings.epochSeconds.push((performance.now() - wallStart) / 1000);
    timings.cpuSeconds.push((cpu.user + cpu.system) / 1e6);
    timings.loss = loss;
  }
  tf.dispose([xs, ys]);
  optimizer.dispose();
  model.dispose();
  return timings;
}

/** Runs the job on `backend` and returns what to print. */
async function train(backend: BackendName, job: TrainJob): Promise<TrainerOutput> {
  let info;
  try {
    info = await useBackend(backend);
  } catch (e) {
    return { error: (e as Error).message };
  }
  setSeed(job.seed);
  const results: EpochTimings[] = [];
  for (const workload of job.workloads) results.push(await runWorkload(job, workload));
  return { threads: info.threads ?? (backend === 'cpu' ? 1 : undefined), versions: info.versions, results };
}

async function main(): Promise<void> {
  const backend = process.argv[2] as BackendName;
  const job: TrainJob = JSON.parse(fs.readFileSync(0, 'utf8'));
  const output = await train(backend, job);
  console.log(JSON.stringify(output));
  process.exitCode = output.error === undefined ? 0 : 3;
}

if (require.main === module) void main();
