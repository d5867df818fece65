/**
 * The generator a seeded data helper draws from: its own when given a seed, else the library's, so a
 * notebook's `setSeed` makes every helper called without a seed reproducible too.
 * @see notebooks/01-cost-minimization.ipynb
 */
import { mulberry32, rng } from '../seed';

/** A generator of floats in [0, 1): mulberry32(`seed`) when a seed is given, else the library's `rng()`. */
export function randomSource(seed?: number): () => number {
  if (seed === undefined) return rng();
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`seed ${seed}: a seed must be an integer from 0 to 4294967295`);
  }
  return mulberry32(seed);
}
