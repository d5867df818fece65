/**
 * Freeing an optimizer with everything it holds: its slots (momentum, Adam's moments) and, for tfjs
 * 4.22's momentum optimizer, the learning-rate scalar its dispose() forgets.
 * @see notebooks/08-optimization-algorithms.ipynb
 */
import type * as tfTypes from '@tensorflow/tfjs';

/** Disposes `optimizer` and its slot tensors. A model does not free an optimizer it was given: call this. */
export function disposeOptimizer(optimizer: tfTypes.Optimizer): void {
  optimizer.dispose();
  // MomentumOptimizer inherits SGD's learning-rate scalar `c` but its dispose() does not free it.
  const inherited = (optimizer as unknown as { c?: tfTypes.Tensor }).c;
  if (inherited && !inherited.isDisposed) inherited.dispose();
}
