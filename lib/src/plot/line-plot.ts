/**
 * Line charts of several series, with optional points and log axes.
 * @see notebooks/01-cost-minimization.ipynb
 */
import { axis, ChartOptions, plotlyLayout, Series, specFrame } from './chart-parts';
import { Figure, showFigure } from './figure';
import { VegaLiteSpec } from './render';

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
