/**
 * The 'tensorflow' backend on real native TensorFlow (the build of `npm run native-tf`, on the CPU here):
 * it loads into the library's one tfjs-core, passes the library's gradient check, and its kernels'
 * gradients and a training run match the cpu backend. Where no native TensorFlow is present these tests
 * fail, saying to run `npm run native-tf`.
 */
import { expect } from 'chai';
import type * as tfTypes from '@tensorflow/tfjs';
import { BackendInfo, nativeThreadCount, useBackend } from 'dl-lectures-lib/dist/backend';
import { gradCheckTf, FLOAT32_THRESHOLDS } from 'dl-lectures-lib/dist/gradcheck-tf';
import { findNativeBindings, readNativeManifest } from 'dl-lectures-lib/dist/native-backend';
import { nativeOpsInUse } from 'dl-lectures-lib/dist/native-kernels';
import { setSeed } from 'dl-lectures-lib/dist/random';
import { tf } from 'dl-lectures-lib/dist/tf';
import { captureLogAsync, expectNoLeakedTensors, useNativeTensorflow } from '../helpers';

/** float32 sums of a few hundred products agree to about 1e-6 across backends; 1e-4 leaves room without hiding a wrong tap. */
const RELATIVE_TOLERANCE = 1e-4;

/** Values in [-1, 1] that are the same on every backend (no random generator involved). */
const fixed = (shape: number[], phase: number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(phase + 0.37 * i)), shape);

/** Runs `fn` on `backend` and returns the values of the tensors it returns; disposes all it made. */
async function valuesOn(backend: 'cpu' | 'tensorflow', fn: () => tfTypes.Tensor[]): Promise<number[][]> {
  await tf.setBackend(backend);
  const tensors = tf.tidy(fn);
  const values = await Promise.all(tensors.map(async (t) => Array.from(await t.data())));
  tf.dispose(tensors);
  return values;
}

/** The worst element of `actual` outside the tolerance relative to `expected`'s largest value, described; undefined when all agree. */
function mismatch(actual: number[], expected: number[]): string | undefined {
  if (actual.length !== expected.length) return `${actual.length} values, expected ${expected.length}`;
  const scale = Math.max(1, ...expected.map(Math.abs));
  const errors = actual.map((a, i) => Math.abs(a - expected[i]));
  const worst = errors.reduce((w, e, i) => (e > errors[w] || Number.isNaN(e) ? i : w), 0);
  return errors[worst] <= RELATIVE_TOLERANCE * scale ? undefined : `element ${worst}: tensorflow ${actual[worst]} vs cpu ${expected[worst]} (tolerance ${RELATIVE_TOLERANCE * scale})`;
}

type Pad = 'same' | 'valid';
const x4 = (t: tfTypes.Tensor) => t as tfTypes.Tensor4D;

/** Each case returns an op's value and its gradients with respect to every input, for the same fixed inputs. */
const KERNEL_CASES: Record<string, () => tfTypes.Tensor[]> = {
  ...Object.fromEntries(
    (['same', 'valid'] as Pad[]).flatMap((pad) =>
      [1, 2].map((stride) => [
        `conv2d, stride ${stride}, ${pad}`,
        () => {
          const x = fixed([2, 7, 6, 3], 0.2); // [batch, h, w, inC]
          const f = fixed([3, 3, 3, 4], 1.1); // [fh, fw, inC, outC]
          const y = (a: tfTypes.Tensor, b: tfTypes.Tensor) => tf.conv2d(x4(a), x4(b), stride, pad);
          return [y(x, f), ...tf.grads((a, b) => y(a, b).square().sum())([x, f])];
        },
      ]),
    ),
  ),
  'depthwiseConv2d, stride 2, same': () => {
    const x = fixed([1, 8, 8, 3], 0.5);
    const f = fixed([3, 3, 3, 2], 2.3); // [fh, fw, inC, multiplier]
    const y = (a: tfTypes.Tensor, b: tfTypes.Tensor) => tf.depthwiseConv2d(x4(a), x4(b), 2, 'same');
    return [y(x, f), ...tf.grads((a, b) => y(a, b).square().sum())([x, f])];
  },
  'maxPool and avgPool 2x2, stride 2': () => {
    const x = fixed([2, 6, 6, 2], 0.9);
    const y = (a: tfTypes.Tensor) => tf.add(tf.maxPool(x4(a), 2, 2, 'valid').square(), tf.avgPool(x4(a), 2, 2, 'valid').square());
    return [y(x), tf.grad((a) => y(a).sum())(x)];
  },
  'avgPool 3x3 stride 3, 2x2 stride 3 on an odd size, and 3x3 stride 1 (overlapping windows: TensorFlow\'s own gradient)': () => {
    const x = fixed([2, 7, 8, 3], 1.3);
    const y = (a: tfTypes.Tensor) =>
      tf.addN([tf.avgPool(x4(a), 3, 3, 'valid').square().sum(), tf.avgPool(x4(a), 2, 3, 'valid').square().sum(), tf.avgPool(x4(a), 3, 1, 'valid').square().sum()]);
    return [y(x), tf.grad(y)(x)];
  },
  'bias adds on either side, and adds that are not bias adds (same shapes, other broadcasts, int32)': () => {
    const x = fixed([3, 4, 5], 0.4);
    const b = fixed([5], 1.6);
    const y = (a: tfTypes.Tensor, c: tfTypes.Tensor) =>
      tf.addN([tf.add(a, c).square().sum(), tf.add(c, a).sum(), tf.add(c, c).sum(), tf.add(fixed([3, 1], 0.2), fixed([1, 4], 0.5)).sum(), tf.add(tf.reshape(c, [5, 1]), fixed([1], 3)).sum()]);
    return [y(x, b), ...tf.grads(y)([x, b]), tf.add(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), tf.tensor1d([10, 20], 'int32'))];
  },
  'relu, prelu and a dense ReLU layer (their gradients take step)': () => {
    const x = fixed([4, 5], 0.7);
    const w = fixed([5, 3], 2.1);
    const alpha = tf.fill([5], 0.2);
    const y = (a: tfTypes.Tensor, b: tfTypes.Tensor) =>
      tf.add(tf.fused.matMul({ a: a as tfTypes.Tensor2D, b: b as tfTypes.Tensor2D, activation: 'relu' }).sum(), tf.relu(a).add(tf.prelu(a, alpha)).sum());
    return [y(x, w), ...tf.grads((a, b) => y(a, b))([x, w])];
  },
  'matMul with transposed operands': () => {
    const a = fixed([5, 3], 0.1);
    const b = fixed([4, 5], 1.7);
    const y = (p: tfTypes.Tensor, q: tfTypes.Tensor) => tf.matMul(p as tfTypes.Tensor2D, q as tfTypes.Tensor2D, true, true);
    return [y(a, b), ...tf.grads((p, q) => y(p, q).square().sum())([a, b])];
  },
  'batchNorm, gather and softmax cross-entropy': () => {
    const x = fixed([6, 4], 0.3);
    const table = fixed([5, 4], 1.9);
    const ids = tf.tensor1d([0, 3, 3, 1, 4, 0], 'int32');
    const labels = tf.oneHot(tf.tensor1d([1, 0, 3, 2, 2, 1], 'int32'), 4);
    const [offset, scale] = [fixed([4], 0.8), tf.add(fixed([4], 2.6), 1.5)];
    const y = (a: tfTypes.Tensor, t: tfTypes.Tensor) => {
      const moments = tf.moments(a, 0);
      const normed = tf.batchNorm(a as tfTypes.Tensor2D, moments.mean, moments.variance, offset, scale, 1e-3);
      return tf.losses.softmaxCrossEntropy(labels, tf.add(normed, tf.gather(t, ids)));
    };
    return [y(x, table), ...tf.grads((a, t) => y(a, t))([x, table])];
  },
};

describe('native TensorFlow (the tensorflow backend)', function () {
  this.timeout(5 * 60 * 1000);
  let previous: string | null;
  let info: BackendInfo;
  before(async () => {
    previous = tf.getBackend();
    info = await useNativeTensorflow();
  });
  after(async () => {
    await tf.setBackend(previous ?? 'cpu'); // loading tfjs-node switched to 'tensorflow'
  });

  it("loads into the library's one tfjs-core, so tensors made with the library's tf run on it", async () => {
    expect(info.backend).to.equal('tensorflow');
    expect(tf.getBackend()).to.equal('tensorflow');
    const binding = findNativeBindings().bindings[0];
    expect(require.resolve('@tensorflow/tfjs-core', { paths: [binding.packageDir] })).to.equal(require.resolve('@tensorflow/tfjs-core'));
    const t = tf.tensor1d([1, -2, 3]);
    const squared = tf.square(t);
    expect(tf.engine().backend).to.equal(tf.findBackend('tensorflow'));
    expect(Array.from(await squared.data())).to.deep.equal([1, 4, 9]);
    tf.dispose([t, squared]);
  });

  it('says which binding runs, with the TensorFlow version the binding reports', async () => {
    const binding = findNativeBindings().bindings[0];
    expect(info.native?.binding).to.equal(binding.kind);
    expect(info.native?.tensorflow).to.match(/^\d+\.\d+\.\d+/);
    expect(info.versions.tensorflow).to.equal(info.native?.tensorflow);
    if (binding.kind === 'native-tf') expect(info.native?.tensorflow).to.equal(readNativeManifest()!.tensorflowVersion);
    const { log } = await captureLogAsync(() => useBackend('tensorflow'));
    // On the CPU it computes each kernel with one thread (the speed-up of NATIVE_INTRA_OP_THREADS), unless TF_NUM_INTRAOP_THREADS says otherwise.
    const threads = process.env.TF_NUM_INTRAOP_THREADS === '1' ? '1 thread' : `${info.threads} threads`;
    expect(info.threads).to.equal(info.gpu ? undefined : nativeThreadCount());
    expect(log).to.contain(`Backend: tensorflow on ${info.gpu ? 'GPU' : `CPU, ${threads}`} (TensorFlow ${info.native?.tensorflow} through ${binding.from}`);
  });

  it('passes the float32 gradient check on a small conv net, and catches a doubled filter gradient', async () => {
    await tf.setBackend('tensorflow');
    const params = { filter: tf.mul(fixed([3, 3, 1, 2], 0.4), 0.5), dense: tf.mul(fixed([18, 3], 1.2), 0.5) };
    const images = fixed([2, 6, 6, 1], 2.0); // [batch, h, w, 1]
    const labels = tf.oneHot(tf.tensor1d([2, 0], 'int32'), 3);
    /** conv 3x3 'same' -> tanh -> avgPool 2x2 -> dense -> softmax cross-entropy. */
    const cost = (p: Record<string, tfTypes.Tensor>) =>
      tf.tidy(() => {
        const h = tf.avgPool(tf.tanh(tf.conv2d(x4(images), x4(p.filter), 1, 'same')), 2, 2, 'valid'); // [2, 3, 3, 2]
        return tf.losses.softmaxCrossEntropy(labels, tf.matMul(tf.reshape(h, [2, 18]), p.dense)) as tfTypes.Scalar;
      });
    const grads = tf.tidy(() => tf.grads((f, d) => cost({ filter: f, dense: d }))([params.filter, params.dense]));
    const doubled = { filter: tf.mul(grads[0], 2), dense: grads[1] };
    try {
      await expectNoLeakedTensors(async () => {
        const result = await gradCheckTf(cost, params);
        expect(result.difference).to.be.below(FLOAT32_THRESHOLDS.ok);
        expect(result.verdict).to.equal('ok');
        expect(result.checked).to.equal(18 + 54);
        const bug = await gradCheckTf(cost, params, { grads: doubled });
        expect(bug.verdict).to.equal('bug');
        expect(bug.perParameter.filter.difference).to.be.closeTo(1 / 3, 1e-2); // |2g - g| / (|2g| + |g|)
        expect(bug.perParameter.dense.verdict).to.equal('ok');
      });
    } finally {
      tf.dispose([params.filter, params.dense, images, labels, ...grads, doubled.filter]);
    }
  });

  for (const [name, fn] of Object.entries(KERNEL_CASES)) {
    it(`gives ${name} and its gradients as the cpu backend does`, async () => {
      const expected = await valuesOn('cpu', fn);
      const actual = await valuesOn('tensorflow', fn);
      const problems = actual.flatMap((values, i) => {
        const m = mismatch(values, expected[i]);
        return m === undefined ? [] : [`${i === 0 ? 'value' : `gradient ${i}`}: ${m}`];
      });
      expect(problems).to.deep.equal([]);
    });
  }

  it("gives step as tfjs-node's own kernel and the cpu backend do: NaN kept, 1 only above 0, and other alphas", async () => {
    const values = [NaN, -2, -0, 0, 0.5, 3, Infinity, -Infinity];
    const steps = () => [tf.step(tf.tensor1d(values)), tf.step(tf.tensor1d(values), 0.3), tf.step(fixed([3, 4], 0.1))];
    const expected = await valuesOn('cpu', steps);
    expect(expected[0]).to.deep.equal([NaN, 0, 0, 0, 1, 1, 1, 0]); // the reference itself, worked by hand
    expect(await valuesOn('tensorflow', steps)).to.deep.equal(expected);
    const kernel = tf.getKernel('Step', 'tensorflow')!;
    expect(kernel.kernelFunc.name, 'the library replaced the kernel').to.equal('step');
  });

  it("runs Adam's update as one DlAdamUpdate op per weight, giving exactly what tfjs's Adam gives on cpu", async () => {
    expect(nativeOpsInUse(), 'native/dl-ops.node loaded (npm run native-tf builds it)').to.equal(true);
    /** Ten steps on three weights (the largest spans several vector widths and a remainder), gradients from the same numbers everywhere; the weights, Adam's moments, and the kernels tfjs ran for one step. */
    const adamSteps = async (backend: 'cpu' | 'tensorflow') => {
      await tf.setBackend(backend);
      const weights = [[6, 5], [5], [3, 7, 11]].map((shape, i) => tf.variable(fixed(shape, i), true, `adam-${backend}-${i}`));
      const optimizer = tf.train.adam(0.02);
      const gradients = (step: number) => weights.map((w, i) => ({ name: w.name, tensor: tf.tensor(Array.from({ length: w.size }, (_, k) => Math.cos(0.3 * k + step + i) * (k % 4 === 0 ? 1e-3 : 1)), w.shape) }));
      let kernels: string[] = [];
      for (let step = 0; step < 10; step++) {
        const grads = gradients(step);
        if (step === 5) kernels = (await tf.profile(() => optimizer.applyGradients(grads))).kernels.map((k) => k.name);
        else optimizer.applyGradients(grads);
        tf.dispose(grads.map((g) => g.tensor));
      }
      const state = [...weights, ...(await optimizer.getWeights()).map((w) => w.tensor)];
      const values = await Promise.all(state.map(async (t) => Array.from(await t.data())));
      tf.dispose(weights);
      optimizer.dispose();
      return { values, kernels };
    };
    const expected = await adamSteps('cpu');
    const actual = await adamSteps('tensorflow');
    expect(actual.values).to.deep.equal(expected.values); // every weight and moment, bit for bit
    expect(actual.values.length).to.equal(1 + 3 + 6); // the iteration count, then m and v of each weight
    // tfjs's own update ran about a dozen kernels per weight; now only the bias corrections 1 - βᵗ and βᵗ⁺¹ remain.
    expect(expected.kernels.length).to.be.at.least(30);
    expect(actual.kernels.length, actual.kernels.join(', ')).to.be.at.most(4);
  });

  it('gives a cast to the own dtype and a reshape to the own shape as the tensor itself, which outlives them', async () => {
    await tf.setBackend('tensorflow');
    await expectNoLeakedTensors(async () => {
      const x = fixed([2, 3], 0.5);
      const before = Array.from(await x.data());
      const [same, cast, reshaped, other] = [tf.reshape(x, [2, 3]), tf.cast(x, 'float32'), tf.reshape(x, [3, 2]), tf.cast(x, 'int32')];
      expect(same.shape).to.deep.equal([2, 3]);
      expect(reshaped.shape).to.deep.equal([3, 2]);
      expect(other.dtype).to.equal('int32');
      cast.dispose();
      expect(Array.from(await x.data()), 'x after its cast was disposed').to.deep.equal(before);
      expect(Array.from(await other.data())).to.deep.equal(before.map(Math.trunc));
      x.dispose();
      expect(Array.from(await same.data()), 'a reshape to the same shape outlives x').to.deep.equal(before);
      expect(Array.from(await reshaped.data())).to.deep.equal(before);
      tf.dispose([same, reshaped, other]);
    });
  });

  it("runs ReLU's gradient, bias adds and average pooling's gradient as the project's ops, bit for bit as TensorFlow's own ops", async () => {
    expect(nativeOpsInUse(), 'native/dl-ops.node loaded (npm run native-tf builds it)').to.equal(true);
    await tf.setBackend('tensorflow');
    const backend = tf.backend() as unknown as { binding: Record<string, number>; executeSingleOutput(op: string, attrs: object[], inputs: tfTypes.Tensor[]): tfTypes.Tensor };
    const { TF_ATTR_TYPE, TF_ATTR_INT, TF_ATTR_STRING, TF_FLOAT } = backend.binding;
    const float = { name: 'T', type: TF_ATTR_TYPE, value: TF_FLOAT };
    /** Every value, with NaN, ±0, ±Infinity and float32 denormals among them. */
    const special = [NaN, -0, 0, 1e-40, -1e-40, Infinity, -Infinity, 3e-38, -2.5];
    const mixed = (shape: number[], phase: number) =>
      tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i % 5 === 0 ? special[(i / 5) % special.length] : 4 * Math.sin(phase + 0.37 * i))), shape);
    const bits = async (t: tfTypes.Tensor) => Array.from(new Uint32Array((await t.data<'float32'>()).buffer)).map((b, i, all) => ((b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0 ? 'NaN' : all[i]));
    await expectNoLeakedTensors(async () => {
      const x = mixed([4, 6, 6, 3], 0.3);
      const dy = mixed([4, 6, 6, 3], 1.9);
      const bias = mixed([3], 2.7);
      const [poolDy, shape] = [mixed([4, 3, 3, 3], 0.8), tf.tensor1d([4, 6, 6, 3], 'int32')];
      const pairs: [string, tfTypes.Tensor, tfTypes.Tensor][] = tf.tidy(() => [
        // the gradient reaching relu is dy (times ones); tfjs's ReLU gradient is mul(dy, cast(step(x))), step as tested above
        ['ReLU gradient', tf.grad((a) => tf.mul(tf.relu(a), dy))(x), tf.mul(dy, tf.cast(tf.step(x), 'float32'))],
        ['bias add', tf.add(x, bias), backend.executeSingleOutput('AddV2', [float], [x, bias])],
        ['bias add, bias first', tf.add(bias, x), backend.executeSingleOutput('AddV2', [float], [bias, x])],
        ['avgPool gradient', tf.engine().runKernel('AvgPoolGrad', { dy: poolDy, input: x }, { filterSize: 2, strides: 2, pad: 'valid' }) as tfTypes.Tensor,
          backend.executeSingleOutput('AvgPoolGrad', [float, { name: 'ksize', type: TF_ATTR_INT, value: [1, 2, 2, 1] }, { name: 'strides', type: TF_ATTR_INT, value: [1, 2, 2, 1] },
            { name: 'padding', type: TF_ATTR_STRING, value: 'VALID' }, { name: 'data_format', type: TF_ATTR_STRING, value: 'NHWC' }], [shape, poolDy])],
      ]);
      for (const [name, ours, theirs] of pairs) expect(await bits(ours), name).to.deep.equal(await bits(theirs));
      const profile = await tf.profile(() => tf.tidy(() => tf.grad((a) => tf.relu(a).sum())(x)));
      tf.dispose(profile.result as tfTypes.Tensor);
      expect(profile.kernels.map((k) => k.name), 'ReLU and its gradient').to.include('DlReluGrad').and.not.include('Step');
      tf.dispose([x, dy, bias, poolDy, shape, ...pairs.flatMap(([, a, b]) => [a, b])]);
    });
  });

  describe('training a small conv net with tf.layers', () => {
    /** Losses per epoch and final weights of a seeded conv net trained with Adam for 4 epochs (no shuffling) on `backend`. */
    async function train(backend: 'cpu' | 'tensorflow'): Promise<{ losses: number[]; weights: number[][] }> {
      await tf.setBackend(backend);
      setSeed(7);
      const xs = fixed([32, 8, 8, 1], 0.6);
      const ys = tf.tidy(() => tf.oneHot(tf.greater(tf.sum(xs, [1, 2, 3]), 0).cast('int32'), 2)); // the sign of the pixel sum
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }), // [n, 4, 4, 4]
          tf.layers.flatten(),
          tf.layers.dense({ units: 8, activation: 'relu' }),
          tf.layers.dense({ units: 2, activation: 'softmax' }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
      const history = await model.fit(xs, ys, { epochs: 4, batchSize: 8, shuffle: false, verbose: 0 });
      const weights = await Promise.all(model.getWeights().map(async (w) => Array.from(await w.data())));
      tf.dispose([xs, ys]);
      model.dispose();
      setSeed(undefined);
      return { losses: history.history.loss as number[], weights };
    }

    it('reaches the same losses epoch by epoch and the same weights on tensorflow (one intra-op thread) as on cpu', async () => {
      expect(process.env.TF_NUM_INTRAOP_THREADS, 'the test process loaded native TensorFlow with the library\'s thread setting').to.equal('1');
      const expected = await train('cpu');
      const actual = await train('tensorflow');
      expected.losses.forEach((e, epoch) => {
        expect(Math.abs(actual.losses[epoch] - e), `loss after epoch ${epoch + 1}: tensorflow ${actual.losses[epoch]} vs cpu ${e}`).to.be.at.most(RELATIVE_TOLERANCE * Math.max(1, Math.abs(e)));
      });
      expect(actual.losses[3], 'the loss falls').to.be.below(actual.losses[0]);
      actual.weights.forEach((w, i) => expect(mismatch(w, expected.weights[i]) ?? 'ok', `weights ${i}`).to.equal('ok'));
    });
  });
});
