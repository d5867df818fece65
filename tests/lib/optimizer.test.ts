import { expect } from 'chai';
import { disposeOptimizer } from 'dl-lectures-lib/dist/optimizer';
import { tf } from 'dl-lectures-lib/dist/tf';

describe('disposeOptimizer', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('frees every tensor an optimizer made, momentum included', () => {
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
});
