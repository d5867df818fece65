/**
 * Tables of records, shown as HTML in the notebook and as aligned text elsewhere.
 * @see notebooks/01-cost-minimization.ipynb
 */
import { showBundle } from './display';
import { escapeHtml } from './escape-html';
import { formatNumber } from './format-number';

type Cell = number | string | boolean | null | undefined;

function cellText(value: Cell): string {
  if (typeof value === 'number') return formatNumber(value);
  return value === null || value === undefined ? '' : String(value);
}

/** The parts of a danfojs DataFrame a table needs. */
interface FrameLike {
  columns: string[];
  values: unknown;
}

function isFrame(x: unknown): x is FrameLike {
  return typeof x === 'object' && x !== null && Array.isArray((x as FrameLike).columns) && Array.isArray((x as FrameLike).values);
}

/**
 * Shows an array of records, or a danfojs DataFrame, as a table; columns are the keys of the first
 * record (or the frame's columns) unless given.
 */
export function showTable(table: Record<string, Cell>[] | FrameLike, columns?: string[]): void {
  const rows = isFrame(table)
    ? (table.values as Cell[][]).map((r) => Object.fromEntries(table.columns.map((c, j) => [c, r[j]])))
    : table;
  const cols = columns ?? (isFrame(table) ? table.columns : Object.keys(rows[0] ?? {}));
  const cells = rows.map((row) => cols.map((c) => cellText(row[c])));
  const widths = cols.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((t, j) => t.padStart(widths[j])).join('  ');
  const text = [line(cols), ...cells.map(line)].join('\n');
  const head = cols.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = cells.map((r) => `<tr>${r.map((t) => `<td>${escapeHtml(t)}</td>`).join('')}</tr>`).join('');
  showBundle({ 'text/plain': text, 'text/html': `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>` });
}
