/**
 * The headless runner: `npm run notebooks -- [NAMES...] [--smoke] [--param KEY=VALUE ...]`.
 * Executes notebooks through the real tslab kernel (nbclient) and writes, per notebook,
 * reports/<name>/ with the executed notebook, an HTML report and metrics.json. Never writes the sources.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { BACKENDS, packageVersion } from 'dl-lectures-lib/runner';
import { eachAtATime } from './at-a-time';
import { chromiumProblem } from './chromium';
import { findJupyterPython, jupyterEnv, jupyterMissingMessage, KERNEL_NAME, kernelProblem, ROOT } from './jupyter';
import { Cell, cellSource, findTaggedCell, Notebook, readNotebook } from './notebook-file';
import { describeParameters, injectParameters, parseAssignments, parseParameters, ParameterError } from './parameters';
import { gitCommit } from './git-commit';
import { osDescription } from './os-description';
import { readReports, Report, writeIndex, writeReport } from './reports';
import { collectResults } from './results';
import { selectNotebooks } from './select-notebooks';
import { compareReports, listSettings, planSweep, runSweep, settingReportsDir, SweepOptions } from './sweep';
import { parseSweepParams } from './sweep-grid';

const USAGE = `Usage: npm run notebooks -- [NAMES...] [options]

Runs notebooks from notebooks/ through the tslab kernel and writes reports/<name>/
(<name>.ipynb executed, <name>.html, metrics.json). NAMES are numbers (01) or file names
(01-cost-minimization); none runs all.

Options:
  --smoke               small, fast settings (sets each notebook's 'smoke' parameter)
  --param KEY=VALUE     override a parameter of the notebook's 'parameters' cell (repeatable)
  --param KEY=V1,V2,... a sweep: one run per value (several such parameters: every combination),
                        each report kept in reports/sweeps/<notebook>-<time>/<setting>/, then
                        comparison.html there. Commas inside [], {}, () or quotes do not split;
                        \, is a literal comma
  --jobs N              run N notebooks, or N settings of a sweep, at a time, each in its own kernel
                        (default 1; on a CPU with N cores, N uses them all: each kernel computes on one);
                        the longest start first, by their last reports' times
  --setting I           run only setting I (0, 1, ...) of the sweep (one cluster task); needs --sweep-dir
  --sweep-dir DIR       the sweep's folder (with --compare: where the page goes; default the first DIR)
  --list-settings       print the sweep's settings, numbered for --setting, and exit
  --compare DIR...      write comparison.html of the reports under the folders DIR... and exit
  --backend NAME        ${BACKENDS.join(', ')} or auto (default: the fastest available; sets DL_BACKEND)
  --timeout SECONDS     limit for one cell (default: none, so long training cells on a slow machine
                        finish; 900 with --smoke, where every cell is short). Ctrl-C stops a run.
  --reports DIR         where reports go (default reports/)
  --notebook-dir DIR    where the notebooks are (default notebooks/)
  --no-input            hide code in the HTML (and Markdown) reports
  --markdown            also export each report as Markdown (<name>.md and <name>_files/)
  --pdf                 also print each HTML report to PDF (<name>.pdf) in headless Chromium
  --list-params         print each selected notebook's parameters and exit
  -h, --help            this text`;

/** The default limit for one cell in smoke mode, in seconds; full runs have none unless --timeout sets one. */
export const SMOKE_CELL_TIMEOUT = 900;

export interface RunOptions {
  names: string[];
  smoke: boolean;
  params: Map<string, string>;
  backend?: string;
  /** Seconds one cell may run; null for no limit. */
  timeout: number | null;
  reportsDir: string;
  notebookDir: string;
  noInput: boolean;
  markdown: boolean;
  pdf: boolean;
  listParams: boolean;
  /** Notebooks, or settings of a sweep, run at a time. */
  jobs: number;
  /** Each parameter's values: several make a sweep. */
  sweepParams: Map<string, string[]>;
  sweep: SweepOptions;
  compare: boolean;
}

/** A notebook ready to run: its source, the injected cell and the parameter values. */
export interface PreparedRun {
  name: string;
  sourceFile: string;
  notebook: Notebook;
  injectedIndex: number;
  params: Record<string, unknown>;
  /** The parameters whose values differ from the notebook's defaults for its mode (smoke or full). */
  changedParams: Record<string, unknown>;
}

/** Parses the command line; a mistake is an error whose message says what is wrong. */
export function parseOptions(argv: string[]): RunOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      smoke: { type: 'boolean', default: false },
      param: { type: 'string', multiple: true, default: [] },
      backend: { type: 'string' },
      timeout: { type: 'string' },
      reports: { type: 'string', default: path.join(ROOT, 'reports') },
      'notebook-dir': { type: 'string', default: path.join(ROOT, 'notebooks') },
      'no-input': { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      pdf: { type: 'boolean', default: false },
      'list-params': { type: 'boolean', default: false },
      jobs: { type: 'string', default: '1' },
      setting: { type: 'string' },
      'sweep-dir': { type: 'string' },
      'list-settings': { type: 'boolean', default: false },
      compare: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const timeout = values.timeout === undefined ? (values.smoke ? SMOKE_CELL_TIMEOUT : null) : Number(values.timeout);
  if (timeout !== null && (!Number.isInteger(timeout) || timeout <= 0)) throw new Error(`--timeout '${values.timeout}' is not a whole number of seconds`);
  const backends: readonly string[] = [...BACKENDS, 'auto'];
  if (values.backend !== undefined && !backends.includes(values.backend)) {
    throw new Error(`--backend '${values.backend}' is not one of ${backends.join(', ')}`);
  }
  const count = (option: string, text: string, min: number) => {
    if (!/^\d+$/.test(text) || Number(text) < min) throw new Error(`--${option} '${text}' is not a whole number of at least ${min}`);
    return Number(text);
  };
  const sweepParams = parseSweepParams(parseAssignments(values.param!));
  return {
    names: positionals,
    smoke: values.smoke!,
    params: new Map([...sweepParams].map(([k, v]) => [k, v[0]])),
    sweepParams,
    jobs: count('jobs', values.jobs!, 1),
    sweep: {
      setting: values.setting === undefined ? undefined : count('setting', values.setting, 0),
      sweepDir: values['sweep-dir'] === undefined ? undefined : path.resolve(values['sweep-dir']),
      listSettings: values['list-settings']!,
    },
    compare: values.compare!,
    backend: values.backend,
    timeout,
    reportsDir: path.resolve(values.reports!),
    notebookDir: path.resolve(values['notebook-dir']!),
    noInput: values['no-input']!,
    markdown: values.markdown!,
    pdf: values.pdf!,
    listParams: values['list-params']!,
  };
}

/** Inserts the injected-parameters cell into a copy of the notebook, outputs cleared. */
export function prepare(file: string, options: RunOptions): PreparedRun {
  const name = path.basename(file, '.ipynb');
  const source = readNotebook(file);
  const notebook: Notebook = JSON.parse(JSON.stringify(source));
  for (const cell of notebook.cells) {
    if (cell.cell_type === 'code') Object.assign(cell, { outputs: [], execution_count: null });
  }
  const paramsIndex = findTaggedCell(notebook, 'parameters');
  const overrides = new Map(options.params);
  if (options.smoke && !overrides.has('smoke')) overrides.set('smoke', 'true');
  if (paramsIndex < 0) {
    if (overrides.size > 0) throw new ParameterError(`${name} has no cell tagged 'parameters', so it takes no --param or --smoke`);
    return { name, sourceFile: file, notebook, injectedIndex: -1, params: {}, changedParams: {} };
  }
  const paramsSource = cellSource(notebook.cells[paramsIndex]);
  const declared = parseParameters(paramsSource);
  if (options.smoke && !declared.some((p) => p.name === 'smoke')) {
    throw new ParameterError(`${name} has no 'smoke' parameter, so --smoke cannot select its small settings`);
  }
  const injection = injectParameters(paramsSource, overrides, declared);
  const modeDefaults = injectParameters(paramsSource, new Map(injection.values.smoke === true ? [['smoke', 'true']] : []), declared).values;
  const changedParams = Object.fromEntries(
    Object.entries(injection.values).filter(([k, v]) => k !== 'smoke' && JSON.stringify(v) !== JSON.stringify(modeDefaults[k])),
  );
  // Nothing to inject: the notebook runs as written, with no empty cell in its report.
  if (overrides.size === 0) return { name, sourceFile: file, notebook, injectedIndex: -1, params: injection.values, changedParams };
  const injected: Cell = {
    cell_type: 'code',
    id: 'injected-parameters',
    metadata: { tags: ['injected-parameters'] },
    source: injection.source,
    outputs: [],
    execution_count: null,
  };
  notebook.cells.splice(paramsIndex + 1, 0, injected);
  return { name, sourceFile: file, notebook, injectedIndex: paramsIndex + 1, params: injection.values, changedParams };
}

/** "cell 7 (`const x = ...`)" for the executed notebook's cell `index`, numbered as in the source. */
function describeCell(run: PreparedRun, index: number | null): string {
  if (index === null) return 'kernel start';
  if (index === run.injectedIndex) return 'the injected parameters cell';
  const sourceIndex = run.injectedIndex >= 0 && index > run.injectedIndex ? index - 1 : index;
  const firstLine = cellSource(run.notebook.cells[index]).split('\n').find((l) => l.trim() !== '') ?? '';
  return `cell ${sourceIndex + 1} (\`${firstLine.trim().slice(0, 60)}\`)`;
}

interface ExecutorOutcome {
  status: string;
  cell: number | null;
  error: string;
  duration: number;
}

/** Runs `command` to the end; resolves with its exit status and everything it printed. */
function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => err.push(Buffer.from(e.message)));
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** Runs one prepared notebook in its own kernel and writes its report folder. */
async function execute(run: PreparedRun, options: RunOptions, python: string): Promise<Report> {
  const dir = path.join(options.reportsDir, run.name);
  fs.mkdirSync(dir, { recursive: true });
  const staged = path.join(dir, `.${run.name}.input.ipynb`);
  const executed = path.join(dir, `.${run.name}.executed.ipynb`);
  fs.writeFileSync(staged, JSON.stringify(run.notebook, null, 1));
  const startedAt = new Date();
  // DL_REPORT_DIR: where a notebook may write files of its report (notebook 05's TensorBoard logs).
  const env = jupyterEnv({ ...(options.backend ? { DL_BACKEND: options.backend } : {}), DL_REPORT_DIR: dir });
  const r = await runToEnd(
    python,
    [path.join(ROOT, 'scripts', 'execute_notebook.py'), staged, '--output', executed, '--cwd', options.notebookDir,
      '--kernel', KERNEL_NAME, '--timeout', String(options.timeout ?? 0)],
    env,
  );
  fs.rmSync(staged, { force: true });
  let outcome: ExecutorOutcome;
  try {
    outcome = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
  } catch {
    outcome = { status: 'runner-error', cell: null, error: `the executor failed: ${r.stderr.trim().split('\n').slice(-5).join('\n')}`, duration: 0 };
  }
  const result: Notebook = fs.existsSync(executed) ? readNotebook(executed) : run.notebook;
  fs.rmSync(executed, { force: true });
  const { metrics, facts, claims } = collectResults(result);
  const tslabVersion = packageVersion('tslab', ROOT) ?? 'unknown';
  const report: Report = {
    notebook: run.name,
    params: run.params,
    changedParams: run.changedParams,
    smoke: run.params.smoke === true,
    backend: facts.backend ?? null,
    gpu: facts.gpu ?? false,
    seed: facts.seed ?? null,
    versions: { node: process.versions.node, tslab: tslabVersion, ...facts.versions },
    os: osDescription(),
    git: gitCommit(),
    startedAt: startedAt.toISOString(),
    durationSeconds: outcome.duration,
    status: outcome.status,
    ...(outcome.status === 'ok' ? {} : { error: { cell: describeCell(run, outcome.cell), message: outcome.error } }),
    metrics,
    claims,
  };
  writeReport(python, dir, result, report, { noInput: options.noInput, markdown: options.markdown, pdf: options.pdf });
  return report;
}

function printSummary(reports: Report[], reportsDir: string): void {
  const rows = reports.map((s) => [s.notebook, s.status, `${s.durationSeconds.toFixed(1)} s`, s.backend ?? '-', String(Object.keys(s.metrics).length)]);
  const header = ['notebook', 'status', 'time', 'backend', 'results'];
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((t, j) => t.padEnd(widths[j])).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
  console.log(`\nReports: ${path.relative(process.cwd(), writeIndex(reportsDir))} and ${path.relative(process.cwd(), reportsDir) || '.'}/<notebook>/`);
  for (const s of reports.filter((x) => x.error)) {
    console.error(`\n${s.notebook} failed (${s.status}) at ${s.error!.cell}:\n${s.error!.message}`);
  }
}

/** Runs the command line; returns the process exit code (a promise once notebooks run). */
export function main(argv: string[]): number | Promise<number> {
  let options: RunOptions | 'help';
  let runs: PreparedRun[];
  let sweep: ReturnType<typeof planSweep>;
  try {
    options = parseOptions(argv);
    if (options === 'help') {
      console.log(USAGE);
      return 0;
    }
    if (options.compare) return compareReports(options.names, options.sweep.sweepDir);
    const files = selectNotebooks(options.notebookDir, options.names);
    if (options.listParams) {
      for (const f of files) {
        const nb = readNotebook(path.join(options.notebookDir, f));
        const i = findTaggedCell(nb, 'parameters');
        console.log(`${f}:\n${i < 0 ? '  (no parameters)' : describeParameters(parseParameters(cellSource(nb.cells[i])))}`);
      }
      return 0;
    }
    const opts = options;
    sweep = planSweep(files, opts.sweepParams, { ...opts.sweep, reportsDir: opts.reportsDir }, (params) => {
      try {
        prepare(path.join(opts.notebookDir, files[0]), { ...opts, params });
      } catch (e) {
        throw new ParameterError(`${files[0]}: ${(e as Error).message}`);
      }
    });
    if (sweep && opts.sweep.listSettings) {
      console.log(listSettings(sweep));
      return 0;
    }
    if (sweep && opts.sweep.setting !== undefined) {
      const setting = sweep.settings[opts.sweep.setting];
      Object.assign(opts, { params: setting.params, reportsDir: settingReportsDir(sweep, setting) });
    }
    runs = sweep && opts.sweep.setting === undefined ? [] : files.map((f) => {
      try {
        return prepare(path.join(opts.notebookDir, f), opts);
      } catch (e) {
        throw new Error(`${f}: ${(e as Error).message}`);
      }
    });
  } catch (e) {
    console.error(`error: ${(e as Error).message}\n\nSee: npm run notebooks -- --help`);
    return 1;
  }
  const python = findJupyterPython();
  if (python === undefined) {
    console.error(`error: ${jupyterMissingMessage()}`);
    return 1;
  }
  const problem = kernelProblem() ?? (options.pdf ? chromiumProblem() && `--pdf prints with Chromium, and there is ${chromiumProblem()}` : undefined);
  if (problem !== undefined) {
    console.error(`error: ${problem}`);
    return 1;
  }
  if (sweep && options.sweep.setting === undefined) return runSweep(argv, sweep, options.jobs);
  return runAll(runs, options, python);
}

/**
 * The order to start `runs` in: with several at a time, the longest first, by each notebook's last report in
 * `reportsDir` in the same mode (those without one first), so that no long notebook starts last while the
 * other workers sit idle; one at a time, the notebooks' own order. Always a new array.
 */
export function startOrder(runs: PreparedRun[], jobs: number, reportsDir: string): PreparedRun[] {
  if (jobs === 1) return [...runs];
  const last = new Map(readReports(reportsDir).map((r) => [r.notebook, r]));
  const lastSeconds = (run: PreparedRun): number => {
    const r = last.get(run.name);
    return r !== undefined && r.smoke === (run.params.smoke === true) && r.status === 'ok' ? r.durationSeconds : Infinity;
  };
  const keyed = runs.map((run, i) => ({ run, i, seconds: lastSeconds(run) }));
  return keyed.sort((a, b) => (a.seconds === b.seconds ? a.i - b.i : a.seconds < b.seconds ? 1 : -1)).map((k) => k.run);
}

/** Runs the notebooks, `--jobs` at a time, then prints the summary in the notebooks' order; returns the exit code. */
async function runAll(runs: PreparedRun[], options: RunOptions, python: string): Promise<number> {
  const reports = new Map<PreparedRun, Report>();
  const together = Math.min(options.jobs, runs.length) > 1;
  await eachAtATime(startOrder(runs, options.jobs, options.reportsDir), options.jobs, async (run) => {
    console.log(`Running ${run.name} ${JSON.stringify(run.params)}`);
    const report = await execute(run, options, python);
    console.log(`  ${together ? `${run.name}: ` : ''}${report.status} in ${report.durationSeconds.toFixed(1)} s, ${Object.keys(report.metrics).length} results`);
    reports.set(run, report);
  });
  const inOrder = runs.map((run) => reports.get(run)!);
  printSummary(inOrder, options.reportsDir);
  return inOrder.every((s) => s.status === 'ok') ? 0 : 1;
}

if (require.main === module) {
  Promise.resolve(main(process.argv.slice(2))).then((code) => {
    process.exitCode = code;
  });
}
