/**
 * A function of two variables as filled contours, with optimisation paths drawn over it
 * (elongated vs round cost surfaces, gradient-descent paths).
 * @see notebooks/06-regularization.ipynb
 */
import { cellCentres, ChartOptions, fixedAxis, Series, specFrame } from './chart-parts';
import { Figure, showFigure } from './figure';
import { VegaLiteSpec } from './render';

export interface ContourOptions extends ChartOptions {
  /** Grid cells per axis (default 60). */
  resolution?: number;
  /** Number of colour bands (default 12). */
  levels?: number;
  /** Colour by log10 of the value, for costs spanning orders of magnitude. */
  logColor?: boolean;
  /** Paths to draw on top, e.g. the iterates of gradient descent. */
  paths?: Series[];
}

/** Builds the figure of `f` over [xRange] × [yRange] with `paths` on top, without showing it. */
export function contourPlotFigure(f: (x: number, y: number) => number, xRange: [number, number], yRange: [number, number], options: ContourOptions = {}): Figure {
  const n = options.resolution ?? 60;
  const dx = (xRange[1] - xRange[0]) / n;
  const dy = (yRange[1] - yRange[0]) / n;
  const cells: { x: number; x2: number; y: number; y2: number; value: number }[] = [];
  const z: number[][] = [];
  for (let i = 0; i < n; i++) {
    z.push([]);
    for (let j = 0; j < n; j++) {
      const [x, y] = [xRange[0] + j * dx, yRange[0] + i * dy];
      const v = f(x + dx / 2, y + dy / 2);
      const value = options.logColor ? Math.log10(Math.max(v, 1e-300)) : v;
      cells.push({ x, x2: x + dx, y, y2: y + dy, value });
      z[i].push(value);
    }
  }
  const x = fixedAxis('x', options.xLabel ?? 'x', xRange);
  const y = fixedAxis('y', options.yLabel ?? 'y', yRange);
  const layers: Record<string, unknown>[] = [
    {
      data: { values: cells },
      mark: 'rect',
      encoding: { x, x2: { field: 'x2' }, y, y2: { field: 'y2' },
        color: { field: 'value', type: 'quantitative', title: options.logColor ? 'log₁₀' : null,
          scale: { type: 'quantize', scheme: 'viridis', nice: false }, bin: false, legend: { tickCount: options.levels ?? 12 } } },
    },
  ];
  const paths = options.paths ?? [];
  if (paths.length > 0) {
    const values = paths.flatMap((p) => Array.from(p.x, (px, k) => ({ series: p.name, x: px, y: p.y[k], order: k })));
    const color = { field: 'series', type: 'nominal', title: null, scale: { scheme: 'set1' } };
    layers.push(
      { data: { values }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color, order: { field: 'order', type: 'quantitative' } } },
      { data: { values }, mark: { type: 'point', filled: true, size: 18 }, encoding: { x, y, color } },
    );
  }
  const spec = { ...specFrame({ width: 360, height: 320, ...options }), layer: layers, resolve: { scale: { color: 'independent' } } } as unknown as VegaLiteSpec;
  const data = [
    { type: 'contour', z, x: cellCentres(xRange[0], dx, n), y: cellCentres(yRange[0], dy, n), ncontours: options.levels ?? 12 },
    ...paths.map((p) => ({ type: 'scatter', mode: 'lines+markers', name: p.name, x: Array.from(p.x), y: Array.from(p.y) })),
  ];
  return { title: options.title ?? 'contour plot', spec, plotly: { data, layout: { title: options.title } } };
}

/** Shows `f(x, y)` as filled contours with optional paths on top, and returns the figure. */
export function contourPlot(f: (x: number, y: number) => number, xRange: [number, number], yRange: [number, number], options: ContourOptions = {}): Figure {
  return showFigure(contourPlotFigure(f, xRange, yRange, options));
}
