/**
 * useBackend with WebGPU: training on the software adapter gives the cpu backend's losses without
 * growing memory; the automatic choice never takes a software adapter; a missing or unusable adapter is
 * a clear error when webgpu is asked for by name (checked in child processes, each with its own Vulkan
 * environment, since Dawn reads it when it starts).
 */
import { expect } from 'chai';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as tfTypes from '@tensorflow/tfjs';
import { tf } from 'dl-lectures-lib/dist/tf';
import { useBackend } from 'dl-lectures-lib/dist/backend';
import { setSeed } from 'dl-lectures-lib/dist/random';
import { isSoftwareAdapter, probeWebGpu } from 'dl-lectures-lib/dist/webgpu-backend';
import { ROOT } from '../../scripts/jupyter';
import { captureLogAsync } from '../helpers';
import { useSwiftShaderIfUnset } from '../webgpu-env';


/** A model with every layer kind the notebooks train: conv, batch norm, pooling, dropout, dense. */
function buildModel(): tfTypes.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.batchNormalization(),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 16, activation: 'relu' }),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
}

interface TrainingTrace {
  losses: number[];
  tensorsAfterEpoch: number[];
  gpuBytesAfterEpoch: number[];
}

/** Trains the model for `epochs` on seeded data and returns each epoch's loss and memory after it. */
async function train(backend: 'cpu' | 'webgpu', epochs: number): Promise<TrainingTrace> {
  await captureLogAsync(() => useBackend(backend));
  setSeed(7);
  const n = 48;
  const xs = tf.tidy(() => tf.randomUniform([n, 8, 8, 1], 0, 1, 'float32', 11));
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: n }, (_, i) => i % 3), 'int32'), 3).cast('float32'));
  const model = buildModel();
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  const trace: TrainingTrace = { losses: [], tensorsAfterEpoch: [], gpuBytesAfterEpoch: [] };
  for (let epoch = 0; epoch < epochs; epoch++) {
    const history = await model.fit(xs, ys, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });
    trace.losses.push(history.history.loss[0] as number);
    const memory = tf.memory() as tfTypes.MemoryInfo & { numBytesAllocatedInGPU?: number };
    trace.tensorsAfterEpoch.push(memory.numTensors);
    trace.gpuBytesAfterEpoch.push(memory.numBytesAllocatedInGPU ?? 0);
  }
  model.dispose();
  tf.dispose([xs, ys]);
  setSeed(undefined);
  return trace;
}

describe('useBackend with WebGPU', function () {
  this.timeout(300_000);
  const children: ChildProcess[] = [];
  let restoreEnv: () => void;
  before(() => (restoreEnv = useSwiftShaderIfUnset()));
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  after(async () => {
    await tf.setBackend('cpu');
    restoreEnv();
  });

  /** Runs a small script in a child Node with `env` added; resolves with its exit code and output. */
  function node(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, ...env } });
      children.push(child);
      let [stdout, stderr] = ['', ''];
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  const USE_WEBGPU = `
    const { useBackend } = require('dl-lectures-lib/dist/backend');
    const { tf } = require('dl-lectures-lib/dist/tf');
    useBackend(process.env.WANTED).then(
      async (info) => console.log('OK ' + JSON.stringify({ backend: info.backend, gpu: info.gpu, adapter: info.adapter, sum: (await tf.tensor1d([1, 2]).sum().data())[0] })),
      async (e) => { console.log('ERROR ' + e.message); console.log('STILL USABLE ' + (await tf.add(1, 2).data())[0]); process.exitCode = 2; });`;

  it('runs on the software adapter when asked for by name, and says it is not a GPU', async () => {
    const { result: info, log } = await captureLogAsync(() => useBackend('webgpu'));
    expect(info.backend).to.equal('webgpu');
    expect(tf.getBackend()).to.equal('webgpu');
    expect(info.adapter?.software, JSON.stringify(info.adapter)).to.equal(true);
    expect(info.gpu).to.equal(false);
    expect(info.versions['tfjs-backend-webgpu']).to.equal('4.22.0');
    expect(log).to.match(/^Backend: webgpu on software adapter, not a GPU \[SwiftShader/);
  });

  it('trains conv + batch norm + dropout + dense with Adam to the cpu backend losses, memory flat across epochs', async () => {
    const cpu = await train('cpu', 4);
    tf.env().set('WEBGPU_CPU_FORWARD', false);
    try {
      const gpu = await train('webgpu', 4);
      // float32 training diverges slowly from rounding: 4 epochs of 3 Adam steps stay within 1e-4 relative.
      gpu.losses.forEach((loss, i) => expect(loss, `epoch ${i + 1}: ${gpu.losses} vs ${cpu.losses}`).to.be.closeTo(cpu.losses[i], 1e-4 * cpu.losses[i]));
      expect(cpu.losses[3], 'the model trains').to.be.below(cpu.losses[0]);
      // After the first epoch (optimizer slots, buffer pools), nothing may grow.
      expect(gpu.tensorsAfterEpoch.slice(1), `tensors after each epoch: ${gpu.tensorsAfterEpoch}`).to.deep.equal(new Array(3).fill(gpu.tensorsAfterEpoch[1]));
      expect(gpu.gpuBytesAfterEpoch[1], 'GPU buffers are in use').to.be.above(0);
      expect(gpu.gpuBytesAfterEpoch.slice(1), `GPU bytes allocated after each epoch: ${gpu.gpuBytesAfterEpoch}`).to.deep.equal(new Array(3).fill(gpu.gpuBytesAfterEpoch[1]));
    } finally {
      tf.env().set('WEBGPU_CPU_FORWARD', true);
    }
  });

  it('never picks the software adapter automatically', async () => {
    const probe = await probeWebGpu();
    expect('adapter' in probe && probe.adapter.software, JSON.stringify(probe)).to.equal(true);
    const { result: info } = await captureLogAsync(() => useBackend('auto'));
    expect(info.backend).to.not.equal('webgpu');
    expect(info.reason).to.match(/webgpu: the only adapter is software \(SwiftShader driver [^)]*\), not a GPU/);
  });

  it('tells software from hardware adapters by the fallback flag and by name', () => {
    const adapter = { vendor: '', architecture: '', device: '', description: '', isFallbackAdapter: false };
    expect(isSoftwareAdapter({ ...adapter, vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200' })).to.equal(false);
    expect(isSoftwareAdapter({ ...adapter, vendor: 'amd', architecture: 'rdna-3' })).to.equal(false);
    expect(isSoftwareAdapter({ ...adapter, isFallbackAdapter: true })).to.equal(true);
    expect(isSoftwareAdapter({ ...adapter, vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).to.equal(true);
    expect(isSoftwareAdapter({ ...adapter, description: 'Mesa lavapipe' })).to.equal(true);
  });

  it('fails clearly when asked for webgpu and the Vulkan driver named does not exist, and tf stays usable', async () => {
    const r = await node(USE_WEBGPU, { WANTED: 'webgpu', VK_ICD_FILENAMES: '/nonexistent/icd.json' });
    expect(r.code, r.stdout + r.stderr).to.equal(2);
    expect(r.stdout).to.contain("ERROR backend 'webgpu' is not available: webgpu: VK_ICD_FILENAMES names Vulkan driver manifests that do not exist: /nonexistent/icd.json");
    expect(r.stdout).to.contain('see environment.md');
    expect(r.stdout).to.contain('STILL USABLE 3');
  });

  it('fails clearly when the Vulkan driver gives Dawn no adapter, naming the driver', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-icd-'));
    try {
      const icd = path.join(dir, 'broken_icd.json');
      fs.writeFileSync(icd, JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: path.join(dir, 'libmissing_vulkan.so'), api_version: '1.3.0' } }));
      const r = await node(USE_WEBGPU, { WANTED: 'webgpu', VK_ICD_FILENAMES: icd });
      expect(r.code, r.stdout + r.stderr).to.equal(2);
      expect(r.stdout).to.contain("ERROR backend 'webgpu' is not available: webgpu: none of the Vulkan drivers found (broken_icd.json) gave Dawn an adapter");
      expect(r.stdout).to.contain('STILL USABLE 3');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('falls back in the automatic choice, with the reason, when there is no adapter', async () => {
    const r = await node(USE_WEBGPU, { WANTED: 'auto', VK_ICD_FILENAMES: '/nonexistent/icd.json' });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^OK \{"backend":"(tensorflow|wasm)","gpu":false,"sum":3\}/m);
    expect(r.stdout).to.contain('webgpu: VK_ICD_FILENAMES names Vulkan driver manifests that do not exist');
  });
});
