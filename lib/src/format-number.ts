/**
 * Numbers as people read them in results, tables and progress lines.
 */

/** Formats a number for people: up to 6 significant digits, no trailing zeros. */
export function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e6)) return x.toExponential(4);
  return String(Number(x.toPrecision(6)));
}
