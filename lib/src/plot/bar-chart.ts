/**
 * Bar charts of named values (accuracies per method, parameter counts per layer).
 * @see notebooks/04-weight-initialization.ipynb
 */
import { ChartOptions, plotlyLayout, specFrame } from './chart-parts';
import { Figure, showFigure } from './figure';
import { VegaLiteSpec } from './render';

/** Builds the figure of a bar chart of `bars` (label to value, in the order given), without showing it. */
export function barChartFigure(bars: Record<string, number>, options: ChartOptions = {}): Figure {
  const values = Object.entries(bars).map(([label, value]) => ({ label, value }));
  const bad = options.logY ? values.find((v) => !(v.value > 0)) : undefined;
  if (bad !== undefined) throw new Error(`barChart: logY needs positive values, but '${bad.label}' is ${bad.value}; drop it or use a linear scale`);
  // On a log scale a bar cannot start at 0: it starts at the power of ten below the smallest value.
  const baseline = options.logY ? { y2: { datum: 10 ** Math.floor(Math.log10(Math.min(...values.map((v) => v.value)))) } } : {};
  const spec = {
    ...specFrame(options),
    data: { values },
    layer: [
      { mark: 'bar', encoding: {
        x: { field: 'label', type: 'nominal', title: options.xLabel ?? null, sort: null, axis: { labelAngle: -30 } },
        y: { field: 'value', type: 'quantitative', title: options.yLabel ?? 'value', scale: options.logY ? { type: 'log' } : {} }, ...baseline } },
      { mark: { type: 'text', dy: -6 }, encoding: {
        x: { field: 'label', type: 'nominal', sort: null }, y: { field: 'value', type: 'quantitative' },
        text: { field: 'value', type: 'quantitative', format: '.4~g' } } },
    ],
  } as unknown as VegaLiteSpec;
  const data = [{ type: 'bar', x: values.map((v) => v.label), y: values.map((v) => v.value) }];
  return { title: options.title ?? 'bar chart', spec, plotly: { data, layout: plotlyLayout(options) } };
}

/** Shows a bar chart of label → value and returns its figure. */
export function barChart(bars: Record<string, number>, options: ChartOptions = {}): Figure {
  return showFigure(barChartFigure(bars, options));
}
