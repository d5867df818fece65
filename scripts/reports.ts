/**
 * The files of a report: the executed notebook (with a reproducibility block, and an error banner when
 * the run failed), its HTML and optional Markdown export, metrics.json, and reports/index.html.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ClaimOutcome, escapeHtml, formatNumber } from 'dl-lectures-lib/runner';
import { ROOT } from './jupyter';
import { Cell, cellSource, Notebook } from './notebook-file';
import { printPdfInChild } from './print-pdf';
import { renderMathInMarkdown } from './render-math';
import { writeFileAtomically } from './write-file-atomically';

/** metrics.json: one notebook run. */
export interface Report {
  notebook: string;
  params: Record<string, unknown>;
  /** The parameters whose values differ from the notebook's defaults for its mode (smoke or full). */
  changedParams: Record<string, unknown>;
  smoke: boolean;
  backend: string | null;
  gpu: boolean;
  seed: number | null;
  versions: Record<string, string>;
  os: string;
  git: string | null;
  startedAt: string;
  durationSeconds: number;
  status: string;
  error?: { cell: string; message: string };
  metrics: Record<string, number | string>;
  /** The lecture claims: held (checked) or not checked, with what was seen or why not. */
  claims: ClaimOutcome[];
}

/** A papermill-style banner for the top of a failed run's notebook. */
export function errorBanner(status: string, where: string, error: string): Cell {
  return {
    cell_type: 'markdown',
    id: 'run-error-banner',
    metadata: { tags: ['run-error-banner'] },
    source:
      `<div style="border: 2px solid #c00; background: #fee; padding: 0.5em 1em">` +
      `<b>This run failed (${status}) at ${escapeHtml(where)}.</b> The cells after it did not run.` +
      `<pre>${escapeHtml(error.slice(0, 2000))}</pre></div>`,
  };
}

/** The reproducibility block at the top of every executed notebook: what ran, where and how. */
export function runInfoCell(report: Report): Cell {
  const rows: [string, string][] = [
    ['status', report.status],
    ['parameters', `\`${JSON.stringify(report.params)}\``],
    ['seed', String(report.seed ?? 'not set')],
    ['backend', `${report.backend ?? 'not chosen'} on ${report.gpu ? 'GPU' : 'CPU'}`],
    ['versions', Object.entries(report.versions).map(([k, v]) => `${k} ${v}`).join(', ')],
    ['machine', report.os],
    ['project commit', report.git ?? 'unknown'],
    ['started', `${report.startedAt}, ran ${report.durationSeconds.toFixed(1)} s`],
  ];
  return {
    cell_type: 'markdown',
    id: 'run-info',
    metadata: { tags: ['run-info'] },
    source: `**Run of \`${report.notebook}\`**\n\n| | |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`).join('\n')}\n`,
  };
}

const TEMPLATES = path.join(ROOT, 'scripts', 'nbconvert-templates');

function nbconvert(python: string, ipynbFile: string, dir: string, name: string, to: 'html' | 'markdown', extra: string[]): void {
  const tmpName = `.${name}.${to}-tmp`;
  const r = spawnSync(python, ['-m', 'nbconvert', '--to', to, ipynbFile, '--output-dir', dir, '--output', tmpName, ...extra], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${to} export of ${name} failed: ${r.stderr.trim().split('\n').slice(-3).join('\n')}`);
  const ext = to === 'html' ? 'html' : 'md';
  fs.renameSync(path.join(dir, `${tmpName}.${ext}`), path.join(dir, `${name}.${ext}`));
  const files = path.join(dir, `${tmpName}_files`);
  if (fs.existsSync(files)) {
    fs.rmSync(path.join(dir, `${name}_files`), { recursive: true, force: true });
    fs.renameSync(files, path.join(dir, `${name}_files`));
    const md = path.join(dir, `${name}.md`);
    fs.writeFileSync(md, fs.readFileSync(md, 'utf8').split(`${tmpName}_files/`).join(`${name}_files/`));
  }
}

/** A code cell whose Markdown outputs (summaries written by `showMarkdown`) have their equations rendered. */
function withMathInOutputs(cell: Cell): Cell {
  if (!cell.outputs?.some((o) => o.data?.['text/markdown'] !== undefined)) return cell;
  const outputs = cell.outputs.map((o) => {
    const md = o.data?.['text/markdown'];
    if (md === undefined) return o;
    return { ...o, data: { ...o.data, 'text/markdown': renderMathInMarkdown(Array.isArray(md) ? md.join('') : String(md)) } };
  });
  return { ...cell, outputs };
}

/**
 * Writes <name>.html from the executed notebook with the project's offline template: equations in
 * Markdown rendered to SVG here, nothing loaded from the internet.
 */
function writeHtml(python: string, notebook: Notebook, dir: string, name: string, noInput: boolean): string {
  const forHtml: Notebook = {
    ...notebook,
    metadata: { ...notebook.metadata, title: name },
    cells: notebook.cells.map((c) => (c.cell_type === 'markdown' ? { ...c, source: renderMathInMarkdown(cellSource(c)) } : withMathInOutputs(c))),
  };
  const input = path.join(dir, `.${name}.html-input.ipynb`);
  fs.writeFileSync(input, JSON.stringify(forHtml));
  try {
    nbconvert(python, input, dir, name, 'html', ['--template', 'report', `--TemplateExporter.extra_template_basedirs=${TEMPLATES}`, ...(noInput ? ['--no-input'] : [])]);
  } finally {
    fs.rmSync(input, { force: true });
  }
  return path.join(dir, `${name}.html`);
}

/**
 * Writes reports/<name>/: the executed notebook, its HTML (code hidden with `noInput`), Markdown and PDF
 * when asked, and metrics.json last, so a complete metrics.json means a complete report.
 */
export function writeReport(python: string, dir: string, notebook: Notebook, report: Report, options: { noInput: boolean; markdown: boolean; pdf: boolean }): void {
  const top: Cell[] = [...(report.error ? [errorBanner(report.status, report.error.cell, report.error.message)] : []), runInfoCell(report)];
  const executed: Notebook = { ...notebook, cells: [...top, ...notebook.cells] };
  const ipynbFile = path.join(dir, `${report.notebook}.ipynb`);
  writeFileAtomically(ipynbFile, JSON.stringify(executed, null, 1) + '\n');
  const html = writeHtml(python, executed, dir, report.notebook, options.noInput);
  if (options.markdown) nbconvert(python, ipynbFile, dir, report.notebook, 'markdown', options.noInput ? ['--no-input'] : []);
  if (options.pdf) printPdfInChild(html, path.join(dir, `${report.notebook}.pdf`));
  writeFileAtomically(path.join(dir, 'metrics.json'), JSON.stringify(report, null, 2) + '\n');
}

/** Every report under `reportsDir` (folders holding a readable metrics.json), by notebook name. */
export function readReports(reportsDir: string): Report[] {
  if (!fs.existsSync(reportsDir)) return [];
  return fs
    .readdirSync(reportsDir)
    .sort()
    .flatMap((d) => {
      try {
        return [JSON.parse(fs.readFileSync(path.join(reportsDir, d, 'metrics.json'), 'utf8')) as Report];
      } catch {
        return [];
      }
    });
}

/** `name = value` lines, values as TypeScript literals would show them. */
function parameterLines(params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return '<span class="dim">defaults</span>';
  return entries.map(([k, v]) => `<code>${escapeHtml(k)} = ${escapeHtml(JSON.stringify(v))}</code>`).join('<br>');
}

/** The recorded results as a two-column table, numbers aligned and shown to 6 significant digits. */
function resultsTable(metrics: Record<string, number | string>): string {
  const rows = Object.entries(metrics).map(([k, v]) =>
    typeof v === 'number' ? `<tr><td>${escapeHtml(k)}</td><td class="num">${formatNumber(v)}</td></tr>` : `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`,
  );
  return rows.length === 0 ? '<span class="dim">none</span>' : `<table class="results">${rows.join('')}</table>`;
}

/** How many claims held and which were not checked (with why, on hover). */
function claimsSummary(claims: ClaimOutcome[]): string {
  if (claims.length === 0) return '<span class="dim">none</span>';
  const held = claims.filter((c) => c.status === 'holds').length;
  const unchecked = claims.filter((c) => c.status === 'not checked');
  const lines = [`${held} ✓`];
  if (unchecked.length) lines.push(`<span title="${escapeHtml(unchecked.map((c) => `${c.claim}: ${c.detail}`).join('\n'))}">${unchecked.length} not checked</span>`);
  return lines.join('<br>');
}

/**
 * Writes reports/index.html: one row per notebook run there, with its status, mode (smoke or full), time,
 * backend, the parameters that differ from that mode's defaults, its claims held and not checked, and its recorded results.
 */
export function writeIndex(reportsDir: string): string {
  const reports = readReports(reportsDir);
  const cell = (t: string, cls = '') => `<td${cls ? ` class="${cls}"` : ''}>${t}</td>`;
  const rows = reports.map((r) => {
    const status = r.status === 'ok' ? 'ok' : `<b class="bad">${escapeHtml(r.status)}</b>${r.error ? `<br><small>${escapeHtml(r.error.cell)}</small>` : ''}`;
    return `<tr>${[
      cell(`<a href="${encodeURI(r.notebook)}/${encodeURI(r.notebook)}.html">${escapeHtml(r.notebook)}</a>`, 'nowrap'),
      cell(status),
      cell(r.smoke ? 'smoke' : 'full'),
      cell(`${r.durationSeconds.toFixed(1)} s`, 'num'),
      cell(escapeHtml(`${r.backend ?? '-'}${r.gpu ? ' (GPU)' : ''}`)),
      cell(parameterLines(r.changedParams ?? {})),
      cell(claimsSummary(r.claims ?? [])),
      cell(resultsTable(r.metrics)),
      cell(escapeHtml(r.startedAt.replace('T', ' ').slice(0, 19)), 'nowrap'),
    ].join('')}</tr>`;
  });
  const html = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Notebook reports</title>
<style>
body{font-family:sans-serif;margin:2em}
table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}
code{font-size:85%;white-space:nowrap}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.nowrap{white-space:nowrap}
.dim{color:#888}
.bad{color:#c00}
table.results td{border:none;padding:0 12px 0 0;font-size:90%}
</style>
</head><body><h1>Notebook reports</h1>
<table><thead><tr><th>notebook</th><th>status</th><th>mode</th><th>time</th><th>backend</th><th>parameters changed</th><th>claims</th><th>results</th><th>started (UTC)</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></body></html>
`;
  const file = path.join(reportsDir, 'index.html');
  writeFileAtomically(file, html);
  return file;
}
