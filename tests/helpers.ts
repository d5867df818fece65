/**
 * Helpers shared by the tests: tensors compared with a tolerance, tensor-leak checks, and running the notebook runner.
 */
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import type * as tfTypes from '@tensorflow/tfjs';
import { tf } from 'dl-lectures-lib/dist/tf';
import { mulberry32 } from 'dl-lectures-lib/dist/random';
import { BackendInfo, useBackend } from 'dl-lectures-lib/dist/backend';
import { findNativeBindings } from 'dl-lectures-lib/dist/native-backend';
import { ROOT } from '../scripts/jupyter';

/** Expects `actual` to have `expected`'s dtype and shape, and values within `tolerance` (absolute). */
export function expectTensorsClose(actual: tfTypes.Tensor, expected: tfTypes.Tensor | number[], tolerance = 1e-5): void {
  const exp = Array.isArray(expected) ? tf.tensor(expected) : expected;
  try {
    expect(actual.dtype, 'dtype').to.equal(exp.dtype);
    expect(actual.shape, 'shape').to.deep.equal(exp.shape);
    const a = actual.dataSync();
    const e = exp.dataSync();
    for (let i = 0; i < a.length; i++) {
      expect(Math.abs(a[i] - e[i]), `element ${i}: ${a[i]} vs ${e[i]}`).to.be.at.most(tolerance);
    }
  } finally {
    if (exp !== expected) exp.dispose();
  }
}

/** Runs `fn` and expects it to leave no more tensors than it found. */
export async function expectNoLeakedTensors(fn: () => unknown | Promise<unknown>): Promise<void> {
  const before = tf.memory().numTensors;
  await fn();
  expect(tf.memory().numTensors - before, 'tensors leaked').to.equal(0);
}

/** The message `promise` rejects with; fails the test if it resolves instead. */
export async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  expect.fail('expected a rejection, but the promise resolved');
}

/** Captures what `fn` prints with console.log. */
export function captureLog(fn: () => void): string {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(' '));
  try {
    fn();
  } finally {
    console.log = original;
  }
  return lines.join('\n');
}

/** Captures what an asynchronous `fn` prints with console.log, with its result. */
export async function captureLogAsync<T>(fn: () => Promise<T>): Promise<{ result: T; log: string }> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => lines.push(args.join(' '));
  try {
    return { result: await fn(), log: lines.join('\n') };
  } finally {
    console.log = original;
  }
}

/** Headless Chromium for browser tests (shared with the runner's PDF export). */
export { launchChromium } from '../scripts/chromium';

/** A TCP port free on localhost right now, for a server a test starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Why native TensorFlow cannot be tested here (no binding present), with how to build it; undefined when one is present. */
export function nativeMissing(): string | undefined {
  const { bindings, absent } = findNativeBindings();
  return bindings.length > 0 ? undefined : `native TensorFlow is not built here (${absent.join('; ')}): run \`npm run native-tf\`, then the tests again`;
}

/** Switches to the native 'tensorflow' backend, quietly; throws, saying to run `npm run native-tf`, where there is none. */
export async function useNativeTensorflow(): Promise<BackendInfo> {
  const missing = nativeMissing();
  if (missing !== undefined) throw new Error(missing);
  return (await captureLogAsync(() => useBackend('tensorflow'))).result;
}

/** Deterministic values in [-1, 1) from the library's mulberry32, so that two backends see the same inputs. */
export function seededValues(n: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  return Float32Array.from({ length: n }, () => next() * 2 - 1);
}

/**
 * Runs the built notebook runner (`npm run notebooks -- ARGS`) and waits for it; with `timeoutMs`, a run
 * past it gets SIGINT, on which the runner stops its kernels (and a sweep its settings' runners).
 */
export function runNotebooks(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [path.join(ROOT, 'build', 'scripts', 'run-notebooks.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    ...(options.timeoutMs ? { timeout: options.timeoutMs, killSignal: 'SIGINT' as const } : {}),
  });
}

/** A JSON file's contents (a report's metrics.json, a comparison). */
export function readJson<T = any>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
