/**
 * Verifies one local or downloaded copy of an official IDX file: structure first (so a truncated file
 * says "truncated", not just "bad checksum"), then its SHA-256.
 * @see datasets/README.md
 */
import { createHash } from 'crypto';
import { DataFileError } from './data-file-error';
import { IdxArray, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, isGzip, maybeGunzip, parseIdx } from './idx';
import type { IdxFileSpec } from './idx-datasets';

/** Side of the MNIST and Fashion-MNIST images, in pixels. */
export const IMAGE_SIDE = 28;
/** Both data sets have ten classes, labelled 0..9. */
export const NUM_CLASSES = 10;

/** A verified IDX file and how: by the `.gz` checksum, the decompressed checksum, or structure only. */
export interface CheckedIdx {
  idx: IdxArray;
  checksum: 'gzip' | 'raw' | 'none';
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Parses `bytes` (raw or gzipped) as the official file `spec`, checks its magic number, dimensions and
 * count, then its SHA-256 where one is known; throws an error naming `file`, the problem and `fix`.
 */
export function checkIdxFile(bytes: Uint8Array, spec: IdxFileSpec, file: string, fix: string): CheckedIdx {
  const raw = maybeGunzip(bytes, file, fix);
  const idx = parseIdx(raw, file, fix);
  const fail = (what: string): never => {
    throw new DataFileError(`${file}: ${what}`, fix);
  };
  const expectedMagic = spec.kind === 'images' ? IDX_IMAGES_MAGIC : IDX_LABELS_MAGIC;
  const expectedDims = spec.kind === 'images' ? [spec.count, IMAGE_SIDE, IMAGE_SIDE] : [spec.count];
  if (idx.magic !== expectedMagic) fail(`magic number ${idx.magic}, expected ${expectedMagic} for ${spec.kind}: is this really ${spec.name}?`);
  if (idx.dims.join(',') !== expectedDims.join(',')) {
    fail(`dimensions [${idx.dims.join(', ')}], expected [${expectedDims.join(', ')}] (${spec.count} ${spec.kind} in the official ${spec.split} set)`);
  }

  const gzipped = isGzip(bytes);
  if (gzipped && sha256(bytes) === spec.gzipSha256) return { idx, checksum: 'gzip' };
  if (spec.rawSha256 !== undefined) {
    const actual = sha256(raw);
    if (actual !== spec.rawSha256) fail(`the decompressed content's SHA-256 is ${actual}, not the official ${spec.rawSha256}: the file is corrupted`);
    return { idx, checksum: 'raw' };
  }
  if (gzipped) fail(`SHA-256 ${sha256(bytes)} is not the official ${spec.gzipSha256}: the file is corrupted`);
  return { idx, checksum: 'none' };
}
