/**
 * glibc's malloc settings for the processes that train (notebook kernels, bench trainers): keep freed memory
 * for reuse rather than handing it back to the system and faulting it in again. With glibc's adaptive
 * defaults, the same training ran at one speed or up to 4x slower from one process to the next on this
 * project's 2-core machines (PyTorch's LeNet-5 epoch 0.6-3.3 s, the slow processes with ten times the page
 * faults: 625k against 65k; native TensorFlow's 0.8-1.3 s); with these, each ran at its best every time.
 * Other C libraries ignore the variable.
 */
export const MALLOC_TUNABLES = 'glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824';

/** `env` with MALLOC_TUNABLES added after any GLIBC_TUNABLES of the user's own (the first setting of a name wins). */
export function withMallocTunables(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const own = env.GLIBC_TUNABLES;
  return { ...env, GLIBC_TUNABLES: own && !own.includes(MALLOC_TUNABLES) ? `${own}:${MALLOC_TUNABLES}` : own || MALLOC_TUNABLES };
}
