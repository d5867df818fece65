/**
 * The files of a report: the executed notebook (with a reproducibility block, and an error banner when
 * the run failed), its HTML and optional Markdown export, metrics.json, and reports/index.html.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './jupyter';
import { Cell, Notebook, writeFileAtomically } from './notebook-file';

/** metrics.json: one notebook run. */
export interface Report {
  notebook: string;
  params: Record<string, unknown>;
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
}

/** Text made safe to put in HTML. */
export const escapeHtml = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The project's commit, with `-dirty` when tracked files differ from it; null outside git. */
export function gitCommit(): string | null {
  const head = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return null;
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  return head.stdout.trim() + (dirty ? '-dirty' : '');
}

/** The operating system and processor, e.g. "Linux 6.1.0 x64, 2 × Intel(R) Xeon(R) ...". */
export function osDescription(): string {
  const cpus = os.cpus();
  return `${os.type()} ${os.release()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`;
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

/**
 * Writes reports/<name>/: the executed notebook, its HTML (code hidden with `noInput`), Markdown when
 * asked, and metrics.json last, so a complete metrics.json means a complete report.
 */
export function writeReport(python: string, dir: string, notebook: Notebook, report: Report, options: { noInput: boolean; markdown: boolean }): void {
  const top: Cell[] = [...(report.error ? [errorBanner(report.status, report.error.cell, report.error.message)] : []), runInfoCell(report)];
  const executed: Notebook = { ...notebook, cells: [...top, ...notebook.cells] };
  const ipynbFile = path.join(dir, `${report.notebook}.ipynb`);
  writeFileAtomically(ipynbFile, JSON.stringify(executed, null, 1) + '\n');
  nbconvert(python, ipynbFile, dir, report.notebook, 'html', options.noInput ? ['--no-input'] : []);
  if (options.markdown) nbconvert(python, ipynbFile, dir, report.notebook, 'markdown', options.noInput ? ['--no-input'] : []);
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

/** Writes reports/index.html: every notebook run there, with status, time, backend, parameters and results. */
export function writeIndex(reportsDir: string): string {
  const reports = readReports(reportsDir);
  const cell = (t: string) => `<td>${t}</td>`;
  const rows = reports.map((r) => {
    const results = Object.entries(r.metrics).map(([k, v]) => `${escapeHtml(k)} = ${escapeHtml(String(v))}`).join('<br>');
    const status = r.status === 'ok' ? 'ok' : `<b style="color:#c00">${escapeHtml(r.status)}</b>${r.error ? `<br><small>${escapeHtml(r.error.cell)}</small>` : ''}`;
    return `<tr>${[
      `<a href="${encodeURI(r.notebook)}/${encodeURI(r.notebook)}.html">${escapeHtml(r.notebook)}</a>`,
      status,
      `${r.durationSeconds.toFixed(1)} s`,
      escapeHtml(`${r.backend ?? '-'}${r.gpu ? ' (GPU)' : ''}`),
      `<code>${escapeHtml(JSON.stringify(r.params))}</code>`,
      results,
      escapeHtml(r.startedAt.replace('T', ' ').slice(0, 19)),
    ].map(cell).join('')}</tr>`;
  });
  const html = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Notebook reports</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}code{font-size:85%}</style>
</head><body><h1>Notebook reports</h1>
<table><thead><tr><th>notebook</th><th>status</th><th>time</th><th>backend</th><th>parameters</th><th>results</th><th>started (UTC)</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></body></html>
`;
  const file = path.join(reportsDir, 'index.html');
  writeFileAtomically(file, html);
  return file;
}
