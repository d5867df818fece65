import { expect } from 'chai';
import { trainDevTestSplit } from 'dl-lectures-lib/dist/data/train-dev-test-split';
import { setSeed } from 'dl-lectures-lib/dist/random';

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('trainDevTestSplit', () => {
  it('splits by fractions into sizes that sum to n', () => {
    const s = trainDevTestSplit(10, { fractions: [0.6, 0.2, 0.2] }, 1);
    expect([s.train.length, s.dev.length, s.test.length]).to.deep.equal([6, 2, 2]);
    const t = trainDevTestSplit(7, { fractions: [0.6, 0.2, 0.2] }, 1);
    // 4.2, 1.4, 1.4: floors 4, 1, 1, and the one left over goes to the largest remainder, 0.4 (tied: dev first).
    expect([t.train.length, t.dev.length, t.test.length]).to.deep.equal([4, 2, 1]);
  });

  it('makes disjoint sets that together hold every index once', () => {
    const s = trainDevTestSplit(1000, { fractions: [0.98, 0.01, 0.01] }, 3);
    expect([s.train.length, s.dev.length, s.test.length]).to.deep.equal([980, 10, 10]);
    expect(sorted([...s.train, ...s.dev, ...s.test])).to.deep.equal(range(1000));
  });

  it('splits by counts, leaving the rest unused', () => {
    const s = trainDevTestSplit(100, { counts: [50, 10, 5] }, 3);
    expect([s.train.length, s.dev.length, s.test.length]).to.deep.equal([50, 10, 5]);
    expect(new Set([...s.train, ...s.dev, ...s.test]).size).to.equal(65);
  });

  it('shuffles: the same seed gives the same split, another seed another', () => {
    const a = trainDevTestSplit(50, { fractions: [0.6, 0.2, 0.2] }, 7);
    expect(trainDevTestSplit(50, { fractions: [0.6, 0.2, 0.2] }, 7)).to.deep.equal(a);
    expect(trainDevTestSplit(50, { fractions: [0.6, 0.2, 0.2] }, 8)).to.not.deep.equal(a);
    expect(a.train).to.not.deep.equal(range(30));
  });

  it("draws from the library's rng() without a seed, so setSeed makes it reproducible", () => {
    try {
      setSeed(11);
      const a = trainDevTestSplit(20, { counts: [10, 5, 5] });
      setSeed(11);
      expect(trainDevTestSplit(20, { counts: [10, 5, 5] })).to.deep.equal(a);
    } finally {
      setSeed(undefined);
    }
  });

  it('rejects fractions that do not sum to 1, and counts beyond n, with clear errors', () => {
    expect(() => trainDevTestSplit(10, { fractions: [0.6, 0.3, 0.2] })).to.throw('trainDevTestSplit: fractions must sum to 1, got [0.6, 0.3, 0.2] (sum 1.1)');
    expect(() => trainDevTestSplit(10, { fractions: [1.2, -0.1, -0.1] })).to.throw('trainDevTestSplit: fractions must be three numbers ≥ 0, got [1.2, -0.1, -0.1]');
    expect(() => trainDevTestSplit(10, { counts: [8, 2, 1] })).to.throw('trainDevTestSplit: counts [8, 2, 1] sum to 11, more than the 10 examples');
    expect(() => trainDevTestSplit(10, { counts: [1.5, 2, 1] })).to.throw('counts must be three whole numbers ≥ 0');
    expect(() => trainDevTestSplit(-1, { counts: [0, 0, 0] })).to.throw('trainDevTestSplit: n must be a whole number ≥ 0, got -1');
  });

  it('accepts fractions whose float sum is off by rounding', () => {
    expect(0.7 + 0.2 + 0.1).to.not.equal(1);
    expect(trainDevTestSplit(10, { fractions: [0.7, 0.2, 0.1] }, 1).train).to.have.length(7);
  });
});
