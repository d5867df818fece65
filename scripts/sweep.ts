/**
 * Sweeps: one notebook run once per setting of a grid (`--param lr=0.01,0.1`), each setting in its own
 * runner process (and so its own kernel), `--jobs` at a time, every report kept in
 * <sweep folder>/<setting>/, then the comparison page. A cluster runs one setting per task with
 * `--setting I --sweep-dir DIR` and makes the page with `--compare DIR`.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { eachAtATime } from './at-a-time';
import { writeComparison, writePlan, SweepPlan } from './comparison-page';
import { ParameterError } from './parameters';
import { Report } from './reports';
import { isSweep, Setting, sweepGrid, sweptKeys } from './sweep-grid';

/** The sweep options of the command line. */
export interface SweepOptions {
  /** Run only this setting of the grid (a cluster task). */
  setting?: number;
  /** The sweep's folder (default: <reports>/sweeps/<notebook>-<UTC time>/). */
  sweepDir?: string;
  /** Print the settings and exit. */
  listSettings: boolean;
}

/** A sweep about to run: its notebook, settings and folder. */
export interface Sweep {
  notebook: string;
  settings: Setting[];
  swept: string[];
  dir: string;
}

/** A path as shown: relative to the current folder when inside it. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative || '.';
}

/** `20261202-031500`: a UTC time for folder names. */
function folderTime(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * Plans a sweep, or returns undefined when the parameters are not one (no list, no --setting).
 * `check` type-checks one setting's parameters (throwing a ParameterError), called once per listed value.
 */
export function planSweep(
  notebookFiles: string[],
  params: Map<string, string[]>,
  options: SweepOptions & { reportsDir: string },
  check: (params: Map<string, string>) => void,
): Sweep | undefined {
  if (!isSweep(params) && options.setting === undefined && options.sweepDir === undefined) {
    if (options.listSettings) throw new ParameterError('--list-settings lists the settings of a sweep: give a parameter several values, e.g. --param lr=0.01,0.1');
    return undefined;
  }
  if (notebookFiles.length !== 1) {
    throw new ParameterError(`a sweep runs one notebook, and ${notebookFiles.length} are selected: name one, e.g. npm run notebooks -- 08 --param learningRate=0.001,0.01`);
  }
  const notebook = path.basename(notebookFiles[0], '.ipynb');
  const settings = sweepGrid(params);
  if (options.setting !== undefined) {
    if (options.setting >= settings.length) {
      throw new ParameterError(`--setting ${options.setting}: this sweep has ${settings.length} settings, numbered 0 to ${settings.length - 1}`);
    }
    if (options.sweepDir === undefined) throw new ParameterError('--setting needs --sweep-dir DIR, the folder every setting of the sweep writes into');
    check(settings[options.setting].params);
  } else {
    // Each listed value once (not each combination): the values are checked one parameter at a time.
    const first = settings[0].params;
    for (const [key, values] of params) for (const v of values) check(new Map([...first, [key, v]]));
  }
  const base = path.join(options.reportsDir, 'sweeps', `${notebook}-${folderTime(new Date())}`);
  let dir = options.sweepDir ?? base;
  for (let n = 2; options.sweepDir === undefined && fs.existsSync(dir); n++) dir = `${base}-${n}`; // never another sweep's folder
  return { notebook, settings, swept: sweptKeys(params), dir: path.resolve(dir) };
}

/** `learningRate=0.007, beta=0.9`: a setting's swept parameters. */
export function describeSetting(sweep: Sweep, setting: Setting): string {
  const shown = sweep.swept.length > 0 ? sweep.swept : [...setting.params.keys()];
  return shown.map((k) => `${k}=${setting.params.get(k)}`).join(', ');
}

/** The --list-settings text: one line per setting, with its index for --setting. */
export function listSettings(sweep: Sweep): string {
  const lines = sweep.settings.map((s) => `  ${s.index}  ${describeSetting(sweep, s)}`);
  return `${sweep.notebook}: ${sweep.settings.length} settings (--setting 0 to ${sweep.settings.length - 1})\n${lines.join('\n')}`;
}

/** Writes the sweep's plan and returns the reports folder of one setting (where its runner writes). */
export function settingReportsDir(sweep: Sweep, setting: Setting): string {
  writePlan(sweep.dir, {
    notebook: sweep.notebook,
    swept: sweep.swept,
    settings: sweep.settings.map((s) => ({ index: s.index, slug: s.slug, params: Object.fromEntries(s.params) })),
  } satisfies SweepPlan);
  return path.join(sweep.dir, setting.slug);
}

/** One setting's runner process: the same command line, for that setting only; output to <setting>/run.log. */
function runSetting(argv: string[], sweep: Sweep, setting: Setting, running: Set<number>): Promise<Report | { status: string; error: string }> {
  const dir = path.join(sweep.dir, setting.slug);
  fs.mkdirSync(dir, { recursive: true });
  const log = fs.openSync(path.join(dir, 'run.log'), 'w');
  // Its own process group, so that an interrupted sweep can stop the setting's runner, executor and kernel together.
  const child = spawn(process.execPath, [path.join(__dirname, 'run-notebooks.js'), ...argv, '--setting', String(setting.index), '--sweep-dir', sweep.dir], {
    stdio: ['ignore', log, log],
    detached: true,
  });
  running.add(child.pid!);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child.pid!);
      fs.closeSync(log);
      try {
        resolve(JSON.parse(fs.readFileSync(path.join(dir, sweep.notebook, 'metrics.json'), 'utf8')) as Report);
      } catch {
        const tail = fs.readFileSync(path.join(dir, 'run.log'), 'utf8').trim().split('\n').slice(-5).join('\n');
        resolve({ status: signal ? 'interrupted' : 'runner-error', error: `the runner exited with ${signal ?? code} and wrote no report: ${tail}` });
      }
    });
  });
}

/** Runs every setting, `jobs` at a time, then writes the comparison page; returns the exit code (1 if any setting failed). */
export async function runSweep(argv: string[], sweep: Sweep, jobs: number): Promise<number> {
  const where = shown(sweep.dir);
  console.log(`Sweep of ${sweep.notebook}: ${sweep.settings.length} settings, ${Math.min(jobs, sweep.settings.length)} at a time, into ${where}/`);
  settingReportsDir(sweep, sweep.settings[0]);
  const running = new Set<number>();
  let interrupted = false;
  const stop = (signal: NodeJS.Signals) => {
    interrupted = true;
    for (const pid of running) process.kill(-pid, signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const failed: string[] = [];
  const runOne = async (s: Setting) => {
    const outcome = await runSetting(argv, sweep, s, running);
    const label = `[${s.index}] ${describeSetting(sweep, s)}`;
    if (outcome.status === 'ok') {
      console.log(`  ${label}: ok in ${(outcome as Report).durationSeconds.toFixed(1)} s`);
    } else {
      failed.push(label);
      const error = 'metrics' in outcome ? `at ${outcome.error?.cell}: ${outcome.error?.message.split('\n')[0]}` : outcome.error;
      console.error(`  ${label}: ${outcome.status} ${error}`);
    }
  };
  try {
    await eachAtATime(sweep.settings, jobs, runOne, () => interrupted);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  if (interrupted) {
    console.error(`Interrupted: the settings that finished keep their reports in ${where}/; make the page with npm run notebooks -- --compare ${where}`);
    return 130;
  }
  writeComparison([sweep.dir], sweep.dir);
  console.log(`\nComparison: ${path.join(where, 'comparison.html')} (reports: ${where}/<setting>/${sweep.notebook}/)`);
  if (failed.length > 0) console.error(`${failed.length} of ${sweep.settings.length} settings failed: ${failed.join('; ')}`);
  return failed.length > 0 ? 1 : 0;
}

/** `--compare DIR...`: writes the comparison page of the reports under the folders; returns the exit code. */
export function compareReports(dirs: string[], pageDir: string | undefined): number {
  if (dirs.length === 0) throw new Error('--compare needs the folders of reports to compare, e.g. npm run notebooks -- --compare reports/sweeps/08-optimization-algorithms-20261202-031500');
  const out = pageDir ?? dirs[0];
  const comparison = writeComparison(dirs, out);
  const notOk = comparison.rows.filter((r) => r.status !== 'ok');
  console.log(`Compared ${comparison.rows.length} runs of ${comparison.notebook} (swept: ${comparison.swept.join(', ') || 'nothing'}): ${shown(path.join(out, 'comparison.html'))}`);
  if (notOk.length > 0) console.error(`${notOk.length} not ok: ${notOk.map((r) => `${r.folder} (${r.status})`).join(', ')}`);
  return notOk.length > 0 ? 1 : 0;
}
