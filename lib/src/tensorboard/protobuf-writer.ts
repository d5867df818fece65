/**
 * The few protocol-buffer wire types TensorBoard's event files need, written by hand: varints, 64-bit and
 * 32-bit floats, length-delimited fields and packed doubles.
 */

/** Wire types of the protobuf encoding. */
const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** Appends protobuf fields to a growing byte buffer; `bytes()` returns what was written. */
export class ProtobufWriter {
  private buffer = new Uint8Array(64);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  /** The encoded message so far. */
  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /** An unsigned varint (int64 fields take negative numbers as their 64-bit two's complement). */
  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    const mask = BigInt(0x7f);
    const seven = BigInt(7);
    do {
      const low = Number(v & mask);
      v >>= seven;
      this.byte(v > BigInt(0) ? low | 0x80 : low);
    } while (v > BigInt(0));
    return this;
  }

  /** Field `field`'s key: its number and wire type. */
  private key(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  /** An int64 field; `0` is left out unless `always` (proto3 omits defaults outside a oneof). */
  int64(field: number, value: number, always = false): this {
    if (!Number.isSafeInteger(value)) throw new Error(`int64 field ${field}: ${value} is not a whole number in the safe range`);
    return value === 0 && !always ? this : this.key(field, VARINT).varint(value);
  }

  /** A double field, little-endian; `0` is left out unless `always`. */
  double(field: number, value: number, always = false): this {
    if (Object.is(value, 0) && !always) return this;
    this.key(field, FIXED64).reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
    return this;
  }

  /** A float field (rounded to 32 bits), little-endian; `0` is left out unless `always`. */
  float(field: number, value: number, always = false): this {
    if (Object.is(value, 0) && !always) return this;
    this.key(field, FIXED32).reserve(4);
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
    return this;
  }

  /** A length-delimited field: raw bytes or an embedded message's encoding. */
  lengthDelimited(field: number, data: Uint8Array): this {
    this.key(field, LENGTH_DELIMITED).varint(data.length).reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
    return this;
  }

  /** A UTF-8 string field; the empty string is left out. */
  string(field: number, text: string): this {
    return text === '' ? this : this.lengthDelimited(field, new TextEncoder().encode(text));
  }

  /** A packed repeated double field; an empty list is left out. */
  packedDoubles(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    const data = new DataView(new ArrayBuffer(8 * values.length));
    for (let i = 0; i < values.length; i++) data.setFloat64(8 * i, values[i], true);
    return this.lengthDelimited(field, new Uint8Array(data.buffer));
  }

  private byte(b: number): void {
    this.reserve(1);
    this.buffer[this.length++] = b;
  }

  private reserve(n: number): this {
    if (this.length + n > this.buffer.length) {
      const grown = new Uint8Array(Math.max(2 * this.buffer.length, this.length + n));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
      this.view = new DataView(grown.buffer);
    }
    return this;
  }
}
