import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { checkIdxFile } from 'dl-lectures-lib/dist/data/check-idx-file';
import { DataFileError } from 'dl-lectures-lib/dist/data/data-file-error';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, pairIdxImagesLabels, parseIdx } from 'dl-lectures-lib/dist/data/idx';
import { MNIST_IDX } from 'dl-lectures-lib/dist/data/idx-datasets';
import { idxBytes, MNIST_PACKAGE_DIR, tinyMnistLike } from './idx-fixtures';

const FIX = 'the fix';
const images2x2x3 = idxBytes([2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
const files = { images: 'imgs', labels: 'lbls' };

describe('parseIdx', () => {
  it('reads the magic number, the dimensions and the data bytes of a raw file', () => {
    const idx = parseIdx(images2x2x3, 'imgs', FIX);
    expect(idx.magic).to.equal(0x0803).and.to.equal(IDX_IMAGES_MAGIC);
    expect(idx.dims).to.deep.equal([2, 2, 3]);
    expect(Array.from(idx.data)).to.deep.equal([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
  });

  it('reads a gzipped file the same, recognising it by the bytes 1f 8b', () => {
    const gz = gzipSync(images2x2x3);
    expect([gz[0], gz[1]]).to.deep.equal([0x1f, 0x8b]);
    const idx = parseIdx(gz, 'imgs.gz', FIX);
    expect(idx.dims).to.deep.equal([2, 2, 3]);
    expect(Array.from(idx.data)).to.deep.equal(Array.from(parseIdx(images2x2x3, 'imgs', FIX).data));
  });

  it('reports a truncated file by name, with the sizes and the fix', () => {
    const cut = images2x2x3.subarray(0, images2x2x3.length - 5);
    expect(() => parseIdx(cut, 'data/imgs', 'run it again')).to.throw(
      'data/imgs: truncated: the header promises 2 × 2 × 3 bytes of data (28 bytes in all) but the file holds 23. Fix: run it again',
    );
  });

  it('reports a file cut inside its header as truncated', () => {
    expect(() => parseIdx(images2x2x3.subarray(0, 9), 'imgs', FIX)).to.throw(/imgs: truncated inside the header: 9 bytes, the header alone needs 16/);
  });

  it('reports bytes after the announced data as corruption', () => {
    const longer = Uint8Array.from([...images2x2x3, 7, 7]);
    expect(() => parseIdx(longer, 'imgs', FIX)).to.throw(/imgs: corrupted: 2 bytes after the 2 × 2 × 3 data/);
  });

  it('rejects a file that does not start like IDX', () => {
    expect(() => parseIdx(Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), 'x.zip', FIX)).to.throw(/x.zip: not an IDX file.*Fix: the fix/);
  });

  it('rejects IDX data types other than unsigned bytes', () => {
    expect(() => parseIdx(idxBytes([1], [0, 0, 0, 0], 0x0d), 'floats', FIX)).to.throw(/floats: unsupported IDX data type 0xd/);
  });

  it('reports a damaged gzip stream by name', () => {
    const gz = gzipSync(images2x2x3);
    expect(() => parseIdx(gz.subarray(0, gz.length - 10), 'imgs.gz', FIX)).to.throw(/imgs.gz: the gzip stream is damaged .*Fix: the fix/);
  });
});

describe('pairIdxImagesLabels', () => {
  it('pairs images [n, rows, cols] with as many labels', () => {
    const labels = parseIdx(idxBytes([2], [3, 9]), 'lbls', FIX);
    expect(labels.magic).to.equal(IDX_LABELS_MAGIC);
    const set = pairIdxImagesLabels(parseIdx(images2x2x3, 'imgs', FIX), labels, files, 10, FIX);
    expect([set.count, set.rows, set.cols]).to.deep.equal([2, 2, 3]);
    expect(Array.from(set.labels)).to.deep.equal([3, 9]);
  });

  it('rejects a labels file given as the images (wrong magic number)', () => {
    const labels = parseIdx(idxBytes([2], [3, 9]), 'lbls', FIX);
    expect(() => pairIdxImagesLabels(labels, labels, files, 10, FIX)).to.throw('imgs: magic number 2049, expected 2051 (images [n, rows, cols]). Fix: the fix');
  });

  it('rejects an images file given as the labels (wrong magic number)', () => {
    const images = parseIdx(images2x2x3, 'imgs', FIX);
    expect(() => pairIdxImagesLabels(images, images, files, 10, FIX)).to.throw(/lbls: magic number 2051, expected 2049/);
  });

  it('rejects a label count that differs from the image count', () => {
    const labels = parseIdx(idxBytes([3], [1, 2, 3]), 'lbls', FIX);
    expect(() => pairIdxImagesLabels(parseIdx(images2x2x3, 'imgs', FIX), labels, files, 10, FIX)).to.throw(
      'lbls holds 3 labels but imgs holds 2 images: they must match. Fix: the fix',
    );
  });

  it('rejects a label outside 0..9, naming its index', () => {
    const labels = parseIdx(idxBytes([2], [3, 12]), 'lbls', FIX);
    expect(() => pairIdxImagesLabels(parseIdx(images2x2x3, 'imgs', FIX), labels, files, 10, FIX)).to.throw(/lbls: label 12 at index 1 is outside 0..9/);
  });
});

describe('checkIdxFile', () => {
  const testLabels = MNIST_IDX.files.find((f) => f.name === 't10k-labels-idx1-ubyte')!;
  const original = fs.readFileSync(path.join(MNIST_PACKAGE_DIR, 't10k-labels-idx1-ubyte'));

  it('accepts the original MNIST test labels by their SHA-256', () => {
    const checked = checkIdxFile(original, testLabels, 'labels', FIX);
    expect(checked.checksum).to.equal('raw');
    expect(checked.idx.dims).to.deep.equal([10000]);
  });

  it('accepts a re-compressed copy by the checksum of its decompressed content', () => {
    expect(checkIdxFile(gzipSync(original), testLabels, 'labels.gz', FIX).checksum).to.equal('raw');
  });

  it('rejects one changed label as corrupted, though the structure is intact', () => {
    const changed = Uint8Array.from(original);
    changed[100] = (changed[100] + 1) % 10;
    expect(() => checkIdxFile(changed, testLabels, 'labels', FIX)).to.throw(/labels: the decompressed content's SHA-256 is [0-9a-f]{64}, not the official ff7bcfd4.*corrupted. Fix: the fix/);
  });

  it('rejects a well-formed file whose count is not the official one', () => {
    expect(() => checkIdxFile(tinyMnistLike(3).labels, testLabels, 'labels', FIX)).to.throw(
      'labels: dimensions [3], expected [10000] (10000 labels in the official test set). Fix: the fix',
    );
  });

  it('rejects an images file where labels are expected', () => {
    expect(() => checkIdxFile(tinyMnistLike(3).images, testLabels, 'labels', FIX)).to.throw(/labels: magic number 2051, expected 2049 for labels/);
  });

  it('throws a DataFileError whose problem and fix are fields, the message being "<problem>. Fix: <fix>"', () => {
    let error: unknown;
    try {
      checkIdxFile(tinyMnistLike(3).labels.subarray(0, 6), testLabels, 'labels', FIX);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(DataFileError);
    const { problem, fix, message } = error as DataFileError;
    expect(problem).to.equal('labels: truncated inside the header: 6 bytes, the header alone needs 8');
    expect(fix).to.equal(FIX);
    expect(message).to.equal(`${problem}. Fix: ${FIX}`);
  });
});
