/**
 * `npm run bench -- --short` end to end: the JSON it writes, checked for structure and sanity; no timing
 * assertions (a shared machine's figures mean little).
 */
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BACKENDS } from 'dl-lectures-lib/dist/backend';
import type { BenchReport } from '../../scripts/bench';
import { SAMPLES, WORKLOADS } from '../../scripts/bench-workloads';
import { ROOT } from '../../scripts/jupyter';
import { swiftShaderEnv } from '../webgpu-env';
import { nativeMissing } from '../helpers';

describe('npm run bench -- --short', function () {
  this.timeout(900_000); // two short runs, one with webgpu on the software adapter
  let report: BenchReport;
  let stdout: string;
  let markdown: string;
  /** The JSON of the --markdown run (without webgpu, which only the first run has). */
  let markdownReport: BenchReport;

  before(() => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-test-')), 'bench.json');
    // WebGPU on the SwiftShader software adapter, as CI has it, in the first run only (it is slow).
    const env = { ...process.env, ...swiftShaderEnv() };
    const r = spawnSync(process.execPath, [path.join(ROOT, 'build', 'scripts', 'bench.js'), '--short', '--out', out], { encoding: 'utf8', env });
    stdout = r.stdout;
    expect(r.status, `bench failed:\n${r.stdout}\n${r.stderr}`).to.equal(0);
    report = JSON.parse(fs.readFileSync(out, 'utf8'));
    // --markdown prints the same report as README.md's table (a second short run, its rows checked against its own JSON).
    const md = spawnSync(process.execPath, [path.join(ROOT, 'build', 'scripts', 'bench.js'), '--short', '--markdown', '--out', out], { encoding: 'utf8' });
    expect(md.status, `bench --markdown failed:\n${md.stdout}\n${md.stderr}`).to.equal(0);
    markdown = md.stdout;
    markdownReport = JSON.parse(fs.readFileSync(out, 'utf8'));
    fs.rmSync(path.dirname(out), { recursive: true });
  });

  it('describes the run: date, mode, machine, versions', () => {
    expect(Number.isNaN(Date.parse(report.date)), report.date).to.equal(false);
    expect(report.mode).to.equal('short');
    expect(report.machine.cores).to.equal(os.cpus().length);
    expect(report.machine.cpu).to.be.a('string').and.not.equal('');
    expect(report.machine.loadAverageAtStart).to.have.length(3);
    expect(report.versions.node).to.equal(process.versions.node);
    expect(report.versions.tfjs).to.equal('4.22.0');
    expect(report.warmUpEpochs).to.be.within(1, report.epochs - 1);
  });

  it('has every workload on every runtime, each measured or skipped with a reason', () => {
    const runtimes = [...BACKENDS.map((b) => `tfjs-${b}`), 'pytorch'];
    for (const w of WORKLOADS)
      for (const runtime of runtimes) {
        const r = report.results.filter((x) => x.workload === w.name && x.runtime === runtime);
        expect(r, `${w.name} on ${runtime}`).to.have.length(1);
        expect(r[0].status, `${w.name} on ${runtime}`).to.be.oneOf(['measured', 'skipped']);
        if (r[0].status === 'skipped') expect(r[0].reason, `why ${w.name} on ${runtime} was skipped`).to.be.a('string').and.not.equal('');
      }
    expect(report.results).to.have.length(WORKLOADS.length * runtimes.length);
  });

  it('measures the wasm and cpu backends, which are always there, with positive finite figures', () => {
    const measured = report.results.filter((r) => r.status === 'measured');
    for (const runtime of ['tfjs-wasm', 'tfjs-cpu']) expect(measured.filter((r) => r.runtime === runtime), runtime).to.have.length(WORKLOADS.length);
    for (const r of measured) {
      const what = `${r.workload} on ${r.runtime}`;
      // Threads are the CPU runtimes' (the GPU backends have none to report).
      const threads = ['tfjs-webgpu', 'tfjs-tensorflow'].includes(r.runtime) ? [] : [r.threads];
      for (const v of [r.samples, r.epochSeconds, r.samplesPerSecond, r.cpuSeconds, ...threads]) {
        expect(Number.isFinite(v) && v! > 0, `${what}: ${JSON.stringify(r)}`).to.equal(true);
      }
      // The last batch's cross-entropy: never negative, and exactly 0 in float32 once the network is sure of every
      // image of that batch (a short run trains four epochs on the same 512 images: native TensorFlow got there).
      expect(Number.isFinite(r.loss) && r.loss! >= 0, `${what}: loss ${r.loss}`).to.equal(true);
      expect(r.samples! % WORKLOADS.find((w) => w.name === r.workload)!.batchSize, `${what}: whole batches`).to.equal(0);
      const timed = r.timedEpochSeconds!;
      expect(timed, `${what}: one time per timed epoch`).to.have.length(report.epochs - report.warmUpEpochs);
      const [below, above] = [timed.filter((t) => t < r.epochSeconds!).length, timed.filter((t) => t > r.epochSeconds!).length];
      expect(timed.includes(r.epochSeconds!) && Math.abs(below - above) <= 1, `${what}: ${r.epochSeconds} is the median of ${timed}`).to.equal(true);
      expect(r.samplesPerSecond!, `${what}: samples / epochSeconds`).to.be.closeTo(r.samples! / r.epochSeconds!, 1e-6 * r.samplesPerSecond!);
    }
  });

  it('measures webgpu on the software adapter, marked as not a GPU figure, with the fewest samples', () => {
    for (const w of WORKLOADS) {
      const r = report.results.find((x) => x.workload === w.name && x.runtime === 'tfjs-webgpu')!;
      expect(r.status, JSON.stringify(r)).to.equal('measured');
      expect(r.note).to.match(/^software adapter: not a GPU figure; \d+ samples instead of \d+: a software adapter is too slow for more$/);
      expect(r.samples, 'the software tier').to.equal(SAMPLES.short[w.name].software);
    }
    expect(stdout).to.match(/^tfjs-webgpu mlp: software adapter: not a GPU figure/m);
  });

  it('measures native TensorFlow (tfjs-tensorflow) too', () => {
    const missing = nativeMissing();
    if (missing !== undefined) throw new Error(missing);
    const native = report.results.filter((r) => r.runtime === 'tfjs-tensorflow');
    expect(native.map((r) => `${r.workload}: ${r.status}${r.reason ? ` (${r.reason})` : ''}`)).to.deep.equal(WORKLOADS.map((w) => `${w.name}: measured`));
  });

  it('gives the ratio to PyTorch exactly where PyTorch was measured', () => {
    for (const r of report.results.filter((x) => x.runtime !== 'pytorch' && x.status === 'measured')) {
      const torch = report.results.find((x) => x.runtime === 'pytorch' && x.workload === r.workload)!;
      if (torch.status !== 'measured') expect(r.vsPytorch, `${r.workload} on ${r.runtime}`).to.equal(undefined);
      else expect(r.vsPytorch!, `${r.workload} on ${r.runtime}`).to.be.closeTo(torch.samplesPerSecond! / r.samplesPerSecond!, 1e-9);
    }
  });

  it("prints a table with a row per measured result and the targets of the default CPU backend (native TensorFlow where it loads)", () => {
    for (const r of report.results.filter((x) => x.status === 'measured')) expect(stdout).to.match(new RegExp(`^${r.workload} +${r.runtime} +`, 'm'));
    const runtime = nativeMissing() === undefined ? 'tfjs-tensorflow' : 'tfjs-wasm';
    expect(stdout).to.match(new RegExp(`^default CPU backend \\(${runtime}\\) vs PyTorch: mlp .*target 0\\.8x.*, lenet5 .*target 0\\.8x`, 'm'));
  });

  it('prints the table as Markdown with --markdown, a row per measured result, the machine and the targets', () => {
    const rows = markdown.split('\n').filter((l) => l.startsWith('| '));
    const report = markdownReport;
    expect(rows[0]).to.match(/^\| workload \| runtime \| threads \|/);
    const measured = report.results.filter((x) => x.status === 'measured');
    expect(rows, markdown).to.have.length(1 + measured.length);
    for (const r of measured) {
      const title = WORKLOADS.find((w) => w.name === r.workload)!.title;
      expect(rows.some((l) => l.startsWith(`| ${title} | ${r.runtime} |`)), `${r.workload} on ${r.runtime}`).to.equal(true);
    }
    expect(markdown).to.contain(`Machine: ${report.machine.os}`);
    expect(markdown).to.match(/^default CPU backend \(tfjs-(tensorflow|wasm)\) vs PyTorch: mlp .*target 0\.8x.*, lenet5 .*target 0\.8x.*\.$/m);
  });
});

