/**
 * `npm run gpu-check` on a machine without a GPU (this one, and CI): it names each GPU backend and why it
 * does not start, runs nothing else, and exits 1. (On a GPU it runs doctor, bench and the notebooks.)
 */
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../../scripts/jupyter';
import { swiftShaderEnv } from '../webgpu-env';

function gpuCheck(out: string, env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [path.join(ROOT, 'build', 'scripts', 'gpu-check.js'), '--out', out], { encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('npm run gpu-check without a GPU', function () {
  this.timeout(120_000);
  let out: string;
  beforeEach(() => (out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gpu-check-')), 'out')));
  afterEach(() => fs.rmSync(path.dirname(out), { recursive: true, force: true }));

  it('says there is no GPU, why for each backend, and exits 1 without running anything', () => {
    const r = gpuCheck(out, { VK_ICD_FILENAMES: '/nonexistent/icd.json' });
    expect(r.status, r.stdout + r.stderr).to.equal(1);
    expect(r.stdout).to.match(/^tensorflow: no GPU: /m);
    expect(r.stdout).to.match(/^webgpu: no GPU: VK_ICD_FILENAMES names Vulkan driver manifests that do not exist/m);
    expect(r.stderr).to.contain('No GPU backend starts on this machine');
    expect(fs.existsSync(out), 'nothing written').to.equal(false);
  });

  it('does not count a software adapter as a GPU', () => {
    const r = gpuCheck(out, swiftShaderEnv({}));
    expect(r.status, r.stdout + r.stderr).to.equal(1);
    expect(r.stdout).to.match(/^webgpu: no GPU: only a software adapter \(SwiftShader driver [^)]*\), not a GPU$/m);
    expect(r.stderr).to.contain('No GPU backend starts on this machine');
  });
});
