// A damaged or missing part of the saved index is found before anything of it is served, and the next
// start (or `npm run index`) rebuilds the index from the seeds alone: every part type, JSON ones
// included, flipped, edited so that it still parses, or removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { buildIndex, type BuildPaths } from '../server/indexer/build-index.ts';
import { LibraryStore, openLibrary } from '../server/indexer/library-store.ts';
import { readIndexFile } from '../server/indexer/index-file.ts';
import { addToCollection, readCatalog } from '../server/import/collection.ts';
import {
  answersOf,
  builtCollection,
  copyCollection,
  flipBytes,
  indexFolder,
  manifestOf,
  partPath,
  removeCollections,
} from './support/lifecycle.ts';
import { runToEnd, startServer } from './support/processes.ts';
import { SEEDS } from './support/corpus.ts';
import { join } from 'node:path';

let pristine: BuildPaths;
let expected: ReturnType<typeof answersOf>;
let parts: string[];

beforeAll(() => {
  pristine = builtCollection();
  expected = answersOf(openLibrary(pristine, () => {}));
  parts = Object.keys(manifestOf(pristine).checks);
});
afterAll(removeCollections);

/** A copy of the built collection, damaged by `damage`; then a start, whose log and library are returned. */
function startAfter(damage: (paths: BuildPaths) => void) {
  const paths = copyCollection(pristine.root);
  const before = manifestOf(paths).builtAt;
  damage(paths);
  const log: string[] = [];
  const library = openLibrary(paths, (line) => log.push(line));
  return { paths, log: log.join('\n'), library, rebuilt: manifestOf(paths).builtAt !== before };
}

/** The start rebuilt, served what the seeds say, and left a complete index with nothing beside it. */
function expectRepaired({ paths, log, library, rebuilt }: ReturnType<typeof startAfter>, file: string) {
  expect(log).toContain(file);
  expect(log).toMatch(/rebuilding from the seeds/);
  expect(rebuilt).toBe(true);
  expect(answersOf(library)).toEqual(expected);
  expect(readIndexFile(paths.indexFile)!.passages).toHaveLength(281);
  expect(indexFolder(paths).others).toEqual([]);
}

describe('every part is checked when it is read, and a damaged one is rebuilt at the next start', () => {
  it('the index has parts of every type to damage', () => {
    expect(parts.sort()).toEqual([
      'alignment-000.bin',
      'documents.json',
      'passages-000.bin',
      'postings-000.bin',
      'search-documents.bin',
      'search-terms.bin',
      'search.json',
      'tokens.bin',
    ]);
  });

  for (const part of [
    'documents.json',
    'passages-000.bin',
    'alignment-000.bin',
    'search.json',
    'search-documents.bin',
    'search-terms.bin',
    'postings-000.bin',
    'tokens.bin',
  ]) {
    it(`${part}: 16 bytes flipped`, () => {
      const start = startAfter((paths) => flipBytes(partPath(paths, part)));
      expect(start.log).toMatch(
        new RegExp(
          `${part.replace('.', '\\.')} is not a readable index part \\(its checksum differs from the manifest's\\)`,
        ),
      );
      expectRepaired(start, part);
    });

    it(`${part}: missing`, () => {
      const start = startAfter((paths) => rmSync(partPath(paths, part)));
      expect(start.log).toMatch(/no such file or directory/);
      expectRepaired(start, part);
    });
  }

  // The parts whose end stays on disk after the start (read when a page shows a passage), checked all the same.
  for (const [part, what] of [
    ['tokens.bin', 'token offsets'],
    ['passages-000.bin', "the passages' texts"],
    ['alignment-000.bin', 'the alignment'],
  ]) {
    it(`${part}: its last 16 bytes flipped (${what}, left on disk after the start)`, () => {
      const start = startAfter((paths) => {
        const file = partPath(paths, part!);
        const bytes = readFileSync(file);
        for (let i = bytes.length - 16; i < bytes.length; i++) bytes[i] = bytes[i]! ^ 0xff;
        writeFileSync(file, bytes);
      });
      expect(start.log).toMatch(
        new RegExp(
          `${part!.replace('.', '\\.')} is not a readable index part \\(its checksum differs from the manifest's\\)`,
        ),
      );
      expectRepaired(start, part!);
    });
  }

  it('documents.json: "(Tier 3)" edited to "(Tier 2)", still valid JSON, is not served', () => {
    const start = startAfter((paths) => {
      const file = partPath(paths, 'documents.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('(Tier 3)', '(Tier 2)'));
      JSON.parse(readFileSync(file, 'utf8'));
    });
    expectRepaired(start, 'documents.json');
    expect(start.library.documents.map((d) => d.title).join()).not.toContain('Tier 2');
  });

  it('search.json: averageFieldLength changed, which would change the ranking, is not served', () => {
    const start = startAfter((paths) => {
      const file = partPath(paths, 'search.json');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(/"averageFieldLength":\[[\d.]+/, '"averageFieldLength":[7'),
      );
    });
    expectRepaired(start, 'search.json');
  });

  it('the manifest: a count edited, still valid JSON, is found by the manifest’s own checksum', () => {
    const start = startAfter((paths) =>
      writeFileSync(paths.indexFile, readFileSync(paths.indexFile, 'utf8').replace('"passages":281', '"passages":280')),
    );
    expect(start.log).toMatch(/index\.json is not a readable index part \(its checksum does not match its content\)/);
    expectRepaired(start, 'index.json');
  });

  it('the manifest: cut short', () => {
    const start = startAfter((paths) => writeFileSync(paths.indexFile, readFileSync(paths.indexFile).subarray(0, 500)));
    expectRepaired(start, 'index.json');
  });

  it('a delta segment an import added: flipped, or missing', () => {
    // The collection less its 2025 report, built; then the report imported as a delta segment.
    const base = builtCollection(['2025-tip']);
    const entry = JSON.parse(readFileSync(join(SEEDS, 'catalog.json'), 'utf8')).documents.find(
      (d: { id: string }) => d.id === '2025-tip',
    );
    addToCollection(base, readCatalog(base), entry, readFileSync(join(SEEDS, entry.file), 'utf8'), [], () => {});
    const segment = manifestOf(base).deltas![0]!.file;
    expect(answersOf(openLibrary(base, () => {}))).toEqual(expected);
    for (const damage of [flipBytes, (file: string) => rmSync(file)]) {
      const paths = copyCollection(base.root);
      damage(partPath(paths, segment));
      const log: string[] = [];
      const library = openLibrary(paths, (line) => log.push(line));
      expect(log.join('\n')).toContain(segment);
      expect(answersOf(library)).toEqual(expected);
      expect(manifestOf(paths).deltas).toBeUndefined();
    }
  });
});

describe('a server reloading an index damaged after it was written', () => {
  it('keeps serving the index it had, naming the damaged part, and takes the next good one', () => {
    const paths = copyCollection(pristine.root);
    const log: string[] = [];
    const store = new LibraryStore(
      openLibrary(paths, () => {}),
      paths.indexFile,
      (line) => log.push(line),
    );
    const serving = store.current;
    const catalog = join(paths.seeds, 'catalog.json');
    writeFileSync(catalog, readFileSync(catalog, 'utf8').replace('"Markdown conversion', '"A markdown conversion'));
    buildIndex(paths);
    flipBytes(partPath(paths, 'postings-000.bin'));
    expect(store.reload()).toBe(false);
    expect(log.at(-1)).toMatch(
      new RegExp(
        `^index: reload failed, still serving the index built ${serving.builtAt}: .*postings-000\\.bin is not a readable index part \\(its checksum differs`,
      ),
    );
    expect(store.current).toBe(serving);
    expect(answersOf(store.current)).toEqual(expected);
    const repaired = buildIndex(paths);
    expect(store.reload()).toBe(true);
    expect(store.current.builtAt).toBe(repaired.builtAt);
    expect(answersOf(store.current)).toEqual(expected);
  });
});

describe('`npm run index` over a damaged index', () => {
  it('builds from the seeds alone, saying it could not compare ids with the old index', () => {
    const paths = copyCollection(pristine.root);
    flipBytes(partPath(paths, 'passages-000.bin'));
    const log: string[] = [];
    buildIndex(paths, (line) => log.push(line));
    expect(log.find((line) => line.includes('warning: the previous index cannot be read'))).toMatch(
      /passages-000\.bin is not a readable index part/,
    );
    expect(answersOf(openLibrary(paths, () => {}))).toEqual(expected);
  });
});

describe('an import over a damaged index', () => {
  it('rebuilds the whole index from the seeds instead of adding a segment to it', () => {
    const paths = builtCollection(['2025-tip']);
    flipBytes(partPath(paths, 'passages-000.bin'));
    const entry = JSON.parse(readFileSync(join(SEEDS, 'catalog.json'), 'utf8')).documents.find(
      (d: { id: string }) => d.id === '2025-tip',
    );
    const log: string[] = [];
    addToCollection(paths, readCatalog(paths), entry, readFileSync(join(SEEDS, entry.file), 'utf8'), [], (line) =>
      log.push(line),
    );
    expect(log.join('\n')).toMatch(
      /rebuilding the whole index: .*passages-000\.bin is not a readable index part \(its checksum differs/,
    );
    expect(manifestOf(paths).deltas).toBeUndefined();
    expect(answersOf(openLibrary(paths, () => {}))).toEqual(expected);
  });
});

describe('as a user runs it (child processes)', () => {
  it('`npm run index` rebuilds over a flipped passages part, exit 0, no stack trace', async () => {
    const paths = copyCollection(pristine.root);
    flipBytes(partPath(paths, 'passages-000.bin'));
    const { code, stdout, stderr } = await runToEnd('scripts/index.ts', ['--quiet'], { TIP_COLLECTION: paths.root });
    expect(code).toBe(0);
    expect(stdout).toMatch(/warning: the previous index cannot be read/);
    expect(stdout + stderr).not.toMatch(/\n\s+at /);
    expect(readIndexFile(paths.indexFile)!.passages).toHaveLength(281);
  });

  for (const [how, script] of [
    ['', 'server/main.ts'],
    [' (compiled, its checks begun before the server loads: scripts/start.mjs)', 'scripts/start.mjs'],
  ])
    it(`\`npm start\`${how} over a flipped passages part rebuilds, then serves the right answers`, async () => {
      const paths = copyCollection(pristine.root);
      flipBytes(partPath(paths, 'passages-000.bin'));
      const server = await startServer({ TIP_COLLECTION: paths.root }, undefined, script);
      try {
        const body = (await (await fetch(`${server.url}/api/search?q=Dandong`)).json()) as {
          total: number;
          results: Array<{ id: string }>;
        };
        expect(body.total).toBe(1);
        expect(body.results[0]!.id).toBe('2025-tip-trafficking-profile-p6-s3');
        expect(server.output()).toMatch(/checksum differs[\s\S]*rebuilding from the seeds/);
        expect(server.output()).not.toMatch(/\n\s+at /);
      } finally {
        await server.stop();
      }
    });
});
