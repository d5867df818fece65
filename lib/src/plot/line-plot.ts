/**
 * Line charts of several series, with optional points and log axes.
 * @see notebooks/01-cost-minimization.ipynb
 */
import { Figure, showFigure } from './figure';
import { VegaLiteSpec } from './render';

/** One named series of (x, y) pairs. */
export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** 'line' (default), 'points', or 'line+points'. */
  mark?: 'line' | 'points' | 'line+points';
}

/** Titles, axes and size shared by the charts. */
export interface ChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  logX?: boolean;
  logY?: boolean;
  width?: number;
  height?: number;
}

/** Common top of every spec: schema, title and size. */
export function specFrame(options: ChartOptions): { $schema: string; title?: string; width: number; height: number } {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: options.title,
    width: options.width ?? 420,
    height: options.height ?? 260,
  };
}

/** A quantitative axis encoding with the chart's label and log option. */
export function axis(field: string, title: string | undefined, log: boolean | undefined): Record<string, unknown> {
  return { field, type: 'quantitative', title: title ?? field, scale: log ? { type: 'log' } : { zero: false } };
}

/** The plotly layout matching the chart options. */
export function plotlyLayout(options: ChartOptions): Record<string, unknown> {
  return {
    title: options.title,
    xaxis: { title: options.xLabel, type: options.logX ? 'log' : 'linear' },
    yaxis: { title: options.yLabel, type: options.logY ? 'log' : 'linear' },
  };
}

/** Builds the figure of a line chart without showing it. */
export function linePlotFigure(series: Series[], options: ChartOptions = {}): Figure {
  const values: { series: string; x: number; y: number; order: number }[] = [];
  for (const s of series) {
    if (s.x.length !== s.y.length) {
      throw new Error(`linePlot: series '${s.name}' has ${s.x.length} x values but ${s.y.length} y values`);
    }
    for (let i = 0; i < s.x.length; i++) values.push({ series: s.name, x: s.x[i], y: s.y[i], order: i });
  }
  const names = (mark: 'line' | 'points') => series.filter((s) => (s.mark ?? 'line').includes(mark)).map((s) => s.name);
  const encoding = {
    x: axis('x', options.xLabel, options.logX),
    y: axis('y', options.yLabel, options.logY),
    color: { field: 'series', type: 'nominal', title: null, sort: series.map((s) => s.name), legend: { labelLimit: 320 } },
  };
  const layer = (mark: 'line' | 'points') => ({
    transform: [{ filter: { field: 'series', oneOf: names(mark) } }],
    mark: mark === 'line' ? { type: 'line' } : { type: 'point', filled: true, size: 40 },
    encoding: mark === 'line' ? { ...encoding, order: { field: 'order', type: 'quantitative' } } : encoding,
  });
  const spec = {
    ...specFrame(options),
    data: { values },
    layer: (['line', 'points'] as const).filter((m) => names(m).length > 0).map(layer),
  } as unknown as VegaLiteSpec;
  const modes = { line: 'lines', points: 'markers', 'line+points': 'lines+markers' };
  const data = series.map((s) => ({ type: 'scatter', name: s.name, x: Array.from(s.x), y: Array.from(s.y), mode: modes[s.mark ?? 'line'] }));
  return { title: options.title ?? 'line chart', spec, plotly: { data, layout: plotlyLayout(options) } };
}

/** Shows a line chart of one or more series and returns its figure. */
export function linePlot(series: Series[], options: ChartOptions = {}): Figure {
  return showFigure(linePlotFigure(series, options));
}
