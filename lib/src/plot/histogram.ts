/**
 * Histograms of one or several groups of values, side by side on shared bins (e.g. activations per layer).
 * @see notebooks/04-weight-initialization.ipynb
 */
import { binCounts, ChartOptions, plotlyLayout, specFrame } from './chart-parts';
import { Figure, showFigure } from './figure';
import { VegaLiteSpec } from './render';

export interface HistogramOptions extends ChartOptions {
  /** Number of bins (default 30). */
  bins?: number;
  /** Bin range; default: from the smallest to the largest value over all groups. */
  range?: [number, number];
  /** Panels per row when there are several groups (default 5). */
  columns?: number;
}

/** Builds the figure of the histograms without showing it. */
export function histogramFigure(groups: { name: string; values: ArrayLike<number> }[], options: HistogramOptions = {}): Figure {
  const bins = options.bins ?? 30;
  let [lo, hi] = options.range ?? [Infinity, -Infinity];
  if (!options.range) {
    for (const g of groups) for (let i = 0; i < g.values.length; i++) {
      lo = Math.min(lo, g.values[i]);
      hi = Math.max(hi, g.values[i]);
    }
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new Error('histogram: no finite values to bin');
  if (hi === lo) hi = lo + 1;
  const width = (hi - lo) / bins;
  const values = groups.flatMap((g) =>
    binCounts(g.values, bins, lo, hi).map((count, b) => ({ group: g.name, start: lo + b * width, end: lo + (b + 1) * width, count })),
  );
  const panel = {
    mark: { type: 'bar', binSpacing: 0 },
    encoding: {
      x: { field: 'start', type: 'quantitative', bin: 'binned', title: options.xLabel ?? 'value', scale: { domain: [lo, hi] } },
      x2: { field: 'end' },
      y: { field: 'count', type: 'quantitative', title: options.yLabel ?? 'count' },
    },
  };
  const frame = specFrame({ width: groups.length > 1 ? 160 : 420, height: groups.length > 1 ? 120 : 260, ...options });
  const spec = (groups.length > 1
    ? { $schema: frame.$schema, title: frame.title, data: { values }, columns: options.columns ?? 5,
        facet: { field: 'group', type: 'nominal', title: null, sort: groups.map((g) => g.name) },
        spec: { width: frame.width, height: frame.height, ...panel }, resolve: { scale: { y: 'independent' } } }
    : { ...frame, data: { values }, ...panel }) as unknown as VegaLiteSpec;
  const data = groups.map((g) => ({ type: 'histogram', name: g.name, x: Array.from(g.values), opacity: 0.6, xbins: { start: lo, end: hi, size: width } }));
  return { title: options.title ?? 'histogram', spec, plotly: { data, layout: { ...plotlyLayout(options), barmode: 'overlay' } } };
}

/** Shows histograms of one array, or of named groups in panels on shared bins, and returns the figure. */
export function histogram(values: ArrayLike<number> | { name: string; values: ArrayLike<number> }[], options: HistogramOptions = {}): Figure {
  const groups = Array.isArray(values) && typeof values[0] === 'object' ? (values as { name: string; values: ArrayLike<number> }[]) : [{ name: 'values', values: values as ArrayLike<number> }];
  return showFigure(histogramFigure(groups, options));
}
