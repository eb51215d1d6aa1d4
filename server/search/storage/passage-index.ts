// The one module that reaches into MiniSearch: `PassageIndex` is MiniSearch subclassed, so its
// protected fields (`_index`, `_documentIds`, `_fieldLength`, `_avgFieldLength`, the counters) are read
// as declared members, type-checked against the pinned version's declarations (package.json pins
// `minisearch` exactly): a release that renames or retypes one fails `tsc`, not a query.
//
// MiniSearch builds the index (`addAll`, `add`, `remove`) and holds the term dictionary (its radix tree,
// a SearchableMap, expands prefix and fuzzy terms). Everything else the engine reads goes through
// index-storage.ts, which reads it from here.
//
// Packed (saved) form, which `pack` writes and `unpack` reads back without building a Map per posting:
//
//   header     (JSON)  counters, field ids and average lengths, and the document ids (none when the
//                      documents are the library's passages in corpus order, as a full build adds
//                      them: they are then the passage table's, and a cold start reads no id)
//   documents  (bytes) per document: shortId gap, then each field's length + 1 (0: the field was absent)
//   terms      (bytes) the radix tree of terms, depth first, each node's children in Map order; a leaf
//                      names its term's entry in the postings: (part number, byte offset)
//   postings   (bytes) term entries (packed-postings.ts), in parts of at most `partBytes`
//
// The tree is rebuilt as it was (same nodes, same child order), so prefix and fuzzy expansion visit
// terms in the order of the index built in memory. Each leaf is a PackedTermData, decoded into a Map only
// if MiniSearch's own code reads it (add, remove, its `search`); the engine reads the bytes (index-storage.ts).
// The per-document Maps (`_documentIds`, `_fieldLength`, `_idToShortId`: three Map entries per passage,
// a second of a cold start at 1M) are LazyMaps too, filled only if MiniSearch itself needs them; the
// engine reads the document table as typed arrays (`documentTable`).

import MiniSearch, { type Options } from 'minisearch';
import { ByteReader, ByteWriter, type BinaryPart } from './byte-codec.ts';
import { PackedTermData, writeTermData, type TermData } from './packed-postings.ts';
import { LazyMap } from './lazy-map.ts';

export interface PackedHeader {
  serializationVersion: 2;
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  dirtCount: number;
  storedFields: Record<string, unknown>;
  /** Document ids, in the order of the `documents` part; null: the passages' ids, in corpus order (`unpack`'s `idAt`). */
  ids: string[] | null;
  termCount: number;
}

export interface PackedSearchIndex {
  header: PackedHeader;
  documents: BinaryPart;
  terms: BinaryPart;
  postings: BinaryPart[];
}

/** MiniSearch's BM25 parameters (its `searchOptions.bm25`). */
export interface Bm25Parameters {
  k: number;
  b: number;
  d: number;
}

/** Every document the index holds, as arrays: document i has short id `shortIds[i]` and id `ids[i]`. */
export interface DocumentTable {
  shortIds: Int32Array;
  /** Null: document i is the passage at position i. */
  ids: readonly string[] | null;
  /** Field id -> each document's length in that field (terms), in the table's order. */
  lengths: Uint32Array[];
}

/** A term the dictionary expanded a query term to, how, and how far it is from it (0: the term itself). */
export interface ExpandedTerm {
  term: string;
  data: TermData;
  kind: 'exact' | 'prefix' | 'fuzzy';
  distance: number;
}

/** MiniSearch's radix tree: edge label -> child node, and at the LEAF key ('') the term's postings. */
type RadixNode = Map<string, RadixNode | TermData>;
const LEAF = '';

/** Postings parts of about 256 MB: far below Buffer and file limits, few enough files at 1M passages. */
export const POSTINGS_PART_BYTES = 256 * 1024 * 1024;

export class PassageIndex<T = unknown> extends MiniSearch<T> {
  /** The document table as loaded, while MiniSearch's own per-document Maps are still unfilled. */
  private loadedTable: DocumentTable | null = null;
  /** Of the loaded table: document i's field f was absent (i x fields + f). */
  private loadedAbsent: ReadonlySet<number> = new Set();

  /** How many documents the index holds (BM25's N). */
  get documentTotal(): number {
    return this._documentCount;
  }

  /** Field name -> field id. */
  fieldId(field: string): number {
    const id = this._fieldIds[field];
    if (id === undefined) throw new Error(`MiniSearch: the index has no field "${field}"`);
    return id;
  }

  /** The mean length of a field, as MiniSearch keeps it (BM25's avgdl). */
  averageFieldLength(fieldId: number): number {
    return this._avgFieldLength[fieldId]!;
  }

  get bm25(): Bm25Parameters {
    return this._options.searchOptions.bm25;
  }

  /** The weights MiniSearch gives a prefix and a fuzzy match of a query term (its searchOptions.weights). */
  get expansionWeights(): { prefix: number; fuzzy: number } {
    return this._options.searchOptions.weights;
  }

  /** Whether documents were discarded and their postings not yet cleaned (MiniSearch skips them as it meets them). */
  get dirty(): boolean {
    return this._dirtCount > 0;
  }

  /** A term's postings in every field, as MiniSearch holds them (maybe still packed), or undefined. */
  termData(term: string): TermData | undefined {
    return this._index.get(term);
  }

  /**
   * The terms a query term expands to, in the order MiniSearch's executeQuery scores them: the term
   * itself, then (prefix) every longer term starting with it, then (fuzzy) every other term within
   * `fuzzy` edits. A term found both ways counts as a prefix match, as in MiniSearch.
   */
  expand(term: string, { prefix = false, fuzzy = 0 }: { prefix?: boolean; fuzzy?: number }): ExpandedTerm[] {
    const out: ExpandedTerm[] = [];
    const exact = this._index.get(term);
    if (exact) out.push({ term, data: exact, kind: 'exact', distance: 0 });
    const fuzzyMatches = fuzzy > 0 ? this._index.fuzzyGet(term, fuzzy) : undefined;
    if (prefix) {
      for (const [longer, data] of this._index.atPrefix(term)) {
        if (longer.length === term.length) continue;
        fuzzyMatches?.delete(longer);
        out.push({ term: longer, data, kind: 'prefix', distance: longer.length - term.length });
      }
    }
    if (fuzzyMatches) {
      for (const [near, [data, distance]] of fuzzyMatches)
        if (distance > 0) out.push({ term: near, data, kind: 'fuzzy', distance });
    }
    return out;
  }

  /** Every document as arrays (built from MiniSearch's Maps once they are filled: after add or remove). */
  documentTable(): DocumentTable {
    if (this.loadedTable && (this._documentIds as LazyMap<number, string>).pending) return this.loadedTable;
    const fieldCount = Object.keys(this._fieldIds).length;
    const count = this._documentIds.size;
    const table: DocumentTable = {
      shortIds: new Int32Array(count),
      ids: new Array<string>(count),
      lengths: Array.from({ length: fieldCount }, () => new Uint32Array(count)),
    };
    let i = 0;
    for (const [shortId, id] of this._documentIds) {
      table.shortIds[i] = shortId;
      (table.ids as string[])[i] = id as string;
      const lengths = this._fieldLength.get(shortId) ?? [];
      for (let field = 0; field < fieldCount; field++) table.lengths[field]![i] = lengths[field] ?? 0;
      i++;
    }
    return table;
  }

  /**
   * MiniSearch keeps each field's average length as a running mean, updated by every add and remove, so
   * its last bits depend on the order documents came and went; BM25 divides by it. A full build adds the
   * documents in corpus order: replay that mean (MiniSearch's own arithmetic, over the lengths it
   * stored) for `ids` in that order and set it, so scores after delta segments equal a full build's to
   * the bit.
   */
  setAverageLengthsInOrder(ids: readonly string[]): void {
    const averages = this._avgFieldLength.map(() => 0);
    ids.forEach((id, count) => {
      const shortId = this._idToShortId.get(id);
      const lengths = shortId === undefined ? undefined : this._fieldLength.get(shortId);
      if (!lengths) throw new Error(`MiniSearch: the index does not hold "${id}"`);
      for (let field = 0; field < averages.length; field++)
        averages[field] = (averages[field]! * count + lengths[field]!) / (count + 1);
    });
    this._avgFieldLength.splice(0, averages.length, ...averages);
  }

  /**
   * The index packed into binary parts. Terms still packed are copied byte for byte.
   * @example buildSearchIndex(passages).pack().header.termCount
   */
  pack(partBytes = POSTINGS_PART_BYTES): PackedSearchIndex {
    const fieldCount = Object.keys(this._fieldIds).length;
    const documents = new ByteWriter();
    let previous = 0;
    // An index loaded and never changed is packed from its table (its ids may be the passages', unread).
    const unchanged =
      this.loadedTable && (this._documentIds as LazyMap<number, string>).pending ? this.loadedTable : null;
    if (unchanged) {
      unchanged.shortIds.forEach((shortId, i) => {
        documents.int(shortId - previous);
        previous = shortId;
        for (let field = 0; field < fieldCount; field++)
          documents.uint(this.loadedAbsent.has(i * fieldCount + field) ? 0 : unchanged.lengths[field]![i]! + 1);
      });
    }
    for (const [shortId] of unchanged ? [] : this._documentIds) {
      documents.int(shortId - previous);
      previous = shortId;
      const lengths = this._fieldLength.get(shortId) ?? [];
      for (let field = 0; field < fieldCount; field++)
        documents.uint(lengths[field] === undefined ? 0 : lengths[field]! + 1);
    }

    const postings: BinaryPart[] = [];
    let current = new ByteWriter();
    const terms = new ByteWriter();
    let termCount = 0;
    const writeNode = (node: RadixNode) => {
      terms.uint(node.size);
      for (const [key, child] of node) {
        terms.string(key);
        if (key !== LEAF) {
          writeNode(child as RadixNode);
          continue;
        }
        if (current.size >= partBytes) {
          postings.push({ bytes: current.bytes(), source: 'new index' });
          current = new ByteWriter();
        }
        terms.uint(postings.length);
        terms.uint(current.size);
        const packed = child instanceof PackedTermData ? child.packedBytes() : null;
        if (packed) current.raw(packed);
        else writeTermData(current, child as TermData);
        termCount++;
      }
    };
    writeNode(this._index._tree as RadixNode);
    postings.push({ bytes: current.bytes(), source: 'new index' });

    return {
      header: {
        serializationVersion: 2,
        documentCount: this._documentCount,
        nextId: this._nextId,
        // Copies: MiniSearch changes its averages in place, and an index unpacked from this must not
        // share them with this one (a reload builds the new index beside the serving one).
        fieldIds: { ...this._fieldIds },
        averageFieldLength: [...this._avgFieldLength],
        dirtCount: this._dirtCount,
        storedFields: Object.fromEntries(this._storedFields),
        ids: unchanged ? unchanged.ids && [...unchanged.ids] : ([...this._documentIds.values()] as string[]),
        termCount,
      },
      documents: { bytes: documents.bytes(), source: 'new index' },
      terms: { bytes: terms.bytes(), source: 'new index' },
      postings,
    };
  }

  /**
   * A working index over packed parts, given the options it was built with. Throws, naming the part, when
   * a part is truncated or corrupt, or was written by another serialization version.
   */
  static unpack<T>(packed: PackedSearchIndex, options: Options<T>, idAt?: (i: number) => string): PassageIndex<T> {
    const { header } = packed;
    const entries = header.ids?.length ?? header.documentCount;
    const idOf = header.ids ? (i: number) => header.ids![i]! : idAt;
    if (header.serializationVersion !== 2)
      throw new Error(
        'MiniSearch: cannot load an index packed with another serialization version; run `npm run index` to rebuild the index',
      );
    const index = new PassageIndex<T>(options);
    index._documentCount = header.documentCount;
    index._nextId = header.nextId;
    index._fieldIds = { ...header.fieldIds };
    index._avgFieldLength = [...header.averageFieldLength];
    index._dirtCount = header.dirtCount;
    index._storedFields = new Map(
      Object.entries(header.storedFields).map(([shortId, fields]) => [
        Number(shortId),
        fields as Record<string, unknown>,
      ]),
    );

    const fieldCount = Object.keys(header.fieldIds).length;
    const table: DocumentTable = {
      shortIds: new Int32Array(entries),
      ids: header.ids,
      lengths: Array.from({ length: fieldCount }, () => new Uint32Array(entries)),
    };
    // Fields a document did not have (MiniSearch's array has a hole there; the table says 0, as BM25
    // never reads it: no postings there). Our passages always have both fields: this stays empty.
    const absent = new Set<number>();
    readPart(packed.documents, (reader) => {
      let shortId = 0;
      for (let i = 0; i < entries; i++) {
        shortId += reader.int();
        table.shortIds[i] = shortId;
        for (let field = 0; field < fieldCount; field++) {
          const length = reader.uint();
          if (length === 0) absent.add(i * fieldCount + field);
          else table.lengths[field]![i] = length - 1;
        }
      }
    });
    // MiniSearch's own per-document Maps, filled only when its code reads them (adding, removing,
    // discarding documents, its own `search`); the engine reads the table.
    const id = (i: number) => {
      if (!idOf)
        throw new Error('MiniSearch: this packed index takes its document ids from the passages; unpack it with them');
      return idOf(i);
    };
    index._documentIds = new LazyMap((set) => {
      for (let i = 0; i < entries; i++) set(table.shortIds[i]!, id(i));
    });
    index._fieldLength = new LazyMap((set) => {
      for (let i = 0; i < entries; i++) {
        const lengths = new Array<number>(fieldCount);
        for (let field = 0; field < fieldCount; field++)
          if (!absent.has(i * fieldCount + field)) lengths[field] = table.lengths[field]![i]!;
        set(table.shortIds[i]!, lengths);
      }
    });
    index._idToShortId = new LazyMap((set) => {
      for (let i = 0; i < entries; i++) set(id(i), table.shortIds[i]!);
    });
    index.loadedTable = table;
    index.loadedAbsent = absent;

    readPart(packed.terms, (reader) => {
      let terms = 0;
      const readNode = (): RadixNode => {
        const node: RadixNode = new Map();
        const children = reader.uint();
        for (let i = 0; i < children; i++) {
          const key = reader.string();
          if (key !== LEAF) {
            node.set(key, readNode());
            continue;
          }
          const part = packed.postings[reader.uint()];
          const offset = reader.uint();
          if (part === undefined || offset >= part.bytes.length)
            throw new RangeError(`a term's postings are outside the postings parts`);
          node.set(LEAF, new PackedTermData(part, offset));
          terms++;
        }
        return node;
      };
      const tree = readNode();
      if (terms !== header.termCount) throw new RangeError(`${terms} terms, the header says ${header.termCount}`);
      // MiniSearch's SearchableMap class (not exported by the main module) around the tree as it was.
      type Terms = typeof index._index;
      const SearchableMap = index._index.constructor as new (tree: Terms['_tree']) => Terms;
      index._index = new SearchableMap(tree as Terms['_tree']);
    });
    return index;
  }
}

/** Read a whole part with `read`; a part read short or past its end is corrupt, and says which. */
function readPart(part: BinaryPart, read: (reader: ByteReader) => void): void {
  const reader = new ByteReader(part.bytes);
  try {
    read(reader);
    if (!reader.done) throw new RangeError(`${part.bytes.length - reader.offset} bytes left over`);
  } catch (error) {
    throw new Error(
      `${part.source} is not a readable index part (${(error as Error).message}); run \`npm run index\` to rebuild the index`,
    );
  }
}
