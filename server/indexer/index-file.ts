// The saved index (`index/build/index.json`): what `npm run index` writes and the server loads.
// It carries a format version (loading another fails loudly, saying what to do) and a fingerprint of
// everything it was built from, so a stale index is rebuilt rather than served.

import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type MiniSearch from 'minisearch';
import type { DocumentRecord, Passage } from '../corpus/types.ts';
import type { SynonymGroup } from '../search/synonyms.ts';
import { loadSearchIndex } from '../search/search-index.ts';
import { Library } from '../library.ts';
import type { Alignment } from '../analysis/align.ts';
import type { Aliases } from './id-changes.ts';

/** Bump when the shape of the saved file changes. */
export const INDEX_FORMAT_VERSION = 3;

export interface IndexFile {
  format: number;
  fingerprint: string;
  builtAt: string;
  documents: DocumentRecord[];
  passages: Passage[];
  synonyms: SynonymGroup[];
  search: ReturnType<MiniSearch<Passage>['toJSON']>;
  /** Each report passage's counterparts in other years (server/analysis/align.ts). */
  alignment: Alignment;
  /** Retired passage ids -> current ids (server/indexer/id-changes.ts). */
  aliases: Aliases;
}

/**
 * What the index is built from: the seeds, the synonyms, the code of the stages that build it and the
 * locked dependency versions. Paths are relative to the repository root.
 */
export const BUILD_INPUTS = ['seeds', 'index/synonyms.json', 'index/word-families.json', 'index/aliases.json', 'server/corpus', 'server/search', 'server/analysis', 'server/indexer', 'package-lock.json'];

/** A hash of the build inputs' names and contents (not their dates: a fresh clone has new dates). */
export function fingerprint(root: string): string {
  const hash = createHash('sha256');
  for (const input of BUILD_INPUTS) {
    for (const file of filesUnder(join(root, input))) {
      hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** Write atomically: a temporary file beside the target, flushed, then renamed over it. */
export function saveIndexFile(path: string, data: IndexFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, JSON.stringify(data));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** Read the saved file, or null when there is none. Throws when it is unreadable or of another format. */
export function readIndexFile(path: string): IndexFile | null {
  if (!existsSync(path)) return null;
  let data: IndexFile;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as IndexFile;
  } catch (error) {
    throw new Error(`${path} is not a readable index (${(error as Error).message}); run \`npm run index\` to rebuild it`);
  }
  if (data.format !== INDEX_FORMAT_VERSION) {
    throw new Error(`${path} has index format ${data.format}, this code reads format ${INDEX_FORMAT_VERSION}; run \`npm run index\` to rebuild it`);
  }
  return data;
}

export function libraryFrom(data: IndexFile): Library {
  return new Library({
    documents: data.documents,
    passages: data.passages,
    synonyms: data.synonyms,
    index: loadSearchIndex(data.search),
    builtAt: data.builtAt,
    alignment: data.alignment,
    aliases: data.aliases,
  });
}
