import { expect } from 'chai';
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
});
