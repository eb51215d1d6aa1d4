// MiniSearch's index packed into a few binary parts, and loaded back into a working MiniSearch without
// building a Map per posting.
//
//   header     (JSON)  MiniSearch's counters, field ids and average lengths, and the document ids
//   documents  (bytes) per document: shortId gap, then each field's length + 1 (0: the field was absent)
//   terms      (bytes) MiniSearch's radix tree of terms, depth first, each node's children in Map order;
//                      a leaf names its term's entry in the postings: (part number, byte offset)
//   postings   (bytes) term entries (packed-postings.ts), in parts of at most `partBytes`
//
// Why not MiniSearch's toJSON/loadJS: loadJS parses every posting of every term into Maps (a Map per
// term and field, an entry per posting: tens of millions at 1M passages, about 2 GB, and most of the
// load time), though a query reads a handful of terms. Here the tree is rebuilt as it was (same nodes,
// same child order, so prefix and fuzzy expansion visit terms in the same order and sum scores in the
// same order), and each leaf is a PackedTermData that decodes its postings on first use. MiniSearch's
// id -> shortId map, which only adding and removing documents read, is built on first use too.
//
// This reaches into MiniSearch's private fields (named in MiniSearchInternals below), the ones its own
// loadJS and toJSON fill and read. Pinned by test/packed-index.test.ts: searches (exact, prefix, fuzzy,
// AND, each field), add, remove, discard, vacuum and toJSON on a loaded index equal those on the index
// MiniSearch built itself. Upgrading MiniSearch means running those tests.

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
  /** Document ids, in the order of the `documents` part. */
  ids: string[];
  termCount: number;
}

export interface PackedSearchIndex {
  header: PackedHeader;
  documents: BinaryPart;
  terms: BinaryPart;
  postings: BinaryPart[];
}

/** The private state MiniSearch's loadJS fills; see the header comment. */
interface MiniSearchInternals {
  _index: { _tree: RadixNode; constructor: new (tree: RadixNode) => MiniSearchInternals['_index'] };
  _documentIds: Map<number, string>;
  _idToShortId: Map<string, number>;
  _fieldLength: Map<number, number[]>;
  _storedFields: Map<number, unknown>;
  _documentCount: number;
  _nextId: number;
  _fieldIds: Record<string, number>;
  _avgFieldLength: number[];
  _dirtCount: number;
}

/** MiniSearch's radix tree: edge label -> child node, and at the LEAF key ('') the term's postings. */
type RadixNode = Map<string, RadixNode | TermData>;
const LEAF = '';

/** Postings parts of about 256 MB: far below Buffer and file limits, few enough files at 1M passages. */
export const POSTINGS_PART_BYTES = 256 * 1024 * 1024;

/**
 * Pack a MiniSearch index (built in memory or loaded). Terms still packed are copied byte for byte.
 * @example packSearchIndex(buildSearchIndex(passages)).header.termCount
 */
export function packSearchIndex<T>(index: MiniSearch<T>, partBytes = POSTINGS_PART_BYTES): PackedSearchIndex {
  const internals = index as unknown as MiniSearchInternals;
  const fieldCount = Object.keys(internals._fieldIds).length;
  const documents = new ByteWriter();
  let previous = 0;
  for (const shortId of internals._documentIds.keys()) {
    documents.int(shortId - previous);
    previous = shortId;
    const lengths = internals._fieldLength.get(shortId) ?? [];
    for (let field = 0; field < fieldCount; field++) documents.uint(lengths[field] === undefined ? 0 : lengths[field]! + 1);
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
  writeNode(internals._index._tree);
  postings.push({ bytes: current.bytes(), source: 'new index' });

  return {
    header: {
      serializationVersion: 2,
      documentCount: internals._documentCount,
      nextId: internals._nextId,
      fieldIds: internals._fieldIds,
      averageFieldLength: internals._avgFieldLength,
      dirtCount: internals._dirtCount,
      storedFields: Object.fromEntries(internals._storedFields),
      ids: [...internals._documentIds.values()],
      termCount,
    },
    documents: { bytes: documents.bytes(), source: 'new index' },
    terms: { bytes: terms.bytes(), source: 'new index' },
    postings,
  };
}

/**
 * A working MiniSearch over packed parts, given the options it was built with. Throws, naming the
 * part, when a part is truncated or corrupt.
 */
export function unpackSearchIndex<T>(packed: PackedSearchIndex, options: Options<T>): MiniSearch<T> {
  const { header } = packed;
  // loadJS with no terms and no documents: MiniSearch itself checks the serialization version, applies
  // the options and sets the counters; the documents and the tree are filled in below.
  const index = MiniSearch.loadJS<T>(
    { ...header, index: [], documentIds: {}, fieldLength: {}, storedFields: header.storedFields as never },
    options,
  );
  const internals = index as unknown as MiniSearchInternals;
  readPart(packed.documents, (reader) => {
    const fieldCount = Object.keys(header.fieldIds).length;
    let shortId = 0;
    for (const id of header.ids) {
      shortId += reader.int();
      // Sized once: growing an empty array field by field cost twice as much at 300k documents.
      const lengths = new Array<number>(fieldCount);
      for (let field = 0; field < fieldCount; field++) {
        const length = reader.uint();
        if (length > 0) lengths[field] = length - 1;
      }
      internals._documentIds.set(shortId, id);
      internals._fieldLength.set(shortId, lengths);
    }
  });
  // id -> shortId serves only adding, removing and discarding documents, never a search: built when
  // first used (a third of the documents' load time, and a Map of every id, saved at start).
  internals._idToShortId = new LazyMap((set) => {
    for (const [shortId, id] of internals._documentIds) set(id, shortId);
  });
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
        if (part === undefined || offset >= part.bytes.length) throw new RangeError(`a term's postings are outside the postings parts`);
        node.set(LEAF, new PackedTermData(part, offset));
        terms++;
      }
      return node;
    };
    const tree = readNode();
    if (terms !== header.termCount) throw new RangeError(`${terms} terms, the header says ${header.termCount}`);
    internals._index = new internals._index.constructor(tree);
  });
  return index;
}

/** Read a whole part with `read`; a part read short or past its end is corrupt, and says which. */
function readPart(part: BinaryPart, read: (reader: ByteReader) => void): void {
  const reader = new ByteReader(part.bytes);
  try {
    read(reader);
    if (!reader.done) throw new RangeError(`${part.bytes.length - reader.offset} bytes left over`);
  } catch (error) {
    throw new Error(`${part.source} is not a readable index part (${(error as Error).message}); run \`npm run index\` to rebuild the index`);
  }
}
