/**
 * One door for randomness: `setSeed(n)` makes the library, tfjs and Math.random reproducible.
 * @see notebooks/01-cost-minimization.ipynb
 */
import { announceRunFacts } from './run-facts';

const nativeRandom = Math.random;
let generator: () => number = nativeRandom;
let currentSeed: number | undefined;
/** The seed last shown in the notebook ('none' before the first call), so repeated calls stay quiet. */
let announcedSeed: number | undefined | 'none' = 'none';

/** mulberry32: a small, fast 32-bit generator with a full 2^32 period; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Seeds every source of randomness the notebooks use. tfjs initializers, random ops, dropout and
 * `model.fit` shuffling draw from `Math.random()` when given no seed, so it is replaced by the seeded
 * generator; `setSeed(undefined)` restores the unseeded one. In a notebook it shows the seed when it
 * changes (re-seeding with the same seed before each experiment prints nothing).
 */
export function setSeed(seed: number | undefined): void {
  if (seed === undefined) {
    generator = nativeRandom;
    currentSeed = undefined;
  } else {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new Error(`setSeed(${seed}): the seed must be an integer from 0 to 4294967295`);
    }
    generator = mulberry32(seed);
    currentSeed = seed;
  }
  Math.random = generator;
  if (announcedSeed === currentSeed) return;
  announcedSeed = currentSeed;
  announceRunFacts({ seed: currentSeed ?? null }, seed === undefined ? 'Unseeded' : `Seed: ${seed}`);
}

/** The seed in force, or undefined when unseeded. */
export function getSeed(): number | undefined {
  return currentSeed;
}

/** The current generator: a function returning floats in [0, 1), seeded by `setSeed`. */
export function rng(): () => number {
  return generator;
}
