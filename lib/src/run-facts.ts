/**
 * Facts about a run (backend, device, seed, versions) that the notebook shows and the runner
 * copies into metrics.json.
 */
import { inNotebook, showBundle } from './display';
import { escapeHtml } from './escape-html';
import { RUN_FACTS_MIME } from './mime';

/** What the runner reads from a notebook to describe its run. */
export interface RunFacts {
  backend: string;
  gpu: boolean;
  seed: number | null;
  versions: Record<string, string>;
}

/** Shows a one-line summary in the notebook and attaches the facts for the runner; silent elsewhere. */
export function announceRunFacts(facts: Partial<RunFacts>, summary: string): void {
  if (!inNotebook()) return;
  showBundle({
    'text/plain': summary,
    'text/html': `<div class="dl-run-facts"><small>${escapeHtml(summary)}</small></div>`,
    [RUN_FACTS_MIME]: facts,
  });
}
