import { expect } from 'chai';
import { accuracy } from 'dl-lectures-lib/dist/accuracy';
import { disposeOptimizer } from 'dl-lectures-lib/dist/optimizer';
import { watchTensors } from 'dl-lectures-lib/dist/tensor-leaks';
import { tf } from 'dl-lectures-lib/dist/tf';
import { captureLog } from '../helpers';

describe('accuracy, disposeOptimizer, watchTensors', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('accuracy compares argmax or a thresholded probability with class ids or one-hot rows', async () => {
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

  it('disposeOptimizer frees every tensor an optimizer made, momentum included', () => {
    for (const make of [() => tf.train.momentum(0.1, 0.9), () => tf.train.adam(0.01), () => tf.train.sgd(0.1)]) {
      const w = tf.variable(tf.ones([3]));
      const before = tf.memory().numTensors;
      const optimizer = make();
      for (let i = 0; i < 2; i++) optimizer.minimize(() => w.square().sum() as tf.Scalar, false, [w]);
      disposeOptimizer(optimizer);
      expect(tf.memory().numTensors, optimizer.getClassName()).to.equal(before);
      w.dispose();
    }
  });

  it('watchTensors passes when the count is back to the start and names a leak otherwise', () => {
    const watch = watchTensors();
    tf.tidy(() => {
      tf.ones([2]).add(1);
    });
    expect(captureLog(() => watch.assertNoLeak())).to.match(/^No tensors leaked/);
    const kept = tf.ones([2]);
    expect(() => watch.assertNoLeak()).to.throw('Tensor leak: 1 tensors created since the watch started are still alive');
    kept.dispose();
  });
});
