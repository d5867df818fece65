/**
 * The decision regions of a classifier over a 2-D data set, with the data on top.
 * @see notebooks/02-neural-network-basics.ipynb
 */
import { tf } from '../tf';
import { cellCentres, ChartOptions, fixedAxis, labelledPoints, pointLayer, specFrame } from './chart-parts';
import { Figure, showFigure } from './figure';
import { VegaLiteSpec } from './render';

/**
 * A classifier of 2-D points: a function from points [n, 2] to class-1 probabilities or class indices [n]
 * (or a promise of them, for a function that reads tensors), or a tfjs model (one sigmoid output:
 * probability; several: the arg-max class).
 */
export type Classifier =
  | ((points: number[][]) => ArrayLike<number> | Promise<ArrayLike<number>>)
  | { predict(x: tf.Tensor): tf.Tensor | tf.Tensor[] };

export interface DecisionBoundaryOptions extends ChartOptions {
  /** Grid cells per axis (default 50). */
  resolution?: number;
  /** Margin around the data, as a fraction of its range (default 0.1). */
  margin?: number;
}

/** Evaluates `classifier` on `points` [n, 2]: probabilities of class 1 or class indices [n] (a model's output read asynchronously). */
export async function classify(classifier: Classifier, points: number[][]): Promise<Float32Array | Int32Array | number[]> {
  if (typeof classifier === 'function') return Array.from(await classifier(points));
  const scores = tf.tidy(() => {
    const out = classifier.predict(tf.tensor2d(points, [points.length, 2]));
    const y = Array.isArray(out) ? out[0] : out;
    return y.rank === 2 && y.shape[1]! > 1 ? y.argMax(-1) : y.reshape([-1]);
  });
  try {
    return (await scores.data()) as Float32Array | Int32Array;
  } finally {
    scores.dispose();
  }
}

/** Builds the figure of `classifier`'s regions over the data `X` [m, 2] with labels `y` [m], without showing it. */
export async function decisionBoundaryFigure(classifier: Classifier, X: ArrayLike<ArrayLike<number>>, y: ArrayLike<number | string>, options: DecisionBoundaryOptions = {}): Promise<Figure> {
  const n = options.resolution ?? 50;
  const xs = Array.from(X, (r) => r[0]);
  const ys = Array.from(X, (r) => r[1]);
  const pad = (lo: number, hi: number) => [lo - (hi - lo) * (options.margin ?? 0.1), hi + (hi - lo) * (options.margin ?? 0.1)];
  const [x0, x1] = pad(Math.min(...xs), Math.max(...xs));
  const [y0, y1] = pad(Math.min(...ys), Math.max(...ys));
  const [dx, dy] = [(x1 - x0) / n, (y1 - y0) / n];
  const [gridX, gridY] = [cellCentres(x0, dx, n), cellCentres(y0, dy, n)];
  const centres = gridY.flatMap((cy) => gridX.map((cx) => [cx, cy]));
  const scores = await classify(classifier, centres);
  // Two classes: colour regions by P(class 1); more: by the predicted class.
  const binary = new Set(Array.from(y, String)).size <= 2;
  const cells = centres.map(([cx, cy], k) => ({ x: cx - dx / 2, x2: cx + dx / 2, y: cy - dy / 2, y2: cy + dy / 2, score: scores[k] }));
  const xEnc = fixedAxis('x', options.xLabel ?? 'x₁', [x0, x1]);
  const yEnc = fixedAxis('y', options.yLabel ?? 'x₂', [y0, y1]);
  const regionColor = binary
    ? { field: 'score', type: 'quantitative', title: 'P(class 1)', scale: { scheme: 'blueorange', domain: [0, 1] } }
    : { field: 'score', type: 'nominal', title: 'predicted' };
  const points = pointLayer(options) as { mark: object; encoding: Record<string, unknown> };
  const spec = {
    ...specFrame({ width: 320, height: 320, ...options }),
    layer: [
      { data: { values: cells }, mark: { type: 'rect', opacity: 0.45 }, encoding: { x: xEnc, x2: { field: 'x2' }, y: yEnc, y2: { field: 'y2' }, color: regionColor } },
      { data: { values: labelledPoints(X, y) }, mark: points.mark, encoding: { ...points.encoding, x: xEnc, y: yEnc } },
    ],
    resolve: { scale: { color: 'independent' } },
  } as unknown as VegaLiteSpec;
  const z = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => scores[i * n + j]));
  const classes = [...new Set(Array.from(y, String))];
  const data = [
    { type: 'heatmap', z, x: gridX, y: gridY, opacity: 0.45, showscale: false },
    ...classes.map((c) => {
      const idx = Array.from(y, String).flatMap((v, i) => (v === c ? [i] : []));
      return { type: 'scatter', mode: 'markers', name: c, x: idx.map((i) => xs[i]), y: idx.map((i) => ys[i]) };
    }),
  ];
  return { title: options.title ?? 'decision boundary', spec, plotly: { data, layout: { title: options.title } } };
}

/** Shows the decision regions of `classifier` with the data `X` [m, 2], `y` [m] on top, and returns the figure; await it. */
export async function decisionBoundary(classifier: Classifier, X: ArrayLike<ArrayLike<number>>, y: ArrayLike<number | string>, options: DecisionBoundaryOptions = {}): Promise<Figure> {
  return showFigure(await decisionBoundaryFigure(classifier, X, y, options));
}
