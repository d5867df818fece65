import { expect } from 'chai';
import { tf } from 'dl-lectures-lib/dist/tf';
import { useBackend } from 'dl-lectures-lib/dist/backend';
import { findNativeBindings } from 'dl-lectures-lib/dist/native-backend';
import { captureLogAsync, nativeMissing } from '../helpers';

/** Whether a native TensorFlow binding is here (`npm run native-tf`'s build, or an official tfjs-node-gpu or tfjs-node). */
const nativeInstalled = () => nativeMissing() === undefined;

describe('useBackend', () => {
  const saved = process.env.DL_BACKEND;
  afterEach(() => {
    if (saved === undefined) delete process.env.DL_BACKEND;
    else process.env.DL_BACKEND = saved;
  });

  it('runs on the backend asked for and prints what runs, with versions', async () => {
    const { result: info, log } = await captureLogAsync(() => useBackend('cpu'));
    expect(info.backend).to.equal('cpu');
    expect(tf.getBackend()).to.equal('cpu');
    expect(info.gpu).to.equal(false);
    expect(info.versions.tfjs).to.equal(tf.version.tfjs);
    expect(log).to.match(/^Backend: cpu on CPU \(@tensorflow\/tfjs-backend-cpu, tfjs 4\.22\.0, Node /);
    expect((await captureLogAsync(() => useBackend('wasm'))).result.backend).to.equal('wasm');
    expect(tf.getBackend()).to.equal('wasm');
  });

  it('makes the wasm backend able to train conv nets (its missing gradient kernels registered)', async () => {
    await captureLogAsync(() => useBackend('wasm'));
    const grad = tf.tidy(() => {
      const x = tf.ones([1, 5, 5, 1]);
      const dFilter = tf.grad((f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'valid').sum())(tf.ones([3, 3, 1, 1]));
      return Array.from(dFilter.dataSync());
    });
    expect(grad).to.deep.equal(new Array(9).fill(9)); // each filter weight meets 3x3 output positions of ones
  });

  it('takes the backend from DL_BACKEND when no name is given', async () => {
    process.env.DL_BACKEND = 'cpu';
    const info = (await captureLogAsync(() => useBackend())).result;
    expect(info.backend).to.equal('cpu');
    expect(info.reason).to.contain('DL_BACKEND');
  });

  it('rejects an unknown name, listing the valid ones', async () => {
    process.env.DL_BACKEND = 'gpu';
    let error: Error | undefined;
    await useBackend().catch((e) => (error = e));
    expect(error?.message).to.equal("DL_BACKEND: unknown backend 'gpu'; choose one of tensorflow, webgpu, wasm, cpu or 'auto'");
  });

  it('picks the fastest backend that loads when nothing is forced', async function () {
    delete process.env.DL_BACKEND;
    const info = (await captureLogAsync(() => useBackend())).result;
    expect(info.backend).to.equal(nativeInstalled() ? 'tensorflow' : 'wasm');
    if (!nativeInstalled()) expect(info.reason).to.contain('tensorflow: no tfjs-node built by `npm run native-tf`');
  });

  it("does not take package.json's override of @tensorflow/tfjs-node (plain tfjs, for danfojs-node) for native TensorFlow", () => {
    const { bindings, absent } = findNativeBindings();
    expect(bindings.map((b) => b.kind)).to.not.include('tfjs-node');
    expect(absent).to.include("@tensorflow/tfjs-node resolves to @tensorflow/tfjs 4.22.0 (package.json's override for danfojs-node), not native TensorFlow");
  });

  it('fails clearly, not silently, when native TensorFlow is asked for and missing', async function () {
    if (nativeInstalled()) this.skip();
    let error: Error | undefined;
    await useBackend('tensorflow').catch((e) => (error = e));
    expect(error?.message).to.contain("backend 'tensorflow' is not available");
    expect(error?.message).to.contain('build it with `npm run native-tf`').and.to.contain('see environment.md');
  });
});
