/**
 * Scatter plots of 2-D points, coloured by class: the lectures' planar data sets.
 * @see notebooks/02-neural-network-basics.ipynb
 */
import { ChartOptions, labelledPoints, plotlyLayout, pointLayer, specFrame } from './chart-parts';
import { Figure, showFigure } from './figure';
import { VegaLiteSpec } from './render';

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
