/**
 * Data for linear regression with known answers, as in Dive into Deep Learning's `synthetic_data`:
 * the fitted weights and bias can be checked against the true ones.
 */
import { normalSampler, randomSource } from '../../random';
import { LabelledPoints } from './labelled-points';

/** Options of `makeLinear`. */
export interface LinearOptions {
  /** Number of examples. */
  n: number;
  /** True weights w, one per feature. */
  weights: readonly number[];
  /** True bias b (default 0). */
  bias?: number;
  /** Standard deviation of the Gaussian noise added to y (default 0). */
  noise?: number;
  /** Seed; without one it draws from the library's `rng()`. */
  seed?: number;
}

/** Features X [n, d] drawn from N(0, 1) and targets y [n] = X·w + b + noise·N(0, 1). */
export function makeLinear(options: LinearOptions): LabelledPoints {
  const { n, weights, bias = 0, noise = 0, seed } = options;
  if (!Number.isInteger(n) || n < 1) throw new Error(`makeLinear: n must be a whole number ≥ 1, got ${n}`);
  if (weights.length === 0 || weights.some((w) => !Number.isFinite(w))) {
    throw new Error(`makeLinear: weights must be a non-empty list of finite numbers, got [${weights.join(', ')}]`);
  }
  if (!Number.isFinite(bias)) throw new Error(`makeLinear: bias must be a finite number, got ${bias}`);
  if (!(noise >= 0)) throw new Error(`makeLinear: noise must be ≥ 0, got ${noise}`);
  const gauss = normalSampler(randomSource(seed));
  const X = Array.from({ length: n }, () => weights.map(() => gauss()));
  const y = X.map((row) => row.reduce((sum, x, j) => sum + x * weights[j], bias) + noise * gauss());
  return { X, y };
}
