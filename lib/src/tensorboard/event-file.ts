/**
 * TensorBoard event files: TFRecord framing, and creating a new file in a log folder without touching others.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { maskedCrc32c } from './crc32c';

/**
 * One TFRecord: the data's length (uint64, little-endian), the masked CRC-32C of those 8 bytes, the data,
 * and the masked CRC-32C of the data (both uint32, little-endian).
 */
export function tfRecord(data: Uint8Array): Uint8Array {
  const record = new Uint8Array(data.length + 16);
  const view = new DataView(record.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(record.subarray(0, 8)), true);
  record.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return record;
}

/**
 * Creates `logdir` (and its parents) and in it a new, empty event file `events.out.tfevents.<seconds>.<host>`,
 * with `.1`, `.2`, ... appended if that name is taken (an existing file is never overwritten); returns its path.
 */
export function createEventFile(logdir: string, now = new Date()): string {
  fs.mkdirSync(logdir, { recursive: true });
  const base = path.join(logdir, `events.out.tfevents.${Math.floor(now.getTime() / 1000)}.${os.hostname()}`);
  for (let n = 0; ; n++) {
    const file = n === 0 ? base : `${base}.${n}`;
    try {
      fs.closeSync(fs.openSync(file, 'wx'));
      return file;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}
