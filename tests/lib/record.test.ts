import { expect } from 'chai';
import { record } from 'dl-lectures-lib/dist/record';
import { captureLog } from '../helpers';

describe('record', () => {
  it('prints name = value outside a notebook', () => {
    expect(captureLog(() => record('final_cost', 0.123456789))).to.equal('final_cost = 0.123457');
    expect(captureLog(() => record('winner', 'relu'))).to.equal('winner = relu');
  });

  it('rejects names that are not snake_case', () => {
    expect(() => record('Final Cost', 1)).to.throw("name 'Final Cost' must be snake_case");
  });

  it('rejects non-finite numbers, suggesting a string', () => {
    expect(() => record('cost', NaN)).to.throw('not a finite number; record a string');
    expect(() => record('cost', Infinity)).to.throw('not a finite number');
  });
});
