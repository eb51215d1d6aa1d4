// The saved index: what `npm run index` writes and the server loads.
//
//   index/build/index.json        the manifest: format version, fingerprint, build time, counts, the
//                                 name of the parts folder below, and each part's length and CRC-32,
//                                 closed by its own CRC-32 (small; what the server watches)
//   index/build/build.lock        held by the one process writing the index (build-lock.ts)
//   index/build/parts-<stamp>/    documents.json; passages-000.bin… (packed-passages.ts);
//                                 alignment-000.bin… (packed-alignment.ts); the search index packed
//                                 (search/packed-index.ts):
//                                 search.json (MiniSearch's counters and document ids),
//                                 search-documents.bin, search-terms.bin (the term tree), postings-000.bin…;
//                                 tokens.bin (every passage's tokens as ids: server/search/storage/token-store.ts)
//
// Several files rather than one: V8 caps a string at about 537M characters, and one JSON string of the
// whole index passes that at about 330k passages. Each part stays far below it, and parts are read one at
// a time. Passages, the alignment and the search index are binary: as JSON they were most of a server's
// load time, and the alignment and the search index, parsed into objects and Maps, most of its memory
// (about 2 GB each at 1M passages); now the alignment is read entry by entry when a page needs it, and
// a term's postings when a query first reads them. A new build writes a new parts folder and then renames
// a new manifest over the old one, so a reader sees the old index or the new one, never half of each.
//
// After a build, the importer may append delta segments (delta.ts) to the parts folder and name them in
// a new manifest: the base parts stay as they are, and loading applies the segments in order.
//
// The manifest carries a format version (loading another fails loudly, saying what to do) and a
// fingerprint of everything the index was built from (build-inputs.ts), so a stale index is rebuilt
// rather than served. Every part is checked against the manifest as it is read (part-checks.ts), so a
// damaged one is rebuilt rather than served too; what killed writers leave is removed by the next one
// (leftovers.ts).

import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { foldWhitespace, type DocumentRecord, type Passage } from '../corpus/types.ts';
import type { SynonymGroup } from '../search/words/synonyms.ts';
import { loadSearchIndex, type SearchIndex } from '../search/storage/search-index.ts';
import type { PackedHeader, PackedSearchIndex } from '../search/storage/passage-index.ts';
import type { BinaryPart } from '../search/storage/byte-codec.ts';
import { Library } from '../library.ts';
import type { Alignment } from '../analysis/align.ts';
import { OffsetsOnDisk, TokenStore, tokenLayout } from '../search/storage/token-store.ts';
import { partInMemory, PartOnDisk, readAt } from '../search/storage/part-on-disk.ts';
import { packAlignment, packedAlignment } from './packed-alignment.ts';
import { PackedPassages, packPassages, textsStart, unpackPassages } from './packed-passages.ts';
import { PassageTable } from '../passage-table.ts';
import type { Aliases } from './id-changes.ts';
import {
  changedSearchIndex,
  documentsAfter,
  mergeSegments,
  survives,
  type DeltaSegment,
  type SearchChange,
} from './delta.ts';
import type { InputDigests } from './build-inputs.ts';
import {
  checkOf,
  DamagedIndexError,
  openSealedJson,
  PartChecks,
  readCheckedPart,
  sealJson,
  type PartCheck,
} from './part-checks.ts';
import { replaceDurably, syncFolder, writeDurably } from './durable-write.ts';
import { removeLeftovers, WRITING_MARKER } from './leftovers.ts';
import { crashPoint } from './crash-points.ts';

/**
 * Bump when the shape of the saved files changes. 4: a manifest and a folder of parts. 5: binary parts.
 * 6: every part checked, JSON included, and the manifest sealed with its own checksum.
 * 7: passages as columns (packed-passages.ts); the search index's ids are the passages' after a full build.
 */
export const INDEX_FORMAT_VERSION = 7;

export interface IndexFile {
  format: number;
  fingerprint: string;
  /** The digests the fingerprint was computed from (a start compares without reading unchanged files). */
  inputs?: InputDigests;
  /** The analyzer the index was built by (build-inputs.ts, analyzerIdentity), part of the fingerprint. */
  analyzer?: string;
  builtAt: string;
  documents: DocumentRecord[];
  /** In corpus order, as columns (a passage is an object when asked for). */
  passages: PassageTable;
  synonyms: SynonymGroup[];
  search: PackedSearchIndex;
  /** Each report passage's counterparts in other years (server/analysis/align.ts). */
  alignment: Alignment;
  /** Retired passage ids -> current ids (server/indexer/id-changes.ts). */
  aliases: Aliases;
  /**
   * The passages' tokens (TokenStore.toBuffer), as saved; without them the server tokenizes every passage
   * at load. Absent from an index read without delta segments: `tokens` then holds them, offsets on disk.
   */
  tokenBytes?: Uint8Array;
  /** The passages' tokens as read: their offsets on disk, or rearranged by delta segments (tokenBytes are the base's then). */
  tokens?: TokenStore;
  /**
   * When the manifest names delta segments: documents, passages and alignment above already include
   * them, and this is what `search` (the base's, whose documents are `basePassages`) must lose and gain
   * (delta.ts).
   */
  searchChange?: { change: SearchChange; basePassages: PassageTable };
}

/** What the manifest says of a delta segment: its part, and the build time of the index it was added to. */
export interface SegmentEntry {
  file: string;
  follows: string;
}

export interface Manifest {
  format: number;
  fingerprint: string;
  inputs?: InputDigests;
  analyzer?: string;
  builtAt: string;
  /** The parts folder, beside the manifest. */
  parts: string;
  /** The parts folder the manifest before this one named: kept while a server may still read it. */
  previous?: string;
  files: {
    documents: string;
    passages: string[];
    alignment: string[];
    search: string;
    searchDocuments: string;
    searchTerms: string;
    postings: string[];
    tokens?: string;
  };
  /**
   * Length and CRC-32 of every part (JSON and binary, delta segments too), by name, checked as the part
   * is read: a damaged part fails there, naming itself, rather than giving wrong answers at a later query.
   */
  checks: Record<string, PartCheck>;
  counts: { documents: number; passages: number; terms: number };
  synonyms: SynonymGroup[];
  aliases: Aliases;
  /** Delta segments written since the build, oldest first; absent when there are none. */
  deltas?: SegmentEntry[];
}

export interface PartSizes {
  /** Passages, or alignment entries, per part file. (Postings parts are cut when the index is packed.) */
  records: number;
}

/** Tens of MB per part: far below V8's string limit, and quick to read one at a time. */
export const PART_SIZES: PartSizes = { records: 50_000 };

/**
 * Write the parts (each flushed, then the folder), then the manifest atomically (a temporary file,
 * flushed, renamed over it, the rename flushed); then remove what neither the new manifest nor the one
 * it replaced names (leftovers.ts). A failure before the rename removes the new parts folder and leaves
 * the previous index as it was.
 */
export function saveIndexFile(path: string, data: IndexFile, sizes: PartSizes = PART_SIZES): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  const parts = `parts-${Date.now().toString(36)}-${process.pid}`;
  mkdirSync(join(folder, parts));
  writeFileSync(join(folder, parts, WRITING_MARKER), '');
  let manifest: Manifest;
  try {
    manifest = writeIndex(path, parts, data, sizes);
  } catch (error) {
    // A failed save (a full disk, say) frees what it wrote at once.
    if (manifestParts(path) !== parts) rmSync(join(folder, parts), { recursive: true, force: true });
    throw error;
  }
  rmSync(join(folder, parts, WRITING_MARKER));
  removeLeftovers({ indexFile: path }, manifest);
}

/** Write the parts into the folder `parts`, each flushed, then the manifest naming them. */
function writeIndex(path: string, parts: string, data: IndexFile, sizes: PartSizes): Manifest {
  const folder = dirname(path);
  const previous = manifestParts(path);
  const checks: Manifest['checks'] = {};
  const write = (name: string, content: string | Uint8Array) => {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    writeDurably(join(folder, parts, name), bytes);
    checks[name] = checkOf(bytes);
    crashPoint('save:first-part');
    return name;
  };
  const { passages } = data;
  // A full build's index holds the passages in corpus order: its ids are the passages' (none saved twice).
  const ids = data.search.header.ids;
  const idsArePassages =
    ids !== null && ids.length === passages.length && ids.every((id, position) => id === passages.id(position));
  const files: Manifest['files'] = {
    documents: write('documents.json', JSON.stringify(data.documents)),
    passages: Array.from({ length: Math.max(1, Math.ceil(passages.length / sizes.records)) }, (_, i) =>
      write(partName('passages', i, 'bin'), packPassages(passages.slice(i * sizes.records, (i + 1) * sizes.records))),
    ),
    alignment: packAlignment(data.alignment, passages, sizes.records).map((bytes, i) =>
      write(partName('alignment', i, 'bin'), bytes),
    ),
    search: write(
      'search.json',
      JSON.stringify(idsArePassages ? { ...data.search.header, ids: null } : data.search.header),
    ),
    searchDocuments: write('search-documents.bin', data.search.documents.bytes),
    searchTerms: write('search-terms.bin', data.search.terms.bytes),
    postings: data.search.postings.map((part, i) => write(partName('postings', i, 'bin'), part.bytes)),
    tokens: data.tokenBytes && write('tokens.bin', data.tokenBytes),
  };
  syncFolder(join(folder, parts));
  syncFolder(folder);
  crashPoint('save:parts');
  const manifest: Manifest = {
    format: data.format,
    fingerprint: data.fingerprint,
    inputs: data.inputs,
    analyzer: data.analyzer,
    builtAt: data.builtAt,
    parts,
    previous: previous ?? undefined,
    files,
    checks,
    counts: { documents: data.documents.length, passages: data.passages.length, terms: data.search.header.termCount },
    synonyms: data.synonyms,
    aliases: data.aliases,
  };
  writeManifest(path, manifest);
  return manifest;
}

/** Read the saved index, or null when there is none. Throws when it is unreadable or of another format. */
export function readIndexFile(path: string): IndexFile | null {
  const manifest = readManifest(path);
  if (!manifest) return null;
  // Binary parts checked on another thread while the rest is read and built (part-checks.ts), all of
  // them before anything is returned.
  const checks = new PartChecks(Object.keys(manifest.checks).length);
  let base: IndexFile;
  // The passages' texts and the alignment stay on disk (PartOnDisk), and without delta segments the
  // tokens' offsets too, each read when a page shows a passage; every part is checked whole all the same.
  const onDisk: PartOnDisk[] = [];
  let lazy: LazyTokens | null = null;
  try {
    if ((manifest.deltas ?? []).length === 0) lazy = lazyTokens(path, manifest, checks, onDisk);
    base = readBase(manifest, partReader(path, manifest), binaryReader(path, manifest, checks), {
      tokensRead: lazy !== null,
      onDisk: lazyReader(path, manifest, checks, onDisk),
    });
  } catch (error) {
    // Bytes not yet checked may fail a structural check first: the damaged part is named all the same.
    for (const part of onDisk) part.close();
    checks.finish();
    throw error;
  }
  try {
    checks.finish();
  } catch (error) {
    for (const part of onDisk) part.close();
    throw error;
  }
  if (lazy) return { ...base, tokens: lazy.store(base.passages.length) };
  const segments = readSegments(path, manifest);
  if (segments.length === 0) return base;
  // The base's passages, alignment and tokens rearranged to the corpus after the segments; the search
  // index is changed when it is loaded (libraryFrom).
  const { passages } = base;
  const { state, searchChange, from } = mergeSegments(base, segments);
  const tokens =
    base.tokenBytes &&
    TokenStore.fromBuffer(base.tokenBytes, passages.length).rearranged(
      state.passages.length,
      (position) => (from[position]! >= 0 ? from[position] : undefined),
      (position) => state.passages.text(position),
    );
  return { ...base, ...state, tokens, searchChange: { change: searchChange, basePassages: passages } };
}

interface LazyTokens {
  /** The store, once the checks have finished: its bytes up to the offsets, and the offsets on disk. */
  store(passages: number): TokenStore;
}

/**
 * tokens.bin read up to its offsets (checked whole all the same), or null when its sizes do not add up
 * or there is none (then it is read whole, and the check says what is wrong with it).
 */
function lazyTokens(path: string, manifest: Manifest, checks: PartChecks, onDisk: PartOnDisk[]): LazyTokens | null {
  const name = manifest.files.tokens;
  if (name === undefined) return null;
  const file = join(dirname(path), manifest.parts, basename(name));
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  const head = Buffer.alloc(16);
  const layout = tokenLayout(
    head.subarray(0, readSync(fd, head, 0, 16, 0)),
    fstatSync(fd).size,
    manifest.counts.passages,
  );
  if (layout === null) {
    closeSync(fd);
    return null;
  }
  const offsets = new PartOnDisk(fd, file, layout.offsetsAt, 4 * layout.offsets);
  onDisk.push(offsets);
  const bytes = checks.read(file, manifest.checks[basename(name)], true, layout.offsetsAt);
  return { store: (passages) => TokenStore.fromBuffer(bytes, passages, new OffsetsOnDisk(offsets)) };
}

/**
 * Reads a binary part keeping on disk the bytes from where `keptUpTo` says (given a reader of the
 * file's bytes and its size; null: keep it whole): the part is checked whole all the same, and the
 * rest is read when asked for. Returns the bytes kept and the rest on disk, or null when the part is
 * read whole (it is not there or not of its recorded size: its check then says so).
 */
type LazyReader = (
  name: string,
  keptUpTo: (read: (from: number, to: number) => Buffer, size: number) => number | null,
) => { kept: BinaryPart; rest: PartOnDisk } | null;

function lazyReader(path: string, manifest: Manifest, checks: PartChecks, onDisk: PartOnDisk[]): LazyReader {
  return (name, keptUpTo) => {
    const file = join(dirname(path), manifest.parts, basename(name));
    const expected = manifest.checks[basename(name)];
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return null;
    }
    const size = fstatSync(fd).size;
    const at = expected?.bytes === size ? keptUpTo((from, to) => readAt(fd, file, from, to), size) : null;
    if (at === null) {
      closeSync(fd);
      return null;
    }
    const rest = new PartOnDisk(fd, file, at, size - at);
    onDisk.push(rest);
    // Read and checked on this thread, or checked on the other: both take the checks as they come.
    return { kept: { bytes: checks.read(file, expected, false, at), source: file }, rest };
  };
}

/** The base index the manifest names, before its delta segments. */
function readBase(
  manifest: Manifest,
  part: PartReader,
  binary: BinaryReader,
  { tokensRead, onDisk }: { tokensRead: boolean; onDisk: LazyReader },
): IndexFile {
  const { files } = manifest;
  // The parts whose bytes nothing here reads are read by the other thread (`later`), the largest first;
  // this thread reads the passages and builds their table meanwhile.
  const tokenBytes = files.tokens === undefined || tokensRead ? undefined : binary(files.tokens, true).bytes;
  const search = {
    documents: binary(files.searchDocuments, true),
    terms: binary(files.searchTerms, true),
    postings: files.postings.map((name) => binary(name, true)),
  };
  // Only checked: an entry is read when a page asks for it.
  const alignment = files.alignment.map((name) => onDisk(name, () => 0)?.rest ?? partInMemory(binary(name, true)));
  const documents = part<DocumentRecord[]>(files.documents);
  // Views of the parts' bytes, the texts left on disk: no passage is an object until a page asks for it.
  const passages = PassageTable.fromParts(
    documents,
    files.passages.map((name) => {
      const lazy = onDisk(name, textsStart);
      return lazy ? new PackedPassages(lazy.kept, lazy.rest) : new PackedPassages(binary(name));
    }),
  );
  return {
    format: manifest.format,
    fingerprint: manifest.fingerprint,
    inputs: manifest.inputs,
    analyzer: manifest.analyzer,
    builtAt: manifest.builtAt,
    documents,
    passages,
    synonyms: manifest.synonyms,
    search: { header: part<PackedHeader>(files.search), ...search },
    alignment: packedAlignment(alignment, passages),
    aliases: manifest.aliases,
    tokenBytes,
  };
}

/**
 * The saved passages' ids, documents, years and countries (a replaced document's sentences are looked
 * for in its year and country), each with a digest of its text standing for the text: what a
 * rebuild compares its passages with (id-changes.ts) without reading the rest of the old index or
 * holding the old texts. Empty when there is no index; throws when it cannot be read (a damaged or
 * missing part, another format), which a build takes as having nothing to compare with.
 */
export function readSavedIds(path: string): Array<Pick<Passage, 'id' | 'doc' | 'year' | 'country' | 'text'>> {
  const manifest = readManifest(path);
  if (!manifest) return [];
  return [...currentPassages(path, manifest, readSegments(path, manifest))].map(({ id, doc, year, country, text }) => ({
    id,
    doc,
    year,
    country,
    text: textDigest(text),
  }));
}

/**
 * The saved index read piece by piece, with its delta segments applied: what the incremental indexer
 * needs (the documents, and the passages one part at a time) without loading the search index.
 */
export interface SavedIndex {
  manifest: Manifest;
  /** In corpus order, segments applied. */
  documents: DocumentRecord[];
  /** Every current passage, base parts first (one part read at a time), then the segments'; not in corpus order. */
  passages(): Generator<Passage>;
}

/** Open the saved index, or null when there is none. Throws when it is unreadable or of another format. */
export function openSavedIndex(path: string): SavedIndex | null {
  const manifest = readManifest(path);
  if (!manifest) return null;
  const segments = readSegments(path, manifest);
  return {
    manifest,
    documents: documentsAfter(partReader(path, manifest)<DocumentRecord[]>(manifest.files.documents), segments),
    passages: () => currentPassages(path, manifest, segments),
  };
}

function* currentPassages(path: string, manifest: Manifest, segments: DeltaSegment[]): Generator<Passage> {
  const binary = binaryReader(path, manifest);
  for (const name of manifest.files.passages) {
    for (const passage of unpackPassages(binary(name))) if (survives(passage.doc, -1, segments)) yield passage;
  }
  for (const [at, segment] of segments.entries()) {
    for (const passage of segment.passages) if (survives(passage.doc, at, segments)) yield passage;
  }
}

/** The segments the manifest names after the index built at `builtAt`, or null when it names none after it. */
export function segmentsAfter(path: string, manifest: Manifest, builtAt: string): DeltaSegment[] | null {
  const from = (manifest.deltas ?? []).findIndex((segment) => segment.follows === builtAt);
  return from === -1 ? null : readSegments(path, manifest, from);
}

function readSegments(path: string, manifest: Manifest, from = 0): DeltaSegment[] {
  const part = partReader(path, manifest);
  return (manifest.deltas ?? []).slice(from).map((segment) => part<DeltaSegment>(segment.file));
}

/**
 * Add a delta segment to the saved index: its part beside the base's, then a new manifest naming it,
 * written atomically, so a reader sees the index before or after the segment, never between.
 */
export function appendSegment(
  path: string,
  segment: DeltaSegment,
  follows: string,
  update: Pick<Manifest, 'fingerprint' | 'inputs' | 'builtAt' | 'aliases' | 'counts'>,
): void {
  const manifest = readManifest(path);
  if (!manifest) throw new Error(`${path} is gone; run \`npm run index\``);
  // The segment was computed from the index built at `follows`; on another it would be wrong.
  if (manifest.builtAt !== follows)
    throw new Error(`${path} changed while the update was computed (built ${manifest.builtAt}); import again`);
  const file = `delta-${Date.now().toString(36)}-${process.pid}.json`;
  const bytes = Buffer.from(JSON.stringify(segment));
  writeDurably(join(dirname(path), manifest.parts, file), bytes);
  syncFolder(join(dirname(path), manifest.parts));
  crashPoint('segment:written');
  const next: Manifest = {
    ...manifest,
    ...update,
    checks: { ...manifest.checks, [file]: checkOf(bytes) },
    deltas: [...(manifest.deltas ?? []), { file, follows }],
  };
  writeManifest(path, next);
  removeLeftovers({ indexFile: path }, next);
}

/** A short digest of a passage's text with whitespace folded: equal texts, equal digests. */
export function textDigest(text: string): string {
  return createHash('sha1').update(foldWhitespace(text)).digest('base64url').slice(0, 16);
}

export function libraryFrom(data: IndexFile): Library {
  const index = searchIndexOf(data);
  return new Library({
    documents: data.documents,
    passages: data.passages,
    synonyms: data.synonyms,
    index,
    builtAt: data.builtAt,
    alignment: data.alignment,
    aliases: data.aliases,
    tokens: data.tokens ?? (data.tokenBytes && TokenStore.fromBuffer(data.tokenBytes, data.passages.length)),
  });
}

/**
 * The working search index of a read index file: the saved one (its document ids are the passages',
 * when a full build saved none), changed by the delta segments' net change when there are any.
 */
export function searchIndexOf(data: IndexFile): SearchIndex {
  const { searchChange } = data;
  if (!searchChange) return loadSearchIndex(data.search, (i) => data.passages.id(i));
  const baseIdAt = (i: number) => searchChange.basePassages.id(i);
  return changedSearchIndex(loadSearchIndex(data.search, baseIdAt), searchChange.change, data.passages, baseIdAt);
}

function writeManifest(path: string, manifest: Manifest): void {
  replaceDurably(path, sealJson(manifest), () => crashPoint('save:manifest-written'));
  crashPoint('save:manifest-renamed');
}

/**
 * Read only the manifest (a few kilobytes plus the aliases), or null when there is none. Throws when it
 * is unreadable, of another format, or does not match its own checksum.
 */
export function readManifest(path: string): Manifest | null {
  if (!existsSync(path)) return null;
  let text: string;
  let manifest: Manifest;
  try {
    text = readFileSync(path, 'utf8');
    manifest = JSON.parse(text) as Manifest;
  } catch (error) {
    throw new DamagedIndexError(path, (error as Error).message);
  }
  if (manifest.format !== INDEX_FORMAT_VERSION) {
    throw new Error(
      `${path} has index format ${manifest.format}, this code reads format ${INDEX_FORMAT_VERSION}; run \`npm run index\` to rebuild it`,
    );
  }
  return openSealedJson<Manifest>(text, path);
}

/** The parts folder an existing manifest names, or null. */
function manifestParts(path: string): string | null {
  try {
    return readManifest(path)?.parts ?? null;
  } catch {
    return null;
  }
}

type PartReader = <T>(name: string) => T;

/** A JSON part, parsed once its bytes are checked against the manifest. */
function partReader(path: string, manifest: Manifest): PartReader {
  return <T>(name: string): T => {
    const file = join(dirname(path), manifest.parts, basename(name));
    const text = readCheckedPart(file, manifest.checks[basename(name)]).toString('utf8');
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new DamagedIndexError(file, (error as Error).message);
    }
  };
}

/**
 * A binary part's bytes, checked against the length and CRC-32 the manifest recorded: before they are
 * returned, or with `checks`, by the time `checks.finish()` returns (part-checks.ts).
 */
function binaryReader(path: string, manifest: Manifest, checks?: PartChecks): BinaryReader {
  return (name: string, later = false) => {
    const file = join(dirname(path), manifest.parts, basename(name));
    const expected = manifest.checks[basename(name)];
    return { bytes: checks ? checks.read(file, expected, later) : readCheckedPart(file, expected), source: file };
  };
}

/** A binary part by name; `later`: its bytes may be read on another thread, there once the checks finish. */
type BinaryReader = (name: string, later?: boolean) => BinaryPart;

function partName(kind: string, index: number, extension = 'json'): string {
  return `${kind}-${String(index).padStart(3, '0')}.${extension}`;
}
