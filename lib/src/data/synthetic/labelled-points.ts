/**
 * The shape every synthetic data set is returned in: plain arrays, one row per example (tfjs's
 * convention; the deeplearning.ai notebooks store X as [features, m], the transpose).
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { tf } from '../../tf';

/** Examples `X` [m, d] and targets `y` [m] (class labels 0/1, or real values for regression). */
export interface LabelledPoints {
  X: number[][];
  y: number[];
}

/** New tensors `X` [m, d] and `y` [m, 1], float32, ready for a one-unit output layer; the caller disposes them. */
export function pointsToTensors(points: LabelledPoints): { X: tfTypes.Tensor2D; y: tfTypes.Tensor2D } {
  const m = points.X.length;
  if (points.y.length !== m) throw new Error(`pointsToTensors: ${m} rows in X but ${points.y.length} targets in y`);
  const d = m > 0 ? points.X[0].length : 0;
  return { X: tf.tensor2d(points.X.flat(), [m, d], 'float32'), y: tf.tensor2d(points.y, [m, 1], 'float32') };
}

/** Applies one seeded shuffle to the rows of `points` and their targets together. */
export function shufflePoints(points: LabelledPoints, order: number[]): LabelledPoints {
  return { X: order.map((i) => points.X[i]), y: order.map((i) => points.y[i]) };
}
