/**
 * CRC-32C (Castagnoli), the checksum of TFRecord files, and the masked form TensorFlow stores.
 */

/** The reflected Castagnoli polynomial. */
const POLYNOMIAL = 0x82f63b78;

let table: Uint32Array | undefined;

/** The byte-at-a-time lookup table, built on first use (nothing happens at import time). */
function crcTable(): Uint32Array {
  if (table === undefined) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  return table;
}

/** The CRC-32C of `bytes`, as an unsigned 32-bit number ("123456789" gives 0xE3069283). */
export function crc32c(bytes: Uint8Array): number {
  const t = crcTable();
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = t[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** TFRecord's masked CRC-32C: the CRC rotated right by 15 bits plus 0xa282ead8, modulo 2³². */
export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}
