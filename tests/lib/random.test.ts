import { expect } from 'chai';
import { tf } from 'dl-lectures-lib/dist/tf';
import { getSeed, mulberry32, normalSampler, randomSource, rng, setSeed } from 'dl-lectures-lib/dist/random';

function draws(n: number): number[] {
  return Array.from({ length: n }, () => Math.random());
}

describe('setSeed and rng', () => {
  after(() => setSeed(undefined));

  it('makes Math.random repeat the same sequence for the same seed', () => {
    setSeed(42);
    const first = draws(5);
    setSeed(42);
    expect(draws(5)).to.deep.equal(first);
    setSeed(43);
    expect(draws(5)).to.not.deep.equal(first);
  });

  it('exposes the seeded generator through rng()', () => {
    setSeed(7);
    const viaRng = Array.from({ length: 3 }, rng());
    setSeed(7);
    expect(draws(3)).to.deep.equal(viaRng);
    expect(getSeed()).to.equal(7);
  });

  it('draws uniformly: mean, variance and ten equal bins within chi-square bounds', () => {
    const next = mulberry32(123);
    const n = 100000;
    const bins = new Array(10).fill(0);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const u = next();
      expect(u).to.be.at.least(0).and.below(1);
      sum += u;
      sumSq += u * u;
      bins[Math.floor(u * 10)]++;
    }
    const mean = sum / n;
    expect(mean).to.be.closeTo(0.5, 0.005); // standard error 0.0009
    expect(sumSq / n - mean * mean).to.be.closeTo(1 / 12, 0.002);
    const chiSquare = bins.reduce((acc, count) => acc + (count - n / 10) ** 2 / (n / 10), 0);
    expect(chiSquare).to.be.below(27.88); // 99.9th percentile of chi-square with 9 degrees of freedom
  });

  it('makes unseeded tfjs random ops and initializers reproducible', () => {
    const sample = () =>
      tf.tidy(() => {
        const dense = tf.layers.dense({ units: 3, inputShape: [4] });
        dense.build([null, 4]);
        const weights = dense.getWeights()[0].arraySync();
        return { normal: tf.randomNormal([4]).arraySync(), weights };
      });
    setSeed(5);
    const a = sample();
    setSeed(5);
    const b = sample();
    setSeed(6);
    const c = sample();
    expect(b).to.deep.equal(a);
    expect(c.normal).to.not.deep.equal(a.normal);
  });

  it('makes tf.util.shuffle reproducible', () => {
    const shuffled = () => {
      const xs = Array.from({ length: 20 }, (_, i) => i);
      tf.util.shuffle(xs);
      return xs;
    };
    setSeed(11);
    const a = shuffled();
    setSeed(11);
    expect(shuffled()).to.deep.equal(a);
  });

  it('rejects seeds that are not 32-bit unsigned integers', () => {
    expect(() => setSeed(1.5)).to.throw('must be an integer from 0 to 4294967295');
    expect(() => setSeed(-1)).to.throw('must be an integer');
  });

  it('restores the unseeded generator with setSeed(undefined)', () => {
    setSeed(1);
    setSeed(undefined);
    expect(getSeed()).to.equal(undefined);
    expect(draws(3)).to.not.deep.equal((setSeed(1), draws(3)));
  });
});

describe('randomSource', () => {
  after(() => setSeed(undefined));

  it("is mulberry32(seed) when given a seed, and the library's seeded generator otherwise", () => {
    const own = randomSource(7);
    const reference = mulberry32(7);
    expect(Array.from({ length: 5 }, own)).to.deep.equal(Array.from({ length: 5 }, reference));
    setSeed(11);
    expect(randomSource()).to.equal(rng());
  });

  it('refuses a seed outside 0..4294967295 with the same rule and message as setSeed, naming the caller', () => {
    for (const bad of [-1, 1.5, 2 ** 32]) {
      expect(() => randomSource(bad)).to.throw(`randomSource: the seed must be an integer from 0 to 4294967295, got ${bad}`);
      expect(() => setSeed(bad)).to.throw(`setSeed: the seed must be an integer from 0 to 4294967295, got ${bad}`);
    }
  });
});

describe('normalSampler', () => {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  it('draws standard normal numbers: mean 0, variance 1, 95% within ±1.96', () => {
    const gauss = normalSampler(mulberry32(1));
    const z = Array.from({ length: 40000 }, gauss);
    expect(mean(z)).to.be.closeTo(0, 0.02);
    expect(mean(z.map((v) => v * v))).to.be.closeTo(1, 0.03);
    expect(z.filter((v) => Math.abs(v) < 1.96).length / z.length).to.be.closeTo(0.95, 0.005);
  });
});
