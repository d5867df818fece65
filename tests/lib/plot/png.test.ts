import { expect } from 'chai';
import * as zlib from 'zlib';
import { encodeGrayPng } from 'dl-lectures-lib/dist/plot/png';

/** Decodes an 8-bit greyscale PNG with no filters: chunks, CRCs, header and pixels, by the PNG spec. */
function decode(png: Buffer): { width: number; height: number; pixels: number[] } {
  expect([...png.subarray(0, 8)]).to.deep.equal([137, 80, 78, 71, 13, 10, 26, 10]);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length), `${type} CRC`).to.equal(zlib.crc32(png.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') {
      [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
      expect([...data.subarray(8)]).to.deep.equal([8, 0, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const pixels: number[] = [];
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width + 1)], 'filter byte').to.equal(0);
    pixels.push(...raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)));
  }
  return { width, height, pixels };
}

describe('encodeGrayPng', () => {
  it('encodes pixels scaled from their own range to 0..255', () => {
    expect(decode(encodeGrayPng([0, 0.5, 1, 0.25, 0.75, 0], 3, 2))).to.deep.equal({ width: 3, height: 2, pixels: [0, 128, 255, 64, 191, 0] });
  });

  it('uses a fixed range when given, clipping values outside it', () => {
    expect(decode(encodeGrayPng([-1, 0, 255, 300], 2, 2, { min: 0, max: 255 })).pixels).to.deep.equal([0, 0, 255, 255]);
  });

  it('repeats each pixel scale times in both directions', () => {
    expect(decode(encodeGrayPng([0, 1], 2, 1, { scale: 2 }))).to.deep.equal({ width: 4, height: 2, pixels: [0, 0, 255, 255, 0, 0, 255, 255] });
  });

  it('rejects a pixel count that does not match the size', () => {
    expect(() => encodeGrayPng([1, 2, 3], 2, 2)).to.throw('3 pixels is not 2x2');
  });
});
