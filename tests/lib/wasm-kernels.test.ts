import { expect } from 'chai';
import type * as tfTypes from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from 'dl-lectures-lib/dist/wasm-kernels';
import { tf } from 'dl-lectures-lib/dist/tf';
import { expectNoLeakedTensors, seededValues } from '../helpers';

type Backend = 'cpu' | 'wasm';
type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];
type Strides = number | [number, number];

/** float32 sums of a few hundred products agree to about 1e-6; 1e-4 leaves room without hiding a wrong tap. */
const RELATIVE_TOLERANCE = 1e-4;

const STRIDES: Strides[] = [1, 2, [1, 2]];
const PADS: Pad[] = ['same', 'valid', 1, [[0, 0], [1, 0], [2, 1], [0, 0]]];
const IN_SIZES: [number, number][] = [[7, 7], [8, 6]]; // odd and square, even and not square
const FILTER_SIZES = [1, 3, 5];
const BATCH_AND_CHANNELS: [number, number][] = [[1, 1], [3, 2], [1, 3]]; // [batch, inC]

function seededTensor(shape: number[], seed: number): tfTypes.Tensor {
  return tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape);
}

/** Runs `fn` on `backend` and returns the values of the tensors it returns; disposes all it made. */
async function valuesOn(backend: Backend, fn: () => tfTypes.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => fn().map((t) => t.dataSync() as Float32Array));
}

/** The worst element outside the tolerance, described, or undefined when all agree. */
function mismatch(actual: Float32Array, expected: Float32Array): string | undefined {
  if (actual.length !== expected.length) return `${actual.length} values, expected ${expected.length}`;
  const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
  let worst = 0;
  for (let i = 1; i < actual.length; i++) {
    if (Math.abs(actual[i] - expected[i]) > Math.abs(actual[worst] - expected[worst])) worst = i;
  }
  const error = Math.abs(actual[worst] - expected[worst]);
  return error > RELATIVE_TOLERANCE * scale || Number.isNaN(error)
    ? `element ${worst}: wasm ${actual[worst]} vs cpu ${expected[worst]} (tolerance ${RELATIVE_TOLERANCE * scale})`
    : undefined;
}

/** Runs `fn` on cpu and wasm and returns one line per gradient that differs, naming the case. */
async function compareBackends(caseName: string, gradNames: string[], fn: () => tfTypes.Tensor[]): Promise<string[]> {
  const expected = await valuesOn('cpu', fn);
  const actual = await valuesOn('wasm', fn);
  return gradNames.flatMap((name, i) => {
    const m = mismatch(actual[i], expected[i]);
    return m === undefined ? [] : [`${caseName}, ${name}: ${m}`];
  });
}

interface ConvCase {
  name: string;
  strides: Strides;
  pad: Pad;
  xShape: number[];
  filterSize: number;
  outC: number;
}

/** Every combination of the grid, with a name for failure messages. */
function convCases(): ConvCase[] {
  const cases: ConvCase[] = [];
  for (const strides of STRIDES)
    for (const pad of PADS)
      for (const [h, w] of IN_SIZES)
        for (const filterSize of FILTER_SIZES)
          for (const [batch, inC] of BATCH_AND_CHANNELS) {
            const outC = 1 + ((cases.length + inC) % 3); // 1..3, varied across the grid
            const xShape = [batch, h, w, inC];
            const name = `strides ${JSON.stringify(strides)} pad ${JSON.stringify(pad)} x [${xShape}] filter ${filterSize}x${filterSize} out ${outC}`;
            cases.push({ name, strides, pad, xShape, filterSize, outC });
          }
  return cases;
}

/** Gradients of sum(op(x, filter) * r) for a fixed random r, so every element of dy differs. */
function weightedSumGrads(
  op: (x: tfTypes.Tensor4D, f: tfTypes.Tensor4D) => tfTypes.Tensor4D,
  xShape: number[],
  filterShape: number[],
): tfTypes.Tensor[] {
  return tf.tidy(() => {
    const x = seededTensor(xShape, 1) as tfTypes.Tensor4D;
    const filter = seededTensor(filterShape, 2) as tfTypes.Tensor4D;
    const r = seededTensor(op(x, filter).shape, 3);
    return tf.grads((a, b) => tf.sum(tf.mul(op(a as tfTypes.Tensor4D, b as tfTypes.Tensor4D), r)))([x, filter]);
  });
}

describe('registerWasmTrainingKernels', function () {
  this.timeout(60_000);
  let previousBackend: string;

  before(() => {
    // No backend chosen yet means tfjs would pick cpu in Node, had wasm not been loaded.
    previousBackend = tf.getBackend() ?? 'cpu';
    // Loaded here, not at import, so other test files keep their default backend.
    require('@tensorflow/tfjs-backend-wasm');
    registerWasmTrainingKernels();
  });

  after(async () => {
    await tf.setBackend(previousBackend);
  });

  it('registers each kernel once however often it is called', () => {
    // A second registration would only print a warning.
    const warnings: string[] = [];
    const originalWarn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      registerWasmTrainingKernels();
      registerWasmTrainingKernels();
    } finally {
      console.warn = originalWarn;
    }
    expect(warnings, 'warnings from repeated registration').to.deep.equal([]);
    for (const name of ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'UnsortedSegmentSum']) {
      expect(tf.getKernel(name, 'wasm'), `${name} on wasm`).to.not.equal(undefined);
    }
  });

  it('gives matrix products with transposed operands as the cpu backend does, batched or not, and fused', async () => {
    const failures: string[] = [];
    // [a, b] as untransposed shapes; the last pair broadcasts a batch of 1 against 3.
    const shapes: [number[], number[]][] = [[[5, 7], [7, 3]], [[2, 4, 6], [2, 6, 5]], [[1, 3, 4], [3, 4, 2]]];
    for (const [aShape, bShape] of shapes)
      for (const transposeA of [false, true])
        for (const transposeB of [false, true]) {
          const swap = (s: number[]) => [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]];
          const run = () => {
            const a = seededTensor(transposeA ? swap(aShape) : aShape, 11);
            const b = seededTensor(transposeB ? swap(bShape) : bShape, 12);
            const bias = seededTensor([bShape[bShape.length - 1]], 13);
            const product = tf.matMul(a, b, transposeA, transposeB);
            // The backend's own batched fused product adds the wrong bias elements (tfjs 4.22), transposed or not.
            return aShape.length > 2 ? [product] : [product, tf.fused.matMul({ a, b, transposeA, transposeB, bias, activation: 'relu' })];
          };
          const name = `a [${aShape}] b [${bShape}] transposeA ${transposeA} transposeB ${transposeB}`;
          failures.push(...(await compareBackends(name, ['matMul', 'fused matMul with bias and relu'].slice(0, aShape.length > 2 ? 1 : 2), run)));
        }
    expect(failures, failures.join('\n')).to.deep.equal([]);
  });

  it('slices exactly as the cpu backend does: ranks 1 to 6, contiguous or strided, float32, int32 and bool, empty', async () => {
    const failures: string[] = [];
    const shapes = [[9], [6, 5], [4, 3, 5], [3, 4, 2, 3], [2, 3, 2, 2, 3], [2, 2, 3, 2, 2, 2]];
    for (const shape of shapes)
      for (const dtype of ['float32', 'int32', 'bool'] as const)
        for (const form of ['rows', 'inner', 'size -1', 'empty'] as const) {
          // 'rows' keeps whole trailing axes (one contiguous run, the training-batch case); 'inner' cuts every axis.
          const begin = shape.map((d, i) => (form === 'rows' && i > 0 ? 0 : Math.min(1, d - 1)));
          const size = shape.map((d, i) =>
            form === 'empty' && i === shape.length - 1 ? 0 : form === 'size -1' ? -1 : form === 'rows' && i > 0 ? d : Math.max(1, d - 2),
          );
          const run = () => {
            const values = seededValues(shape.reduce((a, b) => a * b, 1), 21);
            const x = dtype === 'float32' ? tf.tensor(values, shape) : tf.tensor(values, shape).mul(3).round().cast(dtype); // bool: x ≠ 0
            return [tf.slice(x, begin, size)];
          };
          const [expected] = await valuesOn('cpu', run);
          const [actual] = await valuesOn('wasm', run);
          const name = `${dtype} [${shape}] begin [${begin}] size [${size}]`;
          if (expected.length === 0 && form !== 'empty') failures.push(`${name}: the case selects nothing`);
          if (JSON.stringify(Array.from(actual)) !== JSON.stringify(Array.from(expected))) failures.push(`${name}: wasm [${actual}] vs cpu [${expected}]`);
        }
    expect(failures, failures.join('\n')).to.deep.equal([]);
  });

  it("casts to bool as x ≠ 0, as the cpu backend does (the backend's own Cast truncated to a byte)", async () => {
    const numbers = [-2, 0, 3, 0.5, -0.25, 256, -0, NaN, Infinity];
    const run = () => [tf.tensor(numbers).cast('bool'), tf.tensor([-2, 0, 3, 256], undefined, 'int32').cast('bool'), tf.tensor([1, 0], undefined, 'bool').cast('bool')];
    const expected = await valuesOn('cpu', run);
    const actual = await valuesOn('wasm', run);
    expect(expected.map((v) => Array.from(v)), 'cpu').to.deep.equal([[1, 0, 1, 1, 1, 1, 0, 1, 1], [1, 0, 1, 1], [1, 0]]);
    expect(actual.map((v) => Array.from(v)), 'wasm').to.deep.equal(expected.map((v) => Array.from(v)));
  });

  it("slices without reading the whole input out of the heap (the backend's own Slice copied it all: 25 ms per training batch)", async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { readSync: (...args: unknown[]) => unknown };
    const readSync = backend.readSync;
    let reads = 0;
    backend.readSync = function (this: unknown, ...args: unknown[]) {
      reads++;
      return readSync.apply(this, args);
    };
    try {
      tf.tidy(() => [tf.slice(tf.zeros([64, 8]), 8, 16), tf.slice(tf.zeros([4, 6, 5]), [1, 2, 1], [2, 3, 3])]);
    } finally {
      backend.readSync = readSync;
    }
    expect(reads, 'readSync calls while slicing').to.equal(0);
  });

  it("gives avgPool's gradient as the cpu backend does, tiling windows or not", async () => {
    const failures: string[] = [];
    // [filter, strides, pad]: tiling windows (square, not square, a 'valid' remainder, 'same' that divides), then overlapping and padded ones.
    const pools: [number | [number, number], number | [number, number], 'valid' | 'same'][] = [
      [2, 2, 'valid'], [[2, 3], [2, 3], 'valid'], [3, 3, 'valid'], [2, 2, 'same'], [3, 2, 'valid'], [3, 3, 'same'],
    ];
    for (const [filter, strides, pad] of pools)
      for (const xShape of [[2, 8, 9, 3], [1, 7, 7, 2]]) {
        const run = () => {
          const x = seededTensor(xShape, 16) as tfTypes.Tensor4D;
          const r = seededTensor(tf.avgPool(x, filter, strides, pad).shape, 17);
          return [tf.grad((a) => tf.sum(tf.mul(tf.avgPool(a as tfTypes.Tensor4D, filter, strides, pad), r)))(x)];
        };
        const name = `avgPool x [${xShape}] filter ${JSON.stringify(filter)} strides ${JSON.stringify(strides)} ${pad}`;
        failures.push(...(await compareBackends(name, ['dx'], run)));
      }
    expect(failures, failures.join('\n')).to.deep.equal([]);
    // Tiling windows take the broadcasting multiply, not the backend's loop.
    const [dy, input] = [tf.ones([1, 2, 2, 1]), tf.ones([1, 4, 4, 1])];
    const { kernels } = await tf.profile(() => (tf.engine().runKernel('AvgPoolGrad', { dy, input }, { filterSize: 2, strides: 2, pad: 'valid' }) as tfTypes.Tensor).dispose());
    expect(kernels.map((k) => k.name)).to.include('Multiply');
    tf.dispose([dy, input]);
  });

  it("leaves conv2d's NCHW input gradient to the backend's own kernel, which gives it as the cpu backend does", async () => {
    const attrs = { strides: 2, pad: 'same', dataFormat: 'NCHW', inputShape: [2, 3, 7, 7] };
    const run = () => [
      tf.engine().runKernel('Conv2DBackpropInput', { dy: seededTensor([2, 4, 4, 4], 14), filter: seededTensor([3, 3, 3, 4], 15) }, attrs) as tfTypes.Tensor,
    ];
    const failures = await compareBackends('conv2d NCHW, stride 2, same', ['dx'], run);
    expect(failures, failures.join('\n')).to.deep.equal([]);
  });

  it("gives conv2d's filter and input gradients as the cpu backend does", async () => {
    const failures: string[] = [];
    for (const c of convCases()) {
      const op = (x: tfTypes.Tensor4D, f: tfTypes.Tensor4D) => tf.conv2d(x, f, c.strides, c.pad);
      const filterShape = [c.filterSize, c.filterSize, c.xShape[3], c.outC];
      failures.push(...(await compareBackends(`conv2d ${c.name}`, ['dx', 'dfilter'], () => weightedSumGrads(op, c.xShape, filterShape))));
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
  });

  it("gives depthwiseConv2d's input and filter gradients as the cpu backend does", async () => {
    const failures: string[] = [];
    for (const c of convCases()) {
      const multiplier = c.outC === 3 ? 1 : c.outC; // channel multipliers 1 and 2
      const op = (x: tfTypes.Tensor4D, f: tfTypes.Tensor4D) => tf.depthwiseConv2d(x, f, c.strides, c.pad);
      const filterShape = [c.filterSize, c.filterSize, c.xShape[3], multiplier];
      const name = `depthwiseConv2d ${c.name.replace(/out \d+$/, `multiplier ${multiplier}`)}`;
      failures.push(...(await compareBackends(name, ['dx', 'dfilter'], () => weightedSumGrads(op, c.xShape, filterShape))));
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
  });

  it('gives the depthwise gradients as the cpu backend does when dimRoundingMode ceil adds a partial window', async () => {
    // pad 1, stride 2, 8 rows, filter 3: ceil gives 5 output rows, the last reaching past the padding.
    const attrs = { strides: 2, pad: 1, dimRoundingMode: 'ceil', dilations: 1 };
    const x = seededValues(2 * 8 * 8 * 3, 4);
    const dy = seededValues(2 * 5 * 5 * 6, 5);
    const filter = seededValues(3 * 3 * 3 * 2, 6);
    const run = () => [
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x: tf.tensor4d(x, [2, 8, 8, 3]), dy: tf.tensor4d(dy, [2, 5, 5, 6]) }, { ...attrs, filterShape: [3, 3, 3, 2] }) as tfTypes.Tensor,
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: tf.tensor4d(dy, [2, 5, 5, 6]), filter: tf.tensor4d(filter, [3, 3, 3, 2]) }, { ...attrs, inputShape: [2, 8, 8, 3] }) as tfTypes.Tensor,
    ];
    const failures = await compareBackends('depthwise, pad 1, stride 2, ceil', ['dfilter', 'dx'], run);
    expect(failures, failures.join('\n')).to.deep.equal([]);
  });

  it("gives gather's gradient (UnsortedSegmentSum) as the cpu backend does, repeated indices summed", async () => {
    const failures: string[] = [];
    for (const [rows, width] of [[1, 1], [5, 3], [20, 4]])
      for (const numIndices of [1, 7, 30])
        for (const axis of [0, 1]) {
          const ids = Array.from(seededValues(numIndices, 7 + numIndices), (v) => Math.floor(((v + 1) / 2) * rows));
          const tableShape = axis === 0 ? [rows, width] : [width, rows];
          const grads = () => {
            const table = seededTensor(tableShape, 8);
            const r = seededTensor(axis === 0 ? [numIndices, width] : [width, numIndices], 9);
            return [tf.grad((t) => tf.sum(tf.mul(tf.gather(t, tf.tensor1d(ids, 'int32'), axis), r)))(table)];
          };
          failures.push(...(await compareBackends(`gather axis ${axis} table [${tableShape}] ids [${ids}]`, ['dtable'], grads)));
        }
    expect(failures, failures.join('\n')).to.deep.equal([]);
  });

  it('drops segment ids outside [0, numSegments) and sums int32 and rank-3 values as the cpu backend does', async () => {
    const ids = [0, 2, -1, 2, 5, 1, 4]; // -1 and 5 lie outside 5 segments
    const run = () => [
      tf.unsortedSegmentSum(seededTensor([7, 2, 3], 10), tf.tensor1d(ids, 'int32'), 5),
      tf.unsortedSegmentSum(tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], [7, 2], 'int32'), tf.tensor1d(ids, 'int32'), 5),
    ];
    const failures = await compareBackends(`unsortedSegmentSum ids [${ids}]`, ['float32 [7,2,3]', 'int32 [7,2]'], run);
    expect(failures, failures.join('\n')).to.deep.equal([]);
    await tf.setBackend('wasm');
    tf.tidy(() => {
      expect(run()[1].dtype, 'dtype of an int32 segment sum').to.equal('int32');
    });
  });

  it('refuses NCHW data and dilations above 1 with an error naming the kernel and the setting', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 5, 5, 2]);
    const dy = tf.zeros([1, 5, 5, 2]);
    const filterGrad = (attrs: object) => () =>
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { strides: 1, pad: 'same', filterShape: [3, 3, 2, 1], ...attrs });
    expect(filterGrad({ dilations: 2 })).to.throw(/DepthwiseConv2dNativeBackpropFilter on 'wasm'.*dilations 2/);
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 2] }))
      .to.throw(/Conv2DBackpropFilter on 'wasm'.*dataFormat 'NCHW'/);
    tf.dispose([x, dy]);
  });

  it('leaves no tensors and no wasm buffers behind', async () => {
    await tf.setBackend('wasm');
    const backend = tf.engine().backend;
    const buffersBefore = backend.numDataIds();
    await expectNoLeakedTensors(() => tf.dispose(weightedSumGrads((x, f) => tf.conv2d(x, f, 2, 'same'), [3, 7, 7, 2], [3, 3, 2, 4])));
    await expectNoLeakedTensors(() => tf.dispose(weightedSumGrads((x, f) => tf.depthwiseConv2d(x, f, 2, 'same'), [3, 7, 7, 2], [3, 3, 2, 2])));
    const [a, b] = [tf.ones([5, 4]), tf.ones([3, 5])];
    await expectNoLeakedTensors(() => tf.matMul(a, b, true, true).dispose());
    tf.dispose([a, b]);
    const [values, ids] = [tf.ones([4, 3]), tf.tensor1d([0, 1, 0, 9], 'int32')];
    await expectNoLeakedTensors(() => tf.unsortedSegmentSum(values, ids, 3).dispose());
    tf.dispose([values, ids]);
    expect(backend.numDataIds() - buffersBefore, 'wasm buffers left behind').to.equal(0);
  });

  describe('training a small conv net with an embedding', () => {
    const STEPS = 5;
    const LEARNING_RATE = 0.1;
    const BATCH = 4;
    const shapes = { conv: [3, 3, 2, 4], depthwise: [3, 3, 4, 2], embedding: [10, 5], dense: [4 * 4 * 8 + 3 * 5, 3] };

    /** Weights from fixed seeds, so both backends start from the same point. */
    function makeWeights(): Record<keyof typeof shapes, tfTypes.Variable> {
      const entries = Object.entries(shapes).map(([name, shape], i) => [name, tf.variable(tf.mul(seededTensor(shape, 20 + i), 0.5))]);
      return Object.fromEntries(entries);
    }

    /** conv2d -> depthwiseConv2d (stride 2) -> flatten, concatenated with embedded ids -> dense -> softmax loss. */
    function loss(w: Record<keyof typeof shapes, tfTypes.Variable>): tfTypes.Scalar {
      const images = seededTensor([BATCH, 9, 9, 2], 30) as tfTypes.Tensor4D;
      const ids = tf.tensor2d([[1, 2, 2], [0, 9, 1], [2, 2, 2], [7, 3, 0]], [BATCH, 3], 'int32');
      const labels = tf.oneHot(tf.tensor1d([0, 2, 1, 2], 'int32'), 3);
      const h1 = tf.relu(tf.conv2d(images, w.conv as tfTypes.Tensor4D, 1, 'same')); // [4, 9, 9, 4]
      const h2 = tf.relu(tf.depthwiseConv2d(h1, w.depthwise as tfTypes.Tensor4D, 2, 'valid')); // [4, 4, 4, 8]
      const embedded = tf.reshape(tf.gather(w.embedding, ids), [BATCH, 15]); // [4, 15]
      const features = tf.concat([tf.reshape(h2, [BATCH, 128]), embedded], 1); // [4, 143]
      return tf.losses.softmaxCrossEntropy(labels, tf.matMul(features, w.dense));
    }

    /** Losses over STEPS steps of SGD on `backend`, from the seeded weights. */
    async function train(backend: Backend): Promise<number[]> {
      await tf.setBackend(backend);
      const weights = makeWeights();
      const optimizer = tf.train.sgd(LEARNING_RATE);
      const losses: number[] = [];
      for (let step = 0; step < STEPS; step++) {
        const cost = optimizer.minimize(() => loss(weights), true) as tfTypes.Scalar;
        losses.push(cost.dataSync()[0]);
        cost.dispose();
      }
      optimizer.dispose();
      tf.dispose(Object.values(weights));
      return losses;
    }

    it('reaches the same losses step by step on wasm as on cpu', async () => {
      const expected = await train('cpu');
      const actual = await train('wasm');
      expected.forEach((e, step) => {
        expect(Math.abs(actual[step] - e), `loss at step ${step + 1}: wasm ${actual[step]} vs cpu ${e}`).to.be.at.most(RELATIVE_TOLERANCE * Math.max(1, Math.abs(e)));
      });
      expect(actual[STEPS - 1], 'the loss falls, so the gradients reach every weight').to.be.below(actual[0]);
    });

    it('leaks no tensors across a training step on wasm', async () => {
      await tf.setBackend('wasm');
      const weights = makeWeights();
      const optimizer = tf.train.sgd(LEARNING_RATE);
      await expectNoLeakedTensors(() => tf.dispose(optimizer.minimize(() => loss(weights), true) ?? []));
      optimizer.dispose();
      tf.dispose(Object.values(weights));
    });
  });
});
