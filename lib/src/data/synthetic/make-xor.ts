/**
 * The XOR problem: four clusters at the corners (±1, ±1), labelled 1 where the signs differ; the
 * classic task a single neuron cannot learn and one hidden layer can.
 */
import { permutation } from '../permutation';
import { normalSampler, randomSource } from '../../random';
import { LabelledPoints, shufflePoints } from './labelled-points';

/** Options of `makeXor`. */
export interface XorOptions {
  /** Number of points, dealt to the four corners in turn (default 200). */
  n?: number;
  /** Standard deviation of Gaussian noise around each corner (default 0: the four corners exactly). */
  noise?: number;
  /** Shuffle the rows (default true). */
  shuffle?: boolean;
  /** Seed; without one it draws from the library's `rng()`. */
  seed?: number;
}

/** Corners in dealing order, so consecutive points alternate classes and an even n is exactly balanced. */
const CORNERS = [[1, 1], [-1, 1], [-1, -1], [1, -1]];

/** Points around (±1, ±1) with label 1 when x₁·x₂ < 0 at the corner, else 0; `X` [n, 2], `y` [n]. */
export function makeXor(options: XorOptions = {}): LabelledPoints {
  const { n = 200, noise = 0, shuffle = true, seed } = options;
  if (!Number.isInteger(n) || n < 1) throw new Error(`makeXor: n must be a whole number ≥ 1, got ${n}`);
  if (!(noise >= 0)) throw new Error(`makeXor: noise must be ≥ 0, got ${noise}`);
  const random = randomSource(seed);
  const gauss = normalSampler(random);
  const corners = Array.from({ length: n }, (_, i) => CORNERS[i % CORNERS.length]);
  const points: LabelledPoints = {
    X: corners.map(([a, b]) => [a + noise * gauss(), b + noise * gauss()]),
    y: corners.map(([a, b]) => (a * b < 0 ? 1 : 0)),
  };
  return shuffle ? shufflePoints(points, permutation(n, random)) : points;
}
