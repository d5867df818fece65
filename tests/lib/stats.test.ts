import { expect } from 'chai';
import { ewa, gatherRows, maxAbsDiff, mean, median, std } from 'dl-lectures-lib/dist/stats';

describe('stats', () => {
  it('mean, median and standard deviation match hand-worked values', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9]; // the textbook example: population std 2, sample std √(32/7)
    expect(mean(xs)).to.equal(5);
    expect(median(xs)).to.equal(4.5);
    expect(median([3, 1, 2])).to.equal(2);
    expect(std(xs, { population: true })).to.equal(2);
    expect(std(xs)).to.be.closeTo(Math.sqrt(32 / 7), 1e-15);
    expect(() => mean([])).to.throw('mean: got no values');
    expect(() => std([1])).to.throw('needs at least two values');
  });

  it('maxAbsDiff flattens nested arrays, and refuses results of different sizes', () => {
    expect(maxAbsDiff([[1, 2], [3, 4]], Float32Array.from([1, 2.5, 3, 3]))).to.equal(1);
    expect(maxAbsDiff(1, 1.25)).to.equal(0.25);
    expect(maxAbsDiff([1, NaN], [1, 2])).to.be.NaN;
    expect(() => maxAbsDiff([1, 2], [1])).to.throw('have 2 and 1 numbers');
  });

  it('ewa follows v_t = βv_{t−1} + (1 − β)θ_t, with bias correction, skipping non-finite values', () => {
    expect(ewa([1, 1, 1], 0.5)).to.deep.equal([0.5, 0.75, 0.875]);
    // Bias correction divides by 1 − β^t: a constant series comes out exactly constant.
    expect(ewa([1, 1, 1], 0.5, { biasCorrection: true })).to.deep.equal([1, 1, 1]);
    // A NaN leaves the average where it was and does not count as a step.
    expect(ewa([NaN, 2, NaN, 2], 0.5)).to.deep.equal([NaN, 1, 1, 1.5]);
    expect(ewa([NaN, 2, NaN, 2], 0.5, { biasCorrection: true })).to.deep.equal([NaN, 2, 2, 2]);
    expect(() => ewa([1], 1)).to.throw('beta must be in [0, 1)');
  });

  it('gatherRows copies the chosen rows in order and names a row out of range', () => {
    const source = Float32Array.from([0, 1, 10, 11, 20, 21]);
    expect(Array.from(gatherRows(source, 2, [2, 0, 2]))).to.deep.equal([20, 21, 0, 1, 20, 21]);
    expect(gatherRows(Int32Array.from([1, 2]), 1, [1])).to.be.instanceOf(Int32Array);
    expect(() => gatherRows(source, 2, [3])).to.throw('row 3 is outside the 3 rows of width 2');
  });
});
