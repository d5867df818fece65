/**
 * Shows any Vega-Lite spec inline, for charts the library's plot functions do not cover.
 */
import { Figure, showFigure } from './figure';
import { VegaLiteSpec } from './render';

/** Shows a Vega-Lite spec (https://vega.github.io/vega-lite/) and returns its figure (no plotly form). */
export function showPlot(spec: VegaLiteSpec): Figure {
  const title = typeof spec.title === 'string' ? spec.title : 'chart';
  return showFigure({ title, spec, plotly: { data: [], layout: { title } } });
}
