/**
 * Evenly spaced numbers, as numpy's linspace: the angles and arcs the synthetic data sets are drawn along.
 */

/** Evenly spaced numbers from `start` to `stop`, `stop` included when `endpoint` (as numpy's linspace). */
export function linspace(start: number, stop: number, count: number, endpoint = true): number[] {
  const steps = endpoint ? count - 1 : count;
  return Array.from({ length: count }, (_, i) => (steps === 0 ? start : start + ((stop - start) * i) / steps));
}
