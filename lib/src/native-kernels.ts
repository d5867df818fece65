/**
 * Faster kernels for the native 'tensorflow' backend (tfjs-node 4.22), each giving the same values as the
 * kernel it replaces. tfjs-node builds `step` (the derivative of ReLU, taken by every ReLU layer's gradient)
 * from seven TensorFlow ops and two full-size fills; here it is two ops, which made a 10-layer ReLU
 * network's training step 17 → 13 ms on one CPU thread.
 * @see environment.md, "Native TensorFlow's threads and kernels"
 */
import { tf } from './tf';

/** The slice of tfjs-node's backend the kernels use: one TensorFlow op run eagerly. */
interface NodeBackend {
  binding: { TF_ATTR_TYPE: number; TF_FLOAT: number };
  executeSingleOutput(op: string, attrs: { name: string; type: number; value: number }[], inputs: tf.TensorInfo[]): tf.Tensor;
}

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

/** Replaces tfjs-node's kernels with the faster ones above; call after tfjs-node has loaded; later calls do nothing. */
export function registerNativeFastKernels(): void {
  for (const config of REPLACEMENTS) {
    const original = tf.getKernel(config.kernelName, 'tensorflow');
    if (original === undefined || originals.has(config.kernelName)) continue;
    originals.set(config.kernelName, original);
    tf.unregisterKernel(config.kernelName, 'tensorflow');
    tf.registerKernel(config);
  }
}
