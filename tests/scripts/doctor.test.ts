import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { ROOT } from '../../scripts/jupyter';
import { swiftShaderEnv } from '../webgpu-env';

function doctor(env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [path.join(ROOT, 'build', 'scripts', 'doctor.js')], { encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('npm run doctor', function () {
  this.timeout(60000);

  it('reports versions, kernels, the backend and why, GPU devices and data sets, and no problem on a set-up machine', () => {
    const r = doctor();
    for (const label of ['Node', 'tslab', 'tfjs-core copies', 'Jupyter', 'TensorBoard', 'test browser, fonts, Vulkan', 'Jupyter kernels', 'tslab kernel (project)', 'backend', 'GPU devices', 'data: MNIST', 'data: Fashion-MNIST', 'data: Seattle weather']) {
      expect(r.stdout).to.match(new RegExp(`^[ ✗] ${label.replace(/[()]/g, '\\$&')} `, 'm'));
    }
    expect(r.stdout).to.match(/tfjs-core copies +4\.22\.0 \(node_modules\/@tensorflow\/tfjs-core\)$/m);
    // The set-up's own environment comes first, with JupyterLab 4.
    expect(r.stdout).to.match(/^ {2}Jupyter +\S+\/\.venv\/bin\/python: JupyterLab 4\./m);
    expect(r.stdout).to.match(/^ {2}backend +(tensorflow|webgpu|wasm|cpu) on (CPU|GPU)/m);
    expect(r.stdout).to.contain('No problems found.');
    expect(r.status).to.equal(0);
  });

  it('lists the WebGPU adapters, saying which are software', () => {
    const r = doctor(swiftShaderEnv({}));
    expect(r.stdout).to.match(/^ {2}WebGPU adapters +SwiftShader driver [^\n]*\(software, not a GPU: used only when asked for by name\)$/m);
  });

  it('says what the system lacks for WebGPU, and the fix, when there is no adapter', () => {
    const r = doctor({ VK_ICD_FILENAMES: '/nonexistent/icd.json' });
    expect(r.stdout).to.match(/^ {2}WebGPU adapters +none: VK_ICD_FILENAMES names Vulkan driver manifests that do not exist: \/nonexistent\/icd\.json\. For a GPU: unset VK_ICD_FILENAMES/m);
    expect(r.status, 'no GPU is not a problem: the notebooks run on the CPU').to.equal(0);
  });

  it('exits 1 and gives a fix for each problem found', () => {
    const r = doctor({ DL_PYTHON: '/nonexistent/python3', DL_KERNEL_PREFIX: '/nonexistent/prefix' });
    expect(r.status).to.equal(1);
    expect(r.stdout).to.match(/^✗ Jupyter +not found/m);
    expect(r.stdout).to.contain('problem(s):');
    expect(r.stdout).to.contain('- Jupyter: Jupyter was not found: DL_PYTHON=/nonexistent/python3 cannot import');
  });
});
