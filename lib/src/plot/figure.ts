/**
 * A chart as data: the Vega-Lite spec drawn inline (SVG, or PNG when dense) and in JupyterLab
 * (interactive), and the plotly form that nodeplotlib opens in a window outside notebooks.
 */
import { inspect } from 'util';
import { inNotebook, MimeBundle, showBundle } from '../display';
import { renderSvg, svgToPng, VegaLiteSpec } from './render';

/** A plotly figure for nodeplotlib: traces and layout. */
export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

/** What every plot function returns: show it again, save it with `savePlot`, or open it in a window. */
export interface Figure {
  title: string;
  spec: VegaLiteSpec;
  plotly: PlotlyFigure;
}

/** Where plots go outside a notebook: `DL_PLOTS=window` opens them with nodeplotlib, `none` drops them. */
function outsideNotebookMode(): 'text' | 'window' | 'none' {
  const mode = process.env.DL_PLOTS ?? 'text';
  if (mode !== 'text' && mode !== 'window' && mode !== 'none') {
    throw new Error(`DL_PLOTS='${mode}' is not one of text, window, none`);
  }
  return mode;
}

/** Above this many characters of SVG and Vega-Lite JSON together, a figure is stored as a PNG only. */
const DENSE_FIGURE_CHARS = 100_000;

/** Pixels per SVG pixel of a dense figure's PNG. */
const DENSE_FIGURE_SCALE = 1;

/** A MIME bundle and its display metadata. */
export interface FigureBundle {
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

/**
 * What a figure stores in the notebook. Most figures: an SVG (the HTML report, the classic Notebook) and
 * the Vega-Lite spec (JupyterLab draws it interactively). Dense ones (contours, decision regions, large
 * heatmaps: thousands of marks, megabytes as SVG and JSON) only as a PNG shown at the SVG's size.
 */
export function figureBundle(figure: Figure): FigureBundle {
  const text = `[plot: ${figure.title}]`;
  const svg = renderSvg(figure.spec);
  if (svg.length + JSON.stringify(figure.spec).length <= DENSE_FIGURE_CHARS) {
    return { data: { 'text/plain': text, 'image/svg+xml': svg, 'application/vnd.vegalite.v5+json': figure.spec }, metadata: {} };
  }
  const [width, height] = ['width', 'height'].map((a) => Number(svg.match(new RegExp(`^<svg[^>]* ${a}="([\\d.]+)"`))?.[1]));
  const png = svgToPng(svg, DENSE_FIGURE_SCALE).toString('base64');
  return { data: { 'text/plain': text, 'image/png': png }, metadata: { 'image/png': { width, height } } };
}

/**
 * Shows a figure: in a notebook as `figureBundle` stores it; outside, per `DL_PLOTS`. With `displayId`,
 * a later call with `update` replaces the same output in place (live plots).
 */
export function showFigure(figure: Figure, displayId?: string, update = false): Figure {
  // A plot call ending a cell is that cell's value, which tslab prints: print a tag, not the whole spec.
  Object.defineProperty(figure, inspect.custom, { value: () => `[plot: ${figure.title}]`, enumerable: false, configurable: true });
  if (inNotebook()) {
    const { data, metadata } = figureBundle(figure);
    showBundle(data, displayId, update, metadata);
    return figure;
  }
  const mode = outsideNotebookMode();
  if (mode === 'window') {
    // Loaded only here: nodeplotlib starts a web server, which nothing else should pay for.
    const { plot } = require('nodeplotlib') as { plot: (data: unknown[], layout?: unknown) => void };
    plot(figure.plotly.data, figure.plotly.layout);
  } else if (mode === 'text' && !update) {
    console.log(`[plot: ${figure.title}]`);
  }
  return figure;
}
