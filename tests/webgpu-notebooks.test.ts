/**
 * Two notebooks end to end with `--backend webgpu` through the real tslab kernel, on the SwiftShader
 * software adapter (about 10x slower than cpu, hence two quick notebooks in smoke mode): they run, their
 * claims hold, and their reports say webgpu on no GPU.
 */
import { expect } from 'chai';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../scripts/jupyter';
import { swiftShaderEnv } from './webgpu-env';

const NOTEBOOKS = ['01-cost-minimization', '07-gradient-checking'];

describe('notebooks on the webgpu backend (software adapter)', function () {
  this.timeout(15 * 60 * 1000);
  let reports: string;
  let runner: ChildProcess | undefined;
  before(() => (reports = fs.mkdtempSync(path.join(os.tmpdir(), 'webgpu-reports-'))));
  after(() => {
    if (runner && runner.exitCode === null && runner.signalCode === null) runner.kill('SIGTERM'); // the runner stops its kernel
    fs.rmSync(reports, { recursive: true, force: true });
  });

  it(`runs ${NOTEBOOKS.join(' and ')} with --backend webgpu, their claims holding`, async () => {
    const args = [path.join(ROOT, 'build', 'scripts', 'run-notebooks.js'), ...NOTEBOOKS.map((n) => n.slice(0, 2)), '--smoke', '--backend', 'webgpu', '--reports', reports];
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve) => {
      runner = spawn(process.execPath, args, { env: { ...process.env, ...swiftShaderEnv() } });
      runner.stdout!.on('data', (d) => output.push(String(d)));
      runner.stderr!.on('data', (d) => output.push(String(d)));
      runner.on('close', resolve);
    });
    for (const name of NOTEBOOKS) {
      const metrics = JSON.parse(fs.readFileSync(path.join(reports, name, 'metrics.json'), 'utf8'));
      expect(metrics.status, `${name}: ${JSON.stringify(metrics.error)}`).to.equal('ok');
      expect(metrics.backend, name).to.equal('webgpu');
      expect(metrics.gpu, `${name}: a software adapter is not a GPU`).to.equal(false);
      expect(Object.keys(metrics.metrics).length, `${name} recorded results`).to.be.above(0);
    }
    expect(code, output.join('')).to.equal(0);
  });
});
