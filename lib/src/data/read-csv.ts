/**
 * CSV files as danfo.js DataFrames (pandas-like tables whose columns turn into tfjs tensors).
 * danfojs-node is loaded on the first call, not at import, because loading it takes about a second.
 * @see datasets/seattle-weather/README.md
 */
import * as fs from 'fs';
import * as path from 'path';
import type { DataFrame } from 'danfojs-node';

/**
 * Reads the CSV file at `file` into a DataFrame, numbers typed as float32 or int32 columns. An empty
 * cell becomes `null` (`df.isNa()` marks it), but `df[col].tensor` turns null into 0 without a word:
 * drop the rows with missing values (`df.dropNa()`) or fill them (`df.fillNa(...)`) before taking tensors.
 */
export async function readCsv(file: string): Promise<DataFrame> {
  const full = path.resolve(file);
  if (!fs.existsSync(full)) throw new Error(`readCsv: no file at ${full}`);
  const dfd = await import('danfojs-node');
  return dfd.readCSV(full);
}
