/**
 * Matches command-line names to notebooks: `01`, `1`, `01-cost-minimization` or the file name.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The notebooks in `dir`, sorted by file name. */
export function listNotebooks(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb') && !f.startsWith('.'))
    .sort();
}

/** The notebook files `names` select from `dir` (all when `names` is empty); unknown names are an error. */
export function selectNotebooks(dir: string, names: string[]): string[] {
  const all = listNotebooks(dir);
  if (names.length === 0) return all;
  const selected: string[] = [];
  for (const name of names) {
    const stem = name.replace(/\.ipynb$/, '');
    const number = /^\d+$/.test(stem) ? Number(stem) : undefined;
    const match = all.filter((f) => {
      const fileStem = f.replace(/\.ipynb$/, '');
      return fileStem === stem || (number !== undefined && Number(fileStem.split('-')[0]) === number);
    });
    if (match.length === 0) {
      throw new Error(`no notebook matches '${name}'. Notebooks in ${path.relative(process.cwd(), dir) || dir}/:\n${all.map((f) => `  ${f}`).join('\n')}`);
    }
    for (const f of match) if (!selected.includes(f)) selected.push(f);
  }
  return selected;
}
