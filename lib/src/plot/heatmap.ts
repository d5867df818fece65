/**
 * Heatmaps of a matrix (confusion matrices, weight matrices), optionally with the values written in, and
 * the confusion matrix's own heatmap.
 * @see notebooks/12-classic-cnns.ipynb
 */
import { ChartOptions, plotlyLayout, specFrame } from './chart-parts';
import { Figure, showFigure } from './figure';
import { VegaLiteSpec } from './render';

export interface HeatmapOptions extends ChartOptions {
  /** Names of the columns (x) and rows (y); default 0, 1, 2, … */
  xLabels?: string[];
  yLabels?: string[];
  /** Write each cell's value in it (default: when the matrix has at most 400 cells). */
  showValues?: boolean;
  /** A Vega colour scheme, e.g. 'blues' (default) or 'viridis'. */
  scheme?: string;
}

/** Builds the figure of a heatmap of `matrix` [rows][columns], without showing it. */
export function heatmapFigure(matrix: ArrayLike<ArrayLike<number>>, options: HeatmapOptions = {}): Figure {
  const rows = matrix.length;
  const cols = rows ? matrix[0].length : 0;
  const xLabels = options.xLabels ?? Array.from({ length: cols }, (_, j) => String(j));
  const yLabels = options.yLabels ?? Array.from({ length: rows }, (_, i) => String(i));
  if (xLabels.length !== cols || yLabels.length !== rows) {
    throw new Error(`heatmap: a ${rows}x${cols} matrix needs ${cols} xLabels and ${rows} yLabels`);
  }
  const values = Array.from({ length: rows * cols }, (_, k) => {
    const i = Math.floor(k / cols);
    const j = k % cols;
    return { row: yLabels[i], col: xLabels[j], value: matrix[i][j] };
  });
  const max = Math.max(...values.map((v) => v.value));
  // Counts in full (1234, not 1.23e+3); other values to three significant digits.
  const format = values.every((v) => Number.isInteger(v.value)) ? 'd' : '.3~g';
  const encoding = {
    x: { field: 'col', type: 'ordinal', title: options.xLabel ?? null, sort: xLabels },
    y: { field: 'row', type: 'ordinal', title: options.yLabel ?? null, sort: yLabels },
  };
  const layers: Record<string, unknown>[] = [
    { mark: 'rect', encoding: { ...encoding, color: { field: 'value', type: 'quantitative', title: null, scale: { scheme: options.scheme ?? 'blues' } } } },
  ];
  if (options.showValues ?? rows * cols <= 400) {
    layers.push({
      mark: { type: 'text', fontSize: 10 },
      encoding: { ...encoding, text: { field: 'value', type: 'quantitative', format },
        color: { condition: { test: `datum.value > ${max / 2}`, value: 'white' }, value: 'black' } },
    });
  }
  const size = Math.min(480, Math.max(160, 26 * Math.max(rows, cols)));
  const spec = { ...specFrame({ width: size, height: size, ...options }), data: { values }, layer: layers } as unknown as VegaLiteSpec;
  const data = [{ type: 'heatmap', z: Array.from(matrix, (r) => Array.from(r)), x: xLabels, y: yLabels, colorscale: 'Blues' }];
  return { title: options.title ?? 'heatmap', spec, plotly: { data, layout: { ...plotlyLayout(options), yaxis: { autorange: 'reversed' } } } };
}

/** Shows a heatmap of `matrix` [rows][columns] and returns its figure. */
export function heatmap(matrix: ArrayLike<ArrayLike<number>>, options: HeatmapOptions = {}): Figure {
  return showFigure(heatmapFigure(matrix, options));
}

/** Shows a confusion matrix (rows: true class, columns: predicted) with its counts, and returns the figure. */
export function confusionMatrixPlot(counts: number[][], classNames?: string[], title = 'Confusion matrix'): Figure {
  return heatmap(counts, { title, xLabels: classNames, yLabels: classNames, xLabel: 'predicted', yLabel: 'true', showValues: true });
}
