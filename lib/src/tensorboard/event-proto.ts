/**
 * TensorBoard's `Event` protocol buffer (tensorboard/compat/proto/event.proto, summary.proto,
 * histogram.proto), encoded for the fields an event file of scalars and histograms uses.
 */
import { ProtobufWriter } from './protobuf-writer';

/** A histogram as `HistogramProto` holds it: bucket `i` counts values up to `bucketLimit[i]` (its right edge). */
export interface HistogramData {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  bucketLimit: number[];
  bucket: number[];
}

/** One `Summary.Value`: a scalar (`simple_value`, stored as float32) or a histogram (`histo`). */
export type SummaryValue = { tag: string; simpleValue: number } | { tag: string; histogram: HistogramData };

/** The fields of an `Event` the writer sets: a first event carries `fileVersion`, later ones a `summary`. */
export interface EventData {
  /** Seconds since 1970-01-01 UTC. */
  wallTime: number;
  step?: number;
  fileVersion?: string;
  summary?: SummaryValue[];
}

/** Field numbers (event.proto, summary.proto, histogram.proto). */
const EVENT = { wallTime: 1, step: 2, fileVersion: 3, summary: 5 };
const SUMMARY = { value: 1 };
const VALUE = { tag: 1, simpleValue: 2, histo: 5 };
const HISTOGRAM = { min: 1, max: 2, num: 3, sum: 4, sumSquares: 5, bucketLimit: 6, bucket: 7 };

/** A `HistogramProto` message. */
export function encodeHistogram(h: HistogramData): Uint8Array {
  return new ProtobufWriter()
    .double(HISTOGRAM.min, h.min)
    .double(HISTOGRAM.max, h.max)
    .double(HISTOGRAM.num, h.num)
    .double(HISTOGRAM.sum, h.sum)
    .double(HISTOGRAM.sumSquares, h.sumSquares)
    .packedDoubles(HISTOGRAM.bucketLimit, h.bucketLimit)
    .packedDoubles(HISTOGRAM.bucket, h.bucket)
    .bytes();
}

/** A `Summary.Value` message; the value is in a oneof, so a scalar 0 is still written. */
export function encodeSummaryValue(value: SummaryValue): Uint8Array {
  const w = new ProtobufWriter().string(VALUE.tag, value.tag);
  return ('simpleValue' in value ? w.float(VALUE.simpleValue, value.simpleValue, true) : w.lengthDelimited(VALUE.histo, encodeHistogram(value.histogram))).bytes();
}

/** An `Event` message. */
export function encodeEvent(event: EventData): Uint8Array {
  const w = new ProtobufWriter().double(EVENT.wallTime, event.wallTime).int64(EVENT.step, event.step ?? 0);
  if (event.fileVersion !== undefined) w.string(EVENT.fileVersion, event.fileVersion);
  if (event.summary !== undefined) {
    const summary = new ProtobufWriter();
    for (const v of event.summary) summary.lengthDelimited(SUMMARY.value, encodeSummaryValue(v));
    w.lengthDelimited(EVENT.summary, summary.bytes());
  }
  return w.bytes();
}
