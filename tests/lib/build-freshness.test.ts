import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { assertFreshBuild } from 'dl-lectures-lib/dist/build-freshness';

describe('assertFreshBuild', () => {
  let root: string;
  const touch = (file: string, secondsAgo: number) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
    const t = new Date(Date.now() - secondsAgo * 1000);
    fs.utimesSync(file, t, t);
  };
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fresh-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('accepts a build newer than every source file', () => {
    touch(path.join(root, 'src', 'a.ts'), 60);
    touch(path.join(root, 'src', 'plot', 'b.ts'), 50);
    touch(path.join(root, 'dist', 'tsconfig.tsbuildinfo'), 10);
    expect(() => assertFreshBuild(path.join(root, 'dist'))).to.not.throw();
  });

  it('refuses a build older than a source file, even in a subfolder, and says how to rebuild', () => {
    touch(path.join(root, 'src', 'a.ts'), 60);
    touch(path.join(root, 'dist', 'tsconfig.tsbuildinfo'), 30);
    touch(path.join(root, 'src', 'plot', 'b.ts'), 5);
    expect(() => assertFreshBuild(path.join(root, 'dist'))).to.throw('run `npm run build`');
  });
});
