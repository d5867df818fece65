import { expect } from 'chai';
import { watchTensors } from 'dl-lectures-lib/dist/tensor-leaks';
import { tf } from 'dl-lectures-lib/dist/tf';
import { captureLog } from '../helpers';

describe('watchTensors', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('passes when the count is back to the start and names a leak otherwise', () => {
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
