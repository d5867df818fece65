/**
 * Figures next to each other under one title: to compare two runs, layers or settings at a glance.
 * @see notebooks/04-weight-initialization.ipynb
 */
import { Figure } from './figure';
import { VegaLiteSpec } from './render';
import { showPlot } from './show-plot';

/** Shows `figures` in a row under `title` (a Vega-Lite `hconcat`) and returns the combined figure. */
export function sideBySide(title: string, figures: Figure[]): Figure {
  if (figures.length === 0) throw new Error('sideBySide: no figures to show; pass the figures made with the *Figure functions');
  const panels = figures.map((f) => {
    const { $schema: _schema, ...rest } = f.spec as unknown as Record<string, unknown>;
    return rest;
  });
  return showPlot({ $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title, hconcat: panels } as unknown as VegaLiteSpec);
}
