import { expect } from 'chai';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { gzipSync } from 'zlib';
import type { IdxDatasetSpec } from 'dl-lectures-lib/dist/data/idx-datasets';
import { downloadDatasets, FetchBytes } from '../../scripts/download-datasets';
import { tempDir, tinyMnistLike } from '../lib/data/idx-fixtures';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A two-file stand-in for an official data set, with the checksums of its hand-made .gz files. */
const train = tinyMnistLike(3);
const gz = { images: gzipSync(train.images), labels: gzipSync(train.labels) };
const SPEC: IdxDatasetSpec = {
  name: 'mnist',
  title: 'Tiny',
  mirrors: ['https://first.example/', 'https://second.example/'],
  fallback: 'the package copy',
  files: [
    { name: 'train-images-idx3-ubyte', split: 'train', kind: 'images', count: 3, gzipSha256: sha256(gz.images) },
    { name: 'train-labels-idx1-ubyte', split: 'train', kind: 'labels', count: 3, gzipSha256: sha256(gz.labels) },
  ],
};

/** A fake network: `serve(url)` returns bytes or throws; every requested URL is recorded. */
function network(serve: (url: string) => Uint8Array): { fetchBytes: FetchBytes; requested: string[] } {
  const requested: string[] = [];
  return {
    requested,
    fetchBytes: async (url) => {
      requested.push(url);
      return serve(url);
    },
  };
}
const offline = () => {
  throw new Error('fetch failed: getaddrinfo ENOTFOUND');
};
const good = (url: string) => (url.includes('images') ? gz.images : gz.labels);

describe('downloadDatasets', () => {
  let root: { dir: string; remove: () => void };
  let lines: string[];
  const run = (fetchBytes: FetchBytes) => downloadDatasets({ datasets: [SPEC], root: root.dir, fetchBytes, log: (l) => lines.push(l) });
  const folder = () => path.join(root.dir, 'mnist');
  const files = () => (fs.existsSync(folder()) ? fs.readdirSync(folder()).sort() : []);
  beforeEach(() => {
    root = tempDir();
    lines = [];
  });
  afterEach(() => root.remove());

  it('writes verified downloads under <root>/<name>/ and exits 0', async () => {
    expect(await run(network(good).fetchBytes)).to.equal(0);
    expect(files()).to.deep.equal(['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']);
    expect(fs.readFileSync(path.join(folder(), 'train-labels-idx1-ubyte.gz'))).to.deep.equal(Buffer.from(gz.labels));
  });

  it('never downloads a file that already verifies', async () => {
    await run(network(good).fetchBytes);
    const second = network(good);
    expect(await run(second.fetchBytes)).to.equal(0);
    expect(second.requested).to.deep.equal([]);
    expect(lines.filter((l) => l.includes('already verified'))).to.have.length(2);
  });

  it('tries the next mirror when one is unreachable', async () => {
    const net = network((url) => (url.startsWith('https://first') ? offline() : good(url)));
    expect(await run(net.fetchBytes)).to.equal(0);
    expect(files()).to.have.length(2);
  });

  it('offline, writes nothing, warns that the package copy will be used and exits 0', async () => {
    expect(await run(network(offline).fetchBytes)).to.equal(0);
    expect(files()).to.deep.equal([]);
    const warning = lines.find((l) => l.startsWith('⚠ warning'))!;
    expect(warning).to.contain('could not download train-images-idx3-ubyte.gz from any mirror');
    expect(warning).to.contain('https://second.example/train-images-idx3-ubyte.gz: fetch failed: getaddrinfo ENOTFOUND');
    expect(warning).to.contain('The loaders will use the package copy.');
  });

  it('rejects a download failing its checksum, keeps no file and exits 1', async () => {
    const bad = gzipSync(tinyMnistLike(3).labels.map((b, i) => (i === 9 ? 7 : b))); // one label changed
    const net = network((url) => (url.includes('labels') ? bad : gz.images));
    expect(await run(net.fetchBytes)).to.equal(1);
    expect(files()).to.deep.equal([]); // not even the good images: a folder is written whole or not at all
    expect(lines.find((l) => l.startsWith('✗ error'))).to.match(/train-labels-idx1-ubyte\.gz failed verification.*\n.*SHA-256 [0-9a-f]{64} is not the official/);
  });

  it('replaces a local file that fails verification', async () => {
    fs.mkdirSync(folder());
    fs.writeFileSync(path.join(folder(), 'train-labels-idx1-ubyte.gz'), gz.labels.subarray(0, 20));
    fs.writeFileSync(path.join(folder(), 'train-images-idx3-ubyte.gz'), gz.images);
    const net = network(good);
    expect(await run(net.fetchBytes)).to.equal(0);
    expect(net.requested).to.deep.equal(['https://first.example/train-labels-idx1-ubyte.gz']);
    expect(fs.readFileSync(path.join(folder(), 'train-labels-idx1-ubyte.gz'))).to.deep.equal(Buffer.from(gz.labels));
  });
});
