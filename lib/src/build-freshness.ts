/**
 * Refuses to run a stale build: the notebooks import compiled output, so edited sources that were
 * not rebuilt would otherwise run old code without a word.
 */
import * as fs from 'fs';
import * as path from 'path';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Throws when a file in `lib/src` is newer than the last build of `lib/dist`. */
export function assertFreshBuild(distDir: string = __dirname): void {
  const srcDir = path.join(distDir, '..', 'src');
  const buildInfo = path.join(distDir, 'tsconfig.tsbuildinfo');
  if (!fs.existsSync(srcDir) || !fs.existsSync(buildInfo)) return;
  if (newestMtime(srcDir) > fs.statSync(buildInfo).mtimeMs) {
    throw new Error('lib/src changed since lib/dist was built: run `npm run build`, then restart the kernel');
  }
}
