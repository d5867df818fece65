/**
 * Gradient checking: an analytic gradient against a two-sided numerical one, in float64 plain numbers.
 * @see notebooks/07-gradient-checking.ipynb
 */
import {
  compareGradients, CostAt, FlatParameter, GradCheckOptions, GradCheckResult, Thresholds,
} from './compare-gradients';

export { gradCheckRows, type GradCheckOptions, type GradCheckResult, type ParameterCheck, type Thresholds, type Verdict } from './compare-gradients';

/** The course's float64 thresholds: < 1e-7 great, around 1e-5 look again, > 1e-3 almost surely a bug. */
export const FLOAT64_THRESHOLDS: Thresholds = { ok: 1e-7, bug: 1e-3 };

/** The course's ε for float64 (Course 2, "Gradient checking"). */
export const FLOAT64_EPSILON = 1e-7;

/** A number or a (nested, rectangular) array of numbers: a parameter such as W1 [4, 3] or b2 [1, 1]. */
export type NumberArray = number | NumberArray[];

/** Named parameters, or one flat vector θ (reported as 'theta'). */
export type PlainParams = Record<string, NumberArray> | number[];

/** The slope of scalar `f` at `x`: (f(x+ε) − f(x−ε)) / 2ε, error O(ε²); or (f(x+ε) − f(x)) / ε, error O(ε). */
export function numericalDerivative(
  f: (x: number) => number,
  x: number,
  epsilon = FLOAT64_EPSILON,
  { twoSided = true }: { twoSided?: boolean } = {},
): number {
  return twoSided ? (f(x + epsilon) - f(x - epsilon)) / (2 * epsilon) : (f(x + epsilon) - f(x)) / epsilon;
}

/** The shape of a rectangular nested array, or an error naming `path` where it is ragged or not numeric. */
function shapeOf(value: unknown, path: string): number[] {
  if (typeof value === 'number') return [];
  if (!Array.isArray(value)) {
    const kind = value === null ? 'null' : (value as object)?.constructor?.name ?? typeof value;
    throw new Error(`${path} must be a number or a nested array of numbers, got ${kind}`);
  }
  if (value.length === 0) return [0];
  const inner = shapeOf(value[0], `${path}[0]`);
  value.forEach((v, i) => {
    const s = shapeOf(v, `${path}[${i}]`);
    if (s.join() !== inner.join()) throw new Error(`${path} is ragged: ${path}[${i}] has shape [${s}] but ${path}[0] has [${inner}]`);
  });
  return [value.length, ...inner];
}

/** Where one number lives in the working copy, so it can be perturbed and restored in place. */
type Slot = { container: Record<string | number, unknown>; key: string | number };

function collectSlots(container: Record<string | number, unknown>, key: string | number, out: Slot[]): Slot[] {
  const value = container[key];
  if (Array.isArray(value)) value.forEach((_, i) => collectSlots(value as unknown as Record<number, unknown>, i, out));
  else out.push({ container, key });
  return out;
}

const deepCopy = (v: NumberArray): NumberArray => (Array.isArray(v) ? v.map(deepCopy) : v);
const flatten = (v: NumberArray): number[] => (Array.isArray(v) ? v.flatMap(flatten) : [v]);

/**
 * Gradient check in float64: `grads` (same names and shapes as `params`) against two-sided differences
 * of `cost`, with the course's ε = 1e-7 and thresholds 1e-7 / 1e-3; `cost` receives a working copy, so
 * `params` is never modified.
 */
export function gradCheck<P extends PlainParams>(
  cost: (params: P) => number,
  params: P,
  grads: P,
  options: GradCheckOptions = {},
): GradCheckResult {
  const { epsilon = FLOAT64_EPSILON, thresholds = FLOAT64_THRESHOLDS } = options;
  const isVector = Array.isArray(params);
  if (isVector !== Array.isArray(grads)) {
    throw new Error(`params is ${isVector ? 'a flat vector' : 'a record'} but grads is ${isVector ? 'a record' : 'an array'}`);
  }
  const named: Record<string, NumberArray> = isVector ? { theta: params } : params;
  const namedGrads: Record<string, NumberArray> = isVector ? { theta: grads as number[] } : (grads as Record<string, NumberArray>);
  const names = Object.keys(named);
  const extra = Object.keys(namedGrads).filter((k) => !(k in named));
  if (extra.length > 0) throw new Error(`grads has ${extra.join(', ')}, which params lacks (params has ${names.join(', ')})`);

  const working: Record<string, NumberArray> = Object.fromEntries(names.map((n) => [n, deepCopy(named[n])]));
  const costInput = (isVector ? working.theta : working) as P;
  const slots: Slot[][] = [];
  const parameters: FlatParameter[] = names.map((name) => {
    const shape = shapeOf(named[name], `params.${name}`);
    if (!(name in namedGrads)) throw new Error(`grads has no ${name} (grads has ${Object.keys(namedGrads).join(', ')})`);
    const gradShape = shapeOf(namedGrads[name], `grads.${name}`);
    if (gradShape.join() !== shape.join()) {
      throw new Error(`grads.${name} has shape [${gradShape}] but params.${name} has shape [${shape}]`);
    }
    slots.push(collectSlots(working, name, []));
    return { name, shape, values: flatten(named[name]), grad: flatten(namedGrads[name]) };
  });

  const base = cost(costInput);
  if (typeof base !== 'number' || !Number.isFinite(base)) throw new Error(`cost(params) must be a finite number, got ${base}`);
  const costAt: CostAt = (p, i, value) => {
    const { container, key } = slots[p][i];
    const original = container[key];
    container[key] = value;
    try {
      return cost(costInput);
    } finally {
      container[key] = original;
    }
  };
  return compareGradients(parameters, costAt, { ...options, epsilon, thresholds, round: (x) => x });
}
