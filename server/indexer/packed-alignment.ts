// The alignment across years, saved in binary parts and read entry by entry.
//
//   part  := entryCount, then per entry (passage position - previous entry's position, entry bytes),
//            then the entries
//   entry := firstYear, matchCount, then per match (year - passage's year, counterpart position -
//            passage's position, similarity x 1000 x 2 + 1 when identical)
//
// Why: as JSON objects the alignment is the largest thing a server holds, about 2 KB per passage (24
// counterparts of four fields each): 210 MB and a 4 s parse at 100k passages, so about 2 GB and 40 s at
// 1M, though a page reads the entries of one passage (the passage page) or of one country's passages
// (comparisons across years). Packed it is about 150 bytes per passage, and an entry is decoded when read.
//
// The loaded alignment keeps the type the rest of the code reads, `Alignment` (a record by passage id),
// as a read-only Proxy over the parts: `alignment[id]` decodes that entry, `Object.keys` lists the ids
// without decoding anything, `Object.entries` decodes as it goes. So the five places that read the
// alignment, and alignPassages which builds it, are unchanged.
//
// A loaded index keeps the parts on disk (part-on-disk.ts): the entries' places are read from the parts'
// heads on first use, and an entry is one positioned read of its bytes (88 MB not held at a million
// passages, against a read of about 100 bytes a passage page).

import type { PassageTable } from '../passage-table.ts';
import type { Alignment, PassageAlignment, YearMatch } from '../analysis/align.ts';
import { ByteReader, ByteWriter } from '../search/storage/byte-codec.ts';
import type { PartBytes } from '../search/storage/part-on-disk.ts';

/**
 * The alignment as binary parts of at most `records` entries, in corpus order. Reads the alignment one
 * entry at a time, so re-packing a loaded (packed) alignment never decodes it whole.
 */
export function packAlignment(alignment: Alignment, passages: PassageTable, records: number): Buffer[] {
  const aligned = Object.keys(alignment).map((id) => {
    const position = passages.positionOf(id);
    if (position === undefined) throw new Error(`the alignment names ${id}, which is not a passage`);
    return position;
  });
  aligned.sort((a, b) => a - b);
  const parts: Buffer[] = [];
  for (let start = 0; start < aligned.length || parts.length === 0; start += records) {
    const positions = aligned.slice(start, start + records);
    const head = new ByteWriter();
    const body = new ByteWriter();
    head.uint(positions.length);
    let previous = 0;
    for (const position of positions) {
      const before = body.size;
      writeEntry(body, alignment[passages.id(position)]!, position, passages);
      head.uint(position - previous);
      head.uint(body.size - before);
      previous = position;
    }
    head.raw(body.bytes());
    parts.push(Buffer.from(head.bytes()));
  }
  return parts;
}

/** A read-only Alignment over packed parts; `passages` are the ones the parts were packed with (their table looks ids up). */
export function packedAlignment(parts: PartBytes[], passages: PassageTable): Alignment {
  // Built on first use (a passage page, a comparison), not at load: reading every entry's place is a
  // third of a second at a million passages that a search never needs. The parts' checksums were
  // checked when they were read (index-file.ts); what is checked here is that their entries make sense.
  let index: EntryIndex | null = null;
  const entries = () => (index ??= entryIndex(parts, passages.length));

  const positionOf = (id: string): number => {
    const position = passages.positionOf(id);
    return position !== undefined && entries().entryAt[position] !== -1 ? position : -1;
  };
  const read = (position: number): PassageAlignment => {
    const { entryAt, locationOf, lengthOf } = entries();
    const entry = entryAt[position]!;
    const location = locationOf[entry]!;
    const part = parts[Math.floor(location / 2 ** 32)]!;
    const offset = location % 2 ** 32;
    // An entry read within its own bytes: a damaged one fails here, naming its part.
    return readable(part, () =>
      readEntry(new ByteReader(part.bytes(offset, offset + lengthOf[entry]!)), position, passages),
    );
  };
  const aligned = (key: string | symbol): number => (typeof key === 'string' ? positionOf(key) : -1);
  return new Proxy({} as Alignment, {
    get: (target, key, receiver) => {
      const position = aligned(key);
      return position === -1 ? Reflect.get(target, key, receiver) : read(position);
    },
    has: (target, key) => aligned(key) !== -1 || Reflect.has(target, key),
    ownKeys: () => {
      const { entryAt } = entries();
      const ids: string[] = [];
      for (let position = 0; position < passages.length; position++)
        if (entryAt[position] !== -1) ids.push(passages.id(position));
      return ids;
    },
    // An accessor, so listing the keys (Object.keys checks that each is enumerable) decodes nothing.
    getOwnPropertyDescriptor: (_target, key) => {
      const position = aligned(key);
      return position === -1 ? undefined : { get: () => read(position), enumerable: true, configurable: true };
    },
    set: () => false,
    deleteProperty: () => false,
    defineProperty: () => false,
  });
}

interface EntryIndex {
  /** Passage position -> entry number, or -1. */
  entryAt: Int32Array;
  /** Entry -> part number x 2^32 + byte offset (exact in a double). */
  locationOf: Float64Array;
  /** Entry -> its length in bytes. */
  lengthOf: Uint32Array;
}

/**
 * Per passage position, its entry number or -1; per entry, where its bytes are and how many. Typed
 * arrays: 16 bytes a passage, no Map of its own. Reads only the parts' heads. Throws, naming the part,
 * when a part's entries do not add up.
 */
function entryIndex(parts: PartBytes[], passageCount: number): EntryIndex {
  const entryAt = new Int32Array(passageCount).fill(-1);
  let locationOf = new Float64Array(1024);
  let lengthOf = new Uint32Array(1024);
  let entries = 0;
  parts.forEach((part, partNumber) => {
    readable(part, () => {
      // The head: the count, then two varints (of at most 5 bytes below 2^32) an entry.
      const count = new ByteReader(part.bytes(0, 5)).uint();
      const reader = new ByteReader(part.bytes(0, 5 + 10 * count));
      reader.uint();
      const first = entries;
      if (first + count > locationOf.length)
        [locationOf, lengthOf] = [grown(locationOf, first + count), grown(lengthOf, first + count)];
      let position = 0;
      for (let i = 0; i < count; i++) {
        position += reader.uint();
        if (position >= passageCount) throw new RangeError(`an entry for passage ${position} of ${passageCount}`);
        entryAt[position] = first + i;
        lengthOf[first + i] = reader.uint();
      }
      let offset = reader.offset;
      for (let i = first; i < first + count; i++) {
        locationOf[i] = partNumber * 2 ** 32 + offset;
        offset += lengthOf[i]!;
      }
      if (offset !== part.length) throw new RangeError(`${part.length - offset} bytes left over`);
      entries += count;
    });
  });
  return { entryAt, locationOf: locationOf.subarray(0, entries), lengthOf: lengthOf.subarray(0, entries) };
}

/** What `read` returns; an error reading it names the part and what to do. */
function readable<T>(part: PartBytes, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const message = (error as Error).message;
    if (message.includes('is not a readable index part')) throw error;
    throw new Error(
      `${part.source} is not a readable index part (${message}); run \`npm run index\` to rebuild the index`,
    );
  }
}

function grown<T extends Float64Array<ArrayBuffer> | Uint32Array<ArrayBuffer>>(array: T, least: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(least, array.length * 2));
  bigger.set(array);
  return bigger;
}

function writeEntry(writer: ByteWriter, entry: PassageAlignment, position: number, passages: PassageTable): void {
  const year = passages.year(position);
  writer.uint(entry.firstYear);
  writer.uint(entry.alsoIn.length);
  for (const match of entry.alsoIn) {
    const counterpart = passages.positionOf(match.id);
    const thousandths = Math.round(match.similarity * 1000);
    // Similarities are kept to three decimals (align.ts); anything else would not come back equal.
    if (counterpart === undefined || thousandths / 1000 !== match.similarity)
      throw new Error(`cannot pack ${passages.id(position)}'s counterpart ${JSON.stringify(match)}`);
    writer.int(match.year - year);
    writer.int(counterpart - position);
    writer.uint(thousandths * 2 + (match.status === 'identical' ? 1 : 0));
  }
}

function readEntry(reader: ByteReader, position: number, passages: PassageTable): PassageAlignment {
  const own = passages.year(position);
  const firstYear = reader.uint();
  const count = reader.uint();
  const alsoIn: YearMatch[] = [];
  for (let i = 0; i < count; i++) {
    const year = own + reader.int();
    const id = passages.id(position + reader.int());
    const code = reader.uint();
    alsoIn.push({
      year,
      id,
      status: code % 2 === 1 ? 'identical' : 'revised',
      similarity: Math.floor(code / 2) / 1000,
    });
  }
  return { alsoIn, firstYear };
}
