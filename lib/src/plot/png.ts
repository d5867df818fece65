/**
 * A minimal PNG encoder for greyscale images (digits, filters, feature maps), so images are stored in
 * the notebook as small PNGs rather than thousands of SVG rectangles.
 */
import * as zlib from 'zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * Encodes `pixels` [height * width] (row-major) as an 8-bit greyscale PNG. Values are scaled from
 * [min, max] (default: the pixels' own range) to 0..255, so any array shows with full contrast;
 * `scale` repeats each pixel that many times in both directions.
 */
export function encodeGrayPng(pixels: ArrayLike<number>, width: number, height: number, options: { min?: number; max?: number; scale?: number } = {}): Buffer {
  if (pixels.length !== width * height) throw new Error(`encodeGrayPng: ${pixels.length} pixels is not ${width}x${height}`);
  let { min, max } = options;
  if (min === undefined || max === undefined) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < pixels.length; i++) {
      lo = Math.min(lo, pixels[i]);
      hi = Math.max(hi, pixels[i]);
    }
    min ??= lo;
    max ??= hi;
  }
  const range = max - min || 1;
  const s = Math.max(1, Math.round(options.scale ?? 1));
  const [w, h] = [width * s, height * s];
  const raw = Buffer.alloc((w + 1) * h); // each row: filter byte 0 (none), then w pixels
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = (pixels[Math.floor(y / s) * width + Math.floor(x / s)] - min) / range;
      raw[y * (w + 1) + 1 + x] = Math.round(255 * Math.min(1, Math.max(0, v)));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 0, 0, 0, 0], 8); // bit depth 8, colour type 0 (grey), deflate, no filter, no interlace
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
