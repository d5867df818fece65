/**
 * Tables of records, shown as HTML in the notebook and as aligned text elsewhere.
 * @see notebooks/01-cost-minimization.ipynb
 */
import { escapeHtml, showBundle } from './display';
import { formatNumber } from './record';

type Cell = number | string | boolean | null | undefined;

function cellText(value: Cell): string {
  if (typeof value === 'number') return formatNumber(value);
  return value === null || value === undefined ? '' : String(value);
}

/** Shows an array of records as a table; columns are the keys of the first record unless given. */
export function showTable(rows: Record<string, Cell>[], columns?: string[]): void {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const cells = rows.map((row) => cols.map((c) => cellText(row[c])));
  const widths = cols.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((t, j) => t.padStart(widths[j])).join('  ');
  const text = [line(cols), ...cells.map(line)].join('\n');
  const head = cols.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = cells.map((r) => `<tr>${r.map((t) => `<td>${escapeHtml(t)}</td>`).join('')}</tr>`).join('');
  showBundle({ 'text/plain': text, 'text/html': `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>` });
}
