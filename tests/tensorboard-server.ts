/**
 * The real TensorBoard for tests: started on a free localhost port against a log folder, queried through its
 * HTTP API, stopped (with its data server) in the test's teardown.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../scripts/jupyter';
import { freePort } from './helpers';

/** The TensorBoard executable: `DL_TENSORBOARD`, else the project's `.venv/bin/tensorboard` (made by `npm run setup`). */
export function tensorBoardExecutable(): string {
  const exe = process.env.DL_TENSORBOARD ?? path.join(ROOT, '.venv', 'bin', 'tensorboard');
  if (!fs.existsSync(exe)) {
    throw new Error(
      `TensorBoard not found at ${exe}: run \`npm run setup\` (it creates .venv with tensorboard), ` +
        'or point DL_TENSORBOARD to a tensorboard executable',
    );
  }
  return exe;
}

/** A running TensorBoard. */
export interface TensorBoardServer {
  url: string;
  /** GETs `route` (e.g. `/data/runs`) and parses the JSON answer. */
  get(route: string): Promise<unknown>;
  /** Polls `route` until `ready(answer)` holds, or fails after `seconds` with the last answer and TensorBoard's log. */
  waitFor<T>(route: string, ready: (answer: T) => boolean, seconds?: number): Promise<T>;
  /** Stops TensorBoard and its data server; resolves when it has exited. */
  stop(): Promise<void>;
}

/** Starts TensorBoard on `logdir` on a free port of 127.0.0.1 and waits until it answers. */
export async function startTensorBoard(logdir: string): Promise<TensorBoardServer> {
  const exe = tensorBoardExecutable();
  const port = await freePort();
  // Its own process group, so that stopping it also stops the data server it starts.
  const child: ChildProcess = spawn(exe, ['--logdir', logdir, '--host', '127.0.0.1', '--port', String(port), '--reload_interval', '1'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const get = async (route: string) => {
    const response = await fetch(url + route);
    if (!response.ok) throw new Error(`GET ${route}: HTTP ${response.status}`);
    return response.json();
  };
  const waitFor = async <T>(route: string, ready: (answer: T) => boolean, seconds = 90): Promise<T> => {
    const deadline = Date.now() + seconds * 1000;
    let last: unknown;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`TensorBoard exited with code ${child.exitCode}:\n${log}`);
      try {
        last = await get(route);
        if (ready(last as T)) return last as T;
      } catch (e) {
        last = (e as Error).message;
      }
      if (Date.now() > deadline) throw new Error(`TensorBoard did not serve what was expected at ${route} within ${seconds} s; last answer: ${JSON.stringify(last)}\nits log:\n${log}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, name);
      } catch {
        // the group is already gone
      }
    };
    signal('SIGTERM');
    const killer = setTimeout(() => signal('SIGKILL'), 10000);
    await exited;
    clearTimeout(killer);
  };
  try {
    await waitFor('/data/runs', (runs) => Array.isArray(runs));
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, get, waitFor, stop };
}
