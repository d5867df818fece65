import { expect } from 'chai';
import { accuracy } from 'dl-lectures-lib/dist/accuracy';
import { tf } from 'dl-lectures-lib/dist/tf';

describe('accuracy', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('compares argmax or a thresholded probability with class ids or one-hot rows', async () => {
    const scores = tf.tensor2d([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]]); // predicts 1, 0, 1, 0
    const model = { predict: (xs: tf.Tensor) => xs.clone() };
    expect(await accuracy(model, scores, [1, 0, 0, 0])).to.equal(0.75);
    const oneHot = tf.oneHot(tf.tensor1d([1, 1, 1, 0], 'int32'), 2);
    expect(await accuracy((xs) => xs.clone(), scores, oneHot)).to.equal(0.75);
    const probabilities = tf.tensor2d([[0.2], [0.7], [0.5]]); // 0, 1, 0 at threshold 0.5
    expect(await accuracy((xs) => xs.clone(), probabilities, [0, 1, 1])).to.be.closeTo(2 / 3, 1e-7);
    expect(await accuracy((xs) => xs.sub(0.5), probabilities, [0, 1, 1], { threshold: 0 })).to.be.closeTo(2 / 3, 1e-7);
    let error = '';
    await accuracy(model, scores, [1, 0]).catch((e: Error) => (error = e.message));
    expect(error).to.include('4 predictions for 2 labels');
    tf.dispose([scores, oneHot, probabilities]);
  });
});
