/**
 * The IDX format of MNIST and Fashion-MNIST: a big-endian header (magic, then one uint32 per dimension)
 * followed by the data bytes, stored raw or gzipped. Every check names the file, what was wrong and
 * the fix, because a half-downloaded data set otherwise shows up as a mysteriously bad model.
 * @see datasets/README.md
 */
import { gunzipSync } from 'zlib';
import { DataFileError } from './data-file-error';

/** Magic number of an IDX file of unsigned bytes with 3 dimensions: images [n, rows, cols]. */
export const IDX_IMAGES_MAGIC = 2051;
/** Magic number of an IDX file of unsigned bytes with 1 dimension: labels [n]. */
export const IDX_LABELS_MAGIC = 2049;

/** The type code of unsigned bytes, the third header byte; the only type MNIST-like files use. */
const IDX_UNSIGNED_BYTE = 0x08;
/** The first two bytes of every gzip stream. */
const GZIP_MAGIC = [0x1f, 0x8b];

/** A parsed IDX file: its magic number, its dimensions and its data bytes [product of dims]. */
export interface IdxArray {
  magic: number;
  dims: number[];
  data: Uint8Array;
}

/** Images and labels that belong together: pixels [count, rows, cols] flattened, labels [count]. */
export interface IdxImageSet {
  count: number;
  rows: number;
  cols: number;
  images: Uint8Array;
  labels: Uint8Array;
}

/** True when `bytes` start with the gzip magic bytes 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** Gunzips `bytes` when they are gzipped, else returns them as they are; `file` and `fix` go into errors. */
export function maybeGunzip(bytes: Uint8Array, file: string, fix: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new DataFileError(`${file}: the gzip stream is damaged (${(e as Error).message})`, fix);
  }
}

/**
 * Parses an IDX file's bytes (raw or gzipped, told apart by the magic bytes 1f 8b) and checks that
 * the data length matches the header; `file` names it in errors and `fix` says what to do.
 */
export function parseIdx(bytes: Uint8Array, file: string, fix: string): IdxArray {
  const raw = maybeGunzip(bytes, file, fix);
  const fail = (what: string): never => {
    throw new DataFileError(`${file}: ${what}`, fix);
  };
  if (raw.length < 4) fail(`truncated: ${raw.length} bytes, too short for an IDX header`);
  if (raw[0] !== 0 || raw[1] !== 0) fail('not an IDX file (the first two bytes must be zero)');
  if (raw[2] !== IDX_UNSIGNED_BYTE) fail(`unsupported IDX data type 0x${raw[2].toString(16)} (only unsigned bytes, 0x08, are read)`);
  const rank = raw[3];
  const headerLength = 4 + 4 * rank;
  if (rank === 0) fail('an IDX header with no dimensions');
  if (raw.length < headerLength) fail(`truncated inside the header: ${raw.length} bytes, the header alone needs ${headerLength}`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const magic = view.getUint32(0, false);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = headerLength + dims.reduce((a, b) => a * b, 1);
  const shape = dims.join(' × ');
  if (raw.length < expected) fail(`truncated: the header promises ${shape} bytes of data (${expected} bytes in all) but the file holds ${raw.length}`);
  if (raw.length > expected) fail(`corrupted: ${raw.length - expected} bytes after the ${shape} data the header announces`);
  return { magic, dims, data: raw.subarray(headerLength) };
}

/**
 * Checks that `images` (magic 2051, [n, rows, cols]) and `labels` (magic 2049, [n]) hold the same
 * number of items with every label below `numClasses`, and returns them together.
 */
export function pairIdxImagesLabels(
  images: IdxArray,
  labels: IdxArray,
  files: { images: string; labels: string },
  numClasses: number,
  fix: string,
): IdxImageSet {
  if (images.magic !== IDX_IMAGES_MAGIC) {
    throw new DataFileError(`${files.images}: magic number ${images.magic}, expected ${IDX_IMAGES_MAGIC} (images [n, rows, cols])`, fix);
  }
  if (labels.magic !== IDX_LABELS_MAGIC) {
    throw new DataFileError(`${files.labels}: magic number ${labels.magic}, expected ${IDX_LABELS_MAGIC} (labels [n])`, fix);
  }
  const [count, rows, cols] = images.dims;
  if (labels.dims[0] !== count) {
    throw new DataFileError(`${files.labels} holds ${labels.dims[0]} labels but ${files.images} holds ${count} images: they must match`, fix);
  }
  const bad = labels.data.findIndex((label) => label >= numClasses);
  if (bad >= 0) {
    throw new DataFileError(`${files.labels}: label ${labels.data[bad]} at index ${bad} is outside 0..${numClasses - 1}`, fix);
  }
  return { count, rows, cols, images: images.data, labels: labels.data };
}
