import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { assertFreshBuild } from 'dl-lectures-lib/dist/build-freshness';
import { ROOT } from '../../scripts/jupyter';

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

/**
 * The library as a notebook meets it, in a copy whose build is stale: lib/dist copied next to a lib/src
 * edited after it, with the project's node_modules linked in. A child process imports it, so this
 * process's tfjs and seed stay as they are.
 */
describe('a stale library build', function () {
  this.timeout(120000);
  let root: string;
  const dist = () => path.join(root, 'lib', 'dist');
  /** Imports both entries, then calls useBackend('cpu'); prints IMPORTED, then OK <backend> or ERROR <message>. */
  const child = () => {
    const script = `
      require(${JSON.stringify(path.join(dist(), 'runner.js'))});
      const { useBackend } = require(${JSON.stringify(path.join(dist(), 'index.js'))});
      console.log('IMPORTED');
      useBackend('cpu').then((i) => console.log('OK ' + i.backend), (e) => console.log('ERROR ' + e.message));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 100000 });
    return r.stdout + r.stderr;
  };
  const setMtime = (file: string, secondsAgo: number) => {
    const t = new Date(Date.now() - secondsAgo * 1000);
    fs.utimesSync(file, t, t);
  };

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'stale-lib-'));
    fs.cpSync(path.join(ROOT, 'lib', 'dist'), dist(), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    fs.mkdirSync(path.join(root, 'lib', 'src'));
    fs.writeFileSync(path.join(root, 'lib', 'src', 'edited.ts'), '');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('imports without running anything, and useBackend refuses it, saying to rebuild', () => {
    setMtime(path.join(dist(), 'tsconfig.tsbuildinfo'), 60);
    setMtime(path.join(root, 'lib', 'src', 'edited.ts'), 5);
    const out = child();
    expect(out).to.include('IMPORTED');
    expect(out).to.include('ERROR lib/src changed since lib/dist was built: run `npm run build`, then restart the kernel');
  });

  it('once rebuilt (the build newer than every source), lets useBackend start the backend', () => {
    setMtime(path.join(root, 'lib', 'src', 'edited.ts'), 60);
    setMtime(path.join(dist(), 'tsconfig.tsbuildinfo'), 5);
    expect(child()).to.match(/IMPORTED[\s\S]*Backend: cpu on CPU[\s\S]*OK cpu/);
  });
});
