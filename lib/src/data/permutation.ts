/**
 * Shuffling with an explicit generator, so every split and batch order can be reproduced from a seed
 * (tfjs's own `tf.util.shuffle` always draws from Math.random).
 */

/** Shuffles `array` in place by Fisher–Yates with `random` (floats in [0, 1)) and returns it. */
export function shuffleInPlace<T>(array: T[], random: () => number): T[] {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [array[i], array[j]] = [array[j], array[i]];
  }
  return array;
}

/** The numbers 0 … n−1 in an order drawn from `random`. */
export function permutation(n: number, random: () => number): number[] {
  return shuffleInPlace(Array.from({ length: n }, (_, i) => i), random);
}
