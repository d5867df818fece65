/**
 * The comparison behind gradCheck and gradCheckTf: relative differences per parameter, verdicts, a table.
 * @see notebooks/07-gradient-checking.ipynb
 */
import { randomSource } from './random';

/** 'ok' below `thresholds.ok`, 'bug' above `thresholds.bug`, 'check' (look again) in between. */
export type Verdict = 'ok' | 'check' | 'bug';

/** Relative differences that separate the verdicts. */
export interface Thresholds {
  ok: number;
  bug: number;
}

/** How one parameter compared, over its checked elements; `worstIndex` indexes the parameter's shape. */
export interface ParameterCheck {
  shape: number[];
  size: number;
  checked: number;
  difference: number;
  verdict: Verdict;
  maxAbsError: number;
  worstIndex: number[];
  analytic: number;
  numerical: number;
}

/** The whole check: overall relative difference, its verdict, and each parameter's detail. */
export interface GradCheckResult {
  difference: number;
  verdict: Verdict;
  epsilon: number;
  thresholds: Thresholds;
  checked: number;
  total: number;
  perParameter: Record<string, ParameterCheck>;
  /** The element with the largest |analytic − numerical| over all parameters. */
  worst: { parameter: string; index: number[]; analytic: number; numerical: number; absError: number };
}

/** Options shared by `gradCheck` and `gradCheckTf`. */
export interface GradCheckOptions {
  /** Half-width of the two-sided difference. */
  epsilon?: number;
  thresholds?: Thresholds;
  /** At most this many elements per parameter, drawn without replacement; every parameter gets checked. */
  maxChecks?: number;
  /** Seed for choosing the checked elements; without it the library's `rng()` (see `setSeed`). */
  seed?: number;
}

/** ||a − b||₂ / (||a||₂ + ||b||₂) from the sums of squares; 0 when both vectors are zero. */
function relativeDifference(sqDiff: number, sqA: number, sqB: number): number {
  const denominator = Math.sqrt(sqA) + Math.sqrt(sqB);
  return denominator === 0 ? 0 : Math.sqrt(sqDiff) / denominator;
}

function verdictOf(difference: number, thresholds: Thresholds): Verdict {
  if (difference < thresholds.ok) return 'ok';
  return difference > thresholds.bug ? 'bug' : 'check';
}

/** The multi-index of row-major `flat` in `shape`. */
function unravelIndex(flat: number, shape: number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return index;
}

/** `k` of 0 … n−1 without replacement, ascending; Floyd's algorithm draws only k numbers, so n may be huge. */
function sampleIndices(n: number, k: number, random: () => number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = Math.floor(random() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** One parameter flattened row-major, with its analytic gradient flattened the same way. */
export interface FlatParameter {
  name: string;
  shape: number[];
  values: ArrayLike<number>;
  grad: ArrayLike<number>;
}

/** How the caller evaluates the cost: with element `i` of parameter `p` set to `value`, all else unchanged. */
export type CostAt = (p: number, i: number, value: number) => number;

/** `CostAt` for costs that can only be read asynchronously (tensors read with `await t.data()`). */
export type AsyncCostAt = (p: number, i: number, value: number) => Promise<number>;

/** One checked element: parameter `p`, flat index `i`, and θ ± ε after rounding, where the cost is taken. */
interface Probe {
  p: number;
  i: number;
  plus: number;
  minus: number;
}

type CompareOptions = GradCheckOptions & { epsilon: number; thresholds: Thresholds; round: (x: number) => number };

/** Validates the options and the analytic gradients, and chooses each parameter's elements to check. */
function planProbes(parameters: FlatParameter[], options: CompareOptions): Probe[][] {
  const { epsilon, maxChecks = Infinity, seed, round } = options;
  if (!(epsilon > 0 && Number.isFinite(epsilon))) throw new Error(`epsilon must be a positive number, got ${epsilon}`);
  if (!(maxChecks >= 1 && (Number.isInteger(maxChecks) || maxChecks === Infinity))) {
    throw new Error(`maxChecks must be a positive integer or Infinity, got ${maxChecks}`);
  }
  const random = randomSource(seed);
  return parameters.map(({ name, shape, values, grad }, p) => {
    const bad = Array.prototype.findIndex.call(grad, (g: number) => !Number.isFinite(g));
    if (bad >= 0) throw new Error(`the analytic gradient of ${name} is ${grad[bad]} at [${unravelIndex(bad, shape)}]`);
    return sampleIndices(values.length, maxChecks, random).map((i) => ({
      p, i, plus: round(values[i] + epsilon), minus: round(values[i] - epsilon),
    }));
  });
}

/** The result from the cost at each probe: `costs[p][k]` = [f(θ+ε), f(θ−ε)] for `probes[p][k]`. */
function summarize(parameters: FlatParameter[], probes: Probe[][], costs: [number, number][][], thresholds: Thresholds, epsilon: number): GradCheckResult {
  const perParameter: Record<string, ParameterCheck> = {};
  let worst: GradCheckResult['worst'] = { parameter: '', index: [], analytic: 0, numerical: 0, absError: -1 };
  let [sqDiff, sqAnalytic, sqNumerical, checked, total] = [0, 0, 0, 0, 0];

  parameters.forEach(({ name, shape, values, grad }, p) => {
    const detail: ParameterCheck = {
      shape, size: values.length, checked: 0, difference: 0, verdict: 'ok',
      maxAbsError: 0, worstIndex: [], analytic: 0, numerical: 0,
    };
    let [pDiff, pAnalytic, pNumerical] = [0, 0, 0];
    probes[p].forEach(({ i, plus, minus }, k) => {
      const [fPlus, fMinus] = costs[p][k];
      if (!Number.isFinite(fPlus) || !Number.isFinite(fMinus)) {
        throw new Error(`the cost is ${fPlus} at ${name}[${unravelIndex(i, shape)}] + ε and ${fMinus} at − ε`);
      }
      const numerical = (fPlus - fMinus) / (plus - minus);
      const error = Math.abs(grad[i] - numerical);
      pDiff += error * error;
      pAnalytic += grad[i] * grad[i];
      pNumerical += numerical * numerical;
      detail.checked++;
      if (error > detail.maxAbsError || detail.checked === 1) {
        Object.assign(detail, { maxAbsError: error, worstIndex: unravelIndex(i, shape), analytic: grad[i], numerical });
      }
    });
    detail.difference = relativeDifference(pDiff, pAnalytic, pNumerical);
    detail.verdict = verdictOf(detail.difference, thresholds);
    perParameter[name] = detail;
    if (detail.checked > 0 && detail.maxAbsError > worst.absError) {
      const { worstIndex: index, analytic, numerical, maxAbsError: absError } = detail;
      worst = { parameter: name, index, analytic, numerical, absError };
    }
    [sqDiff, sqAnalytic, sqNumerical] = [sqDiff + pDiff, sqAnalytic + pAnalytic, sqNumerical + pNumerical];
    [checked, total] = [checked + detail.checked, total + values.length];
  });

  if (checked === 0) throw new Error('the parameters have no elements to check');
  const difference = relativeDifference(sqDiff, sqAnalytic, sqNumerical);
  return { difference, verdict: verdictOf(difference, thresholds), epsilon, thresholds, checked, total, perParameter, worst };
}

/**
 * Compares each parameter's analytic gradient with (f(θ+ε) − f(θ−ε)) / (θ+ε − (θ−ε)), the denominator
 * taken after `round` (the parameters' precision) so the step is the one actually taken; used by `gradCheck`.
 */
export function compareGradients(parameters: FlatParameter[], costAt: CostAt, options: CompareOptions): GradCheckResult {
  const probes = planProbes(parameters, options);
  const costs = probes.map((row) => row.map(({ p, i, plus, minus }): [number, number] => [costAt(p, i, plus), costAt(p, i, minus)]));
  return summarize(parameters, probes, costs, options.thresholds, options.epsilon);
}

/** `compareGradients` with a cost read asynchronously, one evaluation at a time; used by `gradCheckTf`. */
export async function compareGradientsAsync(parameters: FlatParameter[], costAt: AsyncCostAt, options: CompareOptions): Promise<GradCheckResult> {
  const probes = planProbes(parameters, options);
  const costs: [number, number][][] = [];
  for (const row of probes) {
    const rowCosts: [number, number][] = [];
    for (const { p, i, plus, minus } of row) rowCosts.push([await costAt(p, i, plus), await costAt(p, i, minus)]);
    costs.push(rowCosts);
  }
  return summarize(parameters, probes, costs, options.thresholds, options.epsilon);
}

/** One row per parameter for `showTable`: where the analytic and numerical gradients disagree most. */
export function gradCheckRows(result: GradCheckResult): Record<string, string | number>[] {
  return Object.entries(result.perParameter).map(([parameter, c]) => ({
    parameter,
    shape: `[${c.shape.join(', ')}]`,
    checked: `${c.checked}/${c.size}`,
    difference: c.difference,
    maxAbsError: c.maxAbsError,
    worstIndex: `[${c.worstIndex.join(', ')}]`,
    analytic: c.analytic,
    numerical: c.numerical,
    verdict: c.verdict,
  }));
}
