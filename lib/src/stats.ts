/**
 * Summaries of plain number arrays that the notebooks compute again and again: mean, median, standard
 * deviation, the largest difference between two results, and the exponentially weighted average.
 * @see notebooks/03-gradient-descent-variants.ipynb
 */

/** Numbers, or arrays of them nested to any depth (a tensor's `array()`, a list of weight arrays). */
export type NestedNumbers = number | ArrayLike<number> | readonly NestedNumbers[];

function nonEmpty(values: ArrayLike<number>, what: string): void {
  if (values.length === 0) throw new Error(`${what}: got no values; pass at least one number`);
}

/** The arithmetic mean. */
export function mean(values: ArrayLike<number>): number {
  nonEmpty(values, 'mean');
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** The median (the mean of the two middle values for an even count). */
export function median(values: ArrayLike<number>): number {
  nonEmpty(values, 'median');
  const sorted = Array.from(values).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The standard deviation: of a sample (dividing by n − 1, the default) or, with `population: true`, of
 * the values themselves (dividing by n, as batch normalization and feature scaling do).
 */
export function std(values: ArrayLike<number>, options: { population?: boolean } = {}): number {
  nonEmpty(values, 'std');
  const n = values.length;
  if (!options.population && n < 2) throw new Error('std: a sample standard deviation needs at least two values (or pass { population: true })');
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (values[i] - m) ** 2;
  return Math.sqrt(sum / (options.population ? n : n - 1));
}

function flatten(x: NestedNumbers, out: number[]): number[] {
  if (typeof x === 'number') out.push(x);
  else for (let i = 0; i < x.length; i++) flatten((x as ArrayLike<NestedNumbers>)[i], out);
  return out;
}

/** The largest |a − b| over matching entries; an error when the shapes differ (a NaN anywhere gives NaN). */
export function maxAbsDiff(a: NestedNumbers, b: NestedNumbers): number {
  const [fa, fb] = [flatten(a, []), flatten(b, [])];
  if (fa.length !== fb.length) throw new Error(`maxAbsDiff: the two results have ${fa.length} and ${fb.length} numbers; compare results of the same shape`);
  let worst = 0;
  for (let i = 0; i < fa.length; i++) {
    const d = Math.abs(fa[i] - fb[i]);
    if (Number.isNaN(d)) return NaN;
    worst = Math.max(worst, d);
  }
  return worst;
}

/**
 * The exponentially weighted average v_t = β v_{t−1} + (1 − β) θ_t from v_0 = 0, one value per input. With
 * `biasCorrection`, each is divided by 1 − β^t (the lecture's fix for the start, where v is pulled to 0).
 * A NaN or infinite θ_t is skipped: v_t repeats v_{t−1} (NaN before any finite value) and t does not advance.
 */
export function ewa(values: ArrayLike<number>, beta: number, options: { biasCorrection?: boolean } = {}): number[] {
  if (!(beta >= 0 && beta < 1)) throw new Error(`ewa: beta must be in [0, 1), got ${beta} (0.9 averages about the last 10 values)`);
  const out: number[] = [];
  let v = 0;
  let t = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      v = beta * v + (1 - beta) * values[i];
      t++;
    }
    out.push(t === 0 ? NaN : options.biasCorrection ? v / (1 - beta ** t) : v);
  }
  return out;
}

/** The rows `rows` of a row-major array with `width` columns, copied into a new array (a batch's examples). */
export function gatherRows<T extends Float32Array | Int32Array | Uint8Array>(source: T, width: number, rows: ArrayLike<number>): T {
  const out = new (source.constructor as new (n: number) => T)(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!(r >= 0 && (r + 1) * width <= source.length)) {
      throw new Error(`gatherRows: row ${r} is outside the ${Math.floor(source.length / width)} rows of width ${width}`);
    }
    out.set(source.subarray(r * width, (r + 1) * width), i * width);
  }
  return out;
}
