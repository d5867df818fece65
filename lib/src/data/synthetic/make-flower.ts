/**
 * The planar "flower" of the deeplearning.ai course (week 3, one hidden layer): two classes of points
 * on the petals of the rose r = a·sin(4t), which no straight line separates.
 */
import { normalSampler, randomSource } from '../../random';
import { linspace } from './linspace';
import { LabelledPoints } from './labelled-points';

/** Options of `makeFlower`. */
export interface FlowerOptions {
  /** Number of points, even: m/2 per class (default 400, as in the course). */
  m?: number;
  /** Standard deviation of the Gaussian noise added to both angle and radius (default 0.2). */
  noise?: number;
  /** Seed; without one it draws from the library's `rng()`. */
  seed?: number;
}

/** Petal length: the course's a = 4. */
const PETAL_LENGTH = 4;
/** Angle range of each class: class j covers t from 3.12·j to 3.12·(j+1), as in the course. */
const CLASS_ARC = 3.12;

/**
 * The course's `load_planar_dataset` construction: for class j, t = linspace(3.12j, 3.12(j+1), m/2)
 * + noise·N(0,1), r = 4·sin(4t) + noise·N(0,1), point (r·sin t, r·cos t); `X` [m, 2], `y` [m], class 0
 * first (not shuffled), with its own Gaussian draws (numpy's seed 1 values are not reproduced).
 */
export function makeFlower(options: FlowerOptions = {}): LabelledPoints {
  const { m = 400, noise = 0.2, seed } = options;
  if (!Number.isInteger(m) || m < 2 || m % 2 !== 0) throw new Error(`makeFlower: m must be an even whole number ≥ 2, got ${m}`);
  if (!(noise >= 0)) throw new Error(`makeFlower: noise must be ≥ 0, got ${noise}`);
  const gauss = normalSampler(randomSource(seed));
  const perClass = m / 2;
  const X: number[][] = [];
  const y: number[] = [];
  for (let j = 0; j < 2; j++) {
    // The course draws all the angle noise of a class, then all its radius noise: kept in that order.
    const t = linspace(CLASS_ARC * j, CLASS_ARC * (j + 1), perClass).map((ti) => ti + noise * gauss());
    const r = t.map((ti) => PETAL_LENGTH * Math.sin(4 * ti) + noise * gauss());
    t.forEach((ti, i) => {
      X.push([r[i] * Math.sin(ti), r[i] * Math.cos(ti)]);
      y.push(j);
    });
  }
  return { X, y };
}
