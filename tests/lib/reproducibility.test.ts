/**
 * setSeed makes training reproducible bit for bit on each CPU backend, native TensorFlow's included: initial
 * weights, dropout masks, fit's shuffling and random data all draw from the seeded generator.
 */
import { expect } from 'chai';
import '@tensorflow/tfjs-backend-wasm';
import { tf } from 'dl-lectures-lib/dist/tf';
import { setSeed } from 'dl-lectures-lib/dist/random';
import { NATIVE_INTRA_OP_THREADS, nativeThreadCount, prepareNativeLoad, useBackend } from 'dl-lectures-lib/dist/backend';
import { captureLogAsync, useNativeTensorflow } from '../helpers';

/** Trains a small MLP with dropout for 3 shuffled epochs; returns its losses and final weights. */
async function train(seed: number): Promise<{ losses: number[]; weights: number[][] }> {
  setSeed(seed);
  const xs = tf.randomNormal([64, 8]);
  const ys = tf.tidy(() => xs.sum(1, true).greater(0).cast('float32'));
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 16, activation: 'relu', inputShape: [8] }),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
  const history = await model.fit(xs, ys, { epochs: 3, batchSize: 16, shuffle: true, verbose: 0 });
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  tf.dispose([xs, ys]);
  model.dispose();
  return { losses: history.history.loss as number[], weights };
}

describe('reproducibility with setSeed', function () {
  this.timeout(60000);
  after(() => setSeed(undefined));

  for (const backend of ['cpu', 'wasm', 'tensorflow'] as const) {
    it(`gives bit-identical weights and losses for the same seed on ${backend}, and different ones for another seed`, async () => {
      if (backend === 'tensorflow') await useNativeTensorflow();
      else await captureLogAsync(() => useBackend(backend));
      const a = await train(1);
      const b = await train(1);
      const c = await train(2);
      expect(b.losses).to.deep.equal(a.losses);
      expect(b.weights).to.deep.equal(a.weights);
      expect(c.losses).to.not.deep.equal(a.losses);
      expect(c.weights[0]).to.not.deep.equal(a.weights[0]);
    });
  }
});

describe('prepareNativeLoad', () => {
  it('provides util.isNullOrUndefined where it is missing (Node 23+), keeping an existing one', () => {
    const node23Util: { isNullOrUndefined?: (x: unknown) => boolean } = {};
    prepareNativeLoad(node23Util, {});
    expect([null, undefined, 0, ''].map(node23Util.isNullOrUndefined!)).to.deep.equal([true, true, false, false]);
    const own = () => true;
    const node20Util = { isNullOrUndefined: own };
    prepareNativeLoad(node20Util, {});
    expect(node20Util.isNullOrUndefined).to.equal(own);
  });

  it('turns on GPU memory growth unless the user set it', () => {
    const env: NodeJS.ProcessEnv = {};
    prepareNativeLoad({}, env);
    expect(env.TF_FORCE_GPU_ALLOW_GROWTH).to.equal('true');
    const userEnv: NodeJS.ProcessEnv = { TF_FORCE_GPU_ALLOW_GROWTH: 'false' };
    prepareNativeLoad({}, userEnv);
    expect(userEnv.TF_FORCE_GPU_ALLOW_GROWTH).to.equal('false');
  });

  it('gives native TensorFlow one intra-op thread unless the user chose a number', () => {
    const env: NodeJS.ProcessEnv = {};
    prepareNativeLoad({}, env);
    expect(env.TF_NUM_INTRAOP_THREADS).to.equal(String(NATIVE_INTRA_OP_THREADS));
    expect(NATIVE_INTRA_OP_THREADS).to.equal(1);
    const userEnv: NodeJS.ProcessEnv = { TF_NUM_INTRAOP_THREADS: '4' };
    prepareNativeLoad({}, userEnv);
    expect(userEnv.TF_NUM_INTRAOP_THREADS).to.equal('4');
  });
});

describe('nativeThreadCount', () => {
  it("reads TF_NUM_INTRAOP_THREADS, where 0, nothing or a non-number mean TensorFlow's default of one per core", () => {
    expect(nativeThreadCount({ TF_NUM_INTRAOP_THREADS: '1' }, 8)).to.equal(1);
    expect(nativeThreadCount({ TF_NUM_INTRAOP_THREADS: '3' }, 8)).to.equal(3);
    expect(nativeThreadCount({ TF_NUM_INTRAOP_THREADS: '0' }, 8)).to.equal(8);
    expect(nativeThreadCount({}, 2)).to.equal(2);
    expect(nativeThreadCount({ TF_NUM_INTRAOP_THREADS: 'many' }, 2)).to.equal(2);
  });
});
