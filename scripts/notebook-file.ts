/**
 * The parts of the Jupyter notebook format (nbformat 4) the runner reads and writes.
 */
import * as fs from 'fs';

export interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
}

export interface Cell {
  cell_type: 'code' | 'markdown' | 'raw';
  id?: string;
  metadata: { tags?: string[]; [key: string]: unknown };
  source: string | string[];
  outputs?: Output[];
  execution_count?: number | null;
}

export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** A cell's source as one string. */
export function cellSource(cell: Cell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/** Text of a stream output or a text/plain value. */
export function outputText(value: string | string[] | unknown): string {
  return Array.isArray(value) ? value.join('') : String(value ?? '');
}

/** Reads and minimally validates a notebook file. */
export function readNotebook(file: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} is not a readable notebook: ${(e as Error).message}`);
  }
  if (!Array.isArray(nb.cells) || nb.nbformat !== 4) {
    throw new Error(`${file} is not an nbformat 4 notebook`);
  }
  return nb;
}

/** Index of the first cell carrying `tag`, or -1. */
export function findTaggedCell(nb: Notebook, tag: string): number {
  return nb.cells.findIndex((c) => c.metadata.tags?.includes(tag));
}
