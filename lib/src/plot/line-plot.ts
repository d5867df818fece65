/**
 * Line charts of several series, with optional points and log axes.
 * @see notebooks/01-cost-minimization.ipynb
 */
import { VegaLiteSpec } from './render';
import { showPlot } from './show-plot';

/** One named series of (x, y) pairs. */
export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** 'line' (default), 'points', or 'line+points'. */
  mark?: 'line' | 'points' | 'line+points';
}

export interface LinePlotOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  logX?: boolean;
  logY?: boolean;
  width?: number;
  height?: number;
}

/** Builds the Vega-Lite spec of a line chart; `linePlot` renders it. */
export function linePlotSpec(series: Series[], options: LinePlotOptions = {}): VegaLiteSpec {
  const values: { series: string; x: number; y: number; order: number }[] = [];
  for (const s of series) {
    if (s.x.length !== s.y.length) {
      throw new Error(`linePlot: series '${s.name}' has ${s.x.length} x values but ${s.y.length} y values`);
    }
    for (let i = 0; i < s.x.length; i++) values.push({ series: s.name, x: s.x[i], y: s.y[i], order: i });
  }
  const names = (mark: 'line' | 'points') =>
    series.filter((s) => (s.mark ?? 'line').includes(mark)).map((s) => s.name);
  const encoding = {
    x: { field: 'x', type: 'quantitative', title: options.xLabel ?? 'x', scale: options.logX ? { type: 'log' } : { zero: false } },
    y: { field: 'y', type: 'quantitative', title: options.yLabel ?? 'y', scale: options.logY ? { type: 'log' } : { zero: false } },
    color: { field: 'series', type: 'nominal', title: null, sort: series.map((s) => s.name), legend: { labelLimit: 320 } },
  };
  const layer = (mark: 'line' | 'points') => ({
    transform: [{ filter: { field: 'series', oneOf: names(mark) } }],
    mark: mark === 'line' ? { type: 'line' } : { type: 'point', filled: true, size: 40 },
    encoding: mark === 'line' ? { ...encoding, order: { field: 'order', type: 'quantitative' } } : encoding,
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: options.title,
    width: options.width ?? 420,
    height: options.height ?? 260,
    data: { values },
    layer: [layer('line'), layer('points')].filter((_, i) => names(i === 0 ? 'line' : 'points').length > 0),
  } as VegaLiteSpec;
}

/** Shows a line chart of one or more series. */
export function linePlot(series: Series[], options: LinePlotOptions = {}): void {
  showPlot(linePlotSpec(series, options));
}
