import { expect } from 'chai';
import type * as tfTypes from '@tensorflow/tfjs';
import { tf } from 'dl-lectures-lib/dist/tf';
import { gradCheck, gradCheckRows, numericalDerivative, FLOAT64_THRESHOLDS } from 'dl-lectures-lib/dist/gradcheck';
import { gradCheckTf, FLOAT32_THRESHOLDS } from 'dl-lectures-lib/dist/gradcheck-tf';
import { expectNoLeakedTensors, rejection } from '../helpers';

type Matrix = number[][];

const matMul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const transpose = (a: Matrix): Matrix => a[0].map((_, j) => a.map((row) => row[j]));
const addColumn = (a: Matrix, col: Matrix): Matrix => a.map((row, i) => row.map((v) => v + col[i][0]));
const map2 = (a: Matrix, b: Matrix, f: (x: number, y: number) => number): Matrix => a.map((row, i) => row.map((v, j) => f(v, b[i][j])));
const rowMeans = (a: Matrix): Matrix => a.map((row) => [row.reduce((s, v) => s + v, 0) / row.length]);
const scale = (a: Matrix, k: number): Matrix => a.map((row) => row.map((v) => v * k));
/** A fixed, irregular fixture: values of sin spread over [−amplitude, amplitude]. */
const fixture = (rows: number, cols: number, offset: number, amplitude: number): Matrix =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => amplitude * Math.sin(offset + 1.7 * i + 0.9 * j * (i + 1))));

type Net = { W1: Matrix; b1: Matrix; W2: Matrix; b2: Matrix };
type Activation = 'tanh' | 'relu';

const X = fixture(3, 5, 0.3, 1.5); // [n_x = 3, m = 5]
const Y = [[1, 0, 1, 1, 0]]; // [1, m]
const params: Net = {
  W1: fixture(4, 3, 1.1, 0.8), // [n_h = 4, n_x]
  b1: fixture(4, 1, 2.3, 0.2), // [n_h, 1]
  W2: fixture(1, 4, 0.7, 0.9), // [1, n_h]
  b2: [[0.1]], // [1, 1]
};

/** tanh or ReLU hidden layer, sigmoid output, mean cross-entropy: the course's 2-layer network. */
function forward(p: Net, act: Activation) {
  const Z1 = addColumn(matMul(p.W1, X), p.b1); // [n_h, m]
  const A1 = Z1.map((row) => row.map(act === 'tanh' ? Math.tanh : (z) => Math.max(0, z)));
  const A2 = addColumn(matMul(p.W2, A1), p.b2).map((row) => row.map((z) => 1 / (1 + Math.exp(-z)))); // [1, m]
  const cost = -A2[0].reduce((s, a, j) => s + Y[0][j] * Math.log(a) + (1 - Y[0][j]) * Math.log(1 - a), 0) / A2[0].length;
  return { Z1, A1, A2, cost };
}

function backward(p: Net, act: Activation): Net {
  const { Z1, A1, A2 } = forward(p, act);
  const m = X[0].length;
  const dZ2 = map2(A2, Y, (a, y) => a - y); // [1, m]
  const dA1 = matMul(transpose(p.W2), dZ2); // [n_h, m]
  const dZ1 = map2(dA1, act === 'tanh' ? A1 : Z1, act === 'tanh' ? (d, a) => d * (1 - a * a) : (d, z) => (z > 0 ? d : 0));
  return {
    W1: scale(matMul(dZ1, transpose(X)), 1 / m),
    b1: rowMeans(dZ1),
    W2: scale(matMul(dZ2, transpose(A1)), 1 / m),
    b2: rowMeans(dZ2),
  };
}

/** Least-squares slope of log10(error) against log10(ε). */
function logLogSlope(epsilons: number[], errors: number[]): number {
  const xs = epsilons.map(Math.log10);
  const ys = errors.map(Math.log10);
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
  const my = ys.reduce((s, v) => s + v, 0) / ys.length;
  return xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
}

describe('numericalDerivative', () => {
  const cube = (t: number) => t ** 3;

  it("gives the lecture's 3.0001 two-sided and 3.0301 one-sided for θ³ at θ = 1, ε = 0.01", () => {
    expect(numericalDerivative(cube, 1, 0.01)).to.be.closeTo(3.0001, 1e-10);
    expect(numericalDerivative(cube, 1, 0.01, { twoSided: false })).to.be.closeTo(3.0301, 1e-10);
  });

  it('shrinks the two-sided error as ε² and the one-sided error as ε', () => {
    const epsilons = [1e-1, 10 ** -1.5, 1e-2, 10 ** -2.5, 1e-3];
    const twoSided = epsilons.map((e) => Math.abs(numericalDerivative(cube, 1, e) - 3));
    const oneSided = epsilons.map((e) => Math.abs(numericalDerivative(cube, 1, e, { twoSided: false }) - 3));
    expect(logLogSlope(epsilons, twoSided)).to.be.closeTo(2, 0.02);
    expect(logLogSlope(epsilons, oneSided)).to.be.closeTo(1, 0.05);
  });
});

describe('gradCheck (float64)', () => {
  for (const act of ['tanh', 'relu'] as const) {
    it(`passes a correct hand-written backward pass of a 2-layer ${act} network below 1e-7`, () => {
      const result = gradCheck((p) => forward(p, act).cost, params, backward(params, act));
      expect(result.difference).to.be.below(1e-7);
      expect(result.verdict).to.equal('ok');
      expect(result.checked).to.equal(12 + 4 + 4 + 1);
      expect(result.total).to.equal(21);
    });
  }

  it('catches dW1 doubled and locates it: W1 differs by exactly 1/3, the others stay below 1e-7', () => {
    const grads = backward(params, 'tanh');
    const result = gradCheck((p) => forward(p, 'tanh').cost, params, { ...grads, W1: scale(grads.W1, 2) });
    expect(result.difference).to.be.above(1e-3);
    expect(result.verdict).to.equal('bug');
    // ||2g − g|| / (||2g|| + ||g||) = 1/3 whatever g is.
    expect(result.perParameter.W1.difference).to.be.closeTo(1 / 3, 1e-6);
    expect(result.perParameter.W1.verdict).to.equal('bug');
    for (const name of ['b1', 'W2', 'b2']) expect(result.perParameter[name].difference, name).to.be.below(1e-7);
  });

  it('catches db1 scaled by 4/m instead of 1/m (the course\'s planted bug) in b1', () => {
    const grads = backward(params, 'tanh');
    const result = gradCheck((p) => forward(p, 'tanh').cost, params, { ...grads, b1: scale(grads.b1, 4) });
    expect(result.difference).to.be.above(1e-3);
    const ranked = Object.entries(result.perParameter).sort((a, b) => b[1].difference - a[1].difference);
    expect(ranked[0][0]).to.equal('b1');
    expect(ranked[0][1].difference).to.be.closeTo(3 / 5, 1e-6);
  });

  it('points at the one wrong element: dW1[2][1] off by 0.05', () => {
    const grads = backward(params, 'tanh');
    const W1 = grads.W1.map((row) => row.slice());
    W1[2][1] += 0.05;
    const result = gradCheck((p) => forward(p, 'tanh').cost, params, { ...grads, W1 });
    expect(result.perParameter.W1.worstIndex).to.deep.equal([2, 1]);
    expect(result.perParameter.W1.maxAbsError).to.be.closeTo(0.05, 1e-7);
    expect(result.worst).to.include({ parameter: 'W1' });
    expect(result.worst.index).to.deep.equal([2, 1]);
    const row = gradCheckRows(result).find((r) => r.parameter === 'W1');
    expect(row).to.include({ shape: '[4, 3]', checked: '12/12', worstIndex: '[2, 1]', verdict: 'bug' });
  });

  it('accepts one flat vector θ, reported as theta, and leaves the caller\'s parameters unchanged', () => {
    // f(θ) = θ0² + 3 θ0 θ1 + sin θ2, ∇f = [2θ0 + 3θ1, 3θ0, cos θ2].
    const theta = [0.5, -1.2, 2];
    const f = (t: number[]) => t[0] ** 2 + 3 * t[0] * t[1] + Math.sin(t[2]);
    const result = gradCheck(f, theta, [2 * 0.5 + 3 * -1.2, 3 * 0.5, Math.cos(2)]);
    expect(result.difference).to.be.below(1e-7);
    expect(Object.keys(result.perParameter)).to.deep.equal(['theta']);
    expect(theta).to.deep.equal([0.5, -1.2, 2]);
  });

  it('checks at most maxChecks elements per parameter, the same ones for the same seed', () => {
    const grads = backward(params, 'tanh');
    const cost = (p: Net) => forward(p, 'tanh').cost;
    const a = gradCheck(cost, params, grads, { maxChecks: 3, seed: 11 });
    const b = gradCheck(cost, params, grads, { maxChecks: 3, seed: 11 });
    expect([a.perParameter.W1.checked, a.perParameter.b1.checked, a.perParameter.b2.checked]).to.deep.equal([3, 3, 1]);
    expect(a.checked).to.equal(3 + 3 + 3 + 1);
    expect(b).to.deep.equal(a);
  });

  it('uses the course thresholds by default: ok < 1e-7, bug > 1e-3', () => {
    expect(FLOAT64_THRESHOLDS).to.deep.equal({ ok: 1e-7, bug: 1e-3 });
    const f = (t: number[]) => t[0] ** 2;
    // The analytic slope off by 1e-5 relative: a 'check', neither ok nor a bug.
    expect(gradCheck(f, [1], [2 * (1 + 2e-5)]).verdict).to.equal('check');
  });
});

describe('gradCheck errors', () => {
  const cost = (p: Net) => forward(p, 'tanh').cost;
  const grads = backward(params, 'tanh');

  it('names the parameter and both shapes when a gradient has the wrong shape', () => {
    expect(() => gradCheck(cost, params, { ...grads, W1: transpose(grads.W1) })).to.throw(
      'grads.W1 has shape [3,4] but params.W1 has shape [4,3]',
    );
  });

  it('names missing, extra and ragged parameters', () => {
    const { b2: _omitted, ...withoutB2 } = grads;
    expect(() => gradCheck(cost, params, withoutB2 as Net)).to.throw('grads has no b2');
    expect(() => gradCheck(cost, params, { ...grads, dW1: grads.W1 } as Net)).to.throw('grads has dW1, which params lacks');
    expect(() => gradCheck(cost, { ...params, W1: [[1, 2, 3], [4, 5]] }, grads)).to.throw('params.W1 is ragged');
  });

  it('refuses a cost that is not finite at θ or at θ ± ε', () => {
    expect(() => gradCheck(() => NaN, [1], [0])).to.throw('cost(params) must be a finite number, got NaN');
    // log θ at θ = 1e-8 is finite, but θ − ε < 0 gives NaN.
    expect(() => gradCheck((t) => Math.log(t[0]), [1e-8], [1e8])).to.throw('the cost is');
  });
});

describe('gradCheckTf (float32)', () => {
  const Xt = () => tf.tensor2d(X);
  const Yt = () => tf.tensor2d(Y);
  const toTensors = (p: Net): Record<string, tfTypes.Tensor> => ({
    W1: tf.tensor2d(p.W1), b1: tf.tensor2d(p.b1), W2: tf.tensor2d(p.W2), b2: tf.tensor2d(p.b2),
  });

  /** The same tanh network in tfjs; the data tensors are made inside so the cost owns nothing. */
  const tfCost = (p: Record<string, tfTypes.Tensor>): tfTypes.Scalar =>
    tf.tidy(() => {
      const A1 = tf.tanh(tf.add(tf.matMul(p.W1, Xt()), p.b1));
      const Z2 = tf.add(tf.matMul(p.W2, A1), p.b2);
      return tf.metrics.binaryCrossentropy(Yt(), tf.sigmoid(Z2)).mean() as tfTypes.Scalar;
    });

  let tParams: Record<string, tfTypes.Tensor>;
  beforeEach(() => (tParams = toTensors(params)));
  afterEach(() => tf.dispose(tParams));

  it('passes tfjs autodiff gradients below the float32 ok threshold, leaking no tensors', async () => {
    let result: Awaited<ReturnType<typeof gradCheckTf>> | undefined;
    await expectNoLeakedTensors(async () => (result = await gradCheckTf(tfCost, tParams)));
    expect(result!.difference).to.be.below(FLOAT32_THRESHOLDS.ok);
    expect(result!.verdict).to.equal('ok');
    expect(result!.checked).to.equal(21);
  });

  it('passes the float64 hand-written gradients supplied as tensors, and fails dW1 doubled by a wide margin', async () => {
    const good = toTensors(backward(params, 'tanh'));
    const bad = { ...good, W1: tf.mul(good.W1, 2) };
    try {
      await expectNoLeakedTensors(async () => {
        expect((await gradCheckTf(tfCost, tParams, { grads: good })).verdict).to.equal('ok');
        const result = await gradCheckTf(tfCost, tParams, { grads: bad });
        expect(result.difference).to.be.above(10 * FLOAT32_THRESHOLDS.bug);
        expect(result.verdict).to.equal('bug');
        expect(result.perParameter.W1.difference).to.be.closeTo(1 / 3, 1e-3);
      });
    } finally {
      tf.dispose([...Object.values(good), bad.W1]);
    }
  });

  it('samples maxChecks elements of a big parameter, leaking no tensors', async () => {
    const big = { W: tf.randomNormal([64, 784], 0, 0.05, 'float32', 3) }; // [n_h, n_x]
    const x = tf.randomNormal([784, 8], 0, 1, 'float32', 4); // [n_x, m]
    const cost = (p: Record<string, tfTypes.Tensor>) => tf.tidy(() => tf.tanh(tf.matMul(p.W, x)).square().mean() as tfTypes.Scalar);
    try {
      await expectNoLeakedTensors(async () => {
        const result = await gradCheckTf(cost, big, { maxChecks: 20, seed: 5 });
        expect([result.checked, result.total]).to.deep.equal([20, 64 * 784]);
        expect(result.verdict).to.equal('ok');
      });
    } finally {
      tf.dispose([big.W, x]);
    }
  });

  it('names the parameter and shapes of a mismatched gradient, and refuses a non-scalar cost, leaking nothing', async () => {
    const wrong = { ...tParams, b1: tf.zeros([1, 4]) };
    try {
      await expectNoLeakedTensors(async () => {
        expect(await rejection(gradCheckTf(tfCost, tParams, { grads: wrong }))).to.include(
          'grads.b1 has shape [1,4] but params.b1 has shape [4,1]',
        );
        expect(await rejection(gradCheckTf((p) => tf.tidy(() => tf.matMul(p.W2, p.W1) as unknown as tfTypes.Scalar), tParams))).to.include(
          'cost must return a scalar tensor, got a tensor of shape [1,3]',
        );
        expect(await rejection(gradCheckTf(() => tf.scalar(NaN), tParams))).to.include('cost(params) must be finite, got NaN');
      });
    } finally {
      wrong.b1.dispose();
    }
  });
});
