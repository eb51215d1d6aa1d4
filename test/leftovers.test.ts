// What killed builds and imports leave beside the index, and what the next writer removes of it: never
// what the manifest names or the one before it named, never what a live process is writing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeLeftovers, WRITING_MARKER } from '../server/indexer/leftovers.ts';
import { isRunning } from '../server/indexer/build-lock.ts';

const { pid: dead } = spawnSync(process.execPath, ['-e', '']);
const live = process.ppid;
let root: string;
let places: { indexFile: string; seeds: string; aliases: string };

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tip-leftovers-'));
  places = {
    indexFile: join(root, 'index/build/index.json'),
    seeds: join(root, 'seeds'),
    aliases: join(root, 'index/aliases.json'),
  };
  for (const folder of ['index/build', 'seeds']) mkdirSync(join(root, folder), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const create = (path: string) => {
  const full = join(root, path);
  if (path.endsWith('/')) mkdirSync(full, { recursive: true });
  else writeFileSync(full, '');
};
const manifest = {
  parts: `parts-a-${dead}`,
  previous: `parts-b-${dead}`,
  checks: { 'documents.json': { bytes: 0, crc32: 0 }, [`delta-y-${dead}.json`]: { bytes: 0, crc32: 0 } },
};

describe('removeLeftovers', () => {
  it('the processes it tells apart', () => {
    expect(isRunning(dead!)).toBe(false);
    expect(isRunning(live)).toBe(true);
  });

  const cases = [
    { path: `index/build/parts-a-${dead}/`, why: 'the parts the manifest names', removed: false },
    { path: `index/build/parts-b-${dead}/`, why: 'the parts the previous manifest named', removed: false },
    { path: `index/build/parts-c-${dead}/`, why: 'parts no manifest names, of a dead build', removed: true },
    {
      path: `index/build/parts-d-${live}/`,
      why: 'parts a live process finished writing, which no manifest names any more',
      removed: true,
    },
    { path: `index/build/parts-e-${live}/${WRITING_MARKER}`, why: 'parts a live build is writing', removed: false },
    { path: `index/build/parts-f-${dead}/${WRITING_MARKER}`, why: 'parts a dead build was writing', removed: true },
    { path: `index/build/.index.json.${dead}.tmp`, why: 'a manifest killed before its rename', removed: true },
    { path: `index/build/index.json.${dead}.tmp`, why: 'the same, as named before', removed: true },
    { path: `index/build/.index.json.${live}.tmp`, why: 'a manifest being written', removed: false },
    { path: `index/build/.build.lock.${dead}.tmp`, why: 'a lock being taken by a dead process', removed: true },
    { path: 'index/build/build.lock', why: 'the lock (taken over, never removed here)', removed: false },
    {
      path: `index/build/import.${dead}.journal`,
      why: 'an import’s journal (rolled back, never removed here)',
      removed: false,
    },
    { path: `index/build/parts-a-${dead}/delta-x-${dead}.json`, why: 'a segment no manifest names', removed: true },
    { path: `index/build/parts-a-${dead}/delta-y-${dead}.json`, why: 'a segment the manifest names', removed: false },
    {
      path: `index/build/parts-a-${dead}/delta-z-${live}.json`,
      why: 'a segment a live import is writing',
      removed: false,
    },
    { path: `seeds/.2024-tip-report-china.txt.${dead}.tmp`, why: 'a seed killed before its rename', removed: true },
    { path: 'seeds/notes.123.tmp', why: 'a file of the user’s in seeds/', removed: false },
    { path: `index/.aliases.json.${dead}.tmp`, why: 'an aliases file killed before its rename', removed: true },
  ];

  it('removes what killed writers left, and nothing else', () => {
    for (const { path } of cases) {
      if (path.endsWith(`/${WRITING_MARKER}`) || /\/[^/]+\.json$/.test(path))
        create(path.slice(0, path.lastIndexOf('/') + 1));
      create(path);
    }
    const removed = removeLeftovers(places, manifest);
    for (const { path, why, removed: expected } of cases)
      expect(existsSync(join(root, path.replace(`/${WRITING_MARKER}`, ''))), `${why}: ${path}`).toBe(!expected);
    expect(removed).toHaveLength(cases.filter((c) => c.removed).length);
    expect(removed).toContain(`build/parts-c-${dead}`);
    expect(removed).toContain(`seeds/.2024-tip-report-china.txt.${dead}.tmp`);
  });

  it('removes no parts folder when there is no readable manifest (what it named is unknown)', () => {
    for (const path of [`index/build/parts-c-${dead}/`, `index/build/.index.json.${dead}.tmp`]) create(path);
    expect(removeLeftovers(places, null)).toEqual([`build/.index.json.${dead}.tmp`]);
    expect(readdirSync(join(root, 'index/build'))).toEqual([`parts-c-${dead}`]);
  });
});
