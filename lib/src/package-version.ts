/**
 * The one way the project reads an installed npm package's version: from its package.json on disk.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The version in `<packageDir>/package.json`, or undefined when there is none or it cannot be read. */
export function packageDirVersion(packageDir: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** The version of package `name` as Node resolves it from `from` (default: this library), or undefined when it is not installed. */
export function packageVersion(name: string, from: string = __dirname): string | undefined {
  let manifest: string;
  try {
    manifest = require.resolve(`${name}/package.json`, { paths: [from] });
  } catch {
    return undefined;
  }
  return packageDirVersion(path.dirname(manifest));
}
