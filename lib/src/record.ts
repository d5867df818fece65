/**
 * Named results of a notebook: shown in the notebook and collected into the runner's metrics.json.
 * @see notebooks/01-cost-minimization.ipynb
 */
import { escapeHtml, showBundle } from './display';
import { RECORD_MIME } from './mime';

const NAME = /^[a-z][a-z0-9_]*$/;

/** Shows `name = value` and marks it as a result the runner writes to `metrics.json`. */
export function record(name: string, value: number | string): void {
  if (!NAME.test(name)) {
    throw new Error(`record: name '${name}' must be snake_case (letters, digits, _), e.g. 'final_cost'`);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`record('${name}', ${value}): the value is not a finite number; record a string to keep it`);
  }
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw new Error(`record('${name}', ...): the value must be a number or a string, got ${typeof value}`);
  }
  const text = typeof value === 'number' ? formatNumber(value) : value;
  showBundle({
    'text/plain': `${name} = ${text}`,
    'text/html': `<div class="dl-record"><code>${escapeHtml(name)}</code> = <b>${escapeHtml(text)}</b></div>`,
    [RECORD_MIME]: { name, value },
  });
}

/** Formats a number for people: up to 6 significant digits, no trailing zeros. */
export function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e6)) return x.toExponential(4);
  return String(Number(x.toPrecision(6)));
}
