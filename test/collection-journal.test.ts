// The importer's rollback journal: a document half-added by a killed import is taken back whole.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { abandonedJournals, journalChange, rollBack } from '../server/indexer/collection-journal.ts';
import { isRunning } from '../server/indexer/build-lock.ts';

let root: string;
let indexFile: string;
const file = (name: string) => join(root, 'seeds', name);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tip-journal-'));
  mkdirSync(join(root, 'seeds'));
  mkdirSync(join(root, 'index/build'), { recursive: true });
  indexFile = join(root, 'index/build/index.json');
  writeFileSync(file('catalog.json'), '{"documents":["old"]}');
  writeFileSync(file('old.txt'), 'the report it replaces');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** What a killed `--replace` import did before dying: the new seed written, the old removed, no catalog. */
function halfAnImport(): void {
  journalChange(indexFile, root, [file('new.txt'), file('old.txt'), file('catalog.json')]);
  writeFileSync(file('new.txt'), 'the new report');
  rmSync(file('old.txt'));
}

/** The journal of this process, as a dead process would have left it. */
function abandon(): string {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  const left = join(root, `index/build/import.${pid}.journal`);
  renameSync(join(root, `index/build/import.${process.pid}.journal`), left);
  return left;
}

describe('the collection journal', () => {
  it('puts back every file of a document half-added, and is removed', () => {
    halfAnImport();
    const journal = abandon();
    expect(rollBack(journal, root)).toEqual(['seeds/new.txt', 'seeds/old.txt', 'seeds/catalog.json']);
    expect(readdirSync(join(root, 'seeds')).sort()).toEqual(['catalog.json', 'old.txt']);
    expect(readFileSync(file('old.txt'), 'utf8')).toBe('the report it replaces');
    expect(readFileSync(file('catalog.json'), 'utf8')).toBe('{"documents":["old"]}');
    expect(existsSync(journal)).toBe(false);
  });

  it('is gone once the change is committed: nothing to roll back', () => {
    const commit = journalChange(indexFile, root, [file('new.txt'), file('catalog.json')]);
    writeFileSync(file('new.txt'), 'the new report');
    writeFileSync(file('catalog.json'), '{"documents":["old","new"]}');
    commit();
    expect(readdirSync(join(root, 'index/build'))).toEqual([]);
  });

  it('is only rolled back for a process that is no longer running', () => {
    halfAnImport();
    expect(abandonedJournals(indexFile, isRunning), 'this process’s own journal').toEqual([]);
    const left = abandon();
    expect(abandonedJournals(indexFile, isRunning)).toEqual([left]);
    expect(abandonedJournals(indexFile, () => true)).toEqual([]);
  });

  it('cut short (killed while it was written, before any change), is removed and changes nothing', () => {
    journalChange(indexFile, root, [file('new.txt'), file('old.txt'), file('catalog.json')]);
    const left = abandon();
    writeFileSync(left, readFileSync(left, 'utf8').slice(0, 30));
    expect(rollBack(left, root)).toEqual([]);
    expect(readdirSync(join(root, 'seeds')).sort()).toEqual(['catalog.json', 'old.txt']);
    expect(existsSync(left)).toBe(false);
  });
});
