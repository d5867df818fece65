/**
 * A chart as data: the Vega-Lite spec drawn inline (SVG) and in JupyterLab (interactive), and the
 * plotly form that nodeplotlib opens in a window outside notebooks.
 */
import { inspect } from 'util';
import { inNotebook, showBundle } from '../display';
import { renderSvg, VegaLiteSpec } from './render';

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

/**
 * Shows a figure: in a notebook as an SVG image stored in the notebook plus the Vega-Lite spec
 * (JupyterLab draws that one interactively); outside, per `DL_PLOTS`. With `displayId`, a later call
 * with `update` replaces the same output in place (live plots).
 */
export function showFigure(figure: Figure, displayId?: string, update = false): Figure {
  // A plot call ending a cell is that cell's value, which tslab prints: print a tag, not the whole spec.
  Object.defineProperty(figure, inspect.custom, { value: () => `[plot: ${figure.title}]`, enumerable: false, configurable: true });
  if (inNotebook()) {
    showBundle(
      {
        'text/plain': `[plot: ${figure.title}]`,
        'image/svg+xml': renderSvg(figure.spec),
        'application/vnd.vegalite.v5+json': figure.spec,
      },
      displayId,
      update,
    );
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
