/**
 * setSeed makes training reproducible bit for bit on each CPU backend: initial weights, dropout masks,
 * fit's shuffling and random data all draw from the seeded generator.
 */
import { expect } from 'chai';
import * as util from 'util';
import '@tensorflow/tfjs-backend-wasm';
import { tf } from 'dl-lectures-lib/dist/tf';
import { setSeed } from 'dl-lectures-lib/dist/seed';
import { useBackend } from 'dl-lectures-lib/dist/backend';
import { captureLogAsync } from '../helpers';

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

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`gives bit-identical weights and losses for the same seed on ${backend}, and different ones for another seed`, async () => {
      await captureLogAsync(() => useBackend(backend));
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

describe('useBackend before native TensorFlow loads', () => {
  it('provides util.isNullOrUndefined, which tfjs-node 4.22 calls and Node 23 removed', async () => {
    const legacyUtil = util as unknown as { isNullOrUndefined?: (x: unknown) => boolean };
    const original = legacyUtil.isNullOrUndefined;
    delete legacyUtil.isNullOrUndefined; // as on Node 23+
    try {
      await useBackend('tensorflow').catch(() => undefined);
      expect(legacyUtil.isNullOrUndefined).to.be.a('function');
    } finally {
      legacyUtil.isNullOrUndefined = original;
    }
    const legacy = legacyUtil.isNullOrUndefined!;
    expect([legacy(null), legacy(undefined), legacy(0), legacy('')]).to.deep.equal([true, true, false, false]);
    expect(process.env.TF_FORCE_GPU_ALLOW_GROWTH).to.equal('true');
  });
});
