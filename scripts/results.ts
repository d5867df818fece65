/**
 * Reads what a notebook recorded (`record`, claims, backend and seed facts) back out of its executed copy.
 */
import { CLAIM_MIME, ClaimOutcome, RECORD_MIME, RUN_FACTS_MIME, RunFacts } from 'dl-lectures-lib/runner';
import { Notebook } from './notebook-file';

export interface NotebookResults {
  metrics: Record<string, number | string>;
  facts: Partial<RunFacts>;
  /** The lecture claims the run checked or left unchecked, in order (a re-checked claim keeps its last outcome). */
  claims: ClaimOutcome[];
}

/** Collects recorded results and run facts from the outputs of an executed notebook; later ones win. */
export function collectResults(nb: Notebook): NotebookResults {
  const results: NotebookResults = { metrics: {}, facts: {}, claims: [] };
  const claims = new Map<string, ClaimOutcome>();
  for (const cell of nb.cells) {
    for (const output of cell.outputs ?? []) {
      const data = output.data ?? {};
      const recorded = data[RECORD_MIME] as { name: string; value: number | string } | undefined;
      if (recorded) results.metrics[recorded.name] = recorded.value;
      const facts = data[RUN_FACTS_MIME] as Partial<RunFacts> | undefined;
      if (facts) Object.assign(results.facts, facts);
      const claim = data[CLAIM_MIME] as ClaimOutcome | undefined;
      if (claim) claims.set(claim.claim, claim);
    }
  }
  results.claims = [...claims.values()];
  return results;
}
