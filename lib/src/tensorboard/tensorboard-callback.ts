/**
 * A `model.fit` callback that logs training to TensorBoard on any backend: loss and metrics per batch and per
 * epoch, and per layer the histograms of its weights and of its activations on a fixed sample.
 */
import { tf } from '../tf';
import { tensorBoardWriter, TensorBoardWriter } from './summary-writer';
import { DEFAULT_BUCKETS } from './histogram-of';

/** What `tensorBoardCallback` logs besides the losses and metrics. */
export interface TensorBoardCallbackOptions {
  /** Inputs whose activations in every layer are logged as histograms (not disposed by the callback); none: no activations. */
  sample?: tf.Tensor | tf.Tensor[];
  /** Histograms every this many epochs, and before training (default 1; 0: no histograms). */
  histogramFreq?: number;
  /** Buckets per histogram (default 30). */
  buckets?: number;
}

/** The options with their defaults; a bad one is an error saying what is expected. */
function withDefaults(options: TensorBoardCallbackOptions): Required<Omit<TensorBoardCallbackOptions, 'sample'>> & Pick<TensorBoardCallbackOptions, 'sample'> {
  const { histogramFreq = 1, buckets = DEFAULT_BUCKETS, sample } = options;
  if (!Number.isInteger(histogramFreq) || histogramFreq < 0) throw new Error(`histogramFreq must be a whole number of epochs (0: no histograms), got ${histogramFreq}`);
  if (!Number.isInteger(buckets) || buckets < 1) throw new Error(`buckets must be a whole number of at least 1, got ${buckets}`);
  return { histogramFreq, buckets, sample };
}

/** A log entry's value as a number (tfjs passes batch logs to callbacks as scalars still on the backend). */
async function numberOf(value: number | tf.Scalar): Promise<number> {
  return typeof value === 'number' ? value : (await value.data())[0];
}

/**
 * The callback `tensorBoardCallback` returns. Tags: `batch/<log>` at step = batches trained (1, 2, ...),
 * `epoch/<log>` at step = epochs trained, and per layer i (1-based, input layers not counted) `layer<i>/<weight>`
 * (e.g. `layer1/kernel`, `layer1/bias`) and `layer<i>/activation`, at step = epochs trained (0: before training).
 */
export class TensorBoardCallback extends tf.Callback {
  /** The writer of this run's event file. */
  readonly writer: TensorBoardWriter;
  private readonly options: ReturnType<typeof withDefaults>;
  private batchesTrained = 0;
  private epochsTrained = 0;

  /** Logs into `writer`; see `tensorBoardCallback`. */
  constructor(writer: TensorBoardWriter, options: TensorBoardCallbackOptions = {}) {
    super();
    this.options = withDefaults(options);
    this.writer = writer;
  }

  /** On the first `fit`, logs the histograms of the untrained model at step 0. */
  async onTrainBegin(): Promise<void> {
    if (this.options.histogramFreq > 0 && this.epochsTrained === 0) await this.logHistograms(0);
    this.writer.flush();
  }

  /** Logs the batch's loss and metrics as `batch/<name>` (not tfjs's `batch` index and `size`). */
  async onBatchEnd(_batch: number, logs?: tf.Logs | Record<string, number | tf.Scalar>): Promise<void> {
    this.batchesTrained++;
    for (const [name, value] of Object.entries(logs ?? {})) {
      if (name !== 'batch' && name !== 'size') this.writer.scalar(`batch/${name}`, await numberOf(value), this.batchesTrained);
    }
  }

  /** Logs the epoch's logs as `epoch/<name>` and, every `histogramFreq` epochs, the histograms; then flushes. */
  async onEpochEnd(_epoch: number, logs?: tf.Logs | Record<string, number | tf.Scalar>): Promise<void> {
    this.epochsTrained++;
    for (const [name, value] of Object.entries(logs ?? {})) this.writer.scalar(`epoch/${name}`, await numberOf(value), this.epochsTrained);
    if (this.options.histogramFreq > 0 && this.epochsTrained % this.options.histogramFreq === 0) await this.logHistograms(this.epochsTrained);
    this.writer.flush();
  }

  /** Writes out what is buffered. */
  async onTrainEnd(): Promise<void> {
    this.writer.flush();
  }

  /** Histograms of each layer's weights and, with a sample, of its output on the sample. */
  private async logHistograms(step: number): Promise<void> {
    const { buckets, sample } = this.options;
    // fit() hands a Sequential's inner model, whose first layer is its input: numbered as in the Sequential.
    const layers = this.model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
    for (const [i, layer] of layers.entries()) {
      for (const weight of layer.weights) {
        const name = weight.originalName.split('/').pop();
        await this.writer.histogram(`layer${i + 1}/${name}`, weight.read(), step, buckets);
      }
    }
    if (sample === undefined) return;
    // A model sharing the trained layers whose outputs are every layer's output: it owns no weights, so it is not disposed.
    const probe = tf.model({ inputs: this.model.inputs, outputs: layers.map((layer) => layer.output as tf.SymbolicTensor) });
    const activations = tf.tidy(() => {
      const out = probe.predict(sample);
      return Array.isArray(out) ? out : [out];
    });
    try {
      for (const [i, activation] of activations.entries()) await this.writer.histogram(`layer${i + 1}/activation`, activation, step, buckets);
    } finally {
      tf.dispose(activations);
    }
  }
}

/**
 * A `model.fit` callback writing one TensorBoard run into folder `logdir` (see `TensorBoardCallback` for the
 * tags); it reads tensors only with `await data()` and leaves no tensors behind.
 */
export function tensorBoardCallback(logdir: string, options: TensorBoardCallbackOptions = {}): TensorBoardCallback {
  withDefaults(options); // before the writer makes a file
  return new TensorBoardCallback(tensorBoardWriter(logdir), options);
}
