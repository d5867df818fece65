/**
 * Scatter plots of 2-D points, coloured by class: the lectures' planar data sets.
 * @see notebooks/02-neural-network-basics.ipynb
 */
import { axis, ChartOptions, plotlyLayout, specFrame } from './line-plot';
import { Figure, showFigure } from './figure';
import { VegaLiteSpec } from './render';

/** Rows of `X` [m, 2] with their labels as Vega-Lite values. */
export function labelledPoints(X: ArrayLike<ArrayLike<number>>, labels?: ArrayLike<number | string>): { x: number; y: number; label: string }[] {
  if (labels && labels.length !== X.length) throw new Error(`scatterPlot: ${X.length} points but ${labels.length} labels`);
  return Array.from(X, (row, i) => ({ x: row[0], y: row[1], label: labels ? String(labels[i]) : 'points' }));
}

/** The point layer shared by scatter and decision-boundary plots. */
export function pointLayer(options: ChartOptions): Record<string, unknown> {
  return {
    mark: { type: 'point', filled: true, size: 24, stroke: 'white', strokeWidth: 0.5, opacity: 0.9 },
    encoding: {
      x: axis('x', options.xLabel ?? 'x₁', options.logX),
      y: axis('y', options.yLabel ?? 'x₂', options.logY),
      color: { field: 'label', type: 'nominal', title: 'class' },
    },
  };
}

/** Builds the figure of a scatter plot of `X` [m, 2] coloured by `labels` [m], without showing it. */
export function scatterPlotFigure(X: ArrayLike<ArrayLike<number>>, labels?: ArrayLike<number | string>, options: ChartOptions = {}): Figure {
  const values = labelledPoints(X, labels);
  const spec = { ...specFrame({ width: 320, height: 320, ...options }), data: { values }, ...pointLayer(options) } as unknown as VegaLiteSpec;
  const classes = [...new Set(values.map((v) => v.label))];
  const data = classes.map((c) => {
    const pts = values.filter((v) => v.label === c);
    return { type: 'scatter', mode: 'markers', name: c, x: pts.map((p) => p.x), y: pts.map((p) => p.y) };
  });
  return { title: options.title ?? 'scatter plot', spec, plotly: { data, layout: plotlyLayout(options) } };
}

/** Shows a scatter plot of `X` [m, 2] coloured by `labels` [m] and returns its figure. */
export function scatterPlot(X: ArrayLike<ArrayLike<number>>, labels?: ArrayLike<number | string>, options: ChartOptions = {}): Figure {
  return showFigure(scatterPlotFigure(X, labels, options));
}
