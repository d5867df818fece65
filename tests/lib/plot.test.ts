import { expect } from 'chai';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { linePlotSpec } from 'dl-lectures-lib/dist/plot/line-plot';
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

describe('renderSvg', () => {
  const specs: Record<string, VegaLiteSpec> = {
    'a line chart with points and a legend': linePlotSpec(
      [
        { name: 'cost', x: [-1, 0, 1, 2], y: [4, 1, 0, 1] },
        { name: 'path', x: [2, 1.2, 1.01], y: [1, 0.04, 0.0001], mark: 'line+points' },
      ],
      { title: 'cost', xLabel: 'W', yLabel: 'cost(W)' },
    ),
    'a log-scale chart': linePlotSpec([{ name: 'err', x: [1, 2, 3], y: [1e-1, 1e-4, 1e-9] }], { logY: true }),
    'a bar chart': {
      data: { values: [{ k: 'a', v: 3 }, { k: 'b', v: 5 }] },
      mark: 'bar',
      encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'v', type: 'quantitative' } },
    },
  };

  for (const [what, spec] of Object.entries(specs)) {
    it(`draws ${what} exactly as vega's asynchronous toSVG does`, async () => {
      expect(renderSvg(spec)).to.equal(await vegaToSvg(spec));
    });
  }

  it('puts the title and the series names into the SVG', () => {
    const svg = renderSvg(specs['a line chart with points and a legend']);
    expect(svg).to.match(/^<svg/);
    for (const text of ['cost(W)', 'path']) expect(svg).to.contain(`>${text}<`);
  });
});

describe('linePlotSpec', () => {
  it('rejects a series whose x and y lengths differ, naming it', () => {
    expect(() => linePlotSpec([{ name: 'bad', x: [1, 2], y: [1] }])).to.throw("series 'bad' has 2 x values but 1 y values");
  });
});
