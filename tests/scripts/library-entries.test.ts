import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../scripts/jupyter';

/** The library's two doors: the notebook API (`dl-lectures-lib`) and the runner contract (`dl-lectures-lib/runner`). */
const ENTRIES = ['dl-lectures-lib', 'dl-lectures-lib/runner'];

describe('how the scripts reach the library', () => {
  it('every script imports the library only through its two entries, never a file inside it', () => {
    const scripts = path.join(ROOT, 'scripts');
    const seen: string[] = [];
    const stray: string[] = [];
    for (const file of fs.readdirSync(scripts).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(scripts, file), 'utf8');
      for (const [, specifier] of text.matchAll(/['"](dl-lectures-lib[^'"]*)['"]/g)) {
        seen.push(specifier);
        if (!ENTRIES.includes(specifier)) stray.push(`${file}: ${specifier}`);
      }
    }
    expect(seen, 'no script names the library at all: the scan is looking in the wrong place').to.not.be.empty;
    expect(stray).to.deep.equal([]);
  });

  it('resolves both entries to the compiled library, as Node and the package exports map them', () => {
    expect(require.resolve('dl-lectures-lib')).to.equal(fs.realpathSync(path.join(ROOT, 'lib', 'dist', 'index.js')));
    expect(require.resolve('dl-lectures-lib/runner')).to.equal(fs.realpathSync(path.join(ROOT, 'lib', 'dist', 'runner.js')));
  });
});
