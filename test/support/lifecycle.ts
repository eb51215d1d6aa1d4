// Collections to damage, kill builds in and race builds over, and what a start must serve after: the
// suite's collection copied into temporary folders, built once and copied again for each case.
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex, type BuildPaths } from '../../server/indexer/build-index.ts';
import { collectionPaths } from '../../server/paths.ts';
import { search } from '../../server/search/search.ts';
import { parseSearchRequest } from '../../server/search/query/request.ts';
import type { Library } from '../../server/library.ts';
import { COLLECTION } from './corpus.ts';

const folders: string[] = [];

/** A copy of `from` (a collection folder; default the suite's) in a new temporary folder. */
export function copyCollection(from = COLLECTION): BuildPaths {
  const folder = mkdtempSync(join(tmpdir(), 'tip-lifecycle-'));
  folders.push(folder);
  cpSync(from, folder, { recursive: true });
  return collectionPaths(folder);
}

/** The suite's collection copied and built, less the documents named in `without` (moved to `aside`). */
export function builtCollection(without: string[] = [], aside?: string): BuildPaths {
  const paths = copyCollection();
  const catalogPath = join(paths.seeds, 'catalog.json');
  const catalog = JSON.parse(readFileSync(catalogPath, 'utf8')) as { documents: Array<{ id: string; file: string }> };
  for (const entry of catalog.documents.filter((d) => without.includes(d.id))) {
    if (aside) renameSync(join(paths.seeds, entry.file), join(aside, entry.file));
    else rmSync(join(paths.seeds, entry.file));
  }
  catalog.documents = catalog.documents.filter((d) => !without.includes(d.id));
  writeFileSync(catalogPath, `${JSON.stringify(catalog, null, 2)}\n`);
  buildIndex(paths);
  return paths;
}

/** Remove every folder made here. */
export function removeCollections(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

const QUERIES = ['Dandong', 'forced labor', 'traffick*', '"prison camps"', 'DPRK', 'labor year:2025', 'Tier'];

/** What a user sees: for each query the total and every id in order, and each document's title. */
export function answersOf(library: Library) {
  return {
    titles: library.documents.map((d) => d.title),
    searches: QUERIES.map((q) => {
      const response = search(library, parseSearchRequest({ q, size: '100' }, library.vocabulary), {
        permalink: (id) => id,
      });
      return { q, total: response.total, ids: response.results.map((r) => r.id) };
    }),
  };
}

/** The manifest as written (JSON), and the parts folder it names. */
export function manifestOf(paths: BuildPaths): {
  parts: string;
  checks: Record<string, unknown>;
  builtAt: string;
  deltas?: Array<{ file: string }>;
} {
  return JSON.parse(readFileSync(paths.indexFile, 'utf8'));
}

export function partPath(paths: BuildPaths, name: string): string {
  return name === 'index.json' ? paths.indexFile : join(paths.root, 'index', 'build', manifestOf(paths).parts, name);
}

/** Invert 16 bytes in the middle of a file, keeping its length (a bad sector, a stray write). */
export function flipBytes(file: string): void {
  const bytes = readFileSync(file);
  const from = Math.max(0, (bytes.length >> 1) - 8);
  for (let i = from; i < Math.min(bytes.length, from + 16); i++) bytes[i] = bytes[i]! ^ 0xff;
  writeFileSync(file, bytes);
}

/**
 * What is in the index folder besides the manifest and the parts folders it keeps: leftovers (temporary
 * files, a lock, journals) and how many parts folders there are.
 */
export function indexFolder(paths: BuildPaths): { partsFolders: number; others: string[] } {
  const names = readdirSync(join(paths.root, 'index', 'build'));
  return {
    partsFolders: names.filter((name) => name.startsWith('parts-')).length,
    others: names.filter((name) => !name.startsWith('parts-') && name !== 'index.json'),
  };
}

/** The names in the collection's seeds/ and index/ folders that are temporary files. */
export function temporaryFiles(paths: BuildPaths): string[] {
  return [paths.seeds, join(paths.root, 'index'), join(paths.root, 'index', 'build')].flatMap((folder) =>
    readdirSync(folder).filter((name) => name.endsWith('.tmp')),
  );
}
