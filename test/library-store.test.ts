// Building, loading and reloading the index: a failure never takes away the index that was serving.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { buildIndex, type BuildPaths } from '../server/indexer/build-index.ts';
import { INDEX_FORMAT_VERSION, readIndexFile } from '../server/indexer/index-file.ts';
import { LibraryStore, openLibrary } from '../server/indexer/library-store.ts';
import { ROOT } from './support/corpus.ts';

let root: string;
let paths: BuildPaths;
let log: string[];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'index-'));
  cpSync(join(ROOT, 'seeds'), join(root, 'seeds'), { recursive: true });
  mkdirSync(join(root, 'index'));
  cpSync(join(ROOT, 'index/synonyms.json'), join(root, 'index/synonyms.json'));
  paths = { root, seeds: join(root, 'seeds'), synonyms: join(root, 'index/synonyms.json'), indexFile: join(root, 'index/build/index.json') };
  log = [];
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const note = (line: string) => log.push(line);
const breakSeed = () => writeFileSync(join(root, 'seeds/2016-tip-report-north-korea.md'), '');

describe('building the index', () => {
  it('logs each stage with its counts', () => {
    buildIndex(paths, note);
    expect(log.map((line) => line.split(/\s+/)[0])).toEqual(expect.arrayContaining(['seeds', 'ingest', 'synonyms', 'index', 'save', 'built']));
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
    expect(log.at(-1)).toMatch(/rebuild failed, serving the previous index .*2016-tip-report-north-korea\.md: is empty/);
  });

  it('fails with the seed error when there is no previous index to fall back on', () => {
    breakSeed();
    expect(() => openLibrary(paths, note)).toThrow('is empty');
  });

  it('refuses an index of another format, saying what to do, and rebuilds it', () => {
    buildIndex(paths);
    const saved = JSON.parse(readFileSync(paths.indexFile, 'utf8'));
    writeFileSync(paths.indexFile, JSON.stringify({ ...saved, format: INDEX_FORMAT_VERSION + 1 }));
    expect(() => readIndexFile(paths.indexFile)).toThrow(`has index format ${INDEX_FORMAT_VERSION + 1}, this code reads format ${INDEX_FORMAT_VERSION}; run \`npm run index\``);
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

  it('keeps serving when the new index file is unreadable', () => {
    const store = new LibraryStore(openLibrary(paths, note), paths.indexFile, note);
    const serving = store.current;
    writeFileSync(paths.indexFile, '{ "truncated": ');
    expect(store.reload()).toBe(false);
    expect(store.current).toBe(serving);
    expect(log.at(-1)).toMatch(/reload failed, still serving the index built/);
  });
});
