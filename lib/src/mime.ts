/**
 * MIME types of the machine-readable display outputs the runner reads back from an executed
 * notebook (`scripts/results.ts`). Each output also carries text/html and text/plain.
 */

/** A recorded result: `{ name, value }`. */
export const RECORD_MIME = 'application/vnd.dl-lectures.record+json';

/** Facts about the run (backend, seed, versions): a partial `RunFacts` object. */
export const RUN_FACTS_MIME = 'application/vnd.dl-lectures.run+json';

/** A lecture claim's outcome: a `ClaimOutcome` (`{ claim, status, detail }`). */
export const CLAIM_MIME = 'application/vnd.dl-lectures.claim+json';
