/**
 * Gradient checking for tfjs: autodiff (or a supplied) gradient against two-sided differences in float32.
 * @see notebooks/07-gradient-checking.ipynb
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { tf } from './tf';
import {
  AsyncCostAt, compareGradientsAsync, FlatParameter, GradCheckOptions, GradCheckResult, Thresholds,
} from './compare-gradients';

/** ε for float32: f(θ±ε) must differ by far more than the float32 rounding of the cost (see `gradCheckTf`). */
export const FLOAT32_EPSILON = 1e-2;

/**
 * Thresholds for float32 with ε = 1e-2: correct gradients of smooth (tanh) networks measured 1e-5…6e-5
 * overall and ≤ 7e-4 per parameter; doubling dW1 measured 4e-2…3e-1 overall (1/3 for W1 itself).
 */
export const FLOAT32_THRESHOLDS: Thresholds = { ok: 2e-3, bug: 2e-2 };

/** Elements checked per parameter unless `maxChecks` says otherwise: each costs two forward passes. */
export const TF_MAX_CHECKS = 100;

/** Options of `gradCheckTf`: those of `gradCheck`, plus gradients to check instead of autodiff's. */
export interface GradCheckTfOptions extends GradCheckOptions {
  /** Analytic gradients, same names and shapes as the parameters; default: tfjs autodiff of `cost`. */
  grads?: Record<string, tfTypes.Tensor>;
}

/** The cost as a number, read with `await data()`, the tensors it made disposed; an error unless it is one float. */
async function evaluate(cost: (params: Record<string, tfTypes.Tensor>) => tfTypes.Scalar, params: Record<string, tfTypes.Tensor>): Promise<number> {
  const out = tf.tidy(() => {
    const value = cost(params);
    if (!(value instanceof tf.Tensor) || value.size !== 1) {
      const what = value instanceof tf.Tensor ? `a tensor of shape [${value.shape}]` : typeof value;
      throw new Error(`cost must return a scalar tensor, got ${what}`);
    }
    return value;
  });
  try {
    return (await out.data())[0];
  } finally {
    out.dispose();
  }
}

/**
 * Gradient check for a tfjs cost of named float32 parameters (`W1` [n_h, n_x] …): the analytic gradient
 * is tfjs autodiff unless `options.grads` is given, the numerical one two-sided differences.
 *
 * float32 keeps ~7 digits, so with the course's ε = 1e-7 f(θ+ε) − f(θ−ε) would be mostly rounding noise
 * (θ+1e-7 even rounds back to θ for |θ| ≥ 2). ε = 1e-2 balances the truncation error O(ε²) against the
 * rounding error ~|f|·1e-7/ε: correct gradients then measure ~1e-5 rather than 1e-7 (ε = 1e-3: ~5e-4;
 * ε = 1e-4: ~5e-3), hence `FLOAT32_THRESHOLDS`. ReLU kinks within ±ε of a pre-activation make the
 * numerical slope wrong, so a correct ReLU network measured up to 2e-2; check with tanh or sigmoid units.
 * At most `maxChecks` (default 100) elements per parameter are checked. Tensors are read asynchronously
 * (so it runs on GPU backends too); it disposes every tensor it makes; `params` and `grads` stay the caller's.
 */
export async function gradCheckTf(
  cost: (params: Record<string, tfTypes.Tensor>) => tfTypes.Scalar,
  params: Record<string, tfTypes.Tensor>,
  options: GradCheckTfOptions = {},
): Promise<GradCheckResult> {
  const { epsilon = FLOAT32_EPSILON, thresholds = FLOAT32_THRESHOLDS, maxChecks = TF_MAX_CHECKS, grads } = options;
  const names = Object.keys(params);
  names.forEach((name) => {
    if (params[name].dtype !== 'float32') throw new Error(`params.${name} is ${params[name].dtype}; only float32 parameters can be perturbed`);
  });
  if (grads) {
    const extra = Object.keys(grads).filter((k) => !(k in params));
    if (extra.length > 0) throw new Error(`grads has ${extra.join(', ')}, which params lacks (params has ${names.join(', ')})`);
    names.forEach((name) => {
      if (!(name in grads)) throw new Error(`grads has no ${name} (grads has ${Object.keys(grads).join(', ')})`);
      if (grads[name].shape.join() !== params[name].shape.join()) {
        throw new Error(`grads.${name} has shape [${grads[name].shape}] but params.${name} has shape [${params[name].shape}]`);
      }
    });
  }

  const base = await evaluate(cost, params);
  if (!Number.isFinite(base)) throw new Error(`cost(params) must be finite, got ${base}`);

  let gradValues: Float32Array[];
  if (grads) {
    gradValues = (await Promise.all(names.map((name) => grads[name].data()))) as Float32Array[];
  } else {
    const autodiff = tf.tidy(() =>
      tf.grads((...xs: tfTypes.Tensor[]) => cost(Object.fromEntries(names.map((n, j) => [n, xs[j]]))))(names.map((n) => params[n])),
    );
    try {
      gradValues = (await Promise.all(autodiff.map((g) => g.data()))) as Float32Array[];
    } finally {
      tf.dispose(autodiff);
    }
  }

  // One mutable copy of each parameter's values: perturb an element, build a tensor, restore it.
  const values = (await Promise.all(names.map((name) => params[name].data()))) as Float32Array[];
  const buffers = values.map((v) => v.slice());
  const parameters: FlatParameter[] = names.map((name, p) => ({ name, shape: params[name].shape, values: values[p], grad: gradValues[p] }));
  const costAt: AsyncCostAt = async (p, i, value) => {
    const name = names[p];
    const original = buffers[p][i];
    buffers[p][i] = value;
    const perturbed = tf.tensor(buffers[p], params[name].shape, 'float32');
    try {
      return await evaluate(cost, { ...params, [name]: perturbed });
    } finally {
      perturbed.dispose();
      buffers[p][i] = original;
    }
  };
  return compareGradientsAsync(parameters, costAt, { ...options, epsilon, thresholds, maxChecks, round: Math.fround });
}
