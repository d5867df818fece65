/**
 * Mini-batches of example indices (the "Optimization algorithms" lecture): one epoch's pass over the
 * data, with the last, smaller batch kept. Call it once per epoch; a fixed seed gives the same order
 * every time, so pass e.g. `seed + epoch` for a new order each epoch.
 */
import { permutation } from './permutation';
import { randomSource } from '../random';

/** Options of `miniBatches`. */
export interface MiniBatchOptions {
  /** Shuffle before batching (default true); false gives 0 … n−1 in order. */
  shuffle?: boolean;
  /** Seed of the shuffle; without one it draws from the library's `rng()`. */
  seed?: number;
}

/**
 * Yields ⌈n / batchSize⌉ index batches covering 0 … n−1 exactly once, each of `batchSize` indices
 * except possibly the last; select rows with `tf.gather(xs, batch)`. Arguments are checked at the call.
 */
export function miniBatches(n: number, batchSize: number, options: MiniBatchOptions = {}): IterableIterator<number[]> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`miniBatches: n must be a whole number ≥ 0, got ${n}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`miniBatches: batchSize must be a whole number ≥ 1, got ${batchSize}`);
  const { shuffle = true, seed } = options;
  const order = shuffle ? permutation(n, randomSource(seed)) : Array.from({ length: n }, (_, i) => i);
  return (function* () {
    for (let start = 0; start < n; start += batchSize) yield order.slice(start, start + batchSize);
  })();
}
