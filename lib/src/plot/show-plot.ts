/**
 * Shows a Vega-Lite chart inline: a static SVG stored in the notebook, so it survives export and CI.
 */
import { showBundle } from '../display';
import { renderSvg, VegaLiteSpec } from './render';

/** Renders `spec` and shows it as an SVG image in the notebook (outside a notebook, prints its title). */
export function showPlot(spec: VegaLiteSpec): void {
  const svg = renderSvg(spec);
  const title = typeof spec.title === 'string' ? spec.title : 'chart';
  showBundle({ 'text/plain': `[plot: ${title}]`, 'image/svg+xml': svg });
}
