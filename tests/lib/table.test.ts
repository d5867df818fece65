import { expect } from 'chai';
import * as dfd from 'danfojs-node';
import { showTable } from 'dl-lectures-lib/dist/table';
import { captureLog } from '../helpers';

describe('showTable', () => {
  it('prints records as right-aligned columns outside a notebook', () => {
    const out = captureLog(() => showTable([{ step: 0, W: 5 }, { step: 1, W: 1.2666666667 }]));
    expect(out.split('\n')).to.deep.equal(['step        W', '   0        5', '   1  1.26667']);
  });

  it('shows only the columns asked for, blank where a record has no value', () => {
    const out = captureLog(() => showTable([{ a: 1, b: 2 }, { a: 3 }], ['b']));
    expect(out.split('\n')).to.deep.equal(['b', '2', ' ']);
  });

  it('shows a danfojs DataFrame with its columns', () => {
    const frame = new dfd.DataFrame({ layer: ['conv1', 'fc'], params: [456, 10164] });
    expect(captureLog(() => showTable(frame)).split('\n')).to.deep.equal(['layer  params', 'conv1     456', '   fc   10164']);
  });
});
