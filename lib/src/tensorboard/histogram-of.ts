/**
 * A histogram of numbers as TensorBoard's `HistogramProto` stores it.
 */
import { HistogramData } from './event-proto';

/** How many equal-width buckets a histogram has unless asked otherwise (as `tf.summary.histogram` in TF 2). */
export const DEFAULT_BUCKETS = 30;

/**
 * `values` in `bucketCount` equal-width buckets from their minimum to their maximum: bucket `i` holds
 * `bucketLimit[i - 1] <= v < bucketLimit[i]`, the last one also its right edge, the maximum (TensorBoard draws
 * bucket `i` from `bucketLimit[i - 1]`, or the minimum, to `bucketLimit[i]`). All values equal make one bucket;
 * NaN and ±Infinity are left out of every field.
 */
export function histogramOf(values: ArrayLike<number>, bucketCount = DEFAULT_BUCKETS): HistogramData {
  if (!Number.isInteger(bucketCount) || bucketCount < 1) throw new Error(`bucketCount must be a whole number of at least 1, got ${bucketCount}`);
  let min = Infinity;
  let max = -Infinity;
  let num = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    num++;
    sum += v;
    sumSquares += v * v;
  }
  if (num === 0) return { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] };
  const k = min === max ? 1 : bucketCount;
  const width = (max - min) / k;
  const bucketLimit = Array.from({ length: k }, (_, i) => (i === k - 1 ? max : min + (i + 1) * width));
  const bucket = new Array<number>(k).fill(0);
  for (let j = 0; j < values.length; j++) {
    const v = values[j];
    if (!Number.isFinite(v)) continue;
    let i = Math.min(k - 1, Math.floor((v - min) / width) || 0);
    // Rounding can put a value next to an edge one bucket off; the limits written decide.
    while (i > 0 && v < bucketLimit[i - 1]) i--;
    while (i < k - 1 && v >= bucketLimit[i]) i++;
    bucket[i]++;
  }
  return { min, max, num, sum, sumSquares, bucketLimit, bucket };
}
