import { expect } from 'chai';
import { assertClaim, needsFullRun, premise } from 'dl-lectures-lib/dist/claim';
import { captureLog } from '../helpers';

describe('assertClaim', () => {
  it('shows a holding claim with its evidence', () => {
    const out = captureLog(() => assertClaim('W reaches 1', true, 'W = 1.0000004'));
    expect(out).to.equal('✓ W reaches 1 (W = 1.0000004)');
  });

  it('throws an error naming the claim and what was seen when it does not hold', () => {
    expect(() => assertClaim('W reaches 1', false, 'W = 1.09')).to.throw("does not hold: W reaches 1. Seen: W = 1.09");
  });

  it('does not check a claim whose premise the settings break, and says why, whether or not it would hold', () => {
    const lr = 0.2;
    const out = captureLog(() => assertClaim('the cost falls at every step', false, 'costs rose', premise(lr < 0.16, `lr = ${lr} is not below 2/L = 0.16`)));
    expect(out).to.equal('– not checked: the cost falls at every step (lr = 0.2 is not below 2/L = 0.16)');
  });

  it('checks a claim when every premise holds, and names the first broken premise otherwise', () => {
    expect(() => assertClaim('c', false, 'seen', [premise(true, 'a'), needsFullRun(false)])).to.throw('does not hold: c. Seen: seen');
    const out = captureLog(() => assertClaim('c', true, 'seen', [premise(true, 'a'), needsFullRun(true), premise(false, 'b')]));
    expect(out).to.match(/^– not checked: c \(smoke mode trains on too little data/);
  });
});
