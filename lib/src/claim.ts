/**
 * The lecture's claims, checked in code: each shows as a ✓ line, and a failed one stops the run.
 * @see notebooks/01-cost-minimization.ipynb
 */
import { escapeHtml, showBundle } from './display';

/** Shows `claim` as checked when `holds`, else throws an error naming the claim and what was seen. */
export function assertClaim(claim: string, holds: boolean, evidence: string): void {
  if (!holds) throw new Error(`The lecture's claim does not hold: ${claim}. Seen: ${evidence}`);
  showBundle({
    'text/plain': `✓ ${claim} (${evidence})`,
    'text/html': `<div class="dl-claim">✓ ${escapeHtml(claim)} <small>(${escapeHtml(evidence)})</small></div>`,
  });
}
