// A rollback journal for the collection's own files, as SQLite keeps one for its database. The importer
// adds a document with several writes (its seed, the seeds it replaces removed, the catalog), and a
// build cannot read the collection between them: a seed without its catalog entry stops every build.
// So before the first write, the importer records every file the document will change, as it is, in
// `index/build/import.<pid>.journal`, flushed to the disk; after the last, it removes the journal (the
// commit). Killed in between, by `kill -9` or a power cut, it leaves the journal, and the next writer
// (recovery.ts) puts each file back as it was: the document was not added, and the collection is
// whole. (An import killed after a document's commit, during the index update, leaves seeds the index
// does not hold yet; the next start sees that in the fingerprint and rebuilds.)
//
// One line per file, JSON: { "path": <relative to the collection>, "before": <base64> | null (absent) }.

import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { replaceDurably, syncFolder } from './durable-write.ts';

interface JournalLine {
  path: string;
  before: string | null;
}

const JOURNAL = /^import\.(\d+)\.journal$/;

/**
 * Record `files` as they are now (on the disk before returning), before a change writes them. Returns
 * the commit: call it once every write is done.
 * @param indexFile the index's manifest: the journal is written beside it
 * @param root the collection's folder, which journalled paths are relative to
 */
export function journalChange(indexFile: string, root: string, files: string[]): () => void {
  const journal = join(dirname(indexFile), `import.${process.pid}.journal`);
  const lines = files.map(
    (file): JournalLine => ({
      path: relative(root, file),
      before: existsSync(file) ? readFileSync(file).toString('base64') : null,
    }),
  );
  // A collection never built has no index folder yet.
  mkdirSync(dirname(journal), { recursive: true });
  const fd = openSync(journal, 'w');
  try {
    writeSync(fd, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  syncFolder(dirname(journal));
  return () => rmSync(journal, { force: true });
}

/** The journals in the index folder of processes that are no longer running. */
export function abandonedJournals(indexFile: string, isRunning: (pid: number) => boolean): string[] {
  const folder = dirname(indexFile);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const pid = Number(JOURNAL.exec(name)?.[1] ?? NaN);
    return Number.isInteger(pid) && pid !== process.pid && !isRunning(pid) ? [join(folder, name)] : [];
  });
}

/**
 * Put every file a journal names back as it was, then remove the journal. Returns the paths. A journal
 * cut short (killed while it was written) is removed alone: no file had been changed yet.
 */
export function rollBack(journal: string, root: string): string[] {
  const text = readFileSync(journal, 'utf8');
  const lines = text.endsWith('\n') ? text.trimEnd().split('\n').flatMap(parseLine) : [];
  for (const { path, before } of lines) {
    const file = join(root, path);
    if (before !== null) replaceDurably(file, Buffer.from(before, 'base64'));
    else if (existsSync(file)) {
      rmSync(file, { force: true });
      syncFolder(dirname(file));
    }
  }
  rmSync(journal, { force: true });
  return lines.map((line) => line.path);
}

function parseLine(text: string): JournalLine[] {
  try {
    const line = JSON.parse(text) as JournalLine;
    return typeof line.path === 'string' ? [line] : [];
  } catch {
    return [];
  }
}
