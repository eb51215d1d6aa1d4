// One index term's postings, packed: for each field, the documents holding the term and how often.
//
//   term entry := fieldCount, then per field: fieldId, documentCount, then per document
//                 (shortId - previous shortId as a signed varint, term frequency)
//
// MiniSearch keeps a term's postings as Map<fieldId, Map<shortId, frequency>>: at a million passages
// that is tens of millions of Map entries, most of which no query ever reads. PackedTermData stands in
// for that outer Map and decodes its term's entry from the part's bytes the first time anything reads
// it, so a loaded index costs the bytes of its postings until a query needs a term.

import { ByteReader, type ByteWriter, type BinaryPart } from './byte-codec.ts';
import { LazyMap } from './lazy-map.ts';

/** MiniSearch's postings of one term: field id -> (short document id -> term frequency). */
export type TermData = Map<number, Map<number, number>>;

export function writeTermData(writer: ByteWriter, data: TermData): void {
  writer.uint(data.size);
  for (const [fieldId, frequencies] of data) {
    writer.uint(fieldId);
    writer.uint(frequencies.size);
    // Gaps, not ids: shortIds grow as documents are added, so gaps are small and positive (zigzag keeps
    // any other order exact).
    let previous = 0;
    for (const [shortId, frequency] of frequencies) {
      writer.int(shortId - previous);
      writer.uint(frequency);
      previous = shortId;
    }
  }
}

/** Decode a term entry, handing each field's Map to `set` in the order they were written. */
export function readTermData(
  reader: ByteReader,
  set: (fieldId: number, frequencies: Map<number, number>) => void,
): void {
  const fields = reader.uint();
  for (let f = 0; f < fields; f++) {
    const fieldId = reader.uint();
    const count = reader.uint();
    const frequencies = new Map<number, number>();
    let shortId = 0;
    for (let i = 0; i < count; i++) {
      shortId += reader.int();
      frequencies.set(shortId, reader.uint());
    }
    set(fieldId, frequencies);
  }
}

/**
 * One field's postings of the term entry at `offset`, as short ids and frequencies,
 * without building a Map; null when the term is not in the field.
 */
export function readFieldPostings(
  bytes: Buffer,
  offset: number,
  fieldId: number,
): { shortIds: Int32Array; frequencies: Uint32Array } | null {
  const reader = new ByteReader(bytes, offset);
  const fields = reader.uint();
  for (let f = 0; f < fields; f++) {
    const id = reader.uint();
    const count = reader.uint();
    // The hot loop of a query on a common word: varints decoded inline (gaps and frequencies fit in 31 bits).
    let at = reader.offset;
    if (id !== fieldId) {
      let varints = 2 * count;
      for (; varints > 0 && at < bytes.length; at++) if (bytes[at]! < 0x80) varints--;
      if (varints > 0) throw new RangeError(`truncated at byte ${bytes.length}`);
      reader.offset = at;
      continue;
    }
    const shortIds = new Int32Array(count);
    const frequencies = new Uint32Array(count);
    let shortId = 0;
    for (let i = 0; i < count; i++) {
      let byte = bytes[at++]!;
      let zigzag = byte & 0x7f;
      for (let shift = 7; byte >= 0x80; shift += 7) zigzag |= ((byte = bytes[at++]!) & 0x7f) << shift;
      shortId += zigzag & 1 ? -(zigzag + 1) / 2 : zigzag / 2;
      shortIds[i] = shortId;
      byte = bytes[at++]!;
      let frequency = byte & 0x7f;
      for (let shift = 7; byte >= 0x80; shift += 7) frequency |= ((byte = bytes[at++]!) & 0x7f) << shift;
      frequencies[i] = frequency;
    }
    if (at > bytes.length) throw new RangeError(`truncated at byte ${bytes.length}`);
    return { shortIds, frequencies };
  }
  return null;
}

/** The byte length of the term entry at `offset`, without building it: to copy it as it is. */
export function termDataLength(bytes: Buffer, offset: number): number {
  const reader = new ByteReader(bytes, offset);
  const fields = reader.uint();
  for (let f = 0; f < fields; f++) {
    reader.uint();
    const count = reader.uint();
    for (let i = 0; i < 2 * count; i++) reader.uint();
  }
  return reader.offset - offset;
}

/**
 * A term's postings, decoded into this Map the first time anything reads or changes it (LazyMap), so
 * searching, adding, removing, discarding, vacuuming and `toJSON` work on a loaded index as on one built
 * in memory. A term still pending is one nothing has read or changed: its bytes can be copied as they are.
 */
export class PackedTermData extends LazyMap<number, Map<number, number>> {
  constructor(
    private readonly part: BinaryPart,
    private readonly offset: number,
  ) {
    // (No closure per term: `load` reads the fields. A loaded index has one of these per term.)
    super();
  }

  protected override load(set: (fieldId: number, postings: Map<number, number>) => void): void {
    try {
      readTermData(new ByteReader(this.part.bytes, this.offset), set);
    } catch (error) {
      throw new Error(
        `${this.part.source} is not a readable index part (${(error as Error).message}); run \`npm run index\` to rebuild the index`,
      );
    }
  }

  /**
   * How many documents hold the term in a field, read from the entry's header while it is pending: a
   * document frequency (for the IDF of a synonym alternative, say) should not decode a million postings.
   */
  documentCount(fieldId: number): number {
    if (!this.pending) return this.get(fieldId)?.size ?? 0;
    const { bytes } = this.part;
    const reader = new ByteReader(bytes, this.offset);
    const fields = reader.uint();
    for (let f = 0; f < fields; f++) {
      const id = reader.uint();
      const count = reader.uint();
      if (id === fieldId) return count;
      // Skipped as readFieldPostings skips a field, by their last bytes, not decoded one by one: the
      // `exact` field of "of" lies behind a million `text` postings (at 1M passages, decoding them took
      // the answer lists' names 0.4 s).
      let varints = 2 * count;
      let at = reader.offset;
      for (; varints > 0 && at < bytes.length; at++) if (bytes[at]! < 0x80) varints--;
      if (varints > 0) throw new RangeError(`truncated at byte ${bytes.length}`);
      reader.offset = at;
    }
    return 0;
  }

  /**
   * One field's postings as arrays, read from the bytes while the term is pending (nothing is kept
   * here: the caller caches what it decodes), from the Map once MiniSearch's code has filled it.
   */
  fieldPostings(fieldId: number): { shortIds: Int32Array; frequencies: Uint32Array } | null {
    if (!this.pending) return fieldPostingsOf(this, fieldId);
    try {
      return readFieldPostings(this.part.bytes, this.offset, fieldId);
    } catch (error) {
      throw new Error(
        `${this.part.source} is not a readable index part (${(error as Error).message}); run \`npm run index\` to rebuild the index`,
      );
    }
  }

  /** The term's bytes while it is pending, else null. */
  packedBytes(): Buffer | null {
    if (!this.pending) return null;
    return this.part.bytes.subarray(this.offset, this.offset + termDataLength(this.part.bytes, this.offset));
  }
}

/** One field's postings of a term as MiniSearch holds them in Maps, as arrays; null when not in the field. */
export function fieldPostingsOf(
  data: TermData,
  fieldId: number,
): { shortIds: Int32Array; frequencies: Uint32Array } | null {
  const frequencies = data.get(fieldId);
  if (!frequencies) return null;
  const out = { shortIds: new Int32Array(frequencies.size), frequencies: new Uint32Array(frequencies.size) };
  let i = 0;
  for (const [shortId, frequency] of frequencies) {
    out.shortIds[i] = shortId;
    out.frequencies[i++] = frequency;
  }
  return out;
}
