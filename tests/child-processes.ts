/**
 * Child processes that never outlive their test: each starts in a process group of its own with a tag
 * in its environment, which everything it starts inherits (Jupyter kernels too, though they run in
 * sessions of their own), so a teardown can find and stop them all, pass or fail.
 */
import { ChildProcess, spawn, SpawnOptions } from 'child_process';
import { randomUUID } from 'crypto';
import * as fs from 'fs';

const TAG_VARIABLE = 'DL_TEST_PROCESS_TAG';
const tags = new WeakMap<ChildProcess, string>();

/** `spawn`, in a new process group and with a tag that `stopProcessTree` and `processesOf` look for. */
export function spawnStoppable(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const tag = randomUUID();
  const child = spawn(command, args, { ...options, detached: true, env: { ...(options.env ?? process.env), [TAG_VARIABLE]: tag } });
  tags.set(child, tag);
  return child;
}

/** Process ids of the live processes that `child` or anything it started still runs (Linux: read from /proc). */
export function processesOf(child: ChildProcess): number[] {
  const tag = tags.get(child);
  if (tag === undefined) throw new Error('processesOf: the child was not started with spawnStoppable');
  if (!fs.existsSync('/proc/self/environ')) return child.exitCode === null && child.signalCode === null && child.pid ? [child.pid] : [];
  const marker = `${TAG_VARIABLE}=${tag}`;
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue; // exited, not yet reaped
      if (fs.readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** The command line of a live process, words joined by spaces ('' when it is gone or unreadable). */
export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/**
 * Stops `child` and everything it started: SIGTERM to its process group (so servers shut their kernels
 * down), then, after `graceMs`, SIGKILL to the group and to every tagged process left. Resolves once
 * none is left.
 */
export async function stopProcessTree(child: ChildProcess | undefined, graceMs = 10000): Promise<void> {
  if (child?.pid === undefined) return;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));
  signal(-child.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && processesOf(child).length > 0) await new Promise((r) => setTimeout(r, 200));
  for (let attempt = 0; attempt < 50 && processesOf(child).length > 0; attempt++) {
    signal(-child.pid, 'SIGKILL');
    for (const pid of processesOf(child)) signal(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
  const left = processesOf(child);
  if (left.length > 0) throw new Error(`processes ${left.join(', ')} of ${child.spawnfile} would not stop`);
  await exited;
}
