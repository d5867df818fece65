/**
 * Training loops built from the library's pieces keep the tensor count flat from epoch to epoch.
 */
import { expect } from 'chai';
import { tf } from 'dl-lectures-lib/dist/tf';
import { setSeed } from 'dl-lectures-lib/dist/random';
import { miniBatches } from 'dl-lectures-lib/dist/data/mini-batches';
import { makeMoons } from 'dl-lectures-lib/dist/data/synthetic/make-moons';
import { pointsToTensors } from 'dl-lectures-lib/dist/data/synthetic/labelled-points';
import { liveTrainingView } from 'dl-lectures-lib/dist/plot/training-view';

describe('tensor memory in training loops', function () {
  this.timeout(60000);
  let write: typeof process.stderr.write;
  beforeEach(() => {
    write = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write; // the progress line
  });
  afterEach(() => {
    process.stderr.write = write;
    setSeed(undefined);
  });

  it('a hand-written mini-batch loop with an optimizer and a live view leaks nothing per epoch', () => {
    setSeed(3);
    const data = pointsToTensors(makeMoons({ n: 256, noise: 0.2, seed: 3 }));
    const w1 = tf.variable(tf.randomNormal([2, 16], 0, 0.5));
    const w2 = tf.variable(tf.randomNormal([16, 1], 0, 0.5));
    const optimizer = tf.train.adam(0.05);
    const view = liveTrainingView({ epochs: 4 });
    const counts: number[] = [];
    for (let epoch = 0; epoch < 4; epoch++) {
      let total = 0;
      for (const batch of miniBatches(256, 32, { shuffle: true, seed: epoch })) {
        const loss = optimizer.minimize(() => tf.tidy(() => {
          const idx = tf.tensor1d(batch, 'int32');
          const logits = tf.gather(data.X, idx).matMul(w1).tanh().matMul(w2);
          return tf.losses.sigmoidCrossEntropy(tf.gather(data.y, idx), logits) as tf.Scalar;
        }), true)!;
        total += loss.dataSync()[0];
        loss.dispose();
      }
      view.log(epoch, { loss: total });
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size, `tensors after each epoch: ${counts}`).to.equal(1);
    tf.dispose([w1, w2, data.X, data.y]);
    optimizer.dispose();
  });

  it('model.fit with the live training view as callbacks leaks nothing per epoch', async () => {
    setSeed(4);
    const data = pointsToTensors(makeMoons({ n: 256, noise: 0.2, seed: 4 }));
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
    model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const counts: number[] = [];
    const view = liveTrainingView({ epochs: 4 });
    await model.fit(data.X, data.y, {
      epochs: 4,
      batchSize: 32,
      verbose: 0,
      callbacks: [view, { onEpochEnd: async () => void counts.push(tf.memory().numTensors) }] as never,
    });
    expect(new Set(counts.slice(1)).size, `tensors after each epoch: ${counts}`).to.equal(1);
    model.dispose();
    tf.dispose([data.X, data.y]);
  });
});
