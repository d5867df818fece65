import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { collectComparison, resultPlot, writeComparison, writePlan } from '../../scripts/comparison-page';
import type { Report } from '../../scripts/reports';

/** A hand-written metrics.json in `dir`. */
function report(dir: string, notebook: string, params: Record<string, unknown>, metrics: Record<string, number | string>, status = 'ok'): void {
  const r: Partial<Report> = { notebook, params, status, metrics, durationSeconds: 1.5, ...(status === 'ok' ? {} : { error: { cell: 'cell 4 (`fit()`)', message: 'loss is NaN\nmore' } }) };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'metrics.json'), JSON.stringify(r));
}

describe('comparison page', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'comparison-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('takes the parameters that differ as swept, the plan’s first, and marks failed and missing settings', () => {
    const nb = 'nb';
    report(path.join(tmp, '0-lr=0.1_beta=0.9', nb), nb, { seed: 1, lr: 0.1, beta: 0.9 }, { acc: 0.8, note: 'x' });
    report(path.join(tmp, '1-lr=0.1_beta=0.99', nb), nb, { seed: 1, lr: 0.1, beta: 0.99 }, { acc: 0.85 });
    report(path.join(tmp, '2-lr=10_beta=0.9', nb), nb, { seed: 1, lr: 10, beta: 0.9 }, {}, 'failed');
    writePlan(tmp, {
      notebook: nb,
      swept: ['lr', 'beta'],
      settings: ['0-lr=0.1_beta=0.9', '1-lr=0.1_beta=0.99', '2-lr=10_beta=0.9', '3-lr=10_beta=0.99'].map((slug, index) => ({ index, slug, params: {} })),
    });
    const c = collectComparison([tmp], tmp);
    expect(c.swept).to.deep.equal(['lr', 'beta']);
    expect(c.common).to.deep.equal({ seed: 1 });
    expect(c.results).to.deep.equal(['acc', 'note']);
    expect(c.rows.map((r) => [r.folder, r.status])).to.deep.equal([
      [path.join('0-lr=0.1_beta=0.9', nb), 'ok'],
      [path.join('1-lr=0.1_beta=0.99', nb), 'ok'],
      [path.join('2-lr=10_beta=0.9', nb), 'failed'],
      ['3-lr=10_beta=0.99', 'missing'],
    ]);
    writeComparison([tmp], tmp);
    const html = fs.readFileSync(path.join(tmp, 'comparison.html'), 'utf8');
    expect(html).to.contain('<b style="color:#c00">2 not ok</b>').and.to.contain('cell 4 (`fit()`): loss is NaN</small>');
    expect(html.match(/<svg/g), 'a plot for acc only (note is text)').to.have.length(1);
  });

  it('plots a result against the first swept parameter, one line per value of the others, on a log axis across decades', () => {
    for (const [i, lr] of [0.001, 0.01, 0.1].entries()) {
      for (const [j, beta] of [0.9, 0.99].entries()) report(path.join(tmp, `${i}${j}`), 'nb', { lr, beta }, { acc: lr + beta });
    }
    const spec = resultPlot(collectComparison([tmp], tmp), 'acc') as unknown as {
      data: { values: { x: number; y: number; series: string }[] };
      layer: { encoding: { x: { scale: unknown; type: string } } }[];
    };
    expect(spec.data.values).to.have.length(6);
    expect(new Set(spec.data.values.map((v) => v.series))).to.deep.equal(new Set(['beta=0.9', 'beta=0.99']));
    expect(spec.data.values.find((v) => v.x === 0.01 && v.series === 'beta=0.99')?.y).to.equal(0.01 + 0.99);
    expect(spec.layer[0].encoding.x).to.include({ type: 'quantitative' }).and.to.deep.include({ scale: { type: 'log' } });
  });

  it('uses an ordinal axis for values that are not numbers', () => {
    report(path.join(tmp, 'a'), 'nb', { act: 'relu' }, { acc: 0.9 });
    report(path.join(tmp, 'b'), 'nb', { act: 'sigmoid' }, { acc: 0.7 });
    const spec = resultPlot(collectComparison([tmp], tmp), 'acc') as unknown as { layer: { encoding: { x: { type: string; sort: string[] } } }[] };
    expect(spec.layer[0].encoding.x).to.deep.include({ type: 'ordinal', sort: ['relu', 'sigmoid'] });
  });

  it('refuses reports of different notebooks, and folders without reports', () => {
    report(path.join(tmp, 'a'), 'one', { lr: 1 }, {});
    report(path.join(tmp, 'b'), 'two', { lr: 2 }, {});
    expect(() => collectComparison([tmp], tmp)).to.throw('several notebooks (one, two)');
    expect(() => collectComparison([path.join(tmp, 'a', 'none')], tmp)).to.throw('is not a folder of reports');
    fs.mkdirSync(path.join(tmp, 'empty'));
    expect(() => collectComparison([path.join(tmp, 'empty')], tmp)).to.throw('no reports (metrics.json) found');
  });
});
