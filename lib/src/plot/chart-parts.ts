/**
 * The pieces the charts share: chart options, the top of every Vega-Lite spec, axes, the plotly layout,
 * the labelled point layer, grid cell centres and histogram bins. Charts import these, never each other.
 */

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

/**
 * The centres of `count` equal cells from `start` in steps of `step`: start + (k + ½)·step, k = 0 … count − 1
 * (the grid the contour and decision-boundary plots evaluate and draw).
 */
export function cellCentres(start: number, step: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => start + (k + 0.5) * step);
}

/** A quantitative axis fixed to `domain` (no rounding out, no zero): for grids drawn edge to edge. */
export function fixedAxis(field: string, title: string, domain: [number, number]): Record<string, unknown> {
  return { field, type: 'quantitative', title, scale: { domain, nice: false, zero: false } };
}

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

/** Counts of `values` in `bins` equal bins over [lo, hi]; values outside are dropped. */
export function binCounts(values: ArrayLike<number>, bins: number, lo: number, hi: number): number[] {
  const counts = new Array(bins).fill(0);
  const width = (hi - lo) / bins || 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  return counts;
}
