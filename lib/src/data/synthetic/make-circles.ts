/**
 * A small circle inside a large one, like scikit-learn's make_circles: classes no line can separate.
 */
import { permutation } from '../permutation';
import { normalSampler, randomSource } from '../../random';
import { linspace } from './linspace';
import { LabelledPoints, shufflePoints } from './labelled-points';

/** Options of `makeCircles`. */
export interface CirclesOptions {
  /** Number of points: ⌊n/2⌋ on the outer circle (class 0), the rest on the inner one (class 1); default 100. */
  n?: number;
  /** Standard deviation of Gaussian noise added to each coordinate (default 0). */
  noise?: number;
  /** Radius of the inner circle relative to the outer one, in [0, 1) (default 0.8). */
  factor?: number;
  /** Shuffle the rows (default true, as scikit-learn). */
  shuffle?: boolean;
  /** Seed; without one it draws from the library's `rng()`. */
  seed?: number;
}

/** Class 0 evenly spaced on the unit circle, class 1 on the circle of radius `factor`; `X` [n, 2], `y` [n]. */
export function makeCircles(options: CirclesOptions = {}): LabelledPoints {
  const { n = 100, noise = 0, factor = 0.8, shuffle = true, seed } = options;
  if (!Number.isInteger(n) || n < 2) throw new Error(`makeCircles: n must be a whole number ≥ 2, got ${n}`);
  if (!(noise >= 0)) throw new Error(`makeCircles: noise must be ≥ 0, got ${noise}`);
  if (!(factor >= 0 && factor < 1)) throw new Error(`makeCircles: factor must be in [0, 1), got ${factor}`);
  const random = randomSource(seed);
  const gauss = normalSampler(random);
  const nOuter = Math.floor(n / 2);
  const circle = (count: number, radius: number) =>
    linspace(0, 2 * Math.PI, count, false).map((a) => [radius * Math.cos(a), radius * Math.sin(a)]);
  const outer = circle(nOuter, 1);
  const inner = circle(n - nOuter, factor);
  const points: LabelledPoints = {
    X: [...outer, ...inner].map(([a, b]) => [a + noise * gauss(), b + noise * gauss()]),
    y: [...outer.map(() => 0), ...inner.map(() => 1)],
  };
  return shuffle ? shufflePoints(points, permutation(n, random)) : points;
}
