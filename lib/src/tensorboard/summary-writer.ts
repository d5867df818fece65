/**
 * A TensorBoard summary writer in plain TypeScript: scalars and histograms into an event file, on any backend.
 */
import * as fs from 'fs';
import { tf } from '../tf';
import { encodeEvent, SummaryValue } from './event-proto';
import { createEventFile, tfRecord } from './event-file';
import { DEFAULT_BUCKETS, histogramOf } from './histogram-of';

/** The event file format TensorBoard expects in the first event of every file. */
export const EVENT_FILE_VERSION = 'brain.Event:2';

/** Buffered events are written out when they pass this many bytes (and on `flush` and `close`). */
const FLUSH_BYTES = 1 << 20;

/** Writes one TensorBoard run: scalars and histograms, tagged and stepped, into a new event file of its folder. */
export interface TensorBoardWriter {
  /** The event file this writer appends to. */
  readonly file: string;
  /** Logs `value` (stored as float32, as TensorBoard does) under `tag` at `step`. */
  scalar(tag: string, value: number, step: number): void;
  /** Logs a histogram of `values` (a tensor is read with `await data()`, not disposed) under `tag` at `step`. */
  histogram(tag: string, values: tf.Tensor | ArrayLike<number>, step: number, buckets?: number): Promise<void>;
  /** Writes the buffered events to the file. */
  flush(): void;
  /** Flushes; later writes are an error. */
  close(): void;
}

/**
 * A writer for the run in folder `logdir` (created if missing): point `tensorboard --logdir` at `logdir` or at
 * a folder above it; each subfolder with event files is one run. Each writer starts a new event file.
 */
export function tensorBoardWriter(logdir: string): TensorBoardWriter {
  const file = createEventFile(logdir);
  let pending: Uint8Array[] = [tfRecord(encodeEvent({ wallTime: Date.now() / 1000, fileVersion: EVENT_FILE_VERSION }))];
  let pendingBytes = 0;
  let closed = false;

  const flush = () => {
    if (pending.length === 0) return;
    fs.appendFileSync(file, Buffer.concat(pending));
    pending = [];
    pendingBytes = 0;
  };
  const write = (value: SummaryValue, step: number) => {
    if (closed) throw new Error(`the TensorBoard writer for ${file} is closed: make a new one with tensorBoardWriter(logdir)`);
    if (!Number.isSafeInteger(step)) throw new Error(`step must be a whole number, got ${step} (tag '${value.tag}')`);
    const record = tfRecord(encodeEvent({ wallTime: Date.now() / 1000, step, summary: [value] }));
    pending.push(record);
    pendingBytes += record.length;
    if (pendingBytes > FLUSH_BYTES) flush();
  };
  flush(); // the file starts with its version, so TensorBoard recognises it at once

  return {
    file,
    scalar(tag, value, step) {
      write({ tag, simpleValue: value }, step);
    },
    async histogram(tag, values, step, buckets = DEFAULT_BUCKETS) {
      const numbers = values instanceof tf.Tensor ? await values.data() : values;
      write({ tag, histogram: histogramOf(numbers as ArrayLike<number>, buckets) }, step);
    },
    flush,
    close() {
      flush();
      closed = true;
    },
  };
}
