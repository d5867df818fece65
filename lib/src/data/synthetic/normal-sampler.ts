/**
 * Gaussian noise from a uniform generator, so the synthetic data sets are reproducible from a seed.
 */

/**
 * Standard normal draws by the Box–Muller transform over `random` (floats in [0, 1)); each pair of
 * uniforms gives two normals, handed out in turn.
 */
export function normalSampler(random: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return z;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - random())); // 1 − u is in (0, 1], so the log is finite
    const angle = 2 * Math.PI * random();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
