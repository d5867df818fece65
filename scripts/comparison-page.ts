/**
 * The comparison page of a sweep: every report found under some folders (a sweep's folder, or report
 * folders collected from a cluster), as a table of settings and results and one plot (SVG, drawn here,
 * readable offline) per recorded result against the swept parameter. Writes comparison.html and
 * comparison.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderSvg, VegaLiteSpec } from 'dl-lectures-lib';
import { escapeHtml, specFrame } from 'dl-lectures-lib/runner';
import { writeFileAtomically } from './write-file-atomically';
import { Report } from './reports';

/** The plan a sweep leaves in its folder (sweep.json), so a comparison can name settings that have no report yet. */
export interface SweepPlan {
  notebook: string;
  /** The swept parameters, in command-line order. */
  swept: string[];
  settings: { index: number; slug: string; params: Record<string, string> }[];
}

/** One row of the comparison: a run's report, or a planned setting whose report is missing. */
export interface ComparisonRow {
  /** The run's report folder, relative to the comparison page. */
  folder: string;
  /** The HTML report, relative to the page; null when there is none. */
  html: string | null;
  status: string;
  error?: { cell: string; message: string };
  params: Record<string, unknown>;
  durationSeconds: number | null;
  metrics: Record<string, number | string>;
}

/** comparison.json: what the page shows. */
export interface Comparison {
  notebook: string;
  /** Parameters whose values differ between the runs (the plan's swept ones first). */
  swept: string[];
  /** Parameters with the same value in every run. */
  common: Record<string, unknown>;
  /** Every recorded result's name, in order of first appearance. */
  results: string[];
  rows: ComparisonRow[];
}

/** A metrics.json with the folder it is in. */
interface Found {
  dir: string;
  report: Report;
}

const PLAN_FILE = 'sweep.json';
const MAX_DEPTH = 4;

/** Writes a sweep's plan into its folder, unless it is there already (cluster tasks all write the same one). */
export function writePlan(dir: string, plan: SweepPlan): void {
  const text = JSON.stringify(plan, null, 2) + '\n';
  const file = path.join(dir, PLAN_FILE);
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) writeFileAtomically(file, text);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Every readable metrics.json in `dir` or its folders (down to MAX_DEPTH), in path order. */
function findReports(dir: string, depth = 0): Found[] {
  const here = readJson<Report>(path.join(dir, 'metrics.json'));
  if (here?.notebook !== undefined && here.params !== undefined) return [{ dir, report: here }];
  if (depth >= MAX_DEPTH) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort()
    .flatMap((name) => findReports(path.join(dir, name), depth + 1));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Reads the reports under `dirs` (and their sweep plans) into the comparison of one notebook's runs. */
export function collectComparison(dirs: string[], pageDir: string): Comparison {
  const found: Found[] = [];
  const missing: ComparisonRow[] = [];
  const planned: string[] = [];
  for (const dir of dirs) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder of reports`);
    const reports = findReports(dir);
    found.push(...reports);
    const plan = readJson<SweepPlan>(path.join(dir, PLAN_FILE));
    if (plan === undefined) continue;
    for (const key of plan.swept) if (!planned.includes(key)) planned.push(key);
    for (const s of plan.settings) {
      const folder = path.join(dir, s.slug);
      if (reports.some((r) => r.dir === folder || r.dir.startsWith(folder + path.sep))) continue;
      missing.push({ folder: path.relative(pageDir, folder), html: null, status: 'missing', params: s.params, durationSeconds: null, metrics: {} });
    }
  }
  if (found.length === 0) throw new Error(`no reports (metrics.json) found under ${dirs.join(', ')}`);
  const notebooks = [...new Set(found.map((f) => f.report.notebook))];
  if (notebooks.length > 1) throw new Error(`the reports are of several notebooks (${notebooks.join(', ')}): compare one notebook's runs at a time`);

  const keys = [...new Set(found.flatMap((f) => Object.keys(f.report.params)))];
  const differs = keys.filter((k) => found.some((f) => !same(f.report.params[k], found[0].report.params[k])));
  const swept = [...planned.filter((k) => keys.includes(k)), ...differs.filter((k) => !planned.includes(k))];
  const common = Object.fromEntries(keys.filter((k) => !swept.includes(k)).map((k) => [k, found[0].report.params[k]]));
  const rows: ComparisonRow[] = found.map(({ dir, report }) => {
    const html = path.join(dir, `${report.notebook}.html`);
    return {
      folder: path.relative(pageDir, dir),
      html: fs.existsSync(html) ? path.relative(pageDir, html) : null,
      status: report.status,
      ...(report.error ? { error: report.error } : {}),
      params: report.params,
      durationSeconds: report.durationSeconds,
      metrics: report.metrics,
    };
  });
  rows.push(...missing);
  const results = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))];
  return { notebook: notebooks[0], swept, common, results, rows };
}

/** A parameter's value as shown: strings as written, everything else as JSON, nothing for no value. */
function showValue(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v);
}

/** The plot of one result against the first swept parameter, one line per value of the others; undefined if nothing to draw. */
export function resultPlot(comparison: Comparison, result: string): VegaLiteSpec | undefined {
  const [xKey, ...others] = comparison.swept;
  if (xKey === undefined) return undefined;
  const points = comparison.rows
    .filter((r) => r.status === 'ok' && typeof r.metrics[result] === 'number' && Number.isFinite(r.metrics[result]))
    .map((r) => ({
      x: r.params[xKey] as unknown,
      y: r.metrics[result] as number,
      series: others.map((k) => `${k}=${showValue(r.params[k])}`).join(', ') || result,
    }));
  if (points.length === 0) return undefined;
  const numericX = points.every((p) => typeof p.x === 'number' && Number.isFinite(p.x));
  const spread = (v: number[]) => v.every((n) => n > 0) && Math.max(...v) / Math.min(...v) >= 100;
  const xs = points.map((p) => p.x);
  const values = points.map((p) => ({ ...p, x: numericX ? p.x : showValue(p.x) }));
  const xEncoding = numericX
    ? { field: 'x', type: 'quantitative', title: xKey, scale: spread(xs as number[]) ? { type: 'log' } : { zero: false } }
    : { field: 'x', type: 'ordinal', title: xKey, sort: [...new Set(values.map((p) => p.x as string))] };
  const encoding = {
    x: xEncoding,
    y: { field: 'y', type: 'quantitative', title: result, scale: spread(points.map((p) => p.y)) ? { type: 'log' } : { zero: false } },
    color: { field: 'series', type: 'nominal', title: null, legend: others.length > 0 ? { labelLimit: 320 } : null },
  };
  return {
    ...specFrame({ title: `${result} against ${xKey}` }),
    data: { values },
    layer: [{ mark: { type: 'line' }, encoding }, { mark: { type: 'point', filled: true, size: 50 }, encoding }],
  } as unknown as VegaLiteSpec;
}

function statusCell(row: ComparisonRow): string {
  if (row.status === 'ok') return 'ok';
  const where = row.error ? `<br><small>${escapeHtml(row.error.cell)}: ${escapeHtml(row.error.message.split('\n')[0].slice(0, 200))}</small>` : '';
  return `<b style="color:#c00">${escapeHtml(row.status)}</b>${where}`;
}

/** The page: what was compared, the table, then one plot per numeric result. */
function comparisonHtml(c: Comparison): string {
  const failed = c.rows.filter((r) => r.status !== 'ok');
  const header = ['setting', ...c.swept, 'status', 'time', ...c.results].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = c.rows.map((r) => {
    // A sweep's report folder is <setting>/<notebook>: the setting names the row.
    const name = escapeHtml((path.basename(r.folder) === c.notebook ? path.dirname(r.folder) : r.folder) || '.');
    const cells = [
      r.html ? `<a href="${encodeURI(r.html.split(path.sep).join('/'))}">${name}</a>` : name,
      ...c.swept.map((k) => `<code>${escapeHtml(showValue(r.params[k]))}</code>`),
      statusCell(r),
      r.durationSeconds === null ? '' : `${r.durationSeconds.toFixed(1)} s`,
      ...c.results.map((k) => (k in r.metrics ? escapeHtml(String(r.metrics[k])) : '')),
    ];
    return `<tr${r.status === 'ok' ? '' : ' class="failed"'}>${cells.map((t) => `<td>${t}</td>`).join('')}</tr>`;
  });
  const plots = c.results.flatMap((k) => {
    const spec = resultPlot(c, k);
    return spec ? [`<figure>${renderSvg(spec)}</figure>`] : [];
  });
  const common = Object.entries(c.common).map(([k, v]) => `${escapeHtml(k)} = ${escapeHtml(showValue(v))}`).join(', ');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Sweep of ${escapeHtml(c.notebook)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}tr.failed{background:#fee}figure{display:inline-block;margin:1em}code{font-size:90%}</style>
</head><body><h1>Sweep of ${escapeHtml(c.notebook)}</h1>
<p>${c.rows.length} runs, ${failed.length === 0 ? 'all ok' : `<b style="color:#c00">${failed.length} not ok</b> (${failed.map((r) => escapeHtml(r.folder)).join(', ')})`}.
Swept: ${c.swept.length > 0 ? c.swept.map(escapeHtml).join(', ') : 'nothing (every run has the same parameters)'}.</p>
<p><small>Same in every run: ${common || '(none)'}</small></p>
<table><thead><tr>${header}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
${plots.length > 0 ? `<h2>Results against ${escapeHtml(c.swept[0])}</h2>\n${plots.join('\n')}` : ''}
</body></html>
`;
}

/** Writes comparison.html and comparison.json into `pageDir` for the reports under `dirs`; returns what it compared. */
export function writeComparison(dirs: string[], pageDir: string): Comparison {
  const comparison = collectComparison(dirs.map((d) => path.resolve(d)), path.resolve(pageDir));
  writeFileAtomically(path.join(pageDir, 'comparison.json'), JSON.stringify(comparison, null, 2) + '\n');
  writeFileAtomically(path.join(pageDir, 'comparison.html'), comparisonHtml(comparison));
  return comparison;
}
