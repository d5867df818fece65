import { expect } from 'chai';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { Figure } from 'dl-lectures-lib/dist/plot/figure';
import { linePlotFigure } from 'dl-lectures-lib/dist/plot/line-plot';
import { scatterPlotFigure } from 'dl-lectures-lib/dist/plot/scatter-plot';
import { histogramFigure } from 'dl-lectures-lib/dist/plot/histogram';
import { barChartFigure } from 'dl-lectures-lib/dist/plot/bar-chart';
import { heatmapFigure } from 'dl-lectures-lib/dist/plot/heatmap';
import { contourPlotFigure } from 'dl-lectures-lib/dist/plot/contour-plot';
import { renderSvg, VegaLiteSpec } from 'dl-lectures-lib/dist/plot/render';

/** Vega's own asynchronous SVG rendering: the reference the synchronous renderer must match. */
async function vegaToSvg(spec: VegaLiteSpec): Promise<string> {
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const figures: Record<string, Figure> = {
  'a line chart with points and a legend': linePlotFigure(
    [
      { name: 'cost', x: [-1, 0, 1, 2], y: [4, 1, 0, 1] },
      { name: 'path', x: [2, 1.2, 1.01], y: [1, 0.04, 0.0001], mark: 'line+points' },
    ],
    { title: 'cost', xLabel: 'W', yLabel: 'cost(W)' },
  ),
  'a log-scale chart': linePlotFigure([{ name: 'err', x: [1, 2, 3], y: [1e-1, 1e-4, 1e-9] }], { logY: true }),
  'a scatter plot by class': scatterPlotFigure([[0, 0], [1, 1], [2, 0]], [0, 1, 1]),
  'histograms in panels': histogramFigure([{ name: 'layer 1', values: [0, 0.1, 0.5] }, { name: 'layer 2', values: [0.9, 1] }], { bins: 4 }),
  'a bar chart': barChartFigure({ zeros: 0.1, he: 0.97 }),
  'a log-scale bar chart': barChartFigure({ a: 0.5, b: 120, c: 3e4 }, { logY: true }),
  'a heatmap with values': heatmapFigure([[5, 1], [0, 7]], { xLabels: ['a', 'b'], yLabels: ['a', 'b'] }),
  'filled contours with a path': contourPlotFigure((x, y) => x * x + 10 * y * y, [-2, 2], [-1, 1], {
    resolution: 10,
    paths: [{ name: 'gd', x: [-2, -1, 0], y: [1, 0.5, 0] }],
  }),
};

describe('renderSvg', () => {
  for (const [what, figure] of Object.entries(figures)) {
    it(`draws ${what} exactly as vega's asynchronous toSVG does`, async () => {
      // Gradient ids come from a counter global to vega, so they differ between two renderings.
      const normalize = (svg: string) => svg.replace(/gradient_\d+/g, 'gradient');
      const [sync, async] = [normalize(renderSvg(figure.spec)), normalize(await vegaToSvg(figure.spec))];
      expect(sync === async, 'the two SVGs differ').to.equal(true);
    });
  }

  it('puts the title and the series names into the SVG', () => {
    const svg = renderSvg(figures['a line chart with points and a legend'].spec);
    expect(svg).to.match(/^<svg/);
    for (const text of ['cost(W)', 'path']) expect(svg).to.contain(`>${text}<`);
  });
});

describe('plot figures', () => {
  it('draws log-scale bars from the power of ten below the smallest value, taller for larger values', () => {
    const svg = renderSvg(figures['a log-scale bar chart'].spec);
    const heights = [...svg.matchAll(/aria-roledescription="bar" d="M[\d.]+,[\d.]+h[\d.]+v([\d.]+)h/g)].map((m) => Number(m[1]));
    expect(heights, svg).to.have.length(3);
    // log10 of 0.5, 120, 3e4 above the baseline 0.1: 0.70, 3.08, 5.48 decades, proportional to the heights.
    const decades = [0.5, 120, 3e4].map((v) => Math.log10(v / 0.1));
    heights.forEach((h, i) => expect(h / heights[2], `bar ${i}`).to.be.closeTo(decades[i] / decades[2], 1e-6));
  });

  it('refuses non-positive bars on a log scale, naming the bar', () => {
    expect(() => barChartFigure({ ok: 1, empty: 0 }, { logY: true })).to.throw("logY needs positive values, but 'empty' is 0");
  });

  it('writes integer heatmap values in full and others to three digits', () => {
    const texts = (figure: Figure) => [...renderSvg(figure.spec).matchAll(/role-mark layer_1_marks[^]*?<\/g>/g)].flatMap((g) => [...g[0].matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1]));
    expect(texts(heatmapFigure([[1234, 5], [0, 70000]]))).to.deep.equal(['1234', '5', '0', '70000']);
    expect(texts(heatmapFigure([[0.12345, 1234.5]]))).to.deep.equal(['0.123', '1.23e+3']);
  });

  it('rejects a line series whose x and y lengths differ, naming it', () => {
    expect(() => linePlotFigure([{ name: 'bad', x: [1, 2], y: [1] }])).to.throw("series 'bad' has 2 x values but 1 y values");
  });

  it('gives nodeplotlib one plotly trace per series', () => {
    const { data } = figures['a line chart with points and a legend'].plotly;
    expect(data.map((t) => [t.name, t.mode])).to.deep.equal([['cost', 'lines'], ['path', 'lines+markers']]);
  });

  it('bins every histogram group over the same range', () => {
    const values = (histogramFigure([{ name: 'a', values: [0, 1] }, { name: 'b', values: [3] }], { bins: 3 }).spec as unknown as {
      data: { values: { group: string; start: number; count: number }[] };
    }).data.values;
    expect(values.filter((v) => v.group === 'b').map((v) => [v.start, v.count])).to.deep.equal([[0, 0], [1, 1], [2, 1]].map(([s], i) => [s, i === 2 ? 1 : 0]));
  });

  it('refuses heatmap labels that do not fit the matrix', () => {
    expect(() => heatmapFigure([[1, 2]], { xLabels: ['a'] })).to.throw('a 1x2 matrix needs 2 xLabels and 1 yLabels');
  });
});
