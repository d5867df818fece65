/**
 * Two interleaving half circles, like scikit-learn's make_moons: a small non-linear classification task.
 */
import { permutation } from '../permutation';
import { normalSampler, randomSource } from '../../random';
import { linspace } from './linspace';
import { LabelledPoints, shufflePoints } from './labelled-points';

/** Options of `makeMoons`. */
export interface MoonsOptions {
  /** Number of points: ⌊n/2⌋ on the upper moon (class 0), the rest on the lower one (class 1); default 100. */
  n?: number;
  /** Standard deviation of Gaussian noise added to each coordinate (default 0). */
  noise?: number;
  /** Shuffle the rows (default true, as scikit-learn). */
  shuffle?: boolean;
  /** Seed; without one it draws from the library's `rng()`. */
  seed?: number;
}

/**
 * Class 0 on the upper unit half circle (cos θ, sin θ), class 1 on the lower one shifted to
 * (1 − cos θ, 0.5 − sin θ), θ evenly spaced over [0, π]; `X` [n, 2], `y` [n].
 */
export function makeMoons(options: MoonsOptions = {}): LabelledPoints {
  const { n = 100, noise = 0, shuffle = true, seed } = options;
  if (!Number.isInteger(n) || n < 2) throw new Error(`makeMoons: n must be a whole number ≥ 2, got ${n}`);
  if (!(noise >= 0)) throw new Error(`makeMoons: noise must be ≥ 0, got ${noise}`);
  const random = randomSource(seed);
  const gauss = normalSampler(random);
  const nOuter = Math.floor(n / 2);
  const outer = linspace(0, Math.PI, nOuter).map((a) => [Math.cos(a), Math.sin(a)]);
  const inner = linspace(0, Math.PI, n - nOuter).map((a) => [1 - Math.cos(a), 0.5 - Math.sin(a)]);
  const points: LabelledPoints = {
    X: [...outer, ...inner].map(([a, b]) => [a + noise * gauss(), b + noise * gauss()]),
    y: [...outer.map(() => 0), ...inner.map(() => 1)],
  };
  return shuffle ? shufflePoints(points, permutation(n, random)) : points;
}
