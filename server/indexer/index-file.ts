// The saved index: what `npm run index` writes and the server loads.
//
//   index/build/index.json        the manifest: format version, fingerprint, build time, counts, and
//                                 the name of the parts folder below (small; what the server watches)
//   index/build/parts-<stamp>/    documents.json, passages-000.json…, alignment-000.json…,
//                                 search.json (MiniSearch's fields and lengths), terms-000.json…
//
// Several files rather than one: V8 caps a string at about 537M characters, and one JSON string of the
// whole index passes that at about 330k passages. Each part stays far below it, parts are parsed one at
// a time, and MiniSearch's terms are handed to it part by part, so a loaded part can be freed before the
// next is read. A new build writes a new parts folder and then renames a new manifest over the old one,
// so a reader sees the old index or the new one, never half of each.
//
// After a build, the importer may append delta segments (delta.ts) to the parts folder and name them in
// a new manifest: the base parts stay as they are, and loading applies the segments in order.
//
// The manifest carries a format version (loading another fails loudly, saying what to do) and a
// fingerprint of everything the index was built from, so a stale index is rebuilt rather than served.

import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AsPlainObject } from 'minisearch';
import { foldWhitespace, type DocumentRecord, type Passage } from '../corpus/types.ts';
import type { SynonymGroup } from '../search/synonyms.ts';
import { loadSearchIndex } from '../search/search-index.ts';
import { Library } from '../library.ts';
import type { Alignment, PassageAlignment } from '../analysis/align.ts';
import type { Aliases } from './id-changes.ts';
import { changeSearchIndex, documentsAfter, mergeSegments, survives, type DeltaSegment, type SearchChange } from './delta.ts';

/** Bump when the shape of the saved files changes. 4: a manifest and a folder of parts. */
export const INDEX_FORMAT_VERSION = 4;

/** MiniSearch's serialized index; `index` (the terms) may be read lazily, part by part. */
export type SavedSearch = Omit<AsPlainObject, 'index'> & { index: Iterable<AsPlainObject['index'][number]> };

export interface IndexFile {
  format: number;
  fingerprint: string;
  builtAt: string;
  documents: DocumentRecord[];
  passages: Passage[];
  synonyms: SynonymGroup[];
  search: SavedSearch;
  /** Each report passage's counterparts in other years (server/analysis/align.ts). */
  alignment: Alignment;
  /** Retired passage ids -> current ids (server/indexer/id-changes.ts). */
  aliases: Aliases;
  /**
   * When the manifest names delta segments: documents, passages and alignment above already include
   * them, and this is what `search` (the base's) must lose and gain (delta.ts).
   */
  searchChange?: SearchChange;
}

/** What the manifest says of a delta segment: its part, and the build time of the index it was added to. */
export interface SegmentEntry {
  file: string;
  follows: string;
}

export interface Manifest {
  format: number;
  fingerprint: string;
  builtAt: string;
  /** The parts folder, beside the manifest. */
  parts: string;
  files: { documents: string; passages: string[]; alignment: string[]; search: string; terms: string[] };
  counts: { documents: number; passages: number; terms: number };
  synonyms: SynonymGroup[];
  aliases: Aliases;
  /** Delta segments written since the build, oldest first; absent when there are none. */
  deltas?: SegmentEntry[];
}

export interface PartSizes {
  /** Passages, or alignment entries, per part file. */
  records: number;
  /** Characters of MiniSearch term entries per part file. */
  termCharacters: number;
}

/** Tens of MB of JSON per part: far below V8's string limit, and quick to parse one at a time. */
export const PART_SIZES: PartSizes = { records: 50_000, termCharacters: 64 * 1024 * 1024 };

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

/**
 * A hash of the build inputs' names and contents (not their dates: a fresh clone has new dates): the
 * collection's seeds, synonyms and aliases (named from the collection's root) and the indexing code.
 */
export function fingerprint(inputs: CollectionInputs): string {
  const hash = createHash('sha256');
  const add = (base: string, path: string) => {
    for (const file of filesUnder(path)) hash.update(relative(base, file)).update('\0').update(readFileSync(file)).update('\0');
  };
  for (const path of [inputs.seeds, inputs.synonyms, inputs.aliases]) add(inputs.root, path);
  for (const input of CODE_INPUTS) add(REPOSITORY, join(REPOSITORY, input));
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
  const write = (name: string, text: string) => {
    writeDurably(join(folder, parts, name), text);
    return name;
  };
  const files: Manifest['files'] = {
    documents: write('documents.json', JSON.stringify(data.documents)),
    passages: chunks(data.passages, sizes.records).map((chunk, i) => write(partName('passages', i), JSON.stringify(chunk))),
    alignment: chunks(Object.entries(data.alignment), sizes.records).map((chunk, i) => write(partName('alignment', i), JSON.stringify(chunk))),
    search: write('search.json', JSON.stringify({ ...data.search, index: [] })),
    terms: [],
  };
  let terms = 0;
  for (const part of termParts(data.search.index, sizes.termCharacters)) {
    files.terms.push(write(partName('terms', files.terms.length), part.json));
    terms += part.count;
  }
  const manifest: Manifest = {
    format: data.format,
    fingerprint: data.fingerprint,
    builtAt: data.builtAt,
    parts,
    files,
    counts: { documents: data.documents.length, passages: data.passages.length, terms },
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
  const saved = part<Omit<SavedSearch, 'index'>>(manifest.files.search);
  const base = {
    documents: part<DocumentRecord[]>(manifest.files.documents),
    passages: manifest.files.passages.flatMap((name) => part<Passage[]>(name)),
    alignment: Object.fromEntries(manifest.files.alignment.flatMap((name) => part<Array<[string, PassageAlignment]>>(name))),
  };
  const segments = readSegments(path, manifest);
  const { state, searchChange } = segments.length > 0 ? mergeSegments(base, segments) : { state: base, searchChange: undefined };
  return {
    format: manifest.format,
    fingerprint: manifest.fingerprint,
    builtAt: manifest.builtAt,
    ...state,
    synonyms: manifest.synonyms,
    search: { ...saved, index: lazyTerms(manifest.files.terms, part) },
    aliases: manifest.aliases,
    ...(searchChange && { searchChange }),
  };
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
  const part = partReader(path, manifest);
  for (const name of manifest.files.passages) {
    for (const passage of part<Passage[]>(name)) if (survives(passage.doc, -1, segments)) yield passage;
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
export function appendSegment(path: string, segment: DeltaSegment, follows: string, update: Pick<Manifest, 'fingerprint' | 'builtAt' | 'aliases' | 'counts'>): void {
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
  // MiniSearch.loadJS walks `index` once, with for...of, so a lazy iterable of the term parts serves
  // as the array its type asks for, and each part is freed once its terms are in the index.
  const index = loadSearchIndex(data.search as AsPlainObject);
  if (data.searchChange) changeSearchIndex(index, data.searchChange, data.passages);
  return new Library({ documents: data.documents, passages: data.passages, synonyms: data.synonyms, index, builtAt: data.builtAt, alignment: data.alignment, aliases: data.aliases });
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

function* lazyTerms(names: string[], part: PartReader): Generator<AsPlainObject['index'][number]> {
  for (const name of names) yield* part<AsPlainObject['index']>(name);
}

/** Term entries as JSON arrays of at most `limit` characters (an entry longer than that alone). */
function* termParts(entries: SavedSearch['index'], limit: number): Generator<{ json: string; count: number }> {
  let pending: string[] = [];
  let characters = 0;
  for (const entry of entries) {
    const json = JSON.stringify(entry);
    if (characters + json.length > limit && pending.length > 0) {
      yield { json: `[${pending.join(',')}]`, count: pending.length };
      pending = [];
      characters = 0;
    }
    pending.push(json);
    characters += json.length + 1;
  }
  if (pending.length > 0) yield { json: `[${pending.join(',')}]`, count: pending.length };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length > 0 ? out : [[]];
}

function partName(kind: string, index: number): string {
  return `${kind}-${String(index).padStart(3, '0')}.json`;
}

function writeDurably(path: string, text: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
