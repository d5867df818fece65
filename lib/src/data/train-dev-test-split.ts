/**
 * Train / dev / test splits as shuffled index lists (the "Setting up your ML application" lecture):
 * select rows of any array with them, or of a tensor with `tf.gather(xs, split.train)`.
 */
import { permutation } from './permutation';
import { randomSource } from '../random';

/** The three index lists of a split; disjoint, each in shuffled order. */
export interface TrainDevTestSplit {
  train: number[];
  dev: number[];
  test: number[];
}

/** How to size a split: fractions of n summing to 1, or counts summing to at most n (the rest unused). */
export type SplitSizes = { fractions: readonly [number, number, number] } | { counts: readonly [number, number, number] };

/** Sizes from fractions by largest remainder, so they sum to exactly n (ties go to the earlier set). */
function sizesFromFractions(n: number, fractions: readonly number[]): number[] {
  const exact = fractions.map((f) => f * n);
  const sizes = exact.map(Math.floor);
  const byRemainder = [0, 1, 2].sort((a, b) => exact[b] - sizes[b] - (exact[a] - sizes[a]) || a - b);
  const leftover = n - sizes.reduce((a, b) => a + b, 0);
  for (let k = 0; k < leftover; k++) sizes[byRemainder[k]]++;
  return sizes;
}

function checkSizes(n: number, sizes: SplitSizes): number[] {
  const fail = (what: string): never => {
    throw new Error(`trainDevTestSplit: ${what}`);
  };
  if (!Number.isInteger(n) || n < 0) fail(`n must be a whole number ≥ 0, got ${n}`);
  if ('fractions' in sizes) {
    const f = sizes.fractions;
    if (f.length !== 3 || f.some((x) => !Number.isFinite(x) || x < 0)) fail(`fractions must be three numbers ≥ 0, got [${f.join(', ')}]`);
    const sum = f.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-9) fail(`fractions must sum to 1, got [${f.join(', ')}] (sum ${Number(sum.toPrecision(12))})`);
    return sizesFromFractions(n, f);
  }
  const c = sizes.counts;
  if (c.length !== 3 || c.some((x) => !Number.isInteger(x) || x < 0)) fail(`counts must be three whole numbers ≥ 0, got [${c.join(', ')}]`);
  const sum = c.reduce((a, b) => a + b, 0);
  if (sum > n) fail(`counts [${c.join(', ')}] sum to ${sum}, more than the ${n} examples`);
  return [...c];
}

/**
 * Splits the indices 0 … n−1 into disjoint train, dev and test lists after a shuffle drawn from
 * mulberry32(`seed`), or from the library's `rng()` when no seed is given.
 */
export function trainDevTestSplit(n: number, sizes: SplitSizes, seed?: number): TrainDevTestSplit {
  const [nTrain, nDev, nTest] = checkSizes(n, sizes);
  const order = permutation(n, randomSource(seed));
  return {
    train: order.slice(0, nTrain),
    dev: order.slice(nTrain, nTrain + nDev),
    test: order.slice(nTrain + nDev, nTrain + nDev + nTest),
  };
}
