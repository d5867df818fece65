/**
 * `npm run bench [-- --short] [--markdown] [--out FILE]`: trains fixed MNIST workloads (bench-workloads.ts) on every
 * TensorFlow.js backend that loads and, where a Python has torch, in PyTorch in the same run; prints
 * samples per second, seconds per epoch and the ratio to PyTorch, and writes them with the machine's
 * description to reports/bench.json.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadMnist, probeWebGpu } from 'dl-lectures-lib';
import { BACKENDS } from 'dl-lectures-lib/runner';
import { EPOCHS, EpochTimings, SAMPLES, SpeedTier, TrainerOutput, TrainJob, WARM_UP_EPOCHS, Workload, WORKLOADS } from './bench-workloads';
import { findPythonWith, noPythonWith, ROOT } from './jupyter';
import { writeFileAtomically } from './write-file-atomically';
import { withMallocTunables } from './malloc-tunables';
import { readFlags } from './command-line';
import { gitCommit } from './git-commit';
import { osDescription } from './os-description';

const USAGE = `Usage: npm run bench -- [--short] [--markdown] [--out FILE]

Trains an MLP 784-256-256-10 (Adam, batch 128) and LeNet-5 (Adam, batch 64) on MNIST on every
TensorFlow.js backend that loads, and in PyTorch where a Python can import torch ($DL_PYTHON, else
the project's .venv, /usr/bin/python3, python3); times every epoch after the first and reports the median, in
reports/bench.json.

Options:
  --short      a few seconds per backend (for CI; the figures mean little)
  --markdown   print the table as Markdown, with the machine and versions (README.md's is this)
  --out FILE   where to write the JSON (default reports/bench.json)
  -h, --help   this text`;

/** The default CPU backend's time per sample over PyTorch's that the project aims for, per workload (issue 17). */
export const TARGETS: Record<Workload['name'], number> = { mlp: 0.8, lenet5: 0.8 };

/** The runtime of the backend `useBackend()` takes on a CPU: native TensorFlow where it was measured, else wasm (backend.ts's order). */
export function defaultCpuRuntime(results: BenchResult[]): 'tfjs-tensorflow' | 'tfjs-wasm' {
  return results.some((r) => r.runtime === 'tfjs-tensorflow' && r.status === 'measured') ? 'tfjs-tensorflow' : 'tfjs-wasm';
}

const SEED = 1;
/** A trainer that runs longer than this has hung. */
const TRAINER_TIMEOUT_MS = 15 * 60 * 1000;

/** One workload on one runtime, as reports/bench.json lists it. */
export interface BenchResult {
  workload: Workload['name'];
  /** 'tfjs-tensorflow', 'tfjs-webgpu', 'tfjs-wasm', 'tfjs-cpu' or 'pytorch'. */
  runtime: string;
  status: 'measured' | 'skipped' | 'failed';
  /** Why it was skipped or failed. */
  reason?: string;
  threads?: number;
  samples?: number;
  /** The median of the timed epochs' wall-clock seconds. */
  epochSeconds?: number;
  /** Each timed epoch's seconds, to show the spread. */
  timedEpochSeconds?: number[];
  samplesPerSecond?: number;
  /** CPU seconds of the median epoch (all threads). */
  cpuSeconds?: number;
  loss?: number;
  /** Time per sample over PyTorch's (2 = half as fast), when PyTorch was measured. */
  vsPytorch?: number;
  note?: string;
}

/** The whole of reports/bench.json. */
export interface BenchReport {
  date: string;
  mode: 'full' | 'short';
  commit: string | null;
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; loadAverageAtStart: number[] };
  versions: Record<string, string>;
  epochs: number;
  /** Epochs 1..warmUpEpochs are not timed. */
  warmUpEpochs: number;
  workloads: readonly Workload[];
  targets: Record<Workload['name'], number>;
  results: BenchResult[];
}

/** A trainer to run: a label for results, the command, its speed tier (which sample counts), a note for its results. */
interface Trainer {
  runtime: string;
  command: string[];
  tier: SpeedTier;
  note?: string;
  /** Why it cannot run at all, known before starting it. */
  unavailable?: string;
}

/** Writes the first `n` MNIST training images and labels as raw little-endian files for the trainers. */
function writeMnistFiles(dir: string, n: number): Pick<TrainJob, 'xsFile' | 'ysFile'> {
  const data = loadMnist({ limit: n, as: 'arrays' });
  const xsFile = path.join(dir, 'xs.f32');
  const ysFile = path.join(dir, 'ys.i32');
  fs.writeFileSync(xsFile, new Uint8Array(data.xs.buffer, data.xs.byteOffset, data.xs.byteLength));
  fs.writeFileSync(ysFile, new Uint8Array(data.ys.buffer, data.ys.byteOffset, data.ys.byteLength));
  return { xsFile, ysFile };
}

/** A trainer's output, or why it died without giving one. */
type TrainerAnswer = TrainerOutput & { crash?: string };

/** Runs a trainer on `job`; its answer is the last line it prints. */
function runTrainer(trainer: Trainer, job: TrainJob): TrainerAnswer {
  const [command, ...args] = trainer.command;
  const r = spawnSync(command, args, { input: JSON.stringify(job), env: withMallocTunables(), encoding: 'utf8', timeout: TRAINER_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  const lines = (r.stdout ?? '').trim().split('\n');
  for (const line of lines.slice(0, -1)) console.log(`  ${line}`);
  try {
    return JSON.parse(lines[lines.length - 1]) as TrainerOutput;
  } catch {
    const why = r.error?.message ?? `exit code ${r.status}${r.signal ? `, signal ${r.signal}` : ''}`;
    return { crash: `crashed (${why}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}` };
  }
}

/** Marks the results of WebGPU on a software adapter, which emulates a GPU on the CPU. */
export const SOFTWARE_ADAPTER_NOTE = 'software adapter: not a GPU figure';

/** The trainers: each tfjs backend in its own process, then PyTorch when a Python has it. */
async function trainers(): Promise<Trainer[]> {
  const probe = await probeWebGpu();
  const software = 'adapter' in probe && probe.adapter.software;
  const tfjs = BACKENDS.map((backend): Trainer => ({
    runtime: `tfjs-${backend}`,
    command: [process.execPath, path.join(__dirname, 'bench-tfjs.js'), backend],
    tier: backend === 'cpu' ? 'slow' : backend === 'webgpu' && software ? 'software' : 'fast',
    ...(backend === 'webgpu' && software ? { note: SOFTWARE_ADAPTER_NOTE } : {}),
  }));
  const torchModules = ['torch', 'numpy'];
  const python = findPythonWith(torchModules);
  const torch: Trainer = {
    runtime: 'pytorch',
    command: [python ?? 'python3', path.join(ROOT, 'scripts', 'bench_torch.py')],
    tier: 'fast',
    ...(python === undefined ? { unavailable: `${noPythonWith(torchModules)} (Debian: apt-get install python3-torch)` } : {}),
  };
  return [...tfjs, torch];
}

/** The results of one trainer, one per workload: measured, or skipped or failed with the reason. */
function trainerResults(trainer: Trainer, output: TrainerAnswer, mode: 'full' | 'short'): BenchResult[] {
  return WORKLOADS.map((w): BenchResult => {
    const base = { workload: w.name, runtime: trainer.runtime };
    if (output.crash !== undefined) return { ...base, status: 'failed', reason: output.crash };
    if (output.error !== undefined) return { ...base, status: 'skipped', reason: output.error };
    const t = output.results?.find((r) => r.name === w.name);
    if (t === undefined) return { ...base, status: 'failed', reason: 'the trainer returned no timing for this workload' };
    const fast = SAMPLES[mode][w.name].fast;
    const tooSlow = { fast: '', slow: 'the pure-JS backend is too slow for more', software: 'a software adapter is too slow for more' }[trainer.tier];
    const samplesNote = t.samples < fast ? `${t.samples} samples instead of ${fast}: ${tooSlow}` : undefined;
    const note = [trainer.note, samplesNote].filter((n) => n !== undefined).join('; ');
    return { ...base, status: 'measured', threads: output.threads, ...timingFields(t), ...(note ? { note } : {}) };
  });
}

/** A trainer's timings as result fields: the median timed epoch, with samples per second. */
function timingFields(t: EpochTimings): Partial<BenchResult> {
  const timed = t.epochSeconds.slice(WARM_UP_EPOCHS).map((seconds, i) => ({ seconds, cpu: t.cpuSeconds[WARM_UP_EPOCHS + i] }));
  const median = [...timed].sort((a, b) => a.seconds - b.seconds)[Math.floor((timed.length - 1) / 2)];
  return {
    samples: t.samples,
    epochSeconds: median.seconds,
    timedEpochSeconds: timed.map((e) => e.seconds),
    samplesPerSecond: t.samples / median.seconds,
    cpuSeconds: median.cpu,
    loss: t.loss,
  };
}

/** Adds each tfjs result's time per sample relative to PyTorch's on the same workload. */
function addRatios(results: BenchResult[]): void {
  for (const r of results) {
    const torch = results.find((p) => p.runtime === 'pytorch' && p.workload === r.workload && p.status === 'measured');
    if (r.runtime !== 'pytorch' && r.status === 'measured' && torch) r.vsPytorch = torch.samplesPerSecond! / r.samplesPerSecond!;
  }
}

/** Runs every trainer on every workload and returns the report. */
export async function runBench(mode: 'full' | 'short'): Promise<BenchReport> {
  const loadAverageAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const most = Math.max(...WORKLOADS.map((w) => SAMPLES[mode][w.name].fast));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-bench-'));
  const results: BenchResult[] = [];
  const versions: Record<string, string> = {};
  try {
    const files = writeMnistFiles(dir, most);
    for (const trainer of await trainers()) {
      console.log(`${trainer.runtime}: ${trainer.unavailable ? 'skipped' : 'training'}`);
      const workloads = WORKLOADS.map((w) => ({ ...w, samples: SAMPLES[mode][w.name][trainer.tier], epochs: EPOCHS }));
      const job: TrainJob = { ...files, seed: SEED, threads: os.cpus().length, workloads };
      const output = trainer.unavailable ? { error: trainer.unavailable } : runTrainer(trainer, job);
      Object.assign(versions, output.versions);
      results.push(...trainerResults(trainer, output, mode));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  addRatios(results);
  return {
    date: new Date().toISOString(),
    mode,
    commit: gitCommit(),
    machine: { cpu: os.cpus()[0]?.model.trim() ?? 'unknown', cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), os: osDescription(), loadAverageAtStart },
    versions,
    epochs: EPOCHS,
    warmUpEpochs: WARM_UP_EPOCHS,
    workloads: WORKLOADS,
    targets: TARGETS,
    results,
  };
}

/** The default CPU backend's ratio to PyTorch per workload against its target: "default CPU backend (tfjs-tensorflow) vs PyTorch: mlp 0.75x (target 0.8x: met), ...". */
function targetVerdicts(report: BenchReport): string {
  const runtime = defaultCpuRuntime(report.results);
  const verdicts = WORKLOADS.map((w) => {
    const ratio = report.results.find((r) => r.workload === w.name && r.runtime === runtime)?.vsPytorch;
    const verdict = ratio === undefined ? 'not compared' : ratio <= report.targets[w.name] ? 'met' : 'missed';
    return `${w.name} ${ratio === undefined ? '-' : `${ratio.toFixed(2)}x`} (target ${report.targets[w.name]}x: ${verdict})`;
  });
  return `default CPU backend (${runtime}) vs PyTorch: ${verdicts.join(', ')}`;
}

/** One line per runtime whose results carry a note (e.g. a software adapter), naming the note. */
function notes(report: BenchReport): string[] {
  return [...new Set(report.results.filter((r) => r.status === 'measured' && r.note).map((r) => `${r.runtime} ${r.workload}: ${r.note}`))];
}

/** The report as a plain-text table, one row per workload and runtime, with the targets under it. */
export function formatReport(report: BenchReport): string {
  const header = ['workload', 'runtime', 'threads', 'samples', 's/epoch', 'samples/s', 'vs PyTorch'];
  const measured = report.results.filter((r) => r.status === 'measured');
  const cells = (r: BenchResult) => [
    r.workload,
    r.runtime,
    String(r.threads ?? ''),
    String(r.samples),
    r.epochSeconds!.toFixed(2),
    r.samplesPerSecond!.toFixed(0),
    r.vsPytorch === undefined ? '' : `${r.vsPytorch.toFixed(2)}x`,
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...measured.map((r) => cells(r)[i].length)));
  const line = (row: string[]) => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const unmeasured = new Map(report.results.filter((r) => r.status !== 'measured').map((r) => [`${r.runtime} ${r.status}`, r.reason]));
  const targets = targetVerdicts(report);
  const { loadAverageAtStart: [load], cores } = report.machine;
  // A quiet machine's one-minute load average stays well under 1; threads that wait for each other suffer most.
  const busy = load >= 1 ? [`warning: the machine was busy (load average ${load} on ${cores} cores): figures are slower than it can do, and ratios unreliable`] : [];
  return [
    ...busy,
    line(header),
    line(widths.map((n) => '-'.repeat(n))),
    ...measured.map((r) => line(cells(r))),
    ...[...unmeasured].map(([what, reason]) => `${what}: ${reason}`),
    ...notes(report),
    '',
    targets,
    `${report.machine.os}, ${report.machine.memoryGiB} GiB; load average at start ${report.machine.loadAverageAtStart.join(' ')}; ${report.mode} run, median of epochs ${report.warmUpEpochs + 1} to ${report.epochs}`,
  ].join('\n');
}

/** The report as a Markdown table with the machine, versions and targets under it, for README.md. */
export function formatMarkdown(report: BenchReport): string {
  const measured = report.results.filter((r) => r.status === 'measured');
  const title = (name: Workload['name']) => WORKLOADS.find((w) => w.name === name)!.title;
  const rows = measured.map((r) =>
    `| ${title(r.workload)} | ${r.runtime} | ${r.threads ?? ''} | ${r.samples} | ${r.epochSeconds!.toFixed(2)} | ${r.cpuSeconds!.toFixed(2)} | ${r.samplesPerSecond!.toFixed(0)} | ${r.vsPytorch === undefined ? '' : `${r.vsPytorch.toFixed(2)}x`} |`,
  );
  // One line per runtime and reason, not per workload.
  const skipped = [...new Set(report.results.filter((r) => r.status !== 'measured').map((r) => `${r.runtime} ${r.status}: ${r.reason}`))];
  const targets = targetVerdicts(report);
  const versions = Object.entries(report.versions).map(([k, v]) => `${k} ${v}`).join(', ');
  const { machine } = report;
  return [
    '| workload | runtime | threads | samples per epoch | s per epoch | CPU s per epoch | samples/s | time per sample vs PyTorch |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Machine: ${machine.os}, ${machine.memoryGiB} GiB, load average ${machine.loadAverageAtStart.join(' ')} at the start. ` +
      `${report.date.slice(0, 10)}, commit ${report.commit ?? 'unknown'}, ${report.mode} run, median of epochs ${report.warmUpEpochs + 1} to ${report.epochs}. ${versions}.`,
    '',
    `${targets}.`,
    ...(skipped.length + notes(report).length > 0 ? ['', ...skipped.map((line) => `- ${line}`), ...notes(report).map((line) => `- ${line}`)] : []),
  ].join('\n');
}

/** Runs the command line; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const values = readFlags(argv, { short: { type: 'boolean' }, markdown: { type: 'boolean' }, out: { type: 'string' } }, USAGE);
  if (typeof values === 'number') return values;
  const report = await runBench(values.short ? 'short' : 'full');
  const out = path.resolve(values.out ?? path.join(ROOT, 'reports', 'bench.json'));
  writeFileAtomically(out, JSON.stringify(report, null, 2) + '\n');
  console.log(`\n${values.markdown ? formatMarkdown(report) : formatReport(report)}\n\nWrote ${path.relative(process.cwd(), out) || out}`);
  return report.results.some((r) => r.status === 'failed') ? 1 : 0;
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
