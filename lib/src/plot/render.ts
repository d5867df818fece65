/**
 * Renders a Vega-Lite spec to an SVG string in Node, synchronously, with no browser and no native code,
 * and an SVG to PNG (resvg).
 */
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

/** A Vega-Lite specification (https://vega.github.io/vega-lite/docs/spec.html). */
export type VegaLiteSpec = vegaLite.TopLevelSpec;

/** The parts of a vega View and of vega's SVG string renderer used here (not in vega's typings). */
interface ViewLayout {
  _viewWidth: number;
  _viewHeight: number;
  _origin: [number, number];
}
interface SvgStringRenderer {
  initialize(el: null, width: number, height: number, origin: [number, number], scale: number): SvgStringRenderer;
  background(color: unknown): SvgStringRenderer;
  render(scene: unknown): SvgStringRenderer;
  svg(): string;
}
const SVGStringRenderer = (vega as unknown as { SVGStringRenderer: new (loader: unknown) => SvgStringRenderer })
  .SVGStringRenderer;

/**
 * Compiles and renders `spec` to SVG. Vega's own `toSVG()` is asynchronous only because it waits for
 * data loading and images; with inline data the dataflow runs synchronously, so the scene is drawn
 * here with the same sizes `toSVG()` uses (tests compare the two).
 */
export function renderSvg(spec: VegaLiteSpec): string {
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    view.run();
    const layout = view as unknown as ViewLayout;
    const pad = view.padding() as { left: number; right: number; top: number; bottom: number };
    const renderer = new SVGStringRenderer(view.loader())
      .initialize(
        null,
        Math.max(0, layout._viewWidth + pad.left + pad.right),
        Math.max(0, layout._viewHeight + pad.top + pad.bottom),
        [pad.left + layout._origin[0], pad.top + layout._origin[1]],
        1,
      )
      .background(view.background());
    return renderer.render((view.scenegraph() as unknown as { root: unknown }).root).svg();
  } finally {
    view.finalize();
  }
}

/**
 * Rasterises an SVG to PNG at `scale` pixels per SVG pixel. Vega's generic `sans-serif` becomes a list
 * of common sans-serif fonts, because resvg maps the generic name to Arial alone and, where Arial is
 * missing (Linux), falls back to the first font it finds, often a serif one.
 */
export function svgToPng(svg: string, scale: number): Buffer {
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const fonts = svg.replace(/font-family="sans-serif"/g, 'font-family="Helvetica, Arial, DejaVu Sans, Liberation Sans, sans-serif"');
  return new Resvg(fonts, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true } }).render().asPng();
}
