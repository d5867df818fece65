/**
 * Named results of a notebook: shown in the notebook and collected into the runner's metrics.json.
 * @see notebooks/01-cost-minimization.ipynb
 */
import { showBundle } from './display';
import { escapeHtml } from './escape-html';
import { formatNumber } from './format-number';
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
