/**
 * The lecture's claims, checked in code. A claim that holds shows as a ✓ line; one that the run contradicts
 * stops the run; one whose premise the current settings break (a learning rate above the bound the claim
 * assumes, a smoke run too short to show it) shows as "not checked: <why>" and the run goes on. Every
 * claim is also sent to the runner (CLAIM_MIME), which lists them in metrics.json.
 * @see notebooks/01-cost-minimization.ipynb
 */
import { showBundle } from './display';
import { escapeHtml } from './escape-html';
import { CLAIM_MIME } from './mime';

/** A condition a claim assumes, with what to say when the current settings break it. */
export interface Premise {
  holds: boolean;
  /** Why the claim cannot be checked when the premise does not hold, e.g. "lr = 0.2 is above 2/L = 0.16". */
  unmet: string;
}

/** A claim's outcome as the runner records it in metrics.json. */
export interface ClaimOutcome {
  claim: string;
  status: 'holds' | 'not checked';
  /** What was seen (holds) or why it was not checked. */
  detail: string;
}

/** A premise: `holds` is the condition, `unmet` says why the claim is not checked when it is false. */
export function premise(holds: boolean, unmet: string): Premise {
  return { holds, unmet };
}

/** The premise of a claim that needs the full run's data or epochs: smoke mode leaves it unchecked. */
export function needsFullRun(smoke: boolean): Premise {
  return premise(!smoke, 'smoke mode trains on too little data for this claim; run without --smoke to check it');
}

/**
 * Checks the lecture's `claim` against what the run saw. When any of `premises` does not hold, the claim
 * is shown as not checked (with the first broken premise's reason) and nothing is asserted; otherwise a
 * claim that does not hold throws an error naming it and the `evidence`.
 */
export function assertClaim(claim: string, holds: boolean, evidence: string, premises: Premise | Premise[] = []): void {
  const broken = (Array.isArray(premises) ? premises : [premises]).find((p) => !p.holds);
  if (broken) {
    showOutcome({ claim, status: 'not checked', detail: broken.unmet });
    return;
  }
  if (!holds) throw new Error(`The lecture's claim does not hold: ${claim}. Seen: ${evidence}`);
  showOutcome({ claim, status: 'holds', detail: evidence });
}

function showOutcome(outcome: ClaimOutcome): void {
  const held = outcome.status === 'holds';
  const [mark, prefix] = held ? ['✓', ''] : ['–', 'not checked: '];
  showBundle({
    'text/plain': `${mark} ${prefix}${outcome.claim} (${outcome.detail})`,
    'text/html': `<div class="dl-claim${held ? '' : ' dl-not-checked'}">${mark} ${prefix ? `<i>${prefix}</i>` : ''}${escapeHtml(outcome.claim)} <small>(${escapeHtml(outcome.detail)})</small></div>`,
    [CLAIM_MIME]: outcome,
  });
}
