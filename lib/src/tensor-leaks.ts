/**
 * Tensor-leak checks, kept apart from the lecture's claims: a leak is a bug in the notebook's code, not
 * evidence about deep learning. Start a watch where the notebook starts (re-running that cell starts a new
 * one) and check it at the end.
 * @see notebooks/01-cost-minimization.ipynb
 */
import { showBundle } from './display';
import { tf } from './tf';

/** A count of live tensors taken at one moment, to compare with later. */
export interface TensorWatch {
  /** Live tensors when the watch started. */
  readonly atStart: number;
  /** Throws when more tensors are alive than at the start (naming how many); shows a one-line all-clear otherwise. */
  assertNoLeak(): void;
}

/** Starts counting live tensors from now. */
export function watchTensors(): TensorWatch {
  const atStart = tf.memory().numTensors;
  return {
    atStart,
    assertNoLeak(): void {
      const now = tf.memory().numTensors;
      if (now > atStart) {
        throw new Error(
          `Tensor leak: ${now - atStart} tensors created since the watch started are still alive (${atStart} then, ${now} now). ` +
            'Fix: build temporary tensors inside tf.tidy, or dispose them (and models, optimizers, variables) when done.',
        );
      }
      showBundle({ 'text/plain': `No tensors leaked (${now} alive, ${atStart} at the start).` });
    },
  };
}
