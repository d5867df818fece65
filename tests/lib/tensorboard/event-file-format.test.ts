/**
 * TensorBoard's file format, byte for byte: CRC-32C and its mask against published check values, protobuf
 * encodings worked out by hand (and confirmed with Google's protobuf library), TFRecord framing, histogram buckets,
 * and the event file the writer leaves.
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { crc32c, maskedCrc32c } from 'dl-lectures-lib/dist/tensorboard/crc32c';
import { encodeEvent, encodeHistogram } from 'dl-lectures-lib/dist/tensorboard/event-proto';
import { createEventFile, tfRecord } from 'dl-lectures-lib/dist/tensorboard/event-file';
import { histogramOf } from 'dl-lectures-lib/dist/tensorboard/histogram-of';
import { tensorBoardWriter } from 'dl-lectures-lib/dist/tensorboard/summary-writer';
import { tensorBoardCallback } from 'dl-lectures-lib/dist/tensorboard/tensorboard-callback';
import { tf } from 'dl-lectures-lib/dist/tf';
import { expectNoLeakedTensors } from '../../helpers';

const ascii = (s: string) => new TextEncoder().encode(s);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('CRC-32C', () => {
  it('gives the published check values (RFC 3720 B.4 and the "123456789" check)', () => {
    expect(crc32c(ascii('123456789'))).to.equal(0xe3069283);
    expect(crc32c(new Uint8Array(0))).to.equal(0);
    expect(crc32c(new Uint8Array(32))).to.equal(0x8a9136aa); // 32 bytes of zeros
    expect(crc32c(new Uint8Array(32).fill(0xff))).to.equal(0x62a8ab43); // 32 bytes of ones
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).to.equal(0x46dd794e); // ascending 0..31
  });

  it('masks as TFRecord does: rotate right by 15, add 0xa282ead8', () => {
    // 0xe3069283 >>> 15 = 0x0001c60d; (0xe3069283 << 17) mod 2^32 = 0x25060000; or: 0x2507c60d; + 0xa282ead8 = 0xc78ab0e5.
    expect(maskedCrc32c(ascii('123456789'))).to.equal(0xc78ab0e5);
    expect(maskedCrc32c(new Uint8Array(0))).to.equal(0xa282ead8); // CRC 0: only the constant
  });
});

describe('the Event protocol buffer', () => {
  it('encodes a scalar event as worked out by hand', () => {
    // 09 <1.5 as a little-endian double>      wall_time (field 1, 64-bit)
    // 10 03                                   step 3 (field 2, varint)
    // 2a 0d                                   summary (field 5, 13 bytes)
    //   0a 0b                                 Summary.value (field 1, 11 bytes)
    //     0a 04 6c6f7373                      tag "loss" (field 1)
    //     15 0000003f                         simple_value 0.5 (field 2, 32-bit float)
    const bytes = encodeEvent({ wallTime: 1.5, step: 3, summary: [{ tag: 'loss', simpleValue: 0.5 }] });
    expect(hex(bytes)).to.equal('09000000000000f83f' + '1003' + '2a0d' + '0a0b' + '0a046c6f7373' + '150000003f');
  });

  it('writes a scalar 0 (a oneof member) but leaves out step 0 (a proto3 default)', () => {
    expect(hex(encodeEvent({ wallTime: 1.5, step: 7, summary: [{ tag: 'z', simpleValue: 0 }] }))).to.equal('09000000000000f83f1007' + '2a0a0a080a017a1500000000');
    expect(hex(encodeEvent({ wallTime: 1.5, step: 0, summary: [{ tag: 'z', simpleValue: 0 }] }))).to.equal('09000000000000f83f' + '2a0a0a080a017a1500000000');
  });

  it('encodes the file-version event and multi-byte varints', () => {
    // file_version (field 3, string): 1a 0d "brain.Event:2"
    expect(hex(encodeEvent({ wallTime: 1.5, fileVersion: 'brain.Event:2' }))).to.equal('09000000000000f83f1a0d' + hex(ascii('brain.Event:2')));
    // 300 = 0b10_0101100: low 7 bits 0x2c with the continuation bit (0xac), then 0x02.
    expect(hex(encodeEvent({ wallTime: 2, step: 300 })).slice(18)).to.equal('10ac02');
    expect(() => encodeEvent({ wallTime: 2, step: 0.5 })).to.throw(/whole number/);
  });

  it('encodes a HistogramProto: five doubles, then packed bucket limits and counts', () => {
    const h = { min: 1, max: 4, num: 4, sum: 10, sumSquares: 30, bucketLimit: [2, 3, 4], bucket: [1, 1, 2] };
    const d = (x: number) => {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(x);
      return b.toString('hex');
    };
    // fields 1-5 are doubles (keys 09, 11, 19, 21, 29); 6 and 7 packed (keys 32, 3a), 24 bytes each.
    const expected = `09${d(1)}11${d(4)}19${d(4)}21${d(10)}29${d(30)}3218${d(2)}${d(3)}${d(4)}3a18${d(1)}${d(1)}${d(2)}`;
    expect(hex(encodeHistogram(h))).to.equal(expected);
    // The whole event as Google's protobuf library (Python, tensorboard 2.21's event_pb2) serialises it.
    expect(hex(encodeEvent({ wallTime: 2, step: 300, summary: [{ tag: 'h', histogram: h }] }))).to.equal(
      '09000000000000004010ac022a680a660a01682a61' + expected,
    );
  });
});

describe('TFRecord framing', () => {
  it('is length, masked CRC of the length, data, masked CRC of the data (little-endian)', () => {
    const record = tfRecord(ascii('abc'));
    expect(record.length).to.equal(3 + 16);
    expect(hex(record.subarray(0, 8))).to.equal('0300000000000000');
    const view = new DataView(record.buffer, record.byteOffset);
    expect(view.getUint32(8, true)).to.equal(maskedCrc32c(record.subarray(0, 8)));
    expect(hex(record.subarray(12, 15))).to.equal('616263');
    expect(view.getUint32(15, true)).to.equal(maskedCrc32c(ascii('abc')));
    // The two checksums as TensorBoard's own masked_crc32c computes them.
    expect(view.getUint32(8, true)).to.equal(0x0e4999b0);
    expect(view.getUint32(15, true)).to.equal(0x21f1576e);
  });
});

describe('histogramOf', () => {
  it('splits min..max into equal buckets, each holding its left edge, the last its right edge too', () => {
    expect(histogramOf([4, 1, 2, 3], 3)).to.deep.equal({ min: 1, max: 4, num: 4, sum: 10, sumSquares: 30, bucketLimit: [2, 3, 4], bucket: [1, 1, 2] });
    // Values on edges: limits are i × 0.1 in doubles (0.30000000000000004, 0.7000000000000001); a value equal to a
    // limit goes to the bucket on its right, and 0.7 (just under 7 × 0.1) to the one on its left.
    const h = histogramOf([0, 0.1, 0.2, 0.30000000000000004, 0.7, 1], 10);
    expect(h.bucketLimit.slice(0, 3)).to.deep.equal([0.1, 0.2, 0.30000000000000004]);
    expect(h.bucket).to.deep.equal([1, 1, 1, 1, 0, 0, 1, 0, 0, 1]);
  });

  it('makes one bucket of equal values, none of no values, and leaves NaN and infinities out', () => {
    expect(histogramOf([2, 2, 2])).to.deep.equal({ min: 2, max: 2, num: 3, sum: 6, sumSquares: 12, bucketLimit: [2], bucket: [3] });
    expect(histogramOf([])).to.deep.equal({ min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] });
    expect(histogramOf([NaN, -1, Infinity, 1, -Infinity], 2)).to.deep.equal({ min: -1, max: 1, num: 2, sum: 0, sumSquares: 2, bucketLimit: [0, 1], bucket: [1, 1] });
  });

  it('refuses a bucket count that is not a positive whole number', () => {
    expect(() => histogramOf([1], 0)).to.throw(/bucketCount must be a whole number of at least 1, got 0/);
  });
});

describe('tensorBoardWriter and its event file', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-format-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('tensorBoardCallback refuses bad options before making any file', () => {
    expect(() => tensorBoardCallback(path.join(dir, 'run'), { histogramFreq: -1 })).to.throw(/histogramFreq must be a whole number of epochs \(0: no histograms\), got -1/);
    expect(() => tensorBoardCallback(path.join(dir, 'run'), { buckets: 2.5 })).to.throw(/buckets must be a whole number of at least 1, got 2.5/);
    expect(fs.existsSync(path.join(dir, 'run'))).to.equal(false);
  });

  it('names files events.out.tfevents.<seconds>.<host> and never reuses a name', () => {
    const now = new Date(1_700_000_000_500);
    const a = createEventFile(path.join(dir, 'run'), now);
    const b = createEventFile(path.join(dir, 'run'), now);
    expect(path.basename(a)).to.equal(`events.out.tfevents.1700000000.${os.hostname()}`);
    expect(path.basename(b)).to.equal(`events.out.tfevents.1700000000.${os.hostname()}.1`);
  });

  it('writes the version record first and the others on flush, as TFRecords of Events', async () => {
    const w = tensorBoardWriter(path.join(dir, 'run'));
    const versionRecord = fs.readFileSync(w.file);
    expect(versionRecord.subarray(12 + 9, versionRecord.length - 4).toString()).to.equal('\x1a\x0dbrain.Event:2');
    w.scalar('loss', 0.25, 1);
    expect(fs.readFileSync(w.file).length, 'buffered until flush').to.equal(versionRecord.length);
    await expectNoLeakedTensors(async () => {
      const t = tf.tensor1d([1, 2, 3, 4]);
      await w.histogram('h', t, 2, 3);
      t.dispose();
    });
    w.close();
    const records: Buffer[] = [];
    const file = fs.readFileSync(w.file);
    for (let at = 0; at < file.length; ) {
      const n = Number(file.readBigUInt64LE(at));
      expect(file.readUInt32LE(at + 8)).to.equal(maskedCrc32c(file.subarray(at, at + 8)));
      const data = file.subarray(at + 12, at + 12 + n);
      expect(file.readUInt32LE(at + 12 + n)).to.equal(maskedCrc32c(data));
      records.push(data);
      at += n + 16;
    }
    expect(records).to.have.length(3);
    expect(hex(records[1].subarray(9))).to.equal('10012a0d0a0b0a046c6f7373150000803e'); // step 1, "loss" = 0.25
    expect(hex(records[2].subarray(9))).to.match(/^10022a/);
    expect(hex(records[2])).to.contain(hex(encodeHistogram(histogramOf([1, 2, 3, 4], 3))));
    expect(() => w.scalar('loss', 1, 2)).to.throw(/is closed: make a new one/);
  });
});
