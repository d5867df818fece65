/**
 * TensorBoard-style histograms over training: one panel per layer, one outline per snapshot, coloured
 * from early (light) to late (dark), so a drifting or collapsing distribution shows at a glance.
 * @see notebooks/05-relu-vs-sigmoid-depth.ipynb
 */
import { binCounts } from './chart-parts';
import { Figure } from './figure';
import { VegaLiteSpec } from './render';
import { showPlot } from './show-plot';

/** The values of every layer at one moment of training. */
export interface LayerSnapshot {
  epoch: number;
  /** One array per layer (weights or activations), in layer order. */
  layers: ArrayLike<number>[];
}

export interface HistogramsOverEpochsOptions {
  title: string;
  /** Bins per panel (40). */
  bins?: number;
  /** d3 format of the value axis, e.g. '.2~f' for weights, '~s' for activations (the default). */
  valueFormat?: string;
  /** Panels per row (5). */
  columns?: number;
}

/** Shows each layer's histogram at every snapshot (shares of the layer's values per bin). */
export function histogramsOverEpochs(snapshots: LayerSnapshot[], options: HistogramsOverEpochsOptions): Figure {
  if (snapshots.length === 0) throw new Error('histogramsOverEpochs: no snapshots; record at least one epoch');
  const bins = options.bins ?? 40;
  const layerCount = snapshots[0].layers.length;
  const names = Array.from({ length: layerCount }, (_, l) => `layer ${l + 1}`);
  const values: { layer: string; epoch: number; value: number; share: number }[] = [];
  for (let l = 0; l < layerCount; l++) {
    let [lo, hi] = [Infinity, -Infinity];
    for (const s of snapshots) for (const v of Array.from(s.layers[l])) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    if (hi === lo) hi = lo + 1;
    const width = (hi - lo) / bins;
    for (const s of snapshots) {
      const counts = binCounts(s.layers[l], bins, lo, hi);
      counts.forEach((c, b) => values.push({ layer: names[l], epoch: s.epoch, value: lo + (b + 0.5) * width, share: c / s.layers[l].length }));
    }
  }
  return showPlot({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: options.title,
    data: { values },
    columns: options.columns ?? 5,
    facet: { field: 'layer', type: 'nominal', title: null, sort: names },
    spec: {
      width: 150,
      height: 90,
      mark: { type: 'line', interpolate: 'step', strokeWidth: 1.2 },
      encoding: {
        x: { field: 'value', type: 'quantitative', title: null, axis: { format: options.valueFormat ?? '~s', tickCount: 4 } },
        y: { field: 'share', type: 'quantitative', title: 'share', axis: { format: '%', tickCount: 3 } },
        color: { field: 'epoch', type: 'ordinal', scale: { scheme: 'oranges' }, title: 'epoch' },
      },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } as unknown as VegaLiteSpec);
}
