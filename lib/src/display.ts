/**
 * Sends rich outputs to the notebook through tslab, or prints their text form outside a notebook.
 */

/** A Jupyter MIME bundle: MIME type to content (strings, or JSON for `+json` types). */
export type MimeBundle = Record<string, unknown> & { 'text/plain': string };

type WriteDisplayData = (data: { data: MimeBundle; metadata: object; transient: object }, update: boolean) => void;

/** tslab's writer for the cell being executed, or undefined outside a tslab kernel. */
function tslabWriter(): WriteDisplayData | undefined {
  try {
    // tslab keeps the current cell's display writer here; its public `display` sends one MIME type
    // per output, and a result needs several (html to read, JSON for the runner).
    return require('tslab/dist/jupyter').lastWriteDisplayData ?? undefined;
  } catch {
    return undefined;
  }
}

/** True when running inside a tslab kernel. */
export function inNotebook(): boolean {
  return tslabWriter() !== undefined;
}

/**
 * Shows a MIME bundle as one output, with Jupyter display `metadata` (e.g. an image's width); with
 * `displayId`, later calls with the same id replace it in place. Outside a notebook it prints the text/plain form.
 */
export function showBundle(bundle: MimeBundle, displayId?: string, update = false, metadata: Record<string, unknown> = {}): void {
  const write = tslabWriter();
  if (write === undefined) {
    console.log(bundle['text/plain']);
    return;
  }
  write({ data: bundle, metadata, transient: displayId ? { display_id: displayId } : {} }, update);
}

/**
 * Shows Markdown written from the run's values (a "What we saw" summary whose numbers the run produced);
 * `$...$` equations render in JupyterLab and in the reports.
 */
export function showMarkdown(markdown: string): void {
  showBundle({ 'text/plain': markdown, 'text/markdown': markdown });
}
