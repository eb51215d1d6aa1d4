// Importing into a built collection adds a delta segment instead of rebuilding, and every answer is the
// one a full rebuild of the same seeds gives: searches (counts, every id in order, scores, facets), the
// country's passages and alignment, and permalinks. Two copies of one generated collection take the same
// imports, one incrementally and one with full rebuilds, and are compared after each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeCollection } from '../bench/scale-collection.ts';
import { revision, withholdImports, type PlannedImport } from '../bench/incremental-collection.ts';
import { SCALE_QUERIES, searchLibrary } from '../bench/scale-queries.ts';
import { buildIndex, type BuildPaths } from '../server/indexer/build-index.ts';
import { LibraryStore, openLibrary } from '../server/indexer/library-store.ts';
import { readManifest } from '../server/indexer/index-file.ts';
import { collectionPaths } from '../server/paths.ts';
import { addToCollection, readCatalog } from '../server/import/collection.ts';
import { matchAll } from '../server/search/search.ts';
import { parseSearchRequest } from '../server/search/query/request.ts';
import type { Library } from '../server/library.ts';

let folder: string;
let incremental: BuildPaths;
let rebuilt: BuildPaths;
let added: PlannedImport;
let replacement: PlannedImport;
let logs: { incremental: string[]; rebuilt: string[] };
/** A server's library, opened before the imports and reloaded after each. */
let store: LibraryStore;
let reloads: string[];

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'incremental-'));
  const { paths } = writeCollection(join(folder, 'incremental'), 3000);
  ({ added, replacement } = withholdImports(paths));
  buildIndex(paths);
  cpSync(paths.root, join(folder, 'rebuilt'), { recursive: true });
  incremental = paths;
  rebuilt = collectionPaths(join(folder, 'rebuilt'));
  logs = { incremental: [], rebuilt: [] };
  reloads = [];
  store = new LibraryStore(
    openLibrary(incremental, () => {}),
    incremental.indexFile,
    (line) => reloads.push(line),
  );
}, 180_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Import into both copies: incrementally into one, with a full rebuild into the other. */
function importBoth({ entry, text, replaces }: PlannedImport): void {
  for (const [paths, log, rebuild] of [
    [incremental, logs.incremental, false],
    [rebuilt, logs.rebuilt, true],
  ] as const) {
    const catalog = readCatalog(paths);
    const replaced = catalog.entries.filter((held) => replaces.includes(held.id));
    addToCollection(paths, catalog, entry, text, replaced, (line) => log.push(line), { rebuild });
  }
}

/** Both copies as the server opens them; the incremental one must load without rebuilding. */
function openBoth(): { updated: Library; reference: Library } {
  const opened: string[] = [];
  const updated = openLibrary(incremental, (line) => opened.push(line));
  expect(opened, 'the updated index matches the seeds: no rebuild at start').toEqual([]);
  return { updated, reference: openLibrary(rebuilt, () => {}) };
}

/** Everything a search shows, and every match in order with its score. */
function answers(library: Library, q: string) {
  const response = searchLibrary(library, q);
  const request = parseSearchRequest({ q }, library.vocabulary);
  return {
    total: response.total,
    facets: response.facets,
    page: response.results.map((r) => [r.id, r.score, r.highlight, r.before, r.after]),
    matches: matchAll(library, request).matches.map((m) => [m.passage.id, m.hit.score]),
  };
}

function expectSameAnswers(updated: Library, reference: Library): void {
  for (const { q } of SCALE_QUERIES) expect(answers(updated, q), q).toEqual(answers(reference, q));
  expect(updated.documents).toEqual(reference.documents);
  expect([...updated.passages]).toEqual([...reference.passages]);
  expect(updated.alignment).toEqual(reference.alignment);
  expect(readFileSync(incremental.aliases, 'utf8')).toBe(readFileSync(rebuilt.aliases, 'utf8'));
}

describe('importing into a built collection of 3,000 generated passages', () => {
  it('adds the document as a delta segment, not a rebuild', () => {
    importBoth(added);
    expect(logs.incremental.find((line) => line.startsWith('updating the index'))).toBe(
      `updating the index with ${added.entry.id}`,
    );
    expect(logs.incremental.some((line) => line.startsWith('align ') && / aligned again/.test(line))).toBe(true);
    expect(logs.incremental.some((line) => line.startsWith('index '))).toBe(false);
    expect(readManifest(incremental.indexFile)!.deltas).toHaveLength(1);
    expect(logs.rebuilt.some((line) => line.startsWith('index '))).toBe(true);
  });

  it('answers every query, and holds every passage and alignment entry, as a full rebuild does', () => {
    const { updated, reference } = openBoth();
    expect(updated.passagesOf(added.entry.id).length).toBeGreaterThan(0);
    // The new year takes part in its neighbours' alignment: some 2009 or 2011 sentence now has a 2010 counterpart.
    const neighbours = updated.passagesOfCountry(added.entry.country).filter((p) => p.year === 2009 || p.year === 2011);
    expect(neighbours.some((p) => updated.alsoIn(p.id).some((m) => m.year === 2010))).toBe(true);
    expectSameAnswers(updated, reference);
  });

  it('applies the segment beside the serving library when it reloads, leaving the one it replaced as it was', () => {
    const serving = store.current;
    const before = answers(serving, 'forced labor');
    expect(store.reload()).toBe(true);
    expect(reloads.at(-1)).toMatch(
      /^index: updated \(built .*, 1 segment applied beside the serving index, \d+ passages\)$/,
    );
    expect(store.current.engine.index, 'a new search index').not.toBe(serving.engine.index);
    expect(answers(serving, 'forced labor'), 'the replaced library unchanged').toEqual(before);
    expect(store.reload(), 'unchanged manifest').toBe(false);
    expectSameAnswers(store.current, openBoth().reference);
  });

  it('replaces a document (--replace) as a full rebuild does, with aliases for the ids that moved', () => {
    importBoth(replacement);
    expect(readManifest(incremental.indexFile)!.deltas).toHaveLength(2);
    const { updated, reference } = openBoth();
    expect(updated.passagesOf(replacement.replaces[0]!)).toEqual([]);
    const aliases = (JSON.parse(readFileSync(incremental.aliases, 'utf8')) as { aliases: Record<string, string> })
      .aliases;
    const retired = Object.keys(aliases).filter((id) => id.startsWith(`${replacement.replaces[0]!}-`));
    expect(retired.length).toBeGreaterThan(10);
    for (const id of retired) expect(updated.currentId(id), id).toBe(reference.currentId(id));
    expect(searchLibrary(updated, '"Dandong ferries"').total).toBe(1);
    expectSameAnswers(updated, reference);
    expect(store.reload()).toBe(true);
    expect(reloads.at(-1)).toMatch(/updated .*, 1 segment applied beside/);
    expectSameAnswers(store.current, reference);
  });

  it('replaces a document that an earlier segment added, as a full rebuild does', () => {
    const again = revision(added.entry, added.text);
    importBoth(again);
    expect(readManifest(incremental.indexFile)!.deltas).toHaveLength(3);
    const { updated, reference } = openBoth();
    expect(updated.passagesOf(added.entry.id)).toEqual([]);
    expect(searchLibrary(updated, '"Dandong ferries"').total).toBe(2);
    expectSameAnswers(updated, reference);
    expect(store.reload()).toBe(true);
    expectSameAnswers(store.current, reference);
  });

  it('folds the segments into a new base on `npm run index`, with the same answers', () => {
    buildIndex(incremental);
    expect(readManifest(incremental.indexFile)!.deltas).toBeUndefined();
    const { updated, reference } = openBoth();
    expectSameAnswers(updated, reference);
    const serving = store.current.engine.index;
    expect(store.reload()).toBe(true);
    expect(reloads.at(-1)).toMatch(/^index: reloaded/);
    expect(store.current.engine.index).not.toBe(serving);
    expectSameAnswers(store.current, reference);
  });

  it('restores seeds, catalog and aliases and keeps the index when the update fails', () => {
    const before = {
      manifest: readFileSync(incremental.indexFile, 'utf8'),
      catalog: readCatalog(incremental).raw,
      aliases: readFileSync(incremental.aliases, 'utf8'),
    };
    // The text says 2010, the entry 2012: ingestion refuses the seed.
    const entry = { ...added.entry, id: 'mismatched', file: 'mismatched.txt', year: 2012 };
    expect(() => addToCollection(incremental, readCatalog(incremental), entry, added.text, [], () => {})).toThrow(
      /2010|2012/,
    );
    expect(readFileSync(incremental.indexFile, 'utf8')).toBe(before.manifest);
    expect(readCatalog(incremental).raw).toBe(before.catalog);
    expect(readFileSync(incremental.aliases, 'utf8')).toBe(before.aliases);
    expect(() => readFileSync(join(incremental.seeds, 'mismatched.txt'))).toThrow();
  });
});
