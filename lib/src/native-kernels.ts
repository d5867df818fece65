/**
 * Faster kernels for the native 'tensorflow' backend (tfjs-node 4.22), each giving the same values as the
 * code it replaces, bit for bit:
 * - `step` (the derivative of ReLU): tfjs-node builds it from seven TensorFlow ops and two full-size fills;
 *   here it is two ops (a 10-layer ReLU step 17 → 13 ms on one thread).
 * - A cast to the tensor's own dtype and a reshape to its own shape (tfjs's gradients run several per
 *   step): the tensor itself, its data shared, as tfjs-node's Identity does, instead of a TensorFlow op.
 * With the project's own TensorFlow ops, which `npm run native-tf` builds from native-ops/ for CPU builds:
 * - Adam's update: tfjs runs twelve elementwise ops and makes six scalars per weight; here one DlAdamUpdate op.
 * - ReLU's gradient, dy * step(x): four ops (Sign, Relu, Cast, Mul) → one DlReluGrad.
 * - A bias added to the last dimension (dense and conv layers while training): TensorFlow's broadcasting Add
 *   → DlBiasAdd, 4-9x faster with few channels.
 * - Average pooling's gradient over windows that do not overlap: TensorFlow's AvgPoolGrad → DlAvgPoolGrad,
 *   about 4x faster on LeNet-5's first pooling.
 * @see environment.md, "Native TensorFlow's threads and kernels"
 */
import * as fs from 'fs';
import * as path from 'path';
import { NATIVE_DIR, readNativeManifest, type NativeBinding } from './native-backend';
import { tf } from './tf';

/** The slice of tfjs-node's backend the kernels use: one TensorFlow op run eagerly. */
interface NodeBackend {
  binding: { TF_ATTR_TYPE: number; TF_ATTR_FLOAT: number; TF_ATTR_INT: number; TF_FLOAT: number };
  executeSingleOutput(op: string, attrs: OpAttr[], inputs: tf.TensorInfo[]): tf.Tensor;
  executeMultipleOutputs(op: string, attrs: OpAttr[], inputs: tf.TensorInfo[], outputs: number): tf.Tensor[];
  incRef(dataId: tf.DataId): void;
}
type OpAttr = { name: string; type: number; value: number };

/** The kernels replaced, by name, as tfjs-node registered them. */
const originals = new Map<string, tf.KernelConfig>();

/** tfjs-node's kernel for the kernel `args` were meant for, run as it would have been. */
const original = (kernelName: string, args: Parameters<tf.KernelFunc>[0]) => originals.get(kernelName)!.kernelFunc(args);

/**
 * step(x) with alpha 0 on float32 as Relu(Sign(x)): 1 where x > 0, 0 where x ≤ 0, NaN where x is NaN,
 * as tfjs-node's kernel gives (both read denormals as 0, as TensorFlow flushes them on the CPU).
 * Other alphas and dtypes go to tfjs-node's kernel.
 */
const step: tf.KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const alpha = (args.attrs as { alpha?: number } | undefined)?.alpha ?? 0;
  if (alpha !== 0 || x.dtype !== 'float32') return original(tf.Step, args);
  const backend = args.backend as unknown as NodeBackend;
  const float = [{ name: 'T', type: backend.binding.TF_ATTR_TYPE, value: backend.binding.TF_FLOAT }];
  const sign = backend.executeSingleOutput('Sign', float, [x]);
  const result = backend.executeSingleOutput('Relu', float, [sign]);
  sign.dispose();
  return result;
};

/** x itself: its data shared, one more reference counted (what tfjs-node's Identity kernel returns). */
function unchanged(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  (args.backend as unknown as NodeBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** A Cast to x's own dtype is x; other casts go to tfjs-node's kernel. */
const cast: tf.KernelFunc = (args) => ((args.attrs as unknown as tf.CastAttrs).dtype === (args.inputs.x as tf.TensorInfo).dtype ? unchanged(args) : original(tf.Cast, args));

/** A Reshape to x's own shape (spelled out, no -1) is x; other reshapes go to tfjs-node's kernel. */
const reshape: tf.KernelFunc = (args) => {
  const { shape } = args.attrs as unknown as tf.ReshapeAttrs;
  const { x } = args.inputs as { x: tf.TensorInfo };
  return shape.length === x.shape.length && shape.every((d, i) => d === x.shape[i]) ? unchanged(args) : original(tf.Reshape, args);
};

/** a + b as DlBiasAdd where one is a float32 vector as long as the other's last dimension (rank ≥ 2); else tfjs-node's Add. */
const add: tf.KernelFunc = (args) => {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const isBiasOf = (bias: tf.TensorInfo, x: tf.TensorInfo) => bias.shape.length === 1 && x.shape.length >= 2 && bias.shape[0] === x.shape[x.shape.length - 1];
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return original(tf.Add, args);
  const [x, bias] = isBiasOf(b, a) ? [a, b] : isBiasOf(a, b) ? [b, a] : [];
  if (x === undefined) return original(tf.Add, args);
  return (args.backend as unknown as NodeBackend).executeSingleOutput('DlBiasAdd', [], [x, bias!]);
};

/** avgPool's gradient as DlAvgPoolGrad where the windows do not overlap under 'valid' padding (NHWC, float32); else tfjs-node's. */
const avgPoolGrad: tf.KernelFunc = (args) => {
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const { filterSize, strides, pad } = args.attrs as unknown as tf.AvgPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad);
  const disjoint = info.strideHeight >= info.filterHeight && info.strideWidth >= info.filterWidth;
  if (!disjoint || info.padInfo.type !== 'VALID' || info.dataFormat !== 'channelsLast' || dy.dtype !== 'float32') return original(tf.AvgPoolGrad, args);
  const backend = args.backend as unknown as NodeBackend;
  const int = (name: string, value: number): OpAttr => ({ name, type: backend.binding.TF_ATTR_INT, value });
  const attrs = [
    int('in_height', info.inHeight),
    int('in_width', info.inWidth),
    int('window_height', info.filterHeight),
    int('window_width', info.filterWidth),
    int('stride_height', info.strideHeight),
    int('stride_width', info.strideWidth),
  ];
  return backend.executeSingleOutput('DlAvgPoolGrad', attrs, [dy]);
};

/** dy * step(x), ReLU's gradient, as one DlReluGrad op. */
const reluGrad: tf.KernelFunc = (args) => {
  const { dy, x } = args.inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
  return (args.backend as unknown as NodeBackend).executeSingleOutput('DlReluGrad', [], [dy, x]);
};

/** The name the library runs DlReluGrad under, on the tensorflow backend only. */
const RELU_GRAD = 'DlReluGrad';

/** tfjs's own gradient for Relu, kept for the other backends and dtypes. */
let tfjsReluGradient: tf.GradConfig | undefined;

/**
 * ReLU's gradient: one DlReluGrad kernel on native TensorFlow for float32, tfjs's mul(dy, cast(step(x))) elsewhere.
 * DlReluGrad's own gradient is that of the product: step(x) times the incoming gradient for dy, zeros for x.
 */
function useFusedReluGradient(): void {
  tfjsReluGradient = tf.getGradient(tf.Relu);
  tf.registerKernel({ kernelName: RELU_GRAD, backendName: 'tensorflow', kernelFunc: reluGrad });
  const fused = (dy: tf.Tensor, x: tf.Tensor) => tf.engine().runKernel(RELU_GRAD, { dy, x }) as tf.Tensor;
  tf.registerGradient({
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      if (tf.getBackend() !== 'tensorflow' || x.dtype !== 'float32' || (dy as tf.Tensor).dtype !== 'float32') return tfjsReluGradient!.gradFunc(dy, saved, attrs);
      return { x: () => fused(dy as tf.Tensor, x) };
    },
  });
  tf.registerGradient({ kernelName: RELU_GRAD, inputsToSave: ['x'], gradFunc: (ddx, [x]) => ({ dy: () => fused(ddx as tf.Tensor, x), x: () => tf.zerosLike(x) }) });
}

/** Replaced whatever the build: they use TensorFlow's own ops. */
const REPLACEMENTS: tf.KernelConfig[] = [
  { kernelName: tf.Step, backendName: 'tensorflow', kernelFunc: step },
  { kernelName: tf.Cast, backendName: 'tensorflow', kernelFunc: cast },
  { kernelName: tf.Reshape, backendName: 'tensorflow', kernelFunc: reshape },
];

/** Replaced once the project's ops are loaded. */
const OPS_REPLACEMENTS: tf.KernelConfig[] = [
  { kernelName: tf.Add, backendName: 'tensorflow', kernelFunc: add },
  { kernelName: tf.AvgPoolGrad, backendName: 'tensorflow', kernelFunc: avgPoolGrad },
];

/** Registers `configs` in place of tfjs-node's kernels of the same names, keeping those; again does nothing. */
function replaceKernels(configs: tf.KernelConfig[]): void {
  for (const config of configs) {
    const tfjsNode = tf.getKernel(config.kernelName, 'tensorflow');
    if (tfjsNode === undefined || originals.has(config.kernelName)) continue;
    originals.set(config.kernelName, tfjsNode);
    tf.unregisterKernel(config.kernelName, 'tensorflow');
    tf.registerKernel(config);
  }
}

/** The Node addon `npm run native-tf` builds from native-ops/: loading it registers the project's ops with TensorFlow. */
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
 * Loads native/dl-ops.node and routes Adam, ReLU's gradient, bias adds and average pooling's gradient through its
 * ops, for a CPU build of `npm run native-tf` (the TensorFlow it was linked against; its kernels are for the CPU);
 * returns what is wrong when that build's addon is missing or does not load. Other bindings keep tfjs-node's kernels.
 */
function useProjectOps(binding: NativeBinding): string | undefined {
  if (tfjsAdamApply !== undefined || binding.kind !== 'native-tf' || readNativeManifest()?.cudaBuild !== false) return undefined;
  if (!fs.existsSync(NATIVE_OPS_ADDON)) return `${NATIVE_OPS_ADDON} is missing: run \`npm run native-tf\` again`;
  try {
    require(NATIVE_OPS_ADDON);
  } catch (e) {
    return `${NATIVE_OPS_ADDON} did not load (${(e as Error).message.split('\n')[0]}): run \`npm run native-tf\` again`;
  }
  tfjsAdamApply = tf.AdamOptimizer.prototype.applyGradients;
  tf.AdamOptimizer.prototype.applyGradients = fusedAdamApply;
  replaceKernels(OPS_REPLACEMENTS);
  useFusedReluGradient();
  return undefined;
}

/** Whether the project's ops (Adam's update, ReLU's gradient, bias adds, average pooling's gradient) run on native TensorFlow. */
export function nativeOpsInUse(): boolean {
  return tfjsAdamApply !== undefined;
}

/**
 * Replaces tfjs-node's kernels with the faster ones above and, where `npm run native-tf` built them, with the
 * project's ops; call after tfjs-node has loaded; later calls do nothing. Returns what is wrong with that
 * build's addon, if something is.
 */
export function registerNativeFastKernels(binding: NativeBinding): string | undefined {
  replaceKernels(REPLACEMENTS);
  return useProjectOps(binding);
}
