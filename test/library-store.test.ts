// Building, loading and reloading the index: a failure never takes away the index that was serving.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex, type BuildPaths } from '../server/indexer/build-index.ts';
import {
  appendSegment,
  INDEX_FORMAT_VERSION,
  libraryFrom,
  readIndexFile,
  readManifest,
} from '../server/indexer/index-file.ts';
import { searchLibrary } from '../bench/scale-queries.ts';
import request from 'supertest';
import { createApp } from '../server/web/app.ts';
import { LibraryStore, openLibrary } from '../server/indexer/library-store.ts';
import { temporaryCollection } from './support/narratives.ts';

let collection: ReturnType<typeof temporaryCollection>;
let root: string;
let paths: BuildPaths;
let log: string[];

beforeEach(() => {
  collection = temporaryCollection();
  paths = collection.paths;
  root = paths.root;
  log = [];
});
afterEach(() => collection.remove());

const note = (line: string) => log.push(line);
const breakSeed = () => writeFileSync(join(root, 'seeds/2016-tip-report-north-korea.md'), '');

describe('building the index', () => {
  it('logs each stage with its counts', () => {
    buildIndex(paths, note);
    expect(log.map((line) => line.split(/\s+/)[0])).toEqual(
      expect.arrayContaining(['seeds', 'ingest', 'synonyms', 'index', 'align', 'ids', 'save', 'built']),
    );
    expect(log.find((line) => line.startsWith('ingest'))).toMatch(/281 passages/);
  });

  it('leaves the previous index file untouched when a seed is broken', () => {
    buildIndex(paths);
    const before = readFileSync(paths.indexFile, 'utf8');
    breakSeed();
    expect(() => buildIndex(paths)).toThrow('seeds/2016-tip-report-north-korea.md: is empty');
    expect(readFileSync(paths.indexFile, 'utf8')).toBe(before);
  });
});

describe('opening the library at start', () => {
  it('builds the index when there is none', () => {
    const library = openLibrary(paths, note);
    expect(library.passages).toHaveLength(281);
    expect(log[0]).toBe('index: none yet; building');
  });

  it('loads a saved index that matches the seeds without rebuilding', () => {
    const built = buildIndex(paths);
    const library = openLibrary(paths, note);
    expect(library.builtAt).toBe(built.builtAt);
    expect(log).toEqual([]);
  });

  it('rebuilds when the seeds changed since the index was built', () => {
    const built = buildIndex(paths);
    const catalog = join(root, 'seeds/catalog.json');
    writeFileSync(catalog, readFileSync(catalog, 'utf8').replace('"Markdown conversion', '"A markdown conversion'));
    const library = openLibrary(paths, note);
    expect(library.builtAt).not.toBe(built.builtAt);
    expect(log[0]).toMatch(/changed since the index was built; rebuilding/);
  });

  it('serves the previous index, and says so, when the rebuild fails', () => {
    const built = buildIndex(paths);
    breakSeed();
    const library = openLibrary(paths, note);
    expect(library.builtAt).toBe(built.builtAt);
    expect(library.passages).toHaveLength(281);
    expect(log.at(-1)).toMatch(
      /rebuild failed, serving the previous index .*2016-tip-report-north-korea\.md: is empty/,
    );
  });

  it('fails with the seed error when there is no previous index to fall back on', () => {
    breakSeed();
    expect(() => openLibrary(paths, note)).toThrow('is empty');
  });

  it('refuses an index of another format, saying what to do, and rebuilds it', () => {
    buildIndex(paths);
    const saved = JSON.parse(readFileSync(paths.indexFile, 'utf8'));
    writeFileSync(paths.indexFile, JSON.stringify({ ...saved, format: INDEX_FORMAT_VERSION + 1 }));
    expect(() => readIndexFile(paths.indexFile)).toThrow(
      `has index format ${INDEX_FORMAT_VERSION + 1}, this code reads format ${INDEX_FORMAT_VERSION}; run \`npm run index\``,
    );
    expect(openLibrary(paths, note).passages).toHaveLength(281);
  });
});

describe('reloading while serving', () => {
  it('picks up an index that `npm run index` wrote', () => {
    const store = new LibraryStore(openLibrary(paths, note), paths.indexFile, note);
    const first = store.current.builtAt;
    const catalog = join(root, 'seeds/catalog.json');
    writeFileSync(catalog, readFileSync(catalog, 'utf8').replace('"Markdown conversion', '"A markdown conversion'));
    buildIndex(paths);
    expect(store.reload()).toBe(true);
    expect(store.current.builtAt).not.toBe(first);
  });

  it('reads only the manifest when the index has not changed', () => {
    buildIndex(paths);
    const store = new LibraryStore(openLibrary(paths, note), paths.indexFile, note);
    const serving = store.current;
    const { parts } = JSON.parse(readFileSync(paths.indexFile, 'utf8'));
    writeFileSync(join(root, 'index/build', parts, 'passages-000.bin'), '[ truncated');
    expect(store.reload()).toBe(false);
    expect(store.current).toBe(serving);
    expect(log).toEqual([]);
  });

  it('keeps serving the old library, whole, when a segment fails half-way through being applied', () => {
    buildIndex(paths);
    const store = new LibraryStore(openLibrary(paths, note), paths.indexFile, note);
    const serving = store.current;
    const answer = (q: string) => searchLibrary(serving, q).results.map((result) => [result.id, result.score]);
    const before = ['forced labor', 'Dandong', 'DPRK'].map(answer);
    // A segment that removes the 2025 report (its passages leave the index first), then adds a passage
    // whose id is already in the index: MiniSearch refuses the add, after the removal was done.
    const [removed, kept] = [serving.document('2025-tip')!, serving.passagesOf('2016-tip')[0]!];
    const manifest = readManifest(paths.indexFile)!;
    appendSegment(
      paths.indexFile,
      {
        documents: [{ ...removed, id: 'broken' }],
        passages: [{ ...kept, doc: 'broken' }],
        removed: [removed.id],
        alignment: [],
      },
      manifest.builtAt,
      {
        fingerprint: manifest.fingerprint,
        builtAt: new Date().toISOString(),
        aliases: manifest.aliases,
        counts: manifest.counts,
      },
    );
    expect(store.reload()).toBe(false);
    expect(log.some((line) => /applying the segments failed/.test(line))).toBe(true);
    expect(log.at(-1)).toMatch(/reload failed, still serving the index built/);
    expect(store.current).toBe(serving);
    expect(['forced labor', 'Dandong', 'DPRK'].map(answer)).toEqual(before);
  });

  it('keeps serving when the new index file is unreadable', () => {
    const store = new LibraryStore(openLibrary(paths, note), paths.indexFile, note);
    const serving = store.current;
    writeFileSync(paths.indexFile, '{ "truncated": ');
    expect(store.reload()).toBe(false);
    expect(store.current).toBe(serving);
    expect(log.at(-1)).toMatch(/reload failed, still serving the index built/);
  });
});

describe('permalinks across rebuilds', () => {
  // Drop the first sentence of the 2025 Dandong paragraph: every later sentence of it moves up one id.
  const dropFirstSentence = () => {
    const file = join(root, 'seeds/2025-tip-report-north-korea-state-gov.txt');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'The vast majority of North Koreans employed outside the country continue to be in Russia and China. ',
        '',
      ),
    );
  };

  it('records an alias when a sentence moves to a new id, says which ids changed, and old links redirect', async () => {
    buildIndex(paths);
    dropFirstSentence();
    const data = buildIndex(paths, note);
    // The paragraph's last id (p6-s6) is retired: its sentence is now p6-s5.
    expect(data.aliases).toEqual({ '2025-tip-trafficking-profile-p6-s6': '2025-tip-trafficking-profile-p6-s5' });
    expect(JSON.parse(readFileSync(paths.aliases, 'utf8')).aliases).toEqual(data.aliases);
    expect(log.join('\n')).toMatch(/1 passage ids moved: aliases recorded in index\/aliases\.json/);
    expect(log.join('\n')).toMatch(
      /warning: 5 ids now name a different sentence: 2025-tip-trafficking-profile-p6-s1, /,
    );
    const app = createApp({ library: () => libraryFrom(data) });
    const response = await request(app).get('/p/2025-tip-trafficking-profile-p6-s6').expect(301);
    expect(response.headers.location).toBe('/p/2025-tip-trafficking-profile-p6-s5');
    expect(
      (await request(app).get('/api/passages/2025-tip-trafficking-profile-p6-s6').expect(301)).headers.location,
    ).toBe('/api/passages/2025-tip-trafficking-profile-p6-s5');
    expect(
      (await request(app).get('/p/2025-tip-trafficking-profile-p6-s6?q=Dandong').expect(301)).headers.location,
    ).toBe('/p/2025-tip-trafficking-profile-p6-s5?q=Dandong');
    expect((await request(app).get('/p/2025-tip-trafficking-profile-p6-s6.bib').expect(301)).headers.location).toBe(
      '/p/2025-tip-trafficking-profile-p6-s5.bib',
    );
  });

  it('reports nothing when the ids did not change', () => {
    buildIndex(paths);
    buildIndex(paths, note);
    expect(log.join('\n')).not.toMatch(/ids moved|warning/);
  });
});
