// A build or an import killed (SIGKILL, as `kill -9` or a power cut) at every point between two of its
// writes (server/indexer/crash-points.ts): the next start serves the answers of the seeds as they are,
// and nothing the dead process left stays behind (its lock, temporary files, parts no manifest names,
// half an imported document).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuildPaths } from '../server/indexer/build-index.ts';
import { openLibrary } from '../server/indexer/library-store.ts';
import { readIndexFile } from '../server/indexer/index-file.ts';
import { CRASH_POINTS } from '../server/indexer/crash-points.ts';
import {
  answersOf,
  builtCollection,
  copyCollection,
  indexFolder,
  manifestOf,
  removeCollections,
  temporaryFiles,
} from './support/lifecycle.ts';
import { runToEnd } from './support/processes.ts';

let aside: string;
let full: BuildPaths;
let without2019: ReturnType<typeof answersOf>;
let without2025: BuildPaths;
let imported: ReturnType<typeof answersOf>;
const report2025 = () => join(aside, '2025-tip-report-north-korea-state-gov.txt');

beforeAll(async () => {
  aside = mkdtempSync(join(tmpdir(), 'tip-kills-'));
  full = builtCollection();
  without2019 = answersOf(openLibrary(builtCollection(['2019-king-keia']), () => {}));
  without2025 = builtCollection(['2025-tip'], aside);
  // The reference for an import that got through: the same import, not killed.
  const done = copyCollection(without2025.root);
  const { code } = await runToEnd('scripts/import.ts', [report2025(), '--collection', done.root]);
  expect(code).toBe(0);
  imported = answersOf(openLibrary(done, () => {}));
}, 120_000);
afterAll(() => {
  removeCollections();
  rmSync(aside, { recursive: true, force: true });
});

/** The start after the kill: its log, and what it serves. */
function startAfterKill(paths: BuildPaths) {
  const log: string[] = [];
  const library = openLibrary(paths, (line) => log.push(line));
  return { log: log.join('\n'), answers: answersOf(library) };
}

/** Nothing of the dead process left: no lock, journal or temporary file, at most the two parts folders kept. */
function expectTidy(paths: BuildPaths) {
  expect(indexFolder(paths).others).toEqual([]);
  expect(indexFolder(paths).partsFolders).toBeLessThanOrEqual(2);
  expect(temporaryFiles(paths)).toEqual([]);
  expect(() => readIndexFile(paths.indexFile)).not.toThrow();
}

describe('`npm run index` killed', () => {
  const points = CRASH_POINTS.filter((point) => point.startsWith('build:') || point.startsWith('save:'));

  it('at every point a build reaches', () => {
    expect(points).toEqual([
      'build:locked',
      'save:first-part',
      'save:parts',
      'save:manifest-written',
      'save:manifest-renamed',
    ]);
  });

  for (const point of points) {
    it(`at ${point}: the next start serves the seeds’ answers and tidies up`, async () => {
      // The seeds change (the 2019 commentary removed), so that the killed build had something to write.
      const paths = copyCollection(full.root);
      const catalogPath = join(paths.seeds, 'catalog.json');
      const catalog = JSON.parse(readFileSync(catalogPath, 'utf8')) as {
        documents: Array<{ id: string; file: string }>;
      };
      rmSync(join(paths.seeds, catalog.documents.find((d) => d.id === '2019-king-keia')!.file));
      catalog.documents = catalog.documents.filter((d) => d.id !== '2019-king-keia');
      writeFileSync(catalogPath, JSON.stringify(catalog, null, 2));
      const killed = await runToEnd('scripts/index.ts', ['--quiet'], {
        TIP_COLLECTION: paths.root,
        TIP_CRASH_AT: point,
      });
      expect(killed.signal).toBe('SIGKILL');
      expect(existsSync(join(paths.root, 'index/build/build.lock')), 'the dead build’s lock').toBe(true);

      const start = startAfterKill(paths);
      expect(start.answers).toEqual(without2019);
      // Once the manifest is in place, the build is done: the start serves it without rebuilding.
      if (point === 'save:manifest-renamed') expect(start.log).not.toMatch(/rebuilding/);
      else expect(start.log).toMatch(/rebuilding/);
      // Killed while saving, it left its parts folder (or its manifest's temporary file) for the start to remove.
      if (point.startsWith('save:') && point !== 'save:manifest-renamed')
        expect(start.log).toMatch(/removed what an interrupted build or import left: build\/(parts-|\.index\.json\.)/);
      expectTidy(paths);
    });
  }
});

describe('`npm run import` killed', () => {
  const points = [
    'import:seed',
    'import:catalog',
    'segment:written',
    'save:manifest-written',
    'save:manifest-renamed',
  ] as const;
  /** Before the document's catalog entry (its commit), the import is rolled back; after, it stays. */
  const committed = (point: string) => point !== 'import:seed';

  for (const point of points) {
    it(`at ${point}: the next start serves the collection ${committed(point) ? 'with' : 'without'} the document, whole`, async () => {
      const paths = copyCollection(without2025.root);
      const catalogBefore = readFileSync(join(paths.seeds, 'catalog.json'), 'utf8');
      const killed = await runToEnd('scripts/import.ts', [report2025(), '--collection', paths.root], {
        TIP_CRASH_AT: point,
      });
      expect(killed.signal).toBe('SIGKILL');

      const start = startAfterKill(paths);
      if (committed(point)) {
        expect(start.answers).toEqual(imported);
        expect(existsSync(join(paths.seeds, '2025-tip-report-north-korea.txt'))).toBe(true);
      } else {
        expect(start.log).toMatch(
          /an interrupted import was rolled back: seeds\/2025-tip-report-north-korea\.txt, seeds\/catalog\.json/,
        );
        expect(start.answers).toEqual(answersOf(openLibrary(without2025, () => {})));
        expect(existsSync(join(paths.seeds, '2025-tip-report-north-korea.txt'))).toBe(false);
        expect(readFileSync(join(paths.seeds, 'catalog.json'), 'utf8')).toBe(catalogBefore);
      }
      // The segment was named by the manifest in time: no rebuild. Before, the seeds are ahead of the index.
      if (point === 'save:manifest-renamed') expect(start.log).not.toMatch(/rebuilding/);
      if (point === 'segment:written') expect(manifestOf(paths).deltas).toBeUndefined();
      expectTidy(paths);
    });
  }
});
