/**
 * One door for randomness: `setSeed(n)` makes the library, tfjs and Math.random reproducible, and every
 * generator the library draws from comes from here (`rng`, `randomSource`, `normalSampler`).
 * @see notebooks/01-cost-minimization.ipynb
 */
import { announceRunFacts } from './run-facts';

const nativeRandom = Math.random;
let generator: () => number = nativeRandom;
let currentSeed: number | undefined;
/** The seed last shown in the notebook ('none' before the first call), so repeated calls stay quiet. */
let announcedSeed: number | undefined | 'none' = 'none';

/** The largest seed: seeds are 32-bit unsigned integers, mulberry32's state. */
const MAX_SEED = 0xffffffff;

/** Throws, naming `caller`, unless `seed` is an integer from 0 to 4294967295. */
function checkSeed(seed: number, caller: string): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new Error(`${caller}: the seed must be an integer from 0 to ${MAX_SEED}, got ${seed}`);
  }
}

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
    checkSeed(seed, 'setSeed');
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

/**
 * The generator a seeded helper draws from: mulberry32(`seed`) when a seed is given, else the library's
 * `rng()`, so a notebook's `setSeed` makes every helper called without a seed reproducible too.
 */
export function randomSource(seed?: number): () => number {
  if (seed === undefined) return rng();
  checkSeed(seed, 'randomSource');
  return mulberry32(seed);
}

/**
 * Standard normal draws by the Box–Muller transform over `random` (floats in [0, 1)); each pair of
 * uniforms gives two normals, handed out in turn.
 */
export function normalSampler(random: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return z;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - random())); // 1 − u is in (0, 1], so the log is finite
    const angle = 2 * Math.PI * random();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
