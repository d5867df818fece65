import { expect } from 'chai';
import { assertClaim } from 'dl-lectures-lib/dist/claim';
import { captureLog } from '../helpers';

describe('assertClaim', () => {
  it('shows a holding claim with its evidence', () => {
    const out = captureLog(() => assertClaim('W reaches 1', true, 'W = 1.0000004'));
    expect(out).to.equal('✓ W reaches 1 (W = 1.0000004)');
  });

  it('throws an error naming the claim and what was seen when it does not hold', () => {
    expect(() => assertClaim('W reaches 1', false, 'W = 1.09')).to.throw("does not hold: W reaches 1. Seen: W = 1.09");
  });
});
