/**
 * The webgpu backend (tfjs-backend-webgpu on Dawn, here on the SwiftShader software adapter) against the
 * cpu backend: every kernel the notebooks and the library use, forward and gradient, with tfjs's running
 * of small ops on the CPU turned off so every kernel runs as a shader.
 */
import { expect } from 'chai';
import type * as tfTypes from '@tensorflow/tfjs';
import { tf } from 'dl-lectures-lib/dist/tf';
import { useBackend } from 'dl-lectures-lib/dist/backend';
import { captureLogAsync, seededValues } from '../helpers';
import { useSwiftShaderIfUnset } from '../webgpu-env';


/**
 * float32 on two backends: sums of up to a few hundred products in a different order differ by ~1e-6
 * relative (measured here: at most 7e-7); 1e-4 relative plus 1e-5 absolute leaves room and still catches
 * a wrong tap, stride or padding (errors of order one).
 */
const RELATIVE = 1e-4;
const ABSOLUTE = 1e-5;

type T = tfTypes.Tensor;

/** One kernel check: inputs (values in [-1, 1), or positive), the op, and whether to check its gradient. */
interface Case {
  name: string;
  inputs: number[][];
  /** Inputs made positive (for log, sqrt, pow, variance). */
  positive?: boolean;
  /** Inputs given as int32 (indices). */
  intInputs?: number[];
  /** Fixed int32 tensors are built inside `op` instead; gradients are taken for every float input. */
  op: (...xs: T[]) => T;
  grad?: boolean;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

const conv = (strides: number | [number, number], pad: 'same' | 'valid' | number, inC: number, f: number, outC = 2): Case => ({
  name: `conv2d ${f}x${f} stride ${strides} pad ${pad} inC ${inC}`,
  inputs: [[2, 7, 6, inC], [f, f, inC, outC]],
  op: (x, w) => tf.conv2d(x as tfTypes.Tensor4D, w as tfTypes.Tensor4D, strides, pad),
  grad: true,
});

const CASES: Case[] = [
  // products
  { name: 'matMul', inputs: [[5, 7], [7, 4]], op: (a, b) => tf.matMul(a as tfTypes.Tensor2D, b as tfTypes.Tensor2D), grad: true },
  { name: 'matMul transposeA', inputs: [[7, 5], [7, 4]], op: (a, b) => tf.matMul(a as tfTypes.Tensor2D, b as tfTypes.Tensor2D, true, false), grad: true },
  { name: 'matMul transposeB', inputs: [[5, 7], [4, 7]], op: (a, b) => tf.matMul(a as tfTypes.Tensor2D, b as tfTypes.Tensor2D, false, true), grad: true },
  { name: 'matMul both transposed', inputs: [[7, 5], [4, 7]], op: (a, b) => tf.matMul(a as tfTypes.Tensor2D, b as tfTypes.Tensor2D, true, true), grad: true },
  { name: 'batched matMul', inputs: [[2, 3, 6], [2, 6, 4]], op: (a, b) => tf.matMul(a, b), grad: true },
  { name: 'matMul 128x300x64 (tiled shader)', inputs: [[128, 300], [300, 64]], op: (a, b) => tf.matMul(a as tfTypes.Tensor2D, b as tfTypes.Tensor2D), grad: true },
  // convolutions and pooling
  conv(1, 'same', 1, 3),
  conv(1, 'valid', 3, 5),
  conv(2, 'same', 2, 3),
  conv(2, 'valid', 1, 3),
  conv([1, 2], 'same', 3, 1),
  conv(1, 1, 2, 3),
  conv(2, 2, 1, 5),
  { name: 'conv2d 28x28 with 6 filters 5x5 same (LeNet-5)', inputs: [[2, 28, 28, 1], [5, 5, 1, 6]], op: (x, w) => tf.conv2d(x as tfTypes.Tensor4D, w as tfTypes.Tensor4D, 1, 'same'), grad: true },
  { name: 'depthwiseConv2d 3x3 same', inputs: [[2, 6, 6, 3], [3, 3, 3, 2]], op: (x, w) => tf.depthwiseConv2d(x as tfTypes.Tensor4D, w as tfTypes.Tensor4D, 1, 'same'), grad: true },
  { name: 'depthwiseConv2d 3x3 stride 2 valid', inputs: [[1, 7, 7, 2], [3, 3, 2, 1]], op: (x, w) => tf.depthwiseConv2d(x as tfTypes.Tensor4D, w as tfTypes.Tensor4D, 2, 'valid'), grad: true },
  { name: 'maxPool 2x2 stride 2 valid', inputs: [[2, 6, 6, 3]], op: (x) => tf.maxPool(x as tfTypes.Tensor4D, 2, 2, 'valid'), grad: true },
  { name: 'maxPool 3x3 stride 2 same', inputs: [[1, 7, 7, 2]], op: (x) => tf.maxPool(x as tfTypes.Tensor4D, 3, 2, 'same'), grad: true },
  { name: 'avgPool 2x2 stride 2 valid', inputs: [[2, 6, 6, 3]], op: (x) => tf.avgPool(x as tfTypes.Tensor4D, 2, 2, 'valid'), grad: true },
  { name: 'avgPool 3x3 stride 1 same', inputs: [[1, 5, 5, 2]], op: (x) => tf.avgPool(x as tfTypes.Tensor4D, 3, 1, 'same'), grad: true },
  // batch normalization, as tf.layers.batchNormalization and notebook 09 compute it
  {
    name: 'batchNorm',
    inputs: [[4, 3, 3, 2], [2], [2], [2], [2]],
    op: (x, mean, variance, offset, scale) => tf.batchNorm(x as tfTypes.Tensor4D, mean, variance.abs().add(0.5), offset, scale, 1e-3),
    grad: true,
  },
  { name: 'moments over the batch', inputs: [[6, 5]], op: (x) => { const m = tf.moments(x, 0); return tf.concat([m.mean, m.variance]); }, grad: true },
  // element-wise
  { name: 'add broadcast', inputs: [[4, 5], [5]], op: (a, b) => a.add(b), grad: true },
  { name: 'sub broadcast', inputs: [[4, 5], [4, 1]], op: (a, b) => a.sub(b), grad: true },
  { name: 'mul broadcast', inputs: [[4, 5], [5]], op: (a, b) => a.mul(b), grad: true },
  { name: 'div', inputs: [[4, 5], [4, 5]], op: (a, b) => a.div(b.abs().add(0.5)), grad: true },
  { name: 'addN', inputs: [[3, 4], [3, 4], [3, 4]], op: (a, b, c) => tf.addN([a, b, c]), grad: true },
  { name: 'square', inputs: [[40]], op: (x) => x.square(), grad: true },
  { name: 'sqrt', inputs: [[40]], positive: true, op: (x) => x.sqrt(), grad: true },
  { name: 'exp', inputs: [[40]], op: (x) => x.exp(), grad: true },
  { name: 'log', inputs: [[40]], positive: true, op: (x) => x.log(), grad: true },
  { name: 'pow', inputs: [[40]], positive: true, op: (x) => x.pow(tf.scalar(3)), grad: true },
  { name: 'abs', inputs: [[40]], op: (x) => x.abs(), grad: true },
  { name: 'neg', inputs: [[40]], op: (x) => x.neg(), grad: true },
  { name: 'maximum and minimum', inputs: [[40], [40]], op: (a, b) => tf.maximum(a, b).add(tf.minimum(a, b).mul(2)), grad: true },
  { name: 'clipByValue', inputs: [[40]], op: (x) => x.clipByValue(-0.5, 0.5), grad: true },
  { name: 'squaredDifference', inputs: [[40], [40]], op: (a, b) => tf.squaredDifference(a, b), grad: true },
  { name: 'floor, round, sign', inputs: [[40]], op: (x) => tf.stack([x.mul(3).floor(), x.mul(3).round(), x.sign()]) },
  { name: 'comparisons and logical ops', inputs: [[40], [40]], op: (a, b) => tf.stack([a.equal(b), a.greater(b), a.less(b), a.greaterEqual(b), a.notEqual(b), tf.logicalAnd(a.greater(0), b.less(0))]).cast('float32') },
  { name: 'where', inputs: [[40], [40]], op: (a, b) => tf.where(tf.tensor1d(Array.from({ length: 40 }, (_, i) => i % 3 === 0), 'bool'), a, b.mul(2)), grad: true },
  { name: 'step', inputs: [[40]], op: (x) => tf.step(x) },
  { name: 'cast to int32 and bool', inputs: [[40]], op: (x) => tf.stack([x.mul(5).cast('int32').cast('float32'), x.cast('bool').cast('float32')]) },
  // activations
  { name: 'relu', inputs: [[40]], op: (x) => x.relu(), grad: true },
  { name: 'sigmoid', inputs: [[40]], op: (x) => x.mul(4).sigmoid(), grad: true },
  { name: 'tanh', inputs: [[40]], op: (x) => x.mul(3).tanh(), grad: true },
  { name: 'elu, selu, leakyRelu, softplus', inputs: [[40]], op: (x) => tf.stack([tf.elu(x), tf.selu(x), tf.leakyRelu(x, 0.1), tf.softplus(x)]), grad: true },
  { name: 'softmax', inputs: [[6, 10]], op: (x) => x.mul(3).softmax(), grad: true },
  { name: 'logSoftmax', inputs: [[6, 10]], op: (x) => tf.logSoftmax(x.mul(3)), grad: true },
  // reductions
  { name: 'sum and mean over axes', inputs: [[5, 6]], op: (x) => tf.concat([x.sum(0), x.mean(1), x.sum().reshape([1]), x.mean().reshape([1])]), grad: true },
  { name: 'max and min over axes', inputs: [[5, 6]], op: (x) => tf.concat([x.max(0), x.min(1), x.max().reshape([1])]), grad: true },
  { name: 'argMax', inputs: [[5, 6]], op: (x) => tf.concat([x.argMax(0), x.argMax(1)]).cast('float32') },
  { name: 'norm', inputs: [[5, 6]], op: (x) => x.norm(), grad: true },
  { name: 'all and any', inputs: [[5, 6]], op: (x) => tf.stack([x.greater(-0.9).all(1), x.greater(0.8).any(1)]).cast('float32') },
  // losses, as tf.losses and tf.layers' losses compute them
  { name: 'softmaxCrossEntropy', inputs: [[6, 10], [6, 10]], op: (logits, y) => tf.losses.softmaxCrossEntropy(y.softmax(), logits.mul(3)), grad: true },
  { name: 'sigmoidCrossEntropy', inputs: [[8, 1], [8, 1]], op: (logits, y) => tf.losses.sigmoidCrossEntropy(y.mul(5).sigmoid(), logits.mul(3)), grad: true },
  { name: 'meanSquaredError', inputs: [[8, 3], [8, 3]], op: (a, b) => tf.losses.meanSquaredError(a, b), grad: true },
  { name: 'categoricalCrossentropy (layers)', inputs: [[6, 10], [6, 10]], op: (p, y) => tf.metrics.categoricalCrossentropy(y.softmax(), p.softmax()), grad: true },
  // indexing and shapes
  { name: 'gather rows', inputs: [[6, 4]], op: (x) => tf.gather(x, tf.tensor1d([5, 0, 2, 2, 1], 'int32')), grad: true },
  { name: 'gather along axis 1', inputs: [[3, 6]], op: (x) => tf.gather(x, tf.tensor1d([1, 4, 4], 'int32'), 1), grad: true },
  { name: 'oneHot', inputs: [[1]], op: () => tf.oneHot(tf.tensor1d([3, 0, 9, 3], 'int32'), 10).cast('float32') },
  { name: 'slice', inputs: [[6, 5]], op: (x) => tf.slice(x, [1, 2], [4, 3]), grad: true },
  { name: 'concat and stack', inputs: [[3, 4], [3, 4]], op: (a, b) => tf.concat([tf.concat([a, b], 1).reshape([24]), tf.stack([a, b], 1).reshape([24])]), grad: true },
  { name: 'split', inputs: [[6, 4]], op: (x) => { const [a, b] = tf.split(x, [2, 4]); return a.sum(0).add(b.mean(0)); }, grad: true },
  { name: 'transpose and reshape', inputs: [[2, 3, 4]], op: (x) => x.transpose([2, 0, 1]).reshape([4, 6]), grad: true },
  { name: 'pad', inputs: [[2, 3, 3, 1]], op: (x) => tf.pad(x, [[0, 0], [1, 2], [2, 1], [0, 0]]), grad: true },
  { name: 'reverse', inputs: [[4, 5]], op: (x) => tf.reverse(x, 1), grad: true },
  { name: 'tile and expandDims', inputs: [[3, 2]], op: (x) => tf.tile(x.expandDims(0), [2, 1, 3]), grad: true },
  { name: 'flatten of a conv output (layers)', inputs: [[2, 4, 4, 3]], op: (x) => x.reshape([2, 48]).matMul(tf.ones([48, 2])), grad: true },
  { name: 'scatterND', inputs: [[3, 2]], op: (x) => tf.scatterND(tf.tensor2d([[0], [4], [2]], [3, 1], 'int32'), x, [5, 2]) },
];

/** Values of a case's inputs: seeded per case and input, made positive where the op needs it. */
function caseInputs(c: Case, caseIndex: number): Float32Array[] {
  return c.inputs.map((shape, j) => {
    const v = seededValues(size(shape), 1000 * caseIndex + j + 1);
    return c.positive ? v.map((x) => Math.abs(x) + 0.1) : v;
  });
}

/** The case's output and, when checked, the gradient of sum(output · weights) for every input, on `backend`. */
async function runCase(backend: 'cpu' | 'webgpu', c: Case, values: Float32Array[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const results = tf.tidy(() => {
    const xs = values.map((v, j) => tf.tensor(v, c.inputs[j]));
    const out = c.op(...xs);
    if (!c.grad) return [out];
    const weights = tf.tensor(seededValues(out.size, 7), out.shape);
    const grads = tf.grads((...ins: T[]) => c.op(...ins).mul(weights).sum())(xs);
    return [out, ...grads];
  });
  const data = await Promise.all(results.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(results);
  return data;
}

/** Expects element-wise |actual − expected| ≤ ABSOLUTE + RELATIVE·|expected|; names the worst element. */
function expectClose(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, `${what}: size`).to.equal(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - (ABSOLUTE + RELATIVE * Math.abs(expected[i]));
    if (!(excess <= worstExcess)) [worst, worstExcess] = [i, Number.isNaN(excess) ? Infinity : excess];
  }
  expect(worst, `${what}: element ${worst} is ${actual[worst]} on webgpu, ${expected[worst]} on cpu`).to.equal(-1);
}

describe('the webgpu backend on the software adapter matches the cpu backend', function () {
  this.timeout(600_000);
  let restoreEnv: () => void;

  before(async () => {
    restoreEnv = useSwiftShaderIfUnset();
    await captureLogAsync(() => useBackend('cpu')); // quiets the cpu backend's advice to install tfjs-node
    await captureLogAsync(() => useBackend('webgpu'));
    tf.env().set('WEBGPU_CPU_FORWARD', false); // every op a shader, however small
  });
  after(async () => {
    tf.env().set('WEBGPU_CPU_FORWARD', true);
    await tf.setBackend('cpu');
    restoreEnv();
  });

  it('runs every kernel the notebooks and library use, forward and gradient, within 1e-4 relative', async () => {
    const failures: string[] = [];
    for (const [i, c] of CASES.entries()) {
      const values = caseInputs(c, i);
      let expected: Float32Array[];
      let actual: Float32Array[];
      try {
        expected = await runCase('cpu', c, values);
        actual = await runCase('webgpu', c, values);
      } catch (e) {
        failures.push(`${c.name}: ${(e as Error).message.split('\n')[0]}`);
        continue;
      }
      try {
        expected.forEach((e, j) => expectClose(actual[j], e, `${c.name} ${j === 0 ? 'forward' : `gradient of input ${j - 1}`}`));
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
  });

  it('sets tfjs WEBGPU_CPU_FORWARD from DL_WEBGPU_CPU_FORWARD, and rejects a value that is not true or false', async () => {
    const saved = process.env.DL_WEBGPU_CPU_FORWARD;
    try {
      for (const [value, expected] of [['true', true], ['false', false], ['1', true], ['0', false]] as const) {
        process.env.DL_WEBGPU_CPU_FORWARD = value;
        await captureLogAsync(() => useBackend('webgpu'));
        expect(tf.env().getBool('WEBGPU_CPU_FORWARD'), value).to.equal(expected);
      }
      process.env.DL_WEBGPU_CPU_FORWARD = 'off';
      let error: Error | undefined;
      await useBackend('webgpu').catch((e) => (error = e));
      expect(error?.message).to.equal("DL_WEBGPU_CPU_FORWARD must be true or false, got 'off'");
    } finally {
      if (saved === undefined) delete process.env.DL_WEBGPU_CPU_FORWARD;
      else process.env.DL_WEBGPU_CPU_FORWARD = saved;
      tf.env().set('WEBGPU_CPU_FORWARD', false);
    }
  });

  it('draws the same seeded random numbers and dropout masks as the cpu backend', async () => {
    const draw = async (backend: 'cpu' | 'webgpu') => {
      await tf.setBackend(backend);
      const ts = tf.tidy(() => [tf.randomNormal([50], 0, 1, 'float32', 3), tf.randomUniform([50], -1, 1, 'float32', 4), tf.dropout(tf.ones([50]), 0.5, undefined, 5)]);
      const data = await Promise.all(ts.map((t) => t.data()));
      tf.dispose(ts);
      return data;
    };
    const [cpu, gpu] = [await draw('cpu'), await draw('webgpu')];
    cpu.forEach((e, j) => expectClose(gpu[j] as Float32Array, e as Float32Array, `random draw ${j}`));
  });
});
