/**
 * Faster kernels for the native 'tensorflow' backend (tfjs-node 4.22), each giving the same values as the
 * code it replaces:
 * - `step` (the derivative of ReLU, taken by every ReLU layer's gradient): tfjs-node builds it from seven
 *   TensorFlow ops and two full-size fills; here it is two ops (a 10-layer ReLU step 17 → 13 ms on one thread).
 * - Adam's update: tfjs runs twelve elementwise ops and makes six scalars per weight; with the DlAdamUpdate op
 *   that `npm run native-tf` builds (native-ops/adam_update.cc) it is one op per weight, bit for bit the same.
 * @see environment.md, "Native TensorFlow's threads and kernels"
 */
import * as fs from 'fs';
import * as path from 'path';
import { NATIVE_DIR, readNativeManifest, type NativeBinding } from './native-backend';
import { tf } from './tf';

/** The slice of tfjs-node's backend the kernels use: one TensorFlow op run eagerly. */
interface NodeBackend {
  binding: { TF_ATTR_TYPE: number; TF_ATTR_FLOAT: number; TF_FLOAT: number };
  executeSingleOutput(op: string, attrs: OpAttr[], inputs: tf.TensorInfo[]): tf.Tensor;
  executeMultipleOutputs(op: string, attrs: OpAttr[], inputs: tf.TensorInfo[], outputs: number): tf.Tensor[];
}
type OpAttr = { name: string; type: number; value: number };

/** The kernels replaced, by name, as tfjs-node registered them. */
const originals = new Map<string, tf.KernelConfig>();

/**
 * step(x) with alpha 0 on float32 as Relu(Sign(x)): 1 where x > 0, 0 where x ≤ 0, NaN where x is NaN,
 * as tfjs-node's kernel gives (both read denormals as 0, as TensorFlow flushes them on the CPU).
 * Other alphas and dtypes go to tfjs-node's kernel.
 */
const step: tf.KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const alpha = (args.attrs as { alpha?: number } | undefined)?.alpha ?? 0;
  if (alpha !== 0 || x.dtype !== 'float32') return originals.get(tf.Step)!.kernelFunc(args);
  const backend = args.backend as unknown as NodeBackend;
  const float = [{ name: 'T', type: backend.binding.TF_ATTR_TYPE, value: backend.binding.TF_FLOAT }];
  const sign = backend.executeSingleOutput('Sign', float, [x]);
  const result = backend.executeSingleOutput('Relu', float, [sign]);
  sign.dispose();
  return result;
};

const REPLACEMENTS: tf.KernelConfig[] = [{ kernelName: tf.Step, backendName: 'tensorflow', kernelFunc: step }];

/** The Node addon `npm run native-tf` builds from native-ops/: loading it registers DlAdamUpdate with TensorFlow. */
export const NATIVE_OPS_ADDON = path.join(NATIVE_DIR, 'dl-ops.node');

/** The fields of tfjs-core 4.22's AdamOptimizer that its applyGradients uses (protected in its types). */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  incrementIterations(): void;
}

/** tfjs's own AdamOptimizer.applyGradients, kept for the backends other than native TensorFlow. */
let tfjsAdamApply: tf.AdamOptimizer['applyGradients'] | undefined;

/**
 * AdamOptimizer.applyGradients as tfjs-core 4.22 writes it, but each weight's update is one DlAdamUpdate op
 * (inputs value, m, v, gradient, 1 − β₁ᵗ, 1 − β₂ᵗ; outputs the new three), with the constants as the float32
 * values tfjs's scalars hold. On other backends, tfjs's own.
 */
function fusedAdamApply(this: tf.AdamOptimizer, variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
  if (tf.getBackend() !== 'tensorflow') return tfjsAdamApply!.call(this, variableGradients);
  const adam = this as unknown as AdamState;
  const backend = tf.backend() as unknown as NodeBackend;
  const float = (name: string, value: number): OpAttr => ({ name, type: backend.binding.TF_ATTR_FLOAT, value });
  const constants = [
    float('beta1', adam.beta1),
    float('one_minus_beta1', 1 - adam.beta1),
    float('beta2', adam.beta2),
    float('one_minus_beta2', 1 - adam.beta2),
    float('epsilon', adam.epsilon),
    float('neg_learning_rate', -adam.learningRate),
  ];
  const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
  tf.tidy(() => {
    const oneMinusAccBeta1 = tf.sub(1, adam.accBeta1);
    const oneMinusAccBeta2 = tf.sub(1, adam.accBeta2);
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name];
      adam.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      adam.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      const gradient = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
      if (gradient == null) return;
      const m = adam.accumulatedFirstMoment[i]!.variable;
      const v = adam.accumulatedSecondMoment[i]!.variable;
      const [newValue, newM, newV] = backend.executeMultipleOutputs('DlAdamUpdate', constants, [value, m, v, gradient, oneMinusAccBeta1, oneMinusAccBeta2], 3);
      m.assign(newM);
      v.assign(newV);
      value.assign(newValue);
    });
    adam.accBeta1.assign(tf.mul(adam.accBeta1, adam.beta1));
    adam.accBeta2.assign(tf.mul(adam.accBeta2, adam.beta2));
  });
  adam.incrementIterations();
}

/**
 * Loads native/dl-ops.node and routes Adam through its op, for a CPU build of `npm run native-tf` (the
 * TensorFlow it was linked against; its kernel is for the CPU); returns what is wrong when that build's addon
 * is missing or does not load. Other bindings keep tfjs's Adam.
 */
function useFusedAdam(binding: NativeBinding): string | undefined {
  if (tfjsAdamApply !== undefined || binding.kind !== 'native-tf' || readNativeManifest()?.cudaBuild !== false) return undefined;
  if (!fs.existsSync(NATIVE_OPS_ADDON)) return `${NATIVE_OPS_ADDON} is missing: run \`npm run native-tf\` again`;
  try {
    require(NATIVE_OPS_ADDON);
  } catch (e) {
    return `${NATIVE_OPS_ADDON} did not load (${(e as Error).message.split('\n')[0]}): run \`npm run native-tf\` again`;
  }
  tfjsAdamApply = tf.AdamOptimizer.prototype.applyGradients;
  tf.AdamOptimizer.prototype.applyGradients = fusedAdamApply;
  return undefined;
}

/** Whether Adam runs as one DlAdamUpdate op per weight on native TensorFlow. */
export function fusedAdamInUse(): boolean {
  return tfjsAdamApply !== undefined;
}

/**
 * Replaces tfjs-node's kernels with the faster ones above and, where `npm run native-tf` built it, Adam's
 * update; call after tfjs-node has loaded; later calls do nothing. Returns what is wrong with that build's
 * addon, if something is.
 */
export function registerNativeFastKernels(binding: NativeBinding): string | undefined {
  for (const config of REPLACEMENTS) {
    const original = tf.getKernel(config.kernelName, 'tensorflow');
    if (original === undefined || originals.has(config.kernelName)) continue;
    originals.set(config.kernelName, original);
    tf.unregisterKernel(config.kernelName, 'tensorflow');
    tf.registerKernel(config);
  }
  return useFusedAdam(binding);
}
