/** Runs `work` on each item, at most `jobs` at a time, in the items' order; stops starting new ones once `stopped()` says so. */
export async function eachAtATime<T>(items: readonly T[], jobs: number, work: (item: T) => Promise<void>, stopped: () => boolean = () => false): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined && !stopped(); item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
}
