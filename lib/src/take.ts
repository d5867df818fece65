/**
 * Reading a tensor computed only to be read, asynchronously (as every backend allows, WebGPU included), and
 * disposing it: `await takeScalar(tf.tidy(() => loss))` instead of a synchronous read (`dataSync`).
 * @see notebooks/02-neural-network-basics.ipynb
 */
import type * as tfTypes from '@tensorflow/tfjs';

/** The values of `t` as a flat typed array (as `await t.data()`); `t` is disposed, even when reading fails. */
export async function takeData<D extends tfTypes.DataType = tfTypes.NumericDataType>(t: tfTypes.Tensor): Promise<tfTypes.DataTypeMap[D]> {
  try {
    return await t.data<D>();
  } finally {
    t.dispose();
  }
}

/** The values of `t` as nested arrays (as `await t.array()`); `t` is disposed, even when reading fails. */
export async function takeArray<T extends tfTypes.Tensor>(t: T): Promise<Awaited<ReturnType<T['array']>>> {
  try {
    return (await t.array()) as Awaited<ReturnType<T['array']>>;
  } finally {
    t.dispose();
  }
}

/** The number a one-element tensor holds (a loss, an accuracy); `t` is disposed; an error for any other size. */
export async function takeScalar(t: tfTypes.Tensor): Promise<number> {
  if (t.size !== 1) {
    t.dispose();
    throw new Error(`takeScalar: expected a tensor with one element, got shape [${t.shape}] (read it with takeData)`);
  }
  return (await takeData(t))[0] as number;
}
