/**
 * Live training curves: loss and accuracy redrawn in place in the notebook as training runs (a text
 * progress line in a terminal), usable as tfjs `model.fit` callbacks or from a hand-written loop.
 * @see notebooks/05-relu-vs-sigmoid-depth.ipynb
 */
import { inNotebook } from '../display';
import { formatNumber } from '../format-number';
import { Figure, showFigure } from './figure';
import { specFrame } from './chart-parts';
import { VegaLiteSpec } from './render';

export interface TrainingViewOptions {
  title?: string;
  /** Total epochs, for the progress line. */
  epochs?: number;
  /** Redraw after batches at most this often, in ms (default 1000; epochs always redraw). */
  batchRedrawMs?: number;
}

/** One logged value. */
export interface TrainingPoint {
  step: number;
  metric: string;
  value: number;
}

let viewCount = 0;

/** Live loss/accuracy curves; pass it as `callbacks` to `model.fit`, or call `log` from your own loop. */
export class TrainingView {
  readonly history: TrainingPoint[] = [];
  private readonly displayId = `training-view-${process.pid}-${++viewCount}-${Date.now()}`;
  private shown = false;
  private lastBatchDraw = 0;
  private batchesSeen = 0;

  constructor(private readonly options: TrainingViewOptions = {}) {}

  /** Records `logs` (metric name → value) at `epoch` and redraws. */
  log = (epoch: number, logs: Record<string, number | undefined> = {}): void => {
    for (const [metric, value] of Object.entries(logs)) {
      if (typeof value === 'number' && Number.isFinite(value)) this.history.push({ step: epoch + 1, metric, value });
    }
    this.draw(epoch, logs);
  };

  /** tfjs callback: an epoch ended. */
  onEpochEnd = async (epoch: number, logs?: Record<string, number>): Promise<void> => {
    this.log(epoch, logs);
  };

  /** tfjs callback: a batch ended; redraws the batch loss at most every `batchRedrawMs`. */
  onBatchEnd = async (_batch: number, logs?: Record<string, number>): Promise<void> => {
    this.batchesSeen++;
    const now = Date.now();
    if (now - this.lastBatchDraw < (this.options.batchRedrawMs ?? 1000) || !logs) return;
    this.lastBatchDraw = now;
    if (!inNotebook()) process.stderr.write(`\r  batch ${this.batchesSeen}: loss ${formatNumber(logs.loss ?? NaN)}   `);
  };

  /** tfjs callback: training ended; ends the progress line in a terminal. */
  onTrainEnd = async (): Promise<void> => {
    if (!inNotebook()) process.stderr.write('\n');
  };

  /** The curves so far: losses in one panel, other metrics (accuracy) in another. */
  figure(): Figure {
    const values = this.history.map((p) => ({ ...p, panel: /loss/.test(p.metric) ? 'loss' : 'metrics' }));
    const panels = [...new Set(values.map((v) => v.panel))];
    const frame = specFrame({ width: 300, height: 200, title: this.options.title });
    const spec = {
      $schema: frame.$schema,
      title: frame.title,
      data: { values },
      facet: { column: { field: 'panel', type: 'nominal', title: null, sort: panels } },
      spec: {
        width: frame.width,
        height: frame.height,
        mark: { type: 'line', point: values.length < 60 },
        encoding: {
          x: { field: 'step', type: 'quantitative', title: 'epoch' },
          y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
          color: { field: 'metric', type: 'nominal', title: null },
        },
      },
      resolve: { scale: { y: 'independent' } },
    } as unknown as VegaLiteSpec;
    const metrics = [...new Set(this.history.map((p) => p.metric))];
    const data = metrics.map((m) => {
      const pts = this.history.filter((p) => p.metric === m);
      return { type: 'scatter', mode: 'lines', name: m, x: pts.map((p) => p.step), y: pts.map((p) => p.value) };
    });
    return { title: this.options.title ?? 'training', spec, plotly: { data, layout: { title: this.options.title } } };
  }

  private draw(epoch: number, logs: Record<string, number | undefined>): void {
    if (inNotebook()) {
      showFigure(this.figure(), this.displayId, this.shown);
      this.shown = true;
      return;
    }
    const total = this.options.epochs;
    const bar = total ? `[${'#'.repeat(Math.round((20 * (epoch + 1)) / total)).padEnd(20, '-')}] ` : '';
    const values = Object.entries(logs).map(([k, v]) => `${k} ${formatNumber(v ?? NaN)}`).join('  ');
    process.stderr.write(`\r  epoch ${epoch + 1}${total ? `/${total}` : ''} ${bar}${values}   `);
  }
}

/** A new live training view (see `TrainingView`). */
export function liveTrainingView(options: TrainingViewOptions = {}): TrainingView {
  return new TrainingView(options);
}
