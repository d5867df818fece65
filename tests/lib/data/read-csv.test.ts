import { expect } from 'chai';
import * as path from 'path';
import { readCsv } from 'dl-lectures-lib/dist/data/read-csv';
import { ROOT } from '../../../scripts/jupyter';

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'data', 'missing-values.csv');

describe('readCsv', () => {
  it('reads a CSV into a DataFrame with typed columns', async () => {
    const df = await readCsv(FIXTURE);
    expect(df.shape).to.deep.equal([4, 4]);
    expect(df.columns).to.deep.equal(['city', 'temp', 'rain', 'note']);
    expect(df.dtypes).to.deep.equal(['string', 'float32', 'float32', 'string']);
    expect(df['city'].values).to.deep.equal(['Oslo', 'Lima', 'Cairo', 'Quito']);
  });

  it('turns empty cells into null, which isNa marks', async () => {
    const df = await readCsv(FIXTURE);
    expect(df['temp'].values).to.deep.equal([4.5, null, 30.1, 14]);
    expect(df['note'].values).to.deep.equal(['cold', null, 'hot', 'mild']);
    expect(df.isNa().values).to.deep.equal([
      [false, false, false, false],
      [false, true, false, true],
      [false, false, true, false],
      [false, false, false, false],
    ]);
  });

  it("gives 0 for a missing number in a column's tensor, so missing values are dropped or filled first", async () => {
    const df = await readCsv(FIXTURE);
    const rain = df['rain'].tensor;
    expect(Array.from(rain.dataSync())).to.deep.equal([1.2, 0, 0, 0.5].map(Math.fround));
    rain.dispose();
    const complete = df.dropNa(); // drops the rows holding a missing value
    expect(complete['city'].values).to.deep.equal(['Oslo', 'Quito']);
  });

  it('names the path of a missing file', async () => {
    const missing = path.join(ROOT, 'no', 'such.csv');
    let error: Error | undefined;
    await readCsv(missing).catch((e: Error) => (error = e));
    expect(error?.message).to.equal(`readCsv: no file at ${missing}`);
  });
});
