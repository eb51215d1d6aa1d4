// Every passage of a library, by position (corpus order), as columns: a passage becomes an object only
// when something asks for it (`at`), so loading a million passages reads their parts' bytes and makes
// a few typed arrays, not a million objects (docs/storage.md, "Storage: an index path we own").
//
//   documentOf  Uint32Array   position -> index into the library's documents (year, country, source)
//   sectionOf   Uint8Array    position -> index into SECTIONS
//   rows        position -> (source, row): a source is a packed part (packed-passages.ts) or passages
//               held as objects (an index built in memory, a delta segment's added document)
//
// The ids are looked up through a hash table over the sources' id bytes, built on first use (a passage
// page, an alias, the alignment): no Map of a million strings.

import { SECTIONS, type DocumentRecord, type Passage, type Section } from './corpus/types.ts';
import type { PackedPassages } from './indexer/packed-passages.ts';

/** Where rows come from: a packed part, or passages as objects. */
interface PassageRows {
  readonly count: number;
  passage(row: number): Passage;
  id(row: number): string;
  /** idHash of the row's id (a packed part hashes the id's bytes, without making it a string). */
  idHash(row: number): number;
  text(row: number): string;
  paragraph(row: number): number;
}

/** Passages held as objects: `passage` gives the object itself. */
class ObjectRows implements PassageRows {
  constructor(private readonly passages: readonly Passage[]) {}

  get count(): number {
    return this.passages.length;
  }

  passage(row: number): Passage {
    return this.passages[row]!;
  }

  id(row: number): string {
    return this.passages[row]!.id;
  }

  idHash(row: number): number {
    return idHash(this.passages[row]!.id);
  }

  text(row: number): string {
    return this.passages[row]!.text;
  }

  paragraph(row: number): number {
    return this.passages[row]!.paragraph;
  }
}

/** Some of a table's passages (positions ascending), or new passages (objects): the pieces `composed` puts in order. */
export type PassagePiece = { table: PassageTable; positions: ArrayLike<number> } | { passages: readonly Passage[] };

const SECTION_INDEX = new Map<string, number>(SECTIONS.map((section, i) => [section, i]));

export class PassageTable implements Iterable<Passage> {
  readonly length: number;
  /** Position -> index into `documents`. */
  readonly documentOf: Uint32Array;
  /** Position -> index into SECTIONS. */
  private readonly sectionOf: Uint8Array;
  private readonly sourceOf: Uint16Array;
  private readonly rowOf: Uint32Array;
  private ids: { table: Int32Array; mask: number } | null = null;
  /** Each document's passages: offsets by document into `documentPositions` (built on first use). */
  private byDocument: Uint32Array | null = null;
  private documentPositions: Int32Array | null = null;
  private constructor(
    readonly documents: readonly DocumentRecord[],
    private readonly sources: readonly PassageRows[],
    sourceOf: Uint16Array,
    rowOf: Uint32Array,
    documentOf: Uint32Array,
    sectionOf: Uint8Array,
  ) {
    this.length = rowOf.length;
    [this.sourceOf, this.rowOf, this.documentOf, this.sectionOf] = [sourceOf, rowOf, documentOf, sectionOf];
  }

  /** Passages held as objects (an index built in memory), in corpus order. */
  static of(documents: readonly DocumentRecord[], passages: readonly Passage[]): PassageTable {
    return PassageTable.composed(documents, [{ passages }]).table;
  }

  /** Packed parts, one after the other. */
  static fromParts(documents: readonly DocumentRecord[], parts: readonly PackedPassages[]): PassageTable {
    const length = parts.reduce((sum, part) => sum + part.count, 0);
    const [sourceOf, rowOf, documentOf, sectionOf] = [
      new Uint16Array(length),
      new Uint32Array(length),
      new Uint32Array(length),
      new Uint8Array(length),
    ];
    const documentIndex = indexOf(documents);
    let position = 0;
    parts.forEach((part, source) => {
      const documentOfPart = Uint32Array.from(part.documents, (document) => documentIn(documentIndex, document.id));
      sectionOf.set(part.sectionOf, position);
      for (let row = 0; row < part.count; row++, position++) {
        sourceOf[position] = source;
        rowOf[position] = row;
        documentOf[position] = documentOfPart[part.documentOf[row]!]!;
      }
    });
    return new PassageTable(documents, parts, sourceOf, rowOf, documentOf, sectionOf);
  }

  /**
   * A new table from pieces in order: runs of existing tables (copied as row references, not read) and
   * new passages. `from` says, for each position, where its passage was in `base` (-1: new, or from
   * another table): what a delta segment's merge needs to copy the base's tokens.
   */
  static composed(
    documents: readonly DocumentRecord[],
    pieces: readonly PassagePiece[],
    base?: PassageTable,
  ): { table: PassageTable; from: Int32Array } {
    const length = pieces.reduce(
      (sum, piece) => sum + ('table' in piece ? piece.positions.length : piece.passages.length),
      0,
    );
    const [sourceOf, rowOf, documentOf, sectionOf, from] = [
      new Uint16Array(length),
      new Uint32Array(length),
      new Uint32Array(length),
      new Uint8Array(length),
      new Int32Array(length).fill(-1),
    ];
    const sources: PassageRows[] = [];
    const sourceIds = new Map<PassageRows, number>();
    const sourceId = (rows: PassageRows) => {
      let id = sourceIds.get(rows);
      if (id === undefined) {
        if (sources.length === 0xffff) throw new Error('a passage table holds at most 65,535 sources');
        sourceIds.set(rows, (id = sources.length));
        sources.push(rows);
      }
      return id;
    };
    const documentIndex = indexOf(documents);
    let position = 0;
    for (const piece of pieces) {
      if ('table' in piece) {
        const { table } = piece;
        // The same documents may sit at other indexes in the new list.
        const remap =
          table.documents === documents
            ? null
            : Uint32Array.from(table.documents, (document) => documentIndex.get(document.id) ?? 0xffffffff);
        for (let i = 0; i < piece.positions.length; i++, position++) {
          const at = piece.positions[i]!;
          sourceOf[position] = sourceId(table.sources[table.sourceOf[at]!]!);
          rowOf[position] = table.rowOf[at]!;
          const document = remap ? remap[table.documentOf[at]!]! : table.documentOf[at]!;
          if (document === 0xffffffff)
            throw new Error(
              `passage ${table.id(at)} names document ${table.documents[table.documentOf[at]!]!.id}, which is not in the catalog`,
            );
          documentOf[position] = document;
          sectionOf[position] = table.sectionOf[at]!;
          if (table === base) from[position] = at;
        }
      } else {
        const source = sourceId(new ObjectRows(piece.passages));
        piece.passages.forEach((passage, row) => {
          sourceOf[position] = source;
          rowOf[position] = row;
          documentOf[position] = documentIn(documentIndex, passage.doc);
          const section = SECTION_INDEX.get(passage.section);
          if (section === undefined) throw new Error(`passage ${passage.id} has no known section (${passage.section})`);
          sectionOf[position] = section;
          position++;
        });
      }
    }
    return { table: new PassageTable(documents, sources, sourceOf, rowOf, documentOf, sectionOf), from };
  }

  /** The passage at a position, as an object (made from its part's bytes, or the object held). */
  at(position: number): Passage {
    return this.rows(position).passage(this.rowOf[position]!);
  }

  id(position: number): string {
    return this.rows(position).id(this.rowOf[position]!);
  }

  text(position: number): string {
    return this.rows(position).text(this.rowOf[position]!);
  }

  section(position: number): Section {
    return SECTIONS[this.sectionOf[position]!]!;
  }

  /** The passage's paragraph number in its document (what tells a paragraph's sentences apart from the next's). */
  paragraph(position: number): number {
    return this.rows(position).paragraph(this.rowOf[position]!);
  }

  /** The passage's document's record. */
  document(position: number): DocumentRecord {
    return this.documents[this.documentOf[position]!]!;
  }

  year(position: number): number {
    return this.document(position).year;
  }

  /** Passages [from, to) as objects. */
  slice(from: number, to: number): Passage[] {
    const out: Passage[] = [];
    for (let position = Math.max(0, from); position < Math.min(to, this.length); position++)
      out.push(this.at(position));
    return out;
  }

  *[Symbol.iterator](): Iterator<Passage> {
    for (let position = 0; position < this.length; position++) yield this.at(position);
  }

  /** The positions of a document's passages, ascending (corpus order keeps a document's together, so usually one run). */
  positionsOfDocument(document: number): Int32Array {
    if (!this.byDocument) {
      // A counting sort by document: offsets, then positions.
      const offsets = new Uint32Array(this.documents.length + 1);
      for (let position = 0; position < this.length; position++) offsets[this.documentOf[position]! + 1]!++;
      for (let i = 1; i < offsets.length; i++) offsets[i]! += offsets[i - 1]!;
      const positions = new Int32Array(this.length);
      const next = offsets.slice(0, -1);
      for (let position = 0; position < this.length; position++)
        positions[next[this.documentOf[position]!]!++] = position;
      [this.byDocument, this.documentPositions] = [offsets, positions];
    }
    return this.documentPositions!.subarray(this.byDocument[document]!, this.byDocument[document + 1]!);
  }

  /** The position of the passage with this id, or undefined. */
  positionOf(id: string): number | undefined {
    const { table, mask } = (this.ids ??= this.idTable());
    for (let slot = idHash(id) & mask; ; slot = (slot + 1) & mask) {
      const position = table[slot]!;
      if (position === -1) return undefined;
      if (this.id(position) === id) return position;
    }
  }

  /** Open addressing, linear probing, at most half full: position per slot, -1 empty. */
  private idTable(): { table: Int32Array; mask: number } {
    let size = 2;
    while (size < this.length * 2) size *= 2;
    const table = new Int32Array(size).fill(-1);
    const mask = size - 1;
    // Hashed from the parts' bytes: at a million passages, making every id a string to hash it took
    // 0.3-0.4 s of the first page that looks a passage up by id (a search page, a passage page).
    for (let position = 0; position < this.length; position++) {
      let slot = this.rows(position).idHash(this.rowOf[position]!) & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = position;
    }
    return { table, mask };
  }

  private rows(position: number): PassageRows {
    if (position < 0 || position >= this.length)
      throw new RangeError(`no passage at position ${position} of ${this.length}`);
    return this.sources[this.sourceOf[position]!]!;
  }
}

function indexOf(documents: readonly DocumentRecord[]): Map<string, number> {
  return new Map(documents.map((document, i) => [document.id, i]));
}

function documentIn(index: Map<string, number>, id: string): number {
  const found = index.get(id);
  if (found === undefined) throw new Error(`passages of document ${id}, which is not in the catalog`);
  return found;
}

/** FNV-1a over the id's UTF-8 bytes (those of an ASCII id, as all ids are, are its code units). */
export function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    if (code > 0x7f) return bytesHash(Buffer.from(id, 'utf8'), 0, Buffer.byteLength(id, 'utf8'));
    h = Math.imul(h ^ code, 0x01000193);
  }
  return h >>> 0;
}

/** FNV-1a over `bytes[from, to)`: idHash of the id those bytes are in UTF-8. */
export function bytesHash(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}
