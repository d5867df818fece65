import { expect } from 'chai';
import { formatNumber, record } from 'dl-lectures-lib/dist/record';
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

describe('formatNumber', () => {
  it('keeps integers, rounds to 6 significant digits, and uses exponents for tiny or huge values', () => {
    expect(formatNumber(60000)).to.equal('60000');
    expect(formatNumber(1.0000003511659807)).to.equal('1');
    expect(formatNumber(0.95871)).to.equal('0.95871');
    expect(formatNumber(3.5e-7)).to.equal('3.5000e-7');
    expect(formatNumber(-25000000.5)).to.equal('-2.5000e+7');
  });
});
