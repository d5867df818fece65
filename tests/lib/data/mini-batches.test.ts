import { expect } from 'chai';
import { miniBatches } from 'dl-lectures-lib/dist/data/mini-batches';
import { setSeed } from 'dl-lectures-lib/dist/random';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('miniBatches', () => {
  it('covers every index exactly once, the last batch holding the remainder', () => {
    const batches = [...miniBatches(10, 4, { seed: 1 })];
    expect(batches.map((b) => b.length)).to.deep.equal([4, 4, 2]);
    expect(batches.flat().sort((a, b) => a - b)).to.deep.equal(range(10));
  });

  it('makes only full batches when the batch size divides n', () => {
    expect([...miniBatches(12, 4, { seed: 1 })].map((b) => b.length)).to.deep.equal([4, 4, 4]);
  });

  it('keeps the order 0 … n−1 with shuffle: false', () => {
    expect([...miniBatches(5, 2, { shuffle: false })]).to.deep.equal([[0, 1], [2, 3], [4]]);
  });

  it('shuffles reproducibly: same seed same batches, another seed others', () => {
    const a = [...miniBatches(64, 8, { seed: 5 })];
    expect([...miniBatches(64, 8, { seed: 5 })]).to.deep.equal(a);
    expect([...miniBatches(64, 8, { seed: 6 })]).to.not.deep.equal(a);
    expect(a.flat()).to.not.deep.equal(range(64));
  });

  it("draws from the library's rng() without a seed", () => {
    try {
      setSeed(3);
      const a = [...miniBatches(30, 7)];
      setSeed(3);
      expect([...miniBatches(30, 7)]).to.deep.equal(a);
    } finally {
      setSeed(undefined);
    }
  });

  it('yields nothing for n = 0 and one batch when the batch size exceeds n', () => {
    expect([...miniBatches(0, 3)]).to.deep.equal([]);
    expect([...miniBatches(3, 100, { shuffle: false })]).to.deep.equal([[0, 1, 2]]);
  });

  it('rejects a batch size below 1 when called, before any batch is asked for', () => {
    expect(() => miniBatches(10, 0)).to.throw('miniBatches: batchSize must be a whole number ≥ 1, got 0');
    expect(() => miniBatches(10, 2.5)).to.throw('miniBatches: batchSize must be a whole number ≥ 1, got 2.5');
    expect(() => miniBatches(-3, 2)).to.throw('miniBatches: n must be a whole number ≥ 0, got -3');
  });
});
