import { expect } from 'chai';
import { formatNumber } from 'dl-lectures-lib/dist/format-number';

describe('formatNumber', () => {
  it('keeps integers, rounds to 6 significant digits, and uses exponents for tiny or huge values', () => {
    expect(formatNumber(60000)).to.equal('60000');
    expect(formatNumber(1.0000003511659807)).to.equal('1');
    expect(formatNumber(0.95871)).to.equal('0.95871');
    expect(formatNumber(3.5e-7)).to.equal('3.5000e-7');
    expect(formatNumber(-25000000.5)).to.equal('-2.5000e+7');
  });
});
