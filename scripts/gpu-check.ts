/**
 * `npm run gpu-check [-- --short] [--out DIR]`: on a machine with a GPU, runs the doctor, the benchmark
 * and every notebook in smoke mode on each GPU backend that starts (tensorflow on CUDA, webgpu on a
 * hardware adapter), and writes one JSON summary; on a machine without one it says so and exits 1.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { probeWebGpu } from 'dl-lectures-lib';
import { adapterLabel } from 'dl-lectures-lib/runner';
import { ROOT } from './jupyter';
import { writeFileAtomically } from './write-file-atomically';
import { readFlags } from './command-line';
import { gitCommit } from './git-commit';
import { osDescription } from './os-description';

const USAGE = `Usage: npm run gpu-check -- [--short] [--out DIR]

Finds the GPU backends that start here (tensorflow on a CUDA GPU, webgpu on a hardware adapter), then
runs npm run doctor, npm run bench and every notebook with --smoke on each, and writes DIR/summary.json
(per notebook: backend, device, status, time, recorded results). Exits 1 when there is no GPU backend
or anything failed.

Options:
  --short      the benchmark's short mode (a few seconds per backend)
  --out DIR    where the summary, the benchmark and the notebook reports go (default reports/gpu-check)
  -h, --help   this text`;

/** A GPU backend that starts here, with the device it runs on; or why a backend is not one. */
type GpuBackend = { backend: 'tensorflow' | 'webgpu'; device: string } | { backend: 'tensorflow' | 'webgpu'; absent: string };

/** One notebook's smoke run on one GPU backend, from the runner's metrics.json. */
export interface NotebookCheck {
  notebook: string;
  backend: string | null;
  /** True when the notebook reported running on a GPU. */
  gpu: boolean;
  device: string;
  status: string;
  durationSeconds: number;
  metrics: Record<string, number | string>;
  error?: unknown;
}

/** The whole of DIR/summary.json. */
export interface GpuCheckSummary {
  date: string;
  commit: string | null;
  machine: { cpu: string; cores: number; memoryGiB: number; os: string };
  backends: GpuBackend[];
  doctor: { exitCode: number | null; output: string };
  bench: { exitCode: number | null; file: string };
  notebooks: NotebookCheck[];
  ok: boolean;
}

const node = (script: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [path.join(__dirname, script), ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });

/** Whether native TensorFlow starts on a CUDA GPU (in a child process, so this one stays clean). */
function tensorflowOnGpu(): GpuBackend {
  const script = "require('dl-lectures-lib/runner').chooseBackend('tensorflow').then((i) => console.log('INFO ' + JSON.stringify(i)), (e) => console.log('ERROR ' + e.message))";
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  const info = r.stdout.split('\n').find((l) => l.startsWith('INFO '));
  if (info === undefined) return { backend: 'tensorflow', absent: r.stdout.split('\n').find((l) => l.startsWith('ERROR '))?.slice(6) ?? `failed: ${r.stderr.trim().split('\n').pop()}` };
  if (!JSON.parse(info.slice(5)).gpu) return { backend: 'tensorflow', absent: 'native TensorFlow runs on the CPU here (no usable CUDA: see environment.md, "Setting up the GPU")' };
  const smi = spawnSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { encoding: 'utf8' });
  return { backend: 'tensorflow', device: smi.status === 0 ? smi.stdout.trim().split('\n').join(', ') : 'CUDA GPU' };
}

/** Whether WebGPU has a hardware adapter here. */
async function webgpuOnGpu(): Promise<GpuBackend> {
  const probe = await probeWebGpu();
  if ('error' in probe) return { backend: 'webgpu', absent: `${probe.error} (fix: ${probe.fix})` };
  if (probe.adapter.software) return { backend: 'webgpu', absent: `only a software adapter (${adapterLabel(probe.adapter)}), not a GPU` };
  return { backend: 'webgpu', device: adapterLabel(probe.adapter) };
}

/** Runs every notebook in smoke mode on `backend` and reads back each one's metrics.json. */
function runNotebooks(backend: string, device: string, reports: string): NotebookCheck[] {
  console.log(`\n== notebooks --smoke --backend ${backend} (${device})`);
  const r = spawnSync(process.execPath, [path.join(__dirname, 'run-notebooks.js'), '--smoke', '--backend', backend, '--reports', reports], { stdio: 'inherit' });
  if (r.status !== 0) console.log(`(the runner exited with ${r.status})`);
  const names = fs.existsSync(reports) ? fs.readdirSync(reports).filter((n) => fs.existsSync(path.join(reports, n, 'metrics.json'))).sort() : [];
  return names.map((notebook) => {
    const m = JSON.parse(fs.readFileSync(path.join(reports, notebook, 'metrics.json'), 'utf8'));
    return {
      notebook,
      backend: m.backend,
      gpu: m.gpu === true,
      device,
      status: m.status,
      durationSeconds: m.durationSeconds,
      metrics: m.metrics,
      ...(m.error !== undefined ? { error: m.error } : {}),
    };
  });
}

/** Runs the command line; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const values = readFlags(argv, { short: { type: 'boolean' }, out: { type: 'string' } }, USAGE);
  if (typeof values === 'number') return values;
  const backends = [tensorflowOnGpu(), await webgpuOnGpu()];
  const gpus = backends.filter((b): b is { backend: 'tensorflow' | 'webgpu'; device: string } => 'device' in b);
  for (const b of backends) console.log('device' in b ? `${b.backend}: GPU, ${b.device}` : `${b.backend}: no GPU: ${b.absent}`);
  if (gpus.length === 0) {
    console.error('\nNo GPU backend starts on this machine, so there is nothing to check. For one, see environment.md ("Setting up the GPU", "The GPU through WebGPU").');
    return 1;
  }
  const out = path.resolve(values.out ?? path.join(ROOT, 'reports', 'gpu-check'));
  fs.mkdirSync(out, { recursive: true });
  console.log('\n== doctor');
  const doctor = node('doctor.js', []);
  console.log(doctor.stdout);
  console.log(`== bench${values.short ? ' --short' : ''}`);
  const benchFile = path.join(out, 'bench.json');
  const bench = spawnSync(process.execPath, [path.join(__dirname, 'bench.js'), ...(values.short ? ['--short'] : []), '--out', benchFile], { stdio: 'inherit' });
  const notebooks = gpus.flatMap((g) => runNotebooks(g.backend, g.device, path.join(out, g.backend)));
  const ok = bench.status === 0 && notebooks.length > 0 && notebooks.every((n) => n.status === 'ok' && n.gpu);
  const summary: GpuCheckSummary = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: { cpu: os.cpus()[0]?.model.trim() ?? 'unknown', cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), os: osDescription() },
    backends,
    doctor: { exitCode: doctor.status, output: doctor.stdout },
    bench: { exitCode: bench.status, file: path.relative(out, benchFile) },
    notebooks,
    ok,
  };
  const file = path.join(out, 'summary.json');
  writeFileAtomically(file, JSON.stringify(summary, null, 2) + '\n');
  console.log(`\n${notebooks.map((n) => `${n.notebook.padEnd(28)} ${String(n.backend).padEnd(10)} ${n.gpu ? 'GPU' : 'CPU!'} ${n.status.padEnd(8)} ${n.durationSeconds.toFixed(1)} s`).join('\n')}`);
  console.log(`\n${ok ? 'GPU check passed' : 'GPU check FAILED (a notebook failed or did not run on the GPU, or the benchmark failed)'}: ${path.relative(process.cwd(), file) || file}`);
  return ok ? 0 : 1;
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
