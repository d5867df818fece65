/**
 * The check `npm run native-tf` runs in a fresh Node after building: the library's
 * `useBackend('tensorflow')` must load the build in native/ into the project's one tfjs-core, and a
 * matrix product, a convolution with a bias, ReLU and average pooling, and its gradients must match the cpu
 * backend, and on a CPU build the project's ops (native-ops/) must be in use, Adam giving exactly what tfjs's
 * Adam gives on the cpu backend. Prints useBackend's summary, then one JSON line (tensorflow version, gpu,
 * max abs diff, project ops); exits 1 on a mismatch.
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { tf, useBackend } from 'dl-lectures-lib';
import { nativeOpsInUse, NATIVE_PACKAGE_DIR, readNativeManifest } from 'dl-lectures-lib/runner';

/** Values in [-1, 1] that are the same on every backend (no random generator involved). */
const fixed = (shape: number[], phase: number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(phase + 0.37 * i)), shape);

/** matMul, a strided 'same' conv2d, and the input and filter gradients of conv2d + bias, ReLU and avgPool, as flat arrays. */
async function ops(): Promise<number[][]> {
  const results = tf.tidy(() => {
    const a = fixed([3, 4], 0.1);
    const b = fixed([4, 2], 0.7);
    const x = fixed([2, 6, 6, 3], 1.3) as tfTypes.Tensor4D; // [batch, h, w, inC]
    const f = fixed([3, 3, 3, 4], 2.1) as tfTypes.Tensor4D; // [fh, fw, inC, outC]
    const bias = fixed([4], 0.4);
    const conv = (xx: tfTypes.Tensor4D, ff: tfTypes.Tensor4D) => tf.conv2d(xx, ff, 2, 'same'); // [2, 3, 3, 4]
    const net = (xx: tfTypes.Tensor, ff: tfTypes.Tensor) => tf.avgPool(tf.relu(tf.add(conv(xx as tfTypes.Tensor4D, ff as tfTypes.Tensor4D), bias)) as tfTypes.Tensor4D, 2, 2, 'valid');
    const [dx, df] = tf.grads((xx, ff) => net(xx, ff).square().sum())([x, f]);
    return [tf.matMul(a, b), conv(x, f), dx, df];
  });
  const values = await Promise.all(results.map(async (t) => Array.from(await t.data())));
  tf.dispose(results);
  return values;
}

/**
 * Ten Adam steps on three weights with gradients made from the same numbers on every backend; returns the
 * weights and Adam's moments. Elementwise float32 arithmetic only, so backends that round each operation
 * agree exactly.
 */
async function adamSteps(): Promise<number[][]> {
  const shapes = [[7, 5], [5], [3, 2, 4]];
  const weights = shapes.map((shape, i) => tf.variable(fixed(shape, i), true, `adam-check-${tf.getBackend()}-${i}`));
  const optimizer = tf.train.adam(0.01);
  for (let step = 0; step < 10; step++) {
    const grads = weights.map((w, i) => ({ name: w.name, tensor: tf.tensor(Array.from({ length: w.size }, (_, k) => 0.5 * Math.cos(0.11 * k + 0.3 * step + i)), w.shape) }));
    optimizer.applyGradients(grads);
    tf.dispose(grads.map((g) => g.tensor));
  }
  const state = [...weights, ...(await optimizer.getWeights()).map((w) => w.tensor)];
  const values = await Promise.all(state.map(async (t) => Array.from(await t.data())));
  tf.dispose(weights);
  optimizer.dispose();
  return values;
}

async function main(): Promise<void> {
  const info = await useBackend('tensorflow');
  if (info.native?.binding !== 'native-tf') throw new Error(`useBackend('tensorflow') loaded ${info.provider}, not the build in native/`);
  const coreOfBuild = require.resolve('@tensorflow/tfjs-core', { paths: [NATIVE_PACKAGE_DIR] });
  if (coreOfBuild !== require.resolve('@tensorflow/tfjs-core')) throw new Error(`tfjs-node in native/ resolves another tfjs-core (${coreOfBuild})`);
  const native = await ops();
  const nativeAdam = await adamSteps();
  const projectOps = nativeOpsInUse();
  if (readNativeManifest()?.cudaBuild === false && !projectOps) throw new Error("the project's ops are not in use on this CPU build (native/dl-ops.node did not load: see the warning above)");
  await tf.setBackend('cpu');
  const cpu = await ops();
  const cpuAdam = await adamSteps();
  nativeAdam.forEach((values, i) => values.forEach((v, j) => {
    if (v !== cpuAdam[i][j]) throw new Error(`Adam, tensor ${i}, element ${j}: tensorflow ${v} vs cpu ${cpuAdam[i][j]} (they should be identical)`);
  }));
  let maxAbsDiff = 0;
  native.forEach((values, i) => {
    const scale = Math.max(1, ...cpu[i].map(Math.abs));
    values.forEach((v, j) => {
      const diff = Math.abs(v - cpu[i][j]);
      if (!(diff <= 1e-5 * scale)) throw new Error(`op ${i}, element ${j}: tensorflow ${v} vs cpu ${cpu[i][j]} (tolerance ${1e-5 * scale})`);
      maxAbsDiff = Math.max(maxAbsDiff, diff);
    });
  });
  console.log(JSON.stringify({ tensorflow: info.native.tensorflow, gpu: info.gpu, maxAbsDiff, projectOps }));
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exitCode = 1;
});
