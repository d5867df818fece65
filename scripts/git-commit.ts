/**
 * Which commit of the project a run or benchmark used, for its report.
 */
import { spawnSync } from 'child_process';
import { ROOT } from './jupyter';

/** The project's commit, with `-dirty` when tracked files differ from it; null outside git. */
export function gitCommit(): string | null {
  const head = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return null;
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  return head.stdout.trim() + (dirty ? '-dirty' : '');
}
