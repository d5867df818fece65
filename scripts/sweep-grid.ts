/**
 * The settings of a sweep: `--param KEY=V1,V2,...` lists, their grid (every combination, the first
 * parameter varying slowest), and a folder name for each setting.
 *
 * A value splits at commas except inside brackets, braces, parentheses or quotes (`sizes=[8,8],[16,16]`
 * is two values, `title='a,b'` one), and `\,` is a literal comma (`title=a\,b` is the one value `a,b`).
 */
import { ParameterError } from './parameters';

/** One run of a sweep: its position in the grid, its folder name and every parameter's command-line text. */
export interface Setting {
  index: number;
  slug: string;
  params: Map<string, string>;
}

const CLOSERS: Record<string, string> = { '[': ']', '{': '}', '(': ')' };
const QUOTES = new Set(["'", '"', '`']);

/** Splits one `--param` value into its list of values; a mistake is a ParameterError saying how to write it. */
export function splitValues(key: string, text: string): string[] {
  const values: string[] = [];
  const open: string[] = [];
  let quote: string | undefined;
  let current = '';
  const where = `--param ${key}=${text}`;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === ',' || text[i + 1] === '\\') && quote === undefined) {
      current += text[++i];
      continue;
    }
    current += c;
    if (quote !== undefined) {
      if (c === '\\') current += text[++i] ?? '';
      else if (c === quote) quote = undefined;
    } else if (QUOTES.has(c)) quote = c;
    else if (c in CLOSERS) open.push(CLOSERS[c]);
    else if (c === ']' || c === '}' || c === ')') {
      if (open.pop() !== c) throw new ParameterError(`${where}: '${c}' at character ${i + 1} closes nothing; write a literal one inside quotes`);
    } else if (c === ',' && open.length === 0) {
      values.push(current.slice(0, -1));
      current = '';
    }
  }
  if (quote !== undefined) throw new ParameterError(`${where}: the quote ${quote} is never closed`);
  if (open.length > 0) throw new ParameterError(`${where}: '${open[open.length - 1]}' is missing`);
  values.push(current);
  const empty = values.findIndex((v) => v.trim() === '');
  if (empty >= 0) {
    throw new ParameterError(
      values.length === 1
        ? `${where}: the value is empty`
        : `${where}: value ${empty + 1} of ${values.length} is empty (a comma too many? write a literal comma as \\,)`,
    );
  }
  const twice = values.find((v, i) => values.indexOf(v) !== i);
  if (twice !== undefined) throw new ParameterError(`${where}: the value '${twice}' is listed twice`);
  return values;
}

/** Each parameter's list of values, from `--param` texts by name (see `parseAssignments`). */
export function parseSweepParams(assignments: Map<string, string>): Map<string, string[]> {
  return new Map([...assignments].map(([key, text]) => [key, splitValues(key, text)]));
}

/** Whether the parameters make a sweep: some parameter has several values. */
export function isSweep(params: Map<string, string[]>): boolean {
  return [...params.values()].some((v) => v.length > 1);
}

/** The parameters with several values, in command-line order. */
export function sweptKeys(params: Map<string, string[]>): string[] {
  return [...params].filter(([, v]) => v.length > 1).map(([k]) => k);
}

/** A folder name: the setting's index, then the swept parameters as `key=value`, unsafe characters replaced. */
function slugOf(index: number, width: number, swept: [string, string][]): string {
  const pairs = swept.map(([k, v]) => `${k}=${v}`).join('_').replace(/[^A-Za-z0-9._=+-]+/g, '-');
  return `${String(index).padStart(width, '0')}-${pairs}`.slice(0, 100);
}

/** Every combination of the values, the first parameter varying slowest; single values are in every setting. */
export function sweepGrid(params: Map<string, string[]>): Setting[] {
  let combos: [string, string][][] = [[]];
  for (const [key, values] of params) combos = combos.flatMap((c) => values.map((v) => [...c, [key, v] as [string, string]]));
  const swept = new Set(sweptKeys(params));
  const width = String(combos.length - 1).length;
  return combos.map((pairs, index) => ({
    index,
    slug: slugOf(index, width, pairs.filter(([k]) => swept.has(k))),
    params: new Map(pairs),
  }));
}
