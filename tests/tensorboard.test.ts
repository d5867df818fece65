/**
 * The real TensorBoard (2.21, from the project's .venv) reading logs the library wrote: the writer's scalars and
 * histograms exactly, the model.fit callback on every backend that loads here, and notebook 05's smoke run.
 */
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tf } from 'dl-lectures-lib/dist/tf';
import { BACKENDS, useBackend } from 'dl-lectures-lib/dist/backend';
import { setSeed } from 'dl-lectures-lib/dist/random';
import { tensorBoardWriter } from 'dl-lectures-lib/dist/tensorboard/summary-writer';
import { tensorBoardCallback } from 'dl-lectures-lib/dist/tensorboard/tensorboard-callback';
import { histogramOf } from 'dl-lectures-lib/dist/tensorboard/histogram-of';
import { HistogramData } from 'dl-lectures-lib/dist/tensorboard/event-proto';
import { ROOT } from '../scripts/jupyter';
import { captureLogAsync } from './helpers';
import { startTensorBoard, tensorBoardExecutable, TensorBoardServer } from './tensorboard-server';

/** What /data/plugin/scalars/scalars answers: [wall time, step, value] per point. */
type Scalars = [number, number, number][];
/** What /data/plugin/histograms/histograms answers: [wall time, step, [left, right, count][]] per step. */
type Histograms = [number, number, [number, number, number][]][];

const scalarsRoute = (run: string, tag: string) => `/data/plugin/scalars/scalars?run=${encodeURIComponent(run)}&tag=${encodeURIComponent(tag)}`;
const histogramsRoute = (run: string, tag: string) => `/data/plugin/histograms/histograms?run=${encodeURIComponent(run)}&tag=${encodeURIComponent(tag)}`;

/** The buckets a histogram the library wrote should be served as: [left, right, count]. */
function servedBuckets(h: HistogramData): [number, number, number][] {
  return h.bucket.map((count, i) => [i === 0 ? h.min : h.bucketLimit[i - 1], h.bucketLimit[i], count]);
}

/**
 * Expects the served buckets to be `expected`'s, edges within `relative` of theirs (TensorBoard's Rust loader
 * serves the double edges, its Python loader rounds them to float32) and counts within `countTolerance`.
 */
function expectBuckets(served: [number, number, number][], expected: [number, number, number][], what: string, relative = 2 ** -23, countTolerance = 0): void {
  expect(served, what).to.have.length(expected.length);
  served.forEach((bucket, i) => {
    for (const j of [0, 1]) {
      expect(Math.abs(bucket[j] - expected[i][j]), `${what}, bucket ${i} ${j === 0 ? 'left' : 'right'}: ${bucket[j]} vs ${expected[i][j]}`).to.be.at.most(relative * Math.abs(expected[i][j]) + 1e-30);
    }
    expect(Math.abs(bucket[2] - expected[i][2]), `${what}, bucket ${i} count`).to.be.at.most(countTolerance);
  });
}

/** What one training run on one backend should leave in TensorBoard. */
interface FitExpectation {
  batchLoss: number[];
  batchAcc: number[];
  epochLoss: number[];
  kernels: HistogramData[];
  activations: HistogramData[];
  leaked: number;
}

const EPOCHS = 2;
const BATCHES = 4;

/** Trains a 4-8-3 sigmoid/softmax network for 2 epochs of 4 batches with the callback, and computes what it should log. */
async function trainWithCallback(logdir: string): Promise<FitExpectation> {
  setSeed(7);
  const xs = tf.randomNormal([40, 4], 0, 1, 'float32', 7);
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: 40 }, (_, i) => i % 3), 'int32'), 3);
  const sample = xs.slice([0, 0], [16, 4]);
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [4], units: 8, activation: 'sigmoid' }), tf.layers.dense({ units: 3, activation: 'softmax' })],
  });
  model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  await model.fit(xs, labels, { epochs: 1, batchSize: 10, shuffle: false, verbose: 0 }); // creates the optimizer's constants
  const batchLoss: number[] = [];
  const batchAcc: number[] = [];
  const before = tf.memory().numTensors;
  const history = await model.fit(xs, labels, {
    epochs: EPOCHS,
    batchSize: 10,
    shuffle: false,
    verbose: 0,
    callbacks: [
      tensorBoardCallback(logdir, { sample }),
      new tf.CustomCallback({
        onBatchEnd: async (_b, logs) => {
          batchLoss.push(logs!.loss);
          batchAcc.push(logs!.acc);
        },
      }),
    ],
  });
  const leaked = tf.memory().numTensors - before;
  const kernels = await Promise.all(model.layers.map(async (l) => histogramOf(await l.getWeights()[0].data())));
  const activations: HistogramData[] = [];
  let a: tf.Tensor = sample;
  for (const [i, layer] of model.layers.entries()) {
    const [w, b] = layer.getWeights();
    const z = tf.add(tf.matMul(a, w), b);
    const next = i === 0 ? tf.sigmoid(z) : tf.softmax(z);
    activations.push(histogramOf(await next.data()));
    if (a !== sample) a.dispose();
    z.dispose();
    a = next;
  }
  a.dispose();
  model.dispose();
  tf.dispose([xs, labels, sample]);
  return { batchLoss, batchAcc, epochLoss: history.history.loss as number[], kernels, activations, leaked };
}

describe('finding TensorBoard', () => {
  const saved = process.env.DL_TENSORBOARD;
  afterEach(() => {
    if (saved === undefined) delete process.env.DL_TENSORBOARD;
    else process.env.DL_TENSORBOARD = saved;
  });

  it('names the missing executable and says to run npm run setup', () => {
    process.env.DL_TENSORBOARD = path.join(os.tmpdir(), 'no-such-dir', 'tensorboard');
    expect(() => tensorBoardExecutable()).to.throw(/TensorBoard not found at .*no-such-dir\/tensorboard: run `npm run setup`/);
  });
});

describe('TensorBoard serves what the library writes', function () {
  this.timeout(5 * 60 * 1000);
  let logdir: string;
  let board: TensorBoardServer | undefined;
  const fits = new Map<string, FitExpectation>();
  const unavailable = new Map<string, string>();
  let previousBackend: string | undefined;

  before(async () => {
    previousBackend = tf.getBackend();
    logdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-logs-'));
    const w = tensorBoardWriter(path.join(logdir, 'writer'));
    for (const [step, value] of [0.1, 2.5, -1e-3, 0].entries()) w.scalar('values/float32', value, step);
    await w.histogram('histogram/1-4', [4, 1, 2, 3], 5, 3);
    await w.histogram('histogram/all-equal', [2, 2, 2], 0);
    w.close();
    for (const backend of BACKENDS) {
      try {
        await captureLogAsync(() => useBackend(backend));
      } catch (e) {
        unavailable.set(backend, (e as Error).message);
        continue;
      }
      fits.set(backend, await trainWithCallback(path.join(logdir, `fit-${backend}`)));
    }
    board = await startTensorBoard(logdir);
  });

  after(async () => {
    await board?.stop();
    fs.rmSync(logdir, { recursive: true, force: true });
    setSeed(undefined);
    if (previousBackend !== undefined) await tf.setBackend(previousBackend);
  });

  it('lists one run per folder of event files', async () => {
    const runs = await board!.waitFor<string[]>('/data/runs', (r) => r.length === 1 + fits.size);
    expect([...runs].sort()).to.deep.equal(['writer', ...[...fits.keys()].map((b) => `fit-${b}`)].sort());
    expect([...fits.keys()], 'cpu and wasm always load').to.include.members(['cpu', 'wasm']);
  });

  it('serves scalars at their steps, with the float32 value', async () => {
    const points = await board!.waitFor<Scalars>(scalarsRoute('writer', 'values/float32'), (p) => p.length === 4);
    expect(points.map(([, step, value]) => [step, value])).to.deep.equal([0.1, 2.5, -1e-3, 0].map((v, step) => [step, Math.fround(v)]));
  });

  it('serves histograms with the buckets written: left edge, right edge, count', async () => {
    const h = await board!.waitFor<Histograms>(histogramsRoute('writer', 'histogram/1-4'), (p) => p.length === 1);
    expect(h[0][1]).to.equal(5);
    expect(h[0][2]).to.deep.equal([[1, 2, 1], [2, 3, 1], [3, 4, 2]]);
    const equal = await board!.waitFor<Histograms>(histogramsRoute('writer', 'histogram/all-equal'), (p) => p.length === 1);
    expect(equal[0][2]).to.deep.equal([[2, 2, 3]]);
  });

  for (const backend of BACKENDS) {
    it(`model.fit's callback on ${backend}: loss and accuracy per batch, histograms of weights and activations per layer, no leaked tensors`, async function () {
      if (unavailable.has(backend)) {
        if (backend === 'cpu' || backend === 'wasm') throw new Error(`${backend} did not load: ${unavailable.get(backend)}`);
        this.skip(); // e.g. native TensorFlow where it is not installed: tested wherever it loads
      }
      const fit = fits.get(backend)!;
      const run = `fit-${backend}`;
      expect(fit.leaked, 'tensors leaked by a fit with the callback').to.equal(0);
      const tags = await board!.waitFor<Record<string, Record<string, unknown>>>('/data/plugin/scalars/tags', (t) => t[run] !== undefined);
      expect(Object.keys(tags[run]).sort()).to.deep.equal(['batch/acc', 'batch/loss', 'epoch/acc', 'epoch/loss']);
      const loss = await board!.waitFor<Scalars>(scalarsRoute(run, 'batch/loss'), (p) => p.length === EPOCHS * BATCHES);
      expect(loss.map(([, step, v]) => [step, v])).to.deep.equal(fit.batchLoss.map((v, i) => [i + 1, Math.fround(v)]));
      const acc = await board!.waitFor<Scalars>(scalarsRoute(run, 'batch/acc'), (p) => p.length === EPOCHS * BATCHES);
      expect(acc.map(([, , v]) => v)).to.deep.equal(fit.batchAcc.map(Math.fround));
      const epochLoss = await board!.waitFor<Scalars>(scalarsRoute(run, 'epoch/loss'), (p) => p.length === EPOCHS);
      expect(epochLoss.map(([, step, v]) => [step, v])).to.deep.equal(fit.epochLoss.map((v, e) => [e + 1, Math.fround(v)]));

      const histogramTags = await board!.waitFor<Record<string, Record<string, unknown>>>('/data/plugin/histograms/tags', (t) => t[run] !== undefined);
      expect(Object.keys(histogramTags[run]).sort()).to.deep.equal(
        ['layer1/activation', 'layer1/bias', 'layer1/kernel', 'layer2/activation', 'layer2/bias', 'layer2/kernel'],
      );
      for (const layer of [0, 1]) {
        const kernel = await board!.waitFor<Histograms>(histogramsRoute(run, `layer${layer + 1}/kernel`), (p) => p.length === EPOCHS + 1);
        expect(kernel.map(([, step]) => step), 'steps: epochs trained, 0 before training').to.deep.equal([0, 1, 2]);
        expectBuckets(kernel[EPOCHS][2], servedBuckets(fit.kernels[layer]), `layer ${layer + 1}'s final kernel`);
        const activation = await board!.waitFor<Histograms>(histogramsRoute(run, `layer${layer + 1}/activation`), (p) => p.length === EPOCHS + 1);
        const served = activation[EPOCHS][2];
        expect(served.reduce((s, [, , c]) => s + c, 0)).to.equal(16 * (layer === 0 ? 8 : 3));
        // Recomputed here with matMul, add and the activation function: float32 rounding may differ from the
        // layer's, so edges within 1e-5 and counts within one (a value on a bucket edge).
        expectBuckets(served, servedBuckets(fit.activations[layer]), `layer ${layer + 1}'s final activations`, 1e-5, 1);
      }
    });
  }
});

describe("notebook 05's TensorBoard logs (smoke run through the runner)", function () {
  this.timeout(30 * 60 * 1000);
  let reports: string;
  let board: TensorBoardServer | undefined;

  before(() => {
    reports = fs.mkdtempSync(path.join(os.tmpdir(), 'reports-05-'));
  });
  after(async () => {
    await board?.stop();
    fs.rmSync(reports, { recursive: true, force: true });
  });

  it('writes one run per network into its report folder, which TensorBoard serves with scalars and histograms', async () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'build', 'scripts', 'run-notebooks.js'), '05', '--smoke', '--reports', reports], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    const logdir = path.join(reports, '05-relu-vs-sigmoid-depth', 'tensorboard');
    expect(fs.existsSync(logdir), `${logdir} exists`).to.equal(true);
    board = await startTensorBoard(logdir);
    const networks = ['sigmoid-3', 'relu-3', 'sigmoid-10', 'relu-10'];
    const lectureRuns = networks.map((n) => `normal-${n}`);
    const runs = await board.waitFor<string[]>('/data/runs', (list) => lectureRuns.every((run) => list.includes(run)));
    expect([...runs].sort()).to.deep.equal([...lectureRuns, ...networks.map((n) => `xavier-he-${n}`)].sort());
    const batches = Math.ceil(1500 / 100); // smoke mode: 1,500 images, batches of 100, one epoch
    for (const run of lectureRuns) {
      const layers = Number(run.split('-').pop());
      const loss = await board.waitFor<Scalars>(scalarsRoute(run, 'batch/loss'), (p) => p.length === batches);
      expect(loss.map(([, step]) => step), run).to.deep.equal(Array.from({ length: batches }, (_, i) => i + 1));
      expect(loss.every(([, , v]) => Number.isFinite(v) && v > 0), `${run}: losses are positive numbers`).to.equal(true);
      const acc = await board.waitFor<Scalars>(scalarsRoute(run, 'batch/acc'), (p) => p.length === batches);
      expect(acc.every(([, , v]) => v >= 0 && v <= 1), `${run}: accuracies are shares`).to.equal(true);
      const tags = await board.waitFor<Record<string, Record<string, unknown>>>('/data/plugin/histograms/tags', (t) => t[run] !== undefined);
      const expected = Array.from({ length: layers }, (_, l) => [`layer${l + 1}/kernel`, `layer${l + 1}/bias`, `layer${l + 1}/activation`]).flat();
      expect(Object.keys(tags[run]).sort(), run).to.deep.equal(expected.sort());
      for (const tag of ['layer1/kernel', `layer${layers - 1}/activation`]) {
        const h = await board.waitFor<Histograms>(histogramsRoute(run, tag), (p) => p.length === 2);
        expect(h.map(([, step]) => step), `${run} ${tag}: before training and after the epoch`).to.deep.equal([0, 1]);
        const counts = h.map(([, , buckets]) => buckets.reduce((s, [, , c]) => s + c, 0));
        // 784 × 256 first-layer weights; 256 probe images × 256 units of a hidden layer.
        expect(counts, `${run} ${tag}: values per histogram`).to.deep.equal(tag.endsWith('kernel') ? [784 * 256, 784 * 256] : [256 * 256, 256 * 256]);
      }
    }
  });
});
