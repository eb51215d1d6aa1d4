// Unsigned LEB128 varints and length-prefixed UTF-8 strings, written to a growing buffer and read back
// with bounds checks: the encoding of the packed search index's binary parts (storage/passage-index.ts).
// And columns of 32-bit numbers, little-endian and 4-byte aligned, read as views of a part's bytes
// (the saved tokens, the passages' columns): no decoding at load.
//
// Varints because postings are small numbers (document-id gaps, term frequencies): one byte each for
// most, against eight in a JSON object key plus value. Fixed-width columns where a value is read by
// position (a passage's paragraph, its text's offset), so that reading one needs no scan.

/** A binary index part's bytes and the file (or build) they came from, for error messages. */
export interface BinaryPart {
  bytes: Buffer;
  source: string;
}

/** Appends varints, strings and raw bytes; `bytes()` is what was written. */
export class ByteWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(initialBytes = 1 << 16) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  get size(): number {
    return this.length;
  }

  uint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not an unsigned integer: ${value}`);
    this.reserve(8);
    // Below 2^31 bit operations are exact; above, division keeps it exact up to 2^53.
    while (value >= 0x80) {
      this.buffer[this.length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.buffer[this.length++] = value;
  }

  /** A signed integer, zigzag-mapped (0, -1, 1, -2... -> 0, 1, 2, 3...) so small negatives stay small. */
  int(value: number): void {
    this.uint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  string(value: string): void {
    const bytes = Buffer.byteLength(value);
    this.uint(bytes);
    this.reserve(bytes);
    this.length += this.buffer.write(value, this.length, 'utf8');
  }

  /** UTF-8 with no length before it (a column of offsets says where each ends). */
  utf8(value: string): void {
    this.reserve(Buffer.byteLength(value));
    this.length += this.buffer.write(value, this.length, 'utf8');
  }

  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

/** Reads what a ByteWriter wrote; reading past the end throws (a truncated or corrupt part). */
export class ByteReader {
  offset: number;

  constructor(
    readonly buffer: Buffer,
    offset = 0,
  ) {
    this.offset = offset;
  }

  get done(): boolean {
    return this.offset >= this.buffer.length;
  }

  uint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.offset >= this.buffer.length) throw new RangeError(`truncated at byte ${this.offset}`);
      const byte = this.buffer[this.offset++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new RangeError(`varint too long at byte ${this.offset}`);
    }
  }

  int(): number {
    const zigzag = this.uint();
    return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  }

  string(): string {
    const bytes = this.uint();
    const end = this.offset + bytes;
    if (end > this.buffer.length) throw new RangeError(`truncated at byte ${this.offset}`);
    const value = this.buffer.toString('utf8', this.offset, end);
    this.offset = end;
    return value;
  }
}

export function align4(offset: number): number {
  return Math.ceil(offset / 4) * 4;
}

/** The bytes from `offset` on as 32-bit numbers (`count` of them, or as many as fit): a view when aligned (a file read whole is), else a copy. */
export function uint32View(
  bytes: Uint8Array,
  offset: number,
  count = Math.floor((bytes.byteLength - offset) / 4),
): Uint32Array<ArrayBufferLike> {
  const start = bytes.byteOffset + offset;
  if (offset + count * 4 > bytes.byteLength) throw new RangeError(`truncated at byte ${bytes.byteLength}`);
  if (start % 4 === 0 && LITTLE_ENDIAN) return new Uint32Array(bytes.buffer, start, count);
  const copy = new Uint32Array(count);
  const view = new DataView(bytes.buffer, start, count * 4);
  for (let i = 0; i < count; i++) copy[i] = view.getUint32(i * 4, true);
  return copy;
}

/** 32-bit numbers as little-endian bytes (a view on a little-endian machine). */
export function littleEndian(numbers: Uint32Array<ArrayBufferLike>): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(numbers.buffer, numbers.byteOffset, numbers.byteLength);
  const out = Buffer.alloc(numbers.byteLength);
  numbers.forEach((value, i) => {
    out.writeUInt32LE(value, i * 4);
  });
  return out;
}

/** Known once: asking at every view made two arrays a call (a passage's token offsets are viewed at every highlight). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
