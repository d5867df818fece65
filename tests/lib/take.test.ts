import { expect } from 'chai';
import { tf } from 'dl-lectures-lib/dist/tf';
import { takeArray, takeData, takeScalar } from 'dl-lectures-lib/dist/take';
import { expectNoLeakedTensors, rejection } from '../helpers';

describe('takeScalar, takeData, takeArray', () => {
  it('read a tensor made in tf.tidy asynchronously and dispose it', async () => {
    await expectNoLeakedTensors(async () => {
      expect(await takeScalar(tf.tidy(() => tf.tensor1d([1, 2, 3, 6]).mean()))).to.equal(3);
      expect(Array.from(await takeData(tf.tidy(() => tf.tensor1d([1, -2]).mul(2))))).to.deep.equal([2, -4]);
      expect(await takeArray(tf.tidy(() => tf.tensor2d([[1, 2], [3, 4]]).transpose()))).to.deep.equal([[1, 3], [2, 4]]);
      const labels = await takeData(tf.tidy(() => tf.tensor2d([[0.1, 0.9], [0.8, 0.2]]).argMax(-1)));
      expect(labels).to.be.instanceOf(Int32Array);
      expect(Array.from(labels)).to.deep.equal([1, 0]);
    });
  });

  it('takeScalar refuses a tensor of more than one element, naming its shape, and still disposes it', async () => {
    await expectNoLeakedTensors(async () => {
      expect(await rejection(takeScalar(tf.zeros([2, 3])))).to.equal(
        'takeScalar: expected a tensor with one element, got shape [2,3] (read it with takeData)',
      );
    });
  });

  it('takeData of an already disposed tensor rejects instead of returning stale values', async () => {
    const t = tf.scalar(1);
    t.dispose();
    expect(await rejection(takeData(t))).to.include('disposed');
  });
});
