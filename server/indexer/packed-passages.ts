// Passages saved in binary parts as columns, read back as views of the part's bytes: a loaded part is
// its bytes, not a million objects, and a passage becomes an object only when a page asks for it.
//
//   part := count, documents (count, then each: id, year, country, source), headings (count, then
//           each; heading 0 is null), padding to 4 bytes,
//           then little-endian u32 columns of `count` each: document (index into the part's documents),
//           heading, paragraph, sentence, start, end; then the ids' and the texts' byte offsets
//           (count + 1 each); then a u8 column: section (index into SECTIONS); then the ids and the
//           texts, UTF-8, one after the other
//
// Why: as objects, every passage decoded at start and kept was most of a cold start at a million
// passages (about 2 µs each, most of it V8 moving objects that all survive) and most of what V8's full
// collections walk while serving. What search, filters and facets read of a passage is a few numbers
// per position (its document and section: the passage table's columns); a page reads the 20 passages it
// shows. A document's year, country and source are its record's, stored once per part.
//
// The texts, last in the part, may stay on disk (`texts`: part-on-disk.ts): a loaded index then holds a
// part's columns and ids (about a quarter of its bytes) and reads a passage's text when a page asks.

import { SECTIONS, type Passage, type Section } from '../corpus/types.ts';
import {
  align4,
  ByteReader,
  ByteWriter,
  littleEndian,
  uint32View,
  type BinaryPart,
} from '../search/storage/byte-codec.ts';
import { partInMemory, type PartBytes } from '../search/storage/part-on-disk.ts';
import { bytesHash } from '../passage-table.ts';

/** What a passage part says of each of its documents. */
export interface PartDocument {
  id: string;
  year: number;
  country: string;
  source: string;
}

const U32_COLUMNS = ['document', 'heading', 'paragraph', 'sentence', 'start', 'end'] as const;

const SECTION_INDEX = new Map<string, number>(SECTIONS.map((section, i) => [section, i]));

export function packPassages(passages: readonly Passage[]): Buffer {
  const documents = new Map<string, number>();
  const documentList: PartDocument[] = [];
  const headings = new Map<string | null, number>([[null, 0]]);
  const count = passages.length;
  const columns = Object.fromEntries(U32_COLUMNS.map((name) => [name, new Uint32Array(count)])) as Record<
    (typeof U32_COLUMNS)[number],
    Uint32Array
  >;
  const sections = new Uint8Array(count);
  const ids = new ByteWriter(count * 40);
  const texts = new ByteWriter(count * 200);
  const idEnds = new Uint32Array(count + 1);
  const textEnds = new Uint32Array(count + 1);
  passages.forEach((passage, row) => {
    let document = documents.get(passage.doc);
    if (document === undefined) {
      documents.set(passage.doc, (document = documentList.length));
      documentList.push({ id: passage.doc, year: passage.year, country: passage.country, source: passage.source });
    }
    const known = documentList[document]!;
    if (known.year !== passage.year || known.country !== passage.country || known.source !== passage.source)
      throw new Error(`passage ${passage.id}'s year, country or source is not its document's`);
    let heading = headings.get(passage.heading);
    if (heading === undefined) headings.set(passage.heading, (heading = headings.size));
    const section = SECTION_INDEX.get(passage.section);
    if (section === undefined) throw new Error(`passage ${passage.id} has no known section (${passage.section})`);
    columns.document[row] = document;
    columns.heading[row] = heading;
    columns.paragraph[row] = passage.paragraph;
    columns.sentence[row] = passage.sentence;
    columns.start[row] = passage.start;
    columns.end[row] = passage.end;
    sections[row] = section;
    ids.utf8(passage.id);
    texts.utf8(passage.text);
    idEnds[row + 1] = ids.size;
    textEnds[row + 1] = texts.size;
  });
  const head = new ByteWriter();
  head.uint(count);
  head.uint(documentList.length);
  for (const { id, year, country, source } of documentList) {
    head.string(id);
    head.uint(year);
    head.string(country);
    head.string(source);
  }
  head.uint(headings.size - 1);
  for (const heading of [...headings.keys()].slice(1)) head.string(heading!);
  const padding = Buffer.alloc(align4(head.size) - head.size);
  return Buffer.concat([
    head.bytes(),
    padding,
    ...U32_COLUMNS.map((name) => littleEndian(columns[name])),
    littleEndian(idEnds),
    littleEndian(textEnds),
    sections,
    ids.bytes(),
    texts.bytes(),
  ]);
}

/** A part read back: its columns are views of its bytes, and a row becomes a Passage only when asked. */
export class PackedPassages {
  readonly count: number;
  readonly documents: PartDocument[];
  /** Row -> index into `documents`. */
  readonly documentOf: Uint32Array<ArrayBufferLike>;
  /** Row -> index into SECTIONS. */
  readonly sectionOf: Uint8Array;
  private readonly headings: Array<string | null>;
  private readonly columns: Record<Exclude<(typeof U32_COLUMNS)[number], 'document'>, Uint32Array<ArrayBufferLike>>;
  private readonly idEnds: Uint32Array<ArrayBufferLike>;
  private readonly textEnds: Uint32Array<ArrayBufferLike>;
  private readonly idsAt: number;
  private readonly texts: PartBytes;

  /**
   * Reads and checks a part; throws, naming the part and what to do, when it is damaged. With `texts`,
   * `part` holds the part's bytes up to its texts (textsStart) and the texts are read from `texts`.
   */
  constructor(
    private readonly part: BinaryPart,
    texts?: PartBytes,
  ) {
    const bytes = part.bytes;
    try {
      const reader = new ByteReader(bytes);
      const { count, documents, headings } = readHead(reader);
      [this.count, this.documents, this.headings] = [count, documents, headings];
      let at = align4(reader.offset);
      const column = (length: number) => {
        const view = uint32View(bytes, at, length);
        at += length * 4;
        return view;
      };
      this.documentOf = column(count);
      this.columns = {
        heading: column(count),
        paragraph: column(count),
        sentence: column(count),
        start: column(count),
        end: column(count),
      };
      this.idEnds = column(count + 1);
      this.textEnds = column(count + 1);
      if (at + count > bytes.length) throw new RangeError(`truncated at byte ${bytes.length}`);
      this.sectionOf = bytes.subarray(at, at + count);
      this.idsAt = at + count;
      const textsAt = this.idsAt + this.idEnds[count]!;
      if (texts && textsAt !== bytes.length)
        throw new RangeError(`its texts begin at byte ${textsAt}, not ${bytes.length}`);
      this.texts = texts ?? partInMemory(part, Math.min(textsAt, bytes.length));
      if (this.texts.length !== this.textEnds[count]!)
        throw new RangeError(`${this.texts.length - this.textEnds[count]!} bytes more than the texts need`);
      // Checked once here, so that reading a row later cannot go astray: every reference in range,
      // every offset ascending.
      for (let row = 0; row < count; row++) {
        if (
          this.documentOf[row]! >= this.documents.length ||
          this.columns.heading[row]! >= this.headings.length ||
          this.sectionOf[row]! >= SECTIONS.length
        )
          throw new RangeError(`row ${row} names a value the part does not hold`);
        if (this.idEnds[row + 1]! < this.idEnds[row]! || this.textEnds[row + 1]! < this.textEnds[row]!)
          throw new RangeError(`row ${row}'s offsets run backwards`);
      }
    } catch (error) {
      throw new Error(
        `${part.source} is not a readable index part (${(error as Error).message}); run \`npm run index\` to rebuild the index`,
      );
    }
  }

  id(row: number): string {
    return this.part.bytes.toString('utf8', this.idsAt + this.idEnds[row]!, this.idsAt + this.idEnds[row + 1]!);
  }

  idHash(row: number): number {
    return bytesHash(this.part.bytes, this.idsAt + this.idEnds[row]!, this.idsAt + this.idEnds[row + 1]!);
  }

  text(row: number): string {
    return this.texts.bytes(this.textEnds[row]!, this.textEnds[row + 1]!).toString('utf8');
  }

  section(row: number): Section {
    return SECTIONS[this.sectionOf[row]!]!;
  }

  paragraph(row: number): number {
    return this.columns.paragraph[row]!;
  }

  /** The row as a Passage, keys in the order ingest makes them (the JSON API shows them so). */
  passage(row: number): Passage {
    const document = this.documents[this.documentOf[row]!]!;
    return {
      id: this.id(row),
      doc: document.id,
      year: document.year,
      country: document.country,
      section: this.section(row),
      heading: this.headings[this.columns.heading[row]!]!,
      paragraph: this.paragraph(row),
      sentence: this.columns.sentence[row]!,
      text: this.text(row),
      source: document.source,
      start: this.columns.start[row]!,
      end: this.columns.end[row]!,
    };
  }
}

/** Every passage of a part, as objects (what a rebuild compares ids with, one part at a time). */
export function unpackPassages(part: BinaryPart): Passage[] {
  const packed = new PackedPassages(part);
  return Array.from({ length: packed.count }, (_, row) => packed.passage(row));
}

/** A part's head: its count, its documents and its headings (heading 0 is null). */
function readHead(reader: ByteReader): { count: number; documents: PartDocument[]; headings: Array<string | null> } {
  const count = reader.uint();
  const documents: PartDocument[] = [];
  for (let i = reader.uint(); i > 0; i--)
    documents.push({ id: reader.string(), year: reader.uint(), country: reader.string(), source: reader.string() });
  const headings: Array<string | null> = [null];
  for (let i = reader.uint(); i > 0; i--) headings.push(reader.string());
  return { count, documents, headings };
}

/**
 * Where a part's texts begin, read from its first bytes (`read`, a range of the file of `size` bytes):
 * what keeping the texts on disk needs. Null when the part does not say (the check of the whole part,
 * or reading it whole, then says what is wrong).
 */
export function textsStart(read: (from: number, to: number) => Buffer, size: number): number | null {
  try {
    let head = read(0, Math.min(size, 1 << 16));
    let headEnd: number;
    let count: number;
    for (;;) {
      try {
        const reader = new ByteReader(head);
        count = readHead(reader).count;
        headEnd = reader.offset;
        break;
      } catch (error) {
        // A head longer than what was read (thousands of headings): read more.
        if (!(error instanceof RangeError) || head.length === size) return null;
        head = read(0, Math.min(size, head.length * 4));
      }
    }
    const idEndsAt = align4(headEnd) + 4 * U32_COLUMNS.length * count;
    const lastIdEnd = idEndsAt + 4 * count;
    if (lastIdEnd + 4 > size) return null;
    const textsAt = idEndsAt + 8 * (count + 1) + count + read(lastIdEnd, lastIdEnd + 4).readUInt32LE(0);
    return textsAt <= size ? textsAt : null;
  } catch {
    return null;
  }
}
