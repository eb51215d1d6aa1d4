// The saved index: what `npm run index` writes and the server loads.
//
//   index/build/index.json        the manifest: format version, fingerprint, build time, counts, the
//                                 name of the parts folder below, and each binary part's length and
//                                 CRC-32 (small; what the server watches)
//   index/build/parts-<stamp>/    documents.json; passages-000.bin… (packed-passages.ts);
//                                 alignment-000.bin… (packed-alignment.ts); the search index packed
//                                 (search/packed-index.ts):
//                                 search.json (MiniSearch's counters and document ids),
//                                 search-documents.bin, search-terms.bin (the term tree), postings-000.bin…;
//                                 tokens.bin (every passage's tokens as ids: server/search/token-store.ts)
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
// fingerprint of everything the index was built from, so a stale index is rebuilt rather than served.

import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { crc32 } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { foldWhitespace, type DocumentRecord, type Passage } from '../corpus/types.ts';
import type { SynonymGroup } from '../search/synonyms.ts';
import { loadSearchIndex, type SearchIndex } from '../search/search-index.ts';
import type { PackedHeader, PackedSearchIndex } from '../search/storage/passage-index.ts';
import type { BinaryPart } from '../search/byte-codec.ts';
import { Library } from '../library.ts';
import type { Alignment } from '../analysis/align.ts';
import { TokenStore } from '../search/token-store.ts';
import { packAlignment, packedAlignment } from './packed-alignment.ts';
import { PackedPassages, packPassages, unpackPassages } from './packed-passages.ts';
import { PassageTable } from '../passage-table.ts';
import type { Aliases } from './id-changes.ts';
import { changedSearchIndex, documentsAfter, mergeSegments, survives, type DeltaSegment, type SearchChange } from './delta.ts';

/**
 * Bump when the shape of the saved files changes. 4: a manifest and a folder of parts. 5: binary parts.
 * 6: passages as columns (packed-passages.ts); the search index's ids are the passages' after a full build.
 */
export const INDEX_FORMAT_VERSION = 6;

export interface IndexFile {
  format: number;
  fingerprint: string;
  /** The digests the fingerprint was computed from (a start compares without reading unchanged files). */
  inputs?: InputDigests;
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
  /** The passages' tokens (TokenStore.toBuffer), as saved; without them the server tokenizes every passage at load. */
  tokenBytes?: Uint8Array;
  /** The passages' tokens as read, when delta segments rearranged them (tokenBytes are the base's then). */
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
  builtAt: string;
  /** The parts folder, beside the manifest. */
  parts: string;
  files: { documents: string; passages: string[]; alignment: string[]; search: string; searchDocuments: string; searchTerms: string; postings: string[]; tokens?: string };
  /**
   * Length and CRC-32 of each binary part, by name, checked at load: a damaged part fails there, naming
   * itself, rather than giving wrong answers at a later query (postings are decoded only when read).
   */
  checks: Record<string, PartCheck>;
  counts: { documents: number; passages: number; terms: number };
  synonyms: SynonymGroup[];
  aliases: Aliases;
  /** Delta segments written since the build, oldest first; absent when there are none. */
  deltas?: SegmentEntry[];
}

interface PartCheck {
  bytes: number;
  crc32: number;
}

export interface PartSizes {
  /** Passages, or alignment entries, per part file. (Postings parts are cut when the index is packed.) */
  records: number;
}

/** Tens of MB per part: far below V8's string limit, and quick to read one at a time. */
export const PART_SIZES: PartSizes = { records: 50_000 };

/** The code whose changes make an index stale, relative to the repository root. */
const CODE_INPUTS = ['index/word-families.json', 'server/corpus', 'server/search', 'server/analysis', 'server/indexer', 'package-lock.json'];
const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));

/** Where the build inputs are: the collection's seeds, synonyms and aliases. */
export interface CollectionInputs {
  root: string;
  seeds: string;
  synonyms: string;
  aliases: string;
}

/** One build input's content hash, with the size and modification time it was hashed at. */
export interface InputDigest {
  bytes: number;
  mtimeMs: number;
  sha256: string;
}

/** Build input (relative path) -> its digest: what the manifest keeps so the next start need not read it again. */
export type InputDigests = Record<string, InputDigest>;

/**
 * A hash of the build inputs' names and contents (not their dates: a fresh clone has new dates): the
 * collection's seeds, synonyms and aliases (named from the collection's root) and the indexing code.
 * `known` (the manifest's digests) spares reading a file whose size and modification time are those it
 * was hashed at: at a million passages the seeds are 150 MB, a second of every start.
 */
export function fingerprint(inputs: CollectionInputs, known: InputDigests = {}): string {
  return fingerprintOf(inputDigests(inputs, known));
}

/** Every build input's digest, reusing `known` ones whose file has the same size and modification time. */
export function inputDigests(inputs: CollectionInputs, known: InputDigests = {}): InputDigests {
  const digests: InputDigests = {};
  const add = (base: string, path: string) => {
    for (const file of filesUnder(path)) {
      const name = relative(base, file);
      const { size, mtimeMs } = statSync(file);
      const previous = known[name];
      digests[name] = previous && previous.bytes === size && previous.mtimeMs === mtimeMs ? previous : { bytes: size, mtimeMs, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
    }
  };
  for (const path of [inputs.seeds, inputs.synonyms, inputs.aliases]) add(inputs.root, path);
  for (const input of CODE_INPUTS) add(REPOSITORY, join(REPOSITORY, input));
  return digests;
}

/** The fingerprint of the inputs' digests: their names and content hashes, in the order they were listed. */
export function fingerprintOf(digests: InputDigests): string {
  const hash = createHash('sha256');
  for (const [name, { sha256 }] of Object.entries(digests)) hash.update(name).update('\0').update(sha256).update('\0');
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/**
 * Write the parts, then the manifest atomically (a temporary file, flushed, renamed over it); then remove
 * parts folders that neither the new manifest nor the one it replaced names.
 */
export function saveIndexFile(path: string, data: IndexFile, sizes: PartSizes = PART_SIZES): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  const previous = manifestParts(path);
  const parts = `parts-${Date.now().toString(36)}-${process.pid}`;
  mkdirSync(join(folder, parts));
  const checks: Manifest['checks'] = {};
  const write = (name: string, content: string | Uint8Array) => {
    writeDurably(join(folder, parts, name), content);
    if (typeof content !== 'string') checks[name] = { bytes: content.length, crc32: crc32(content) };
    return name;
  };
  const { passages } = data;
  // A full build's index holds the passages in corpus order: its ids are the passages' (none saved twice).
  const ids = data.search.header.ids;
  const idsArePassages = ids !== null && ids.length === passages.length && ids.every((id, position) => id === passages.id(position));
  const files: Manifest['files'] = {
    documents: write('documents.json', JSON.stringify(data.documents)),
    passages: Array.from({ length: Math.max(1, Math.ceil(passages.length / sizes.records)) }, (_, i) => write(partName('passages', i, 'bin'), packPassages(passages.slice(i * sizes.records, (i + 1) * sizes.records)))),
    alignment: packAlignment(data.alignment, passages, sizes.records).map((bytes, i) => write(partName('alignment', i, 'bin'), bytes)),
    search: write('search.json', JSON.stringify(idsArePassages ? { ...data.search.header, ids: null } : data.search.header)),
    searchDocuments: write('search-documents.bin', data.search.documents.bytes),
    searchTerms: write('search-terms.bin', data.search.terms.bytes),
    postings: data.search.postings.map((part, i) => write(partName('postings', i, 'bin'), part.bytes)),
    tokens: data.tokenBytes && write('tokens.bin', data.tokenBytes),
  };
  const manifest: Manifest = {
    format: data.format,
    fingerprint: data.fingerprint,
    inputs: data.inputs,
    builtAt: data.builtAt,
    parts,
    files,
    checks,
    counts: { documents: data.documents.length, passages: data.passages.length, terms: data.search.header.termCount },
    synonyms: data.synonyms,
    aliases: data.aliases,
  };
  writeManifest(path, manifest);
  for (const name of readdirSync(folder)) {
    if (name.startsWith('parts-') && name !== parts && name !== previous) rmSync(join(folder, name), { recursive: true, force: true });
  }
}

/** Read the saved index, or null when there is none. Throws when it is unreadable or of another format. */
export function readIndexFile(path: string): IndexFile | null {
  const manifest = readManifest(path);
  if (!manifest) return null;
  const part = partReader(path, manifest);
  const binary = binaryReader(path, manifest);
  const { files } = manifest;
  const documents = part<DocumentRecord[]>(files.documents);
  // Views of the parts' bytes: no passage is an object until a page asks for it.
  const passages = PassageTable.fromParts(documents, files.passages.map((name) => new PackedPassages(binary(name))));
  const base = {
    format: manifest.format,
    fingerprint: manifest.fingerprint,
    inputs: manifest.inputs,
    builtAt: manifest.builtAt,
    documents,
    passages,
    synonyms: manifest.synonyms,
    search: { header: part<PackedHeader>(files.search), documents: binary(files.searchDocuments), terms: binary(files.searchTerms), postings: files.postings.map(binary) },
    alignment: packedAlignment(files.alignment.map(binary), passages),
    aliases: manifest.aliases,
    tokenBytes: files.tokens === undefined ? undefined : binary(files.tokens).bytes,
  };
  const segments = readSegments(path, manifest);
  if (segments.length === 0) return base;
  // The base's passages, alignment and tokens rearranged to the corpus after the segments; the search
  // index is changed when it is loaded (libraryFrom).
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

/**
 * The saved passages' ids, documents, years and countries (a replaced document's sentences are looked
 * for in its year and country), each with a digest of its text standing for the text: what a
 * rebuild compares its passages with (id-changes.ts) without reading the rest of the old index or
 * holding the old texts. Empty when there is no readable index of this format.
 */
export function readSavedIds(path: string): Array<Pick<Passage, 'id' | 'doc' | 'year' | 'country' | 'text'>> {
  let manifest: Manifest | null;
  try {
    manifest = readManifest(path);
  } catch {
    // An unreadable or older-format index cannot be compared with; its ids were never served by this code.
    return [];
  }
  if (!manifest) return [];
  return [...currentPassages(path, manifest, readSegments(path, manifest))].map(({ id, doc, year, country, text }) => ({ id, doc, year, country, text: textDigest(text) }));
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
export function appendSegment(path: string, segment: DeltaSegment, follows: string, update: Pick<Manifest, 'fingerprint' | 'inputs' | 'builtAt' | 'aliases' | 'counts'>): void {
  const manifest = readManifest(path);
  if (!manifest) throw new Error(`${path} is gone; run \`npm run index\``);
  // The segment was computed from the index built at `follows`; on another it would be wrong.
  if (manifest.builtAt !== follows) throw new Error(`${path} changed while the update was computed (built ${manifest.builtAt}); import again`);
  const file = `delta-${Date.now().toString(36)}-${process.pid}.json`;
  writeDurably(join(dirname(path), manifest.parts, file), JSON.stringify(segment));
  const next: Manifest = { ...manifest, ...update, deltas: [...(manifest.deltas ?? []), { file, follows }] };
  writeManifest(path, next);
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
  const temporary = `${path}.${process.pid}.tmp`;
  writeDurably(temporary, JSON.stringify(manifest));
  renameSync(temporary, path);
}

/** Read only the manifest (a few kilobytes plus the aliases), or null when there is none. Throws when unreadable or of another format. */
export function readManifest(path: string): Manifest | null {
  if (!existsSync(path)) return null;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(`${path} is not a readable index (${(error as Error).message}); run \`npm run index\` to rebuild it`);
  }
  if (manifest.format !== INDEX_FORMAT_VERSION) {
    throw new Error(`${path} has index format ${manifest.format}, this code reads format ${INDEX_FORMAT_VERSION}; run \`npm run index\` to rebuild it`);
  }
  return manifest;
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

function partReader(path: string, manifest: Manifest): PartReader {
  return <T>(name: string): T => {
    const file = join(dirname(path), manifest.parts, basename(name));
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch (error) {
      throw new Error(`${file} is not a readable index part (${(error as Error).message}); run \`npm run index\` to rebuild the index`);
    }
  };
}

/** A binary part's bytes, checked against the length and CRC-32 the manifest recorded (0.4 ms per MB). */
function binaryReader(path: string, manifest: Manifest): (name: string) => BinaryPart {
  return (name: string) => {
    const file = join(dirname(path), manifest.parts, basename(name));
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new Error(`${file} is not a readable index part (${(error as Error).message}); run \`npm run index\` to rebuild the index`);
    }
    const expected = manifest.checks[basename(name)];
    const problem =
      expected === undefined ? 'not in the manifest'
      : bytes.length !== expected.bytes ? `${bytes.length} bytes, the manifest says ${expected.bytes}`
      : crc32(bytes) !== expected.crc32 ? 'its checksum differs from the manifest\'s'
      : null;
    if (problem) throw new Error(`${file} is not a readable index part (${problem}); run \`npm run index\` to rebuild the index`);
    return { bytes, source: file };
  };
}

function partName(kind: string, index: number, extension = 'json'): string {
  return `${kind}-${String(index).padStart(3, '0')}.${extension}`;
}

function writeDurably(path: string, content: string | Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    if (typeof content === 'string') writeSync(fd, content);
    // A write may be partial; a part of hundreds of MB is written until every byte is.
    else for (let done = 0; done < content.length; ) done += writeSync(fd, content, done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
