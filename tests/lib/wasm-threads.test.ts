import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { MAX_WASM_THREADS, wasmThreadsWanted } from 'dl-lectures-lib/dist/wasm-threads';

const LIB = path.dirname(require.resolve('dl-lectures-lib/dist/backend'));

/**
 * A fresh process (the wasm backend starts once per process) that trains a small MLP and a conv net for
 * a few SGD steps on wasm with DL_WASM_THREADS threads, then on cpu, makes a 64 MB product to grow
 * wasm memory, and prints {threads, wasm, cpu, big} as JSON.
 */
const CHILD = `
const { useBackend } = require(${JSON.stringify(path.join(LIB, 'backend'))});
const { setSeed } = require(${JSON.stringify(path.join(LIB, 'random'))});
const { tf } = require(${JSON.stringify(path.join(LIB, 'tf'))});
const silent = (f) => { const log = console.log; console.log = () => {}; return f().finally(() => (console.log = log)); };
function losses() {
  setSeed(1);
  const x = tf.randomUniform([32, 8, 8, 2]), y = tf.oneHot(tf.randomUniform([32], 0, 5, 'int32'), 5).toFloat();
  const model = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [8, 8, 2], filters: 4, kernelSize: 3, activation: 'relu' }),
    tf.layers.flatten(), tf.layers.dense({ units: 64, activation: 'relu' }), tf.layers.dense({ units: 5 })] });
  const opt = tf.train.sgd(0.1);
  const out = [];
  for (let i = 0; i < 4; i++) out.push(opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x)), true).dataSync()[0]);
  return out;
}
(async () => {
  const info = await silent(() => useBackend('wasm'));
  const wasm = losses();
  const big = tf.matMul(tf.ones([2048, 4096]), tf.ones([4096, 8])).sum().dataSync()[0];
  await silent(() => useBackend('cpu'));
  console.log(JSON.stringify({ threads: info.threads, wasm, cpu: losses(), big }));
})();
`;

/** The same, with the threaded build's binary made unreadable, so its start fails. */
const BROKEN_THREADS = `
const dist = ${JSON.stringify(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')))};
require('@tensorflow/tfjs-backend-wasm').setWasmPaths({
  'tfjs-backend-wasm-threaded-simd.wasm': '/nonexistent/threaded.wasm',
  'tfjs-backend-wasm.wasm': dist + '/tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm': dist + '/tfjs-backend-wasm-simd.wasm',
});
${CHILD}`;

function runChild(script: string, threads: string): { status: number | null; signal: string | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, DL_WASM_THREADS: threads } });
}

/** The child's JSON, after checking that it exited by itself. */
function childOutput(r: ReturnType<typeof runChild>): { threads: number; wasm: number[]; cpu: number[]; big: number } {
  expect(r.signal, `the process did not exit by itself:\n${r.stderr}`).to.equal(null);
  expect(r.status, r.stderr).to.equal(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

describe('wasm threads', function () {
  this.timeout(240_000);

  it("defaults to the single-threaded build; 'cores' gives one per core, at most the build's pool of workers", () => {
    expect(wasmThreadsWanted({})).to.equal(1);
    expect(wasmThreadsWanted({ DL_WASM_THREADS: 'cores' })).to.equal(Math.min(MAX_WASM_THREADS, os.cpus().length));
    expect(wasmThreadsWanted({ DL_WASM_THREADS: ' 3 ' })).to.equal(3);
  });

  it("rejects a DL_WASM_THREADS that is not 'cores' or a whole number from 1 to the pool size, naming the variable", () => {
    for (const bad of ['0', '2.5', 'two', String(MAX_WASM_THREADS + 1)]) {
      expect(() => wasmThreadsWanted({ DL_WASM_THREADS: bad }), bad).to.throw(`DL_WASM_THREADS must be 'cores' or a whole number from 1 to ${MAX_WASM_THREADS}, got '${bad}'`);
    }
  });

  for (const threads of ['2', '1']) {
    it(`trains to the cpu backend's losses with ${threads} thread(s), grows memory, and lets Node exit by itself`, () => {
      const out = childOutput(runChild(CHILD, threads));
      expect(out.threads, 'threads reported by useBackend').to.equal(Number(threads));
      out.cpu.forEach((e: number, step: number) => {
        expect(Math.abs(out.wasm[step] - e), `loss at step ${step + 1}: wasm ${out.wasm[step]} vs cpu ${e}`).to.be.at.most(1e-4 * Math.max(1, Math.abs(e)));
      });
      expect(out.big, 'sum of a 2048x4096 by 4096x8 product of ones').to.equal(2048 * 8 * 4096);
    });
  }

  it('falls back to the single-threaded build when the threaded one cannot start, and still exits', () => {
    const r = runChild(BROKEN_THREADS, '2');
    const out = childOutput(r);
    expect(r.stderr).to.contain('Initialization of backend wasm failed');
    expect(out.threads).to.equal(1);
    expect(out.big).to.equal(2048 * 8 * 4096);
  });

  for (const threads of ['1', '2']) {
    it(`leaves a process's own handling of unhandled rejections in place (${threads} thread(s)): a logged rejection does not kill it`, () => {
      // As tslab does: log an unhandled rejection and carry on. Emscripten's runtime adds handlers that rethrow it.
      const script = `
        process.on('unhandledRejection', (reason) => console.error('logged:', reason.message));
        const { useBackend } = require(${JSON.stringify(path.join(LIB, 'backend'))});
        (async () => {
          const log = console.log; console.log = () => {};
          await useBackend('wasm');
          console.log = log;
          Promise.reject(new Error('socket busy'));
          setTimeout(() => console.log('still running'), 100);
        })();`;
      const r = runChild(script, threads);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stderr).to.contain('logged: socket busy');
      expect(r.stdout).to.contain('still running');
    });
  }
});
