/**
 * Classification accuracy of a model or a prediction function, read asynchronously (safe on a GPU).
 * @see notebooks/05-relu-vs-sigmoid-depth.ipynb
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { takeScalar } from './take';
import { tf } from './tf';

/** A model, or a function from inputs to outputs (class scores, or one probability per example). */
export type Predictor = { predict(xs: tfTypes.Tensor): tfTypes.Tensor | tfTypes.Tensor[] } | ((xs: tfTypes.Tensor) => tfTypes.Tensor);

/**
 * The share of examples whose predicted class is the label. Outputs with one column (or none) are a
 * binary classifier's: class 1 where the output exceeds `threshold` (0.5 for a sigmoid's probability,
 * pass 0 for a logit); otherwise the predicted class is the largest output. `labels` are class ids
 * (an array or a 1-D tensor) or one-hot rows (a 2-D tensor).
 */
export async function accuracy(model: Predictor, xs: tfTypes.Tensor, labels: tfTypes.Tensor | ArrayLike<number>, options: { threshold?: number } = {}): Promise<number> {
  const threshold = options.threshold ?? 0.5;
  return takeScalar(tf.tidy(() => {
    const raw = typeof model === 'function' ? model(xs) : model.predict(xs);
    const outputs = Array.isArray(raw) ? raw[0] : raw;
    const ids = labels instanceof tf.Tensor ? (labels.rank === 2 && labels.shape[1]! > 1 ? labels.argMax(1) : labels.reshape([-1])) : tf.tensor1d(Array.from(labels));
    if (outputs.shape[0] !== ids.shape[0]) {
      throw new Error(`accuracy: ${outputs.shape[0]} predictions for ${ids.shape[0]} labels; pass the labels of the same examples`);
    }
    const binary = outputs.rank === 1 || outputs.shape[1] === 1;
    const predicted = binary ? outputs.reshape([-1]).greater(threshold) : outputs.argMax(1);
    return predicted.toInt().equal(ids.toInt()).toFloat().mean();
  }));
}
