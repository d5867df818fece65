import { expect } from 'chai';
import { LabelledPoints, pointsToTensors } from 'dl-lectures-lib/dist/data/synthetic/labelled-points';
import { linspace } from 'dl-lectures-lib/dist/data/synthetic/linspace';
import { makeCircles } from 'dl-lectures-lib/dist/data/synthetic/make-circles';
import { makeFlower } from 'dl-lectures-lib/dist/data/synthetic/make-flower';
import { makeLinear } from 'dl-lectures-lib/dist/data/synthetic/make-linear';
import { makeMoons } from 'dl-lectures-lib/dist/data/synthetic/make-moons';
import { makeXor } from 'dl-lectures-lib/dist/data/synthetic/make-xor';
import { setSeed } from 'dl-lectures-lib/dist/random';
import { expectNoLeakedTensors } from '../../helpers';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const norm = ([a, b]: number[]) => Math.hypot(a, b);
const ofClass = (p: LabelledPoints, c: number) => p.X.filter((_, i) => p.y[i] === c);
const count = (p: LabelledPoints, c: number) => p.y.filter((y) => y === c).length;

describe('linspace', () => {
  it('spaces numbers evenly, with or without the end point, like numpy', () => {
    expect(linspace(0, 1, 5)).to.deep.equal([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(0, 1, 4, false)).to.deep.equal([0, 0.25, 0.5, 0.75]);
    expect(linspace(3, 9, 1)).to.deep.equal([3]);
  });
});

describe('makeFlower', () => {
  it("makes the course's 400 points [400, 2], 200 per class, class 0 first", () => {
    const flower = makeFlower({ seed: 1 });
    expect(flower.X).to.have.length(400);
    expect(flower.X.every((row) => row.length === 2)).to.equal(true);
    expect(flower.y.slice(0, 200).every((y) => y === 0) && flower.y.slice(200).every((y) => y === 1)).to.equal(true);
  });

  it('puts every noiseless point on the rose |r| = 4·|sin 4θ|, θ its angle from the vertical axis', () => {
    const flower = makeFlower({ m: 100, noise: 0, seed: 1 });
    for (const [x1, x2] of flower.X) {
      // x = (r sin t, r cos t): the angle from the x₂ axis is t (or t + π when r < 0, same |sin 4θ|).
      expect(Math.hypot(x1, x2)).to.be.closeTo(4 * Math.abs(Math.sin(4 * Math.atan2(x1, x2))), 1e-9);
    }
  });

  it('keeps noisy points near the petals, inside radius 4 plus a few noise deviations', () => {
    expect(Math.max(...makeFlower({ seed: 2 }).X.map(norm))).to.be.below(4 + 5 * 0.2);
  });

  it('is reproducible from a seed and different for another', () => {
    expect(makeFlower({ seed: 3 })).to.deep.equal(makeFlower({ seed: 3 }));
    expect(makeFlower({ seed: 3 })).to.not.deep.equal(makeFlower({ seed: 4 }));
  });

  it("draws from the library's rng() without a seed", () => {
    try {
      setSeed(9);
      const a = makeFlower({ m: 10 });
      setSeed(9);
      expect(makeFlower({ m: 10 })).to.deep.equal(a);
    } finally {
      setSeed(undefined);
    }
  });

  it('rejects an odd m', () => {
    expect(() => makeFlower({ m: 7 })).to.throw('makeFlower: m must be an even whole number ≥ 2, got 7');
  });
});

describe('makeMoons', () => {
  it('makes n points [n, 2], ⌊n/2⌋ in class 0', () => {
    const moons = makeMoons({ n: 101, noise: 0.1, seed: 1 });
    expect(moons.X).to.have.length(101);
    expect([count(moons, 0), count(moons, 1)]).to.deep.equal([50, 51]);
  });

  it('puts noiseless class 0 on the upper unit half circle and class 1 on the lower one centred at (1, 0.5)', () => {
    const moons = makeMoons({ n: 60, seed: 1 });
    for (const [a, b] of ofClass(moons, 0)) {
      expect(Math.hypot(a, b)).to.be.closeTo(1, 1e-12);
      expect(b).to.be.at.least(-1e-12);
    }
    for (const [a, b] of ofClass(moons, 1)) {
      expect(Math.hypot(a - 1, b - 0.5)).to.be.closeTo(1, 1e-12);
      expect(b).to.be.at.most(0.5 + 1e-12);
    }
  });

  it('shuffles the rows by default, and keeps class order with shuffle: false', () => {
    expect(makeMoons({ n: 40, seed: 2 }).y.slice(0, 20)).to.not.deep.equal(new Array(20).fill(0));
    expect(makeMoons({ n: 40, seed: 2, shuffle: false }).y.slice(0, 20)).to.deep.equal(new Array(20).fill(0));
  });

  it('is reproducible from a seed and different for another', () => {
    expect(makeMoons({ noise: 0.2, seed: 5 })).to.deep.equal(makeMoons({ noise: 0.2, seed: 5 }));
    expect(makeMoons({ noise: 0.2, seed: 5 })).to.not.deep.equal(makeMoons({ noise: 0.2, seed: 6 }));
  });
});

describe('makeCircles', () => {
  it('makes n points [n, 2], balanced for an even n', () => {
    const circles = makeCircles({ n: 200, noise: 0.05, seed: 1 });
    expect(circles.X).to.have.length(200);
    expect([count(circles, 0), count(circles, 1)]).to.deep.equal([100, 100]);
  });

  it('puts noiseless classes exactly on radii 1 and factor', () => {
    const circles = makeCircles({ n: 50, factor: 0.3, seed: 1 });
    ofClass(circles, 0).forEach((p) => expect(norm(p)).to.be.closeTo(1, 1e-12));
    ofClass(circles, 1).forEach((p) => expect(norm(p)).to.be.closeTo(0.3, 1e-12));
  });

  it('keeps the mean inner radius near factor × the outer one under noise', () => {
    const circles = makeCircles({ n: 2000, noise: 0.05, factor: 0.5, seed: 2 });
    const outer = mean(ofClass(circles, 0).map(norm));
    const inner = mean(ofClass(circles, 1).map(norm));
    expect(outer).to.be.closeTo(1, 0.01);
    expect(inner / outer).to.be.closeTo(0.5, 0.02);
  });

  it('rejects a factor outside [0, 1)', () => {
    expect(() => makeCircles({ factor: 1 })).to.throw('makeCircles: factor must be in [0, 1), got 1');
  });
});

describe('makeXor', () => {
  it('labels the noiseless corners as XOR of their signs: (1,1)→0, (−1,1)→1, (−1,−1)→0, (1,−1)→1', () => {
    const xor = makeXor({ n: 4, shuffle: false, seed: 1 });
    expect(xor).to.deep.equal({ X: [[1, 1], [-1, 1], [-1, -1], [1, -1]], y: [0, 1, 0, 1] });
  });

  it('balances the classes and keeps each noisy point on its corner’s side of both axes', () => {
    const xor = makeXor({ n: 400, noise: 0.2, seed: 2 });
    expect([count(xor, 0), count(xor, 1)]).to.deep.equal([200, 200]);
    const agree = xor.X.filter(([a, b], i) => (a * b < 0 ? 1 : 0) === xor.y[i]).length;
    expect(agree / 400).to.be.above(0.99); // a corner is 5 noise deviations from each axis
  });

  it('is reproducible from a seed', () => {
    expect(makeXor({ noise: 0.3, seed: 4 })).to.deep.equal(makeXor({ noise: 0.3, seed: 4 }));
  });
});

describe('makeLinear', () => {
  it('makes X [n, d] and y = X·w + b exactly without noise', () => {
    const data = makeLinear({ n: 50, weights: [2, -3.4], bias: 4.2, seed: 1 });
    expect(data.X).to.have.length(50);
    data.X.forEach((row, i) => expect(data.y[i]).to.be.closeTo(2 * row[0] - 3.4 * row[1] + 4.2, 1e-12));
  });

  it('adds Gaussian noise of the given deviation to y', () => {
    const data = makeLinear({ n: 20000, weights: [1], noise: 0.5, seed: 2 });
    const residuals = data.X.map((row, i) => data.y[i] - row[0]);
    expect(mean(residuals)).to.be.closeTo(0, 0.02);
    expect(Math.sqrt(mean(residuals.map((r) => r * r)))).to.be.closeTo(0.5, 0.01);
  });

  it('draws features from N(0, 1)', () => {
    const x = makeLinear({ n: 20000, weights: [1], seed: 3 }).X.map((row) => row[0]);
    expect(mean(x)).to.be.closeTo(0, 0.03);
    expect(mean(x.map((v) => v * v))).to.be.closeTo(1, 0.03);
  });

  it('rejects empty weights', () => {
    expect(() => makeLinear({ n: 5, weights: [] })).to.throw('makeLinear: weights must be a non-empty list of finite numbers, got []');
  });
});

describe('pointsToTensors', () => {
  it('makes X [m, d] and y [m, 1] float32 tensors, which the caller frees', async () => {
    await expectNoLeakedTensors(() => {
      const t = pointsToTensors({ X: [[1, 2], [3, 4], [5, 6]], y: [0, 1, 1] });
      expect([t.X.dtype, t.y.dtype]).to.deep.equal(['float32', 'float32']);
      expect(t.X.arraySync()).to.deep.equal([[1, 2], [3, 4], [5, 6]]);
      expect(t.y.arraySync()).to.deep.equal([[0], [1], [1]]);
      t.X.dispose();
      t.y.dispose();
    });
  });

  it('rejects X and y of different lengths', () => {
    expect(() => pointsToTensors({ X: [[1, 2]], y: [0, 1] })).to.throw('pointsToTensors: 1 rows in X but 2 targets in y');
  });
});
