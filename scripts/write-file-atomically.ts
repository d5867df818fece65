/**
 * Writing files so that a reader (the loaders, a browser, the next run) never sees half of one.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Writes a file by renaming a finished temporary copy, so a reader never sees half a file. */
export function writeFileAtomically(file: string, content: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}
