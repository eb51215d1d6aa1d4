// The saved index: what `npm run index` writes and the server loads.
//
//   index/build/index.json        the manifest: format version, fingerprint, build time, counts, and
//                                 the name of the parts folder below (small; what the server watches)
//   index/build/parts-<stamp>/    documents.json, passages-000.json…, alignment-000.json…,
//                                 search.json (MiniSearch's fields and lengths), terms-000.json…,
//                                 tokens.bin (every passage's tokens as ids: server/search/token-store.ts)
//
// Several files rather than one: V8 caps a string at about 537M characters, and one JSON string of the
// whole index passes that at about 330k passages. Each part stays far below it, parts are parsed one at
// a time, and MiniSearch's terms are handed to it part by part, so a loaded part can be freed before the
// next is read. A new build writes a new parts folder and then renames a new manifest over the old one,
// so a reader sees the old index or the new one, never half of each.
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
import { TokenStore } from '../search/token-store.ts';
import type { Alignment, PassageAlignment } from '../analysis/align.ts';
import type { Aliases } from './id-changes.ts';

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
  /** The passages' tokens (TokenStore.toBuffer); without them the server tokenizes every passage at load. */
  tokenBytes?: Uint8Array;
}

interface Manifest {
  format: number;
  fingerprint: string;
  builtAt: string;
  /** The parts folder, beside the manifest. */
  parts: string;
  files: { documents: string; passages: string[]; alignment: string[]; search: string; terms: string[]; tokens?: string };
  counts: { documents: number; passages: number; terms: number };
  synonyms: SynonymGroup[];
  aliases: Aliases;
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
  const write = (name: string, text: string | Uint8Array) => {
    writeDurably(join(folder, parts, name), text);
    return name;
  };
  const files: Manifest['files'] = {
    documents: write('documents.json', JSON.stringify(data.documents)),
    passages: Array.from(chunks(data.passages, sizes.records), (chunk, i) => write(partName('passages', i), JSON.stringify(chunk))),
    alignment: Array.from(chunks(entries(data.alignment), sizes.records), (chunk, i) => write(partName('alignment', i), JSON.stringify(chunk))),
    search: write('search.json', JSON.stringify({ ...data.search, index: [] })),
    terms: [],
    tokens: data.tokenBytes && write('tokens.bin', data.tokenBytes),
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
  const temporary = `${path}.${process.pid}.tmp`;
  writeDurably(temporary, JSON.stringify(manifest));
  renameSync(temporary, path);
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
  return {
    format: manifest.format,
    fingerprint: manifest.fingerprint,
    builtAt: manifest.builtAt,
    documents: part<DocumentRecord[]>(manifest.files.documents),
    passages: manifest.files.passages.flatMap((name) => part<Passage[]>(name)),
    synonyms: manifest.synonyms,
    search: { ...saved, index: lazyTerms(manifest.files.terms, part) },
    alignment: Object.fromEntries(manifest.files.alignment.flatMap((name) => part<Array<[string, PassageAlignment]>>(name))),
    aliases: manifest.aliases,
    tokenBytes: manifest.files.tokens === undefined ? undefined : readFileSync(join(dirname(path), manifest.parts, basename(manifest.files.tokens))),
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
  const part = partReader(path, manifest);
  return manifest.files.passages.flatMap((name) => part<Passage[]>(name).map(({ id, doc, year, country, text }) => ({ id, doc, year, country, text: textDigest(text) })));
}

/** A short digest of a passage's text with whitespace folded: equal texts, equal digests. */
export function textDigest(text: string): string {
  return createHash('sha1').update(foldWhitespace(text)).digest('base64url').slice(0, 16);
}

export function libraryFrom(data: IndexFile): Library {
  return new Library({
    documents: data.documents,
    passages: data.passages,
    synonyms: data.synonyms,
    // MiniSearch.loadJS walks `index` once, with for...of, so a lazy iterable of the term parts serves
    // as the array its type asks for, and each part is freed once its terms are in the index.
    index: loadSearchIndex(data.search as AsPlainObject),
    builtAt: data.builtAt,
    alignment: data.alignment,
    aliases: data.aliases,
    tokens: data.tokenBytes && TokenStore.fromBuffer(data.tokenBytes, data.passages.length),
  });
}

function readManifest(path: string): Manifest | null {
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

/** Consecutive chunks of `size` items, made one at a time (at least one, maybe empty). */
function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  let any = false;
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      [chunk, any] = [[], true];
    }
  }
  if (chunk.length > 0 || !any) yield chunk;
}

/** Object.entries, one entry at a time: a million [id, alignment] pairs never exist at once. */
function* entries<T>(record: Record<string, T>): Generator<[string, T]> {
  for (const key of Object.keys(record)) yield [key, record[key]!];
}

function partName(kind: string, index: number): string {
  return `${kind}-${String(index).padStart(3, '0')}.json`;
}

function writeDurably(path: string, content: string | Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    // Two calls for writeSync's two overloads (text, bytes).
    if (typeof content === 'string') writeSync(fd, content);
    else writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
