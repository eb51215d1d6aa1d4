// Adding planned documents to the collection: the seed files, the catalog entries, the index. The checks
// come first (a report and country already held, a file name taken, the same original imported before);
// then each document's seed and catalog entry are written, seed first, each file by rename, the files
// recorded first in a rollback journal (server/indexer/collection-journal.ts), so that a batch killed
// at any instant leaves every finished document whole and no half of one; then the index is updated
// once: a delta segment for one document when the index is current (server/indexer/update-index.ts,
// seconds), a full rebuild otherwise. If the update fails, seeds, catalog and aliases are put back as they were, and the previous
// index, never replaced, keeps serving.

import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CatalogEntry } from '../corpus/types.ts';
import { parseCatalog } from '../corpus/catalog.ts';
import { CATALOG_FILE } from '../corpus/read-seeds.ts';
import { countryByCode } from '../corpus/countries.ts';
import { buildIndex, type BuildPaths, type Log } from '../indexer/build-index.ts';
import { updateIndex, whyNotIncremental } from '../indexer/update-index.ts';
import { DamagedIndexError } from '../indexer/part-checks.ts';
import { crashPoint } from '../indexer/crash-points.ts';
import { journalChange } from '../indexer/collection-journal.ts';
import { syncFolder, temporaryName, writeDurably } from '../indexer/durable-write.ts';
import { ImportError } from './import-error.ts';

/** The catalog as it stands, with its raw text (to restore) and its `about` note (to keep). */
export interface HeldCatalog {
  raw: string;
  about: unknown;
  entries: CatalogEntry[];
}

export function readCatalog(paths: BuildPaths): HeldCatalog {
  const path = join(paths.seeds, CATALOG_FILE);
  const raw = readFileSync(path, 'utf8');
  return {
    raw,
    about: (JSON.parse(raw) as { about?: unknown }).about,
    entries: parseCatalog(raw, relative(paths.root, path)),
  };
}

/** What adding an entry means for the collection as it stands. */
export type Addition =
  | { kind: 'new' }
  /** The collection holds this report and country from the very same original (its SHA-256): nothing to do. */
  | { kind: 'unchanged'; held: CatalogEntry }
  | { kind: 'replace'; replaced: CatalogEntry[] }
  /** The collection holds this report and country from another original, and `replace` was not asked for. */
  | { kind: 'held'; reason: string };

/**
 * What adding `entry` would do: the same report year and country already held (commentary aside, which is
 * about a report rather than of it) is replaced only when `replace` is set; the same original imported
 * again changes nothing, unless `replace` is set. A file name or id taken by another document is refused.
 */
export function checkAddition(entry: CatalogEntry, catalog: CatalogEntry[], replace: boolean, name: string): Addition {
  const duplicates = catalog.filter(
    (held) => held.type !== 'commentary' && held.year === entry.year && held.country === entry.country,
  );
  const same = duplicates.find(
    (held) => held.id === entry.id && held.sha256 !== undefined && held.sha256 === entry.sha256,
  );
  if (same && !replace && duplicates.length === 1) return { kind: 'unchanged', held: same };
  if (duplicates.length > 0 && !replace) {
    const country = countryByCode(entry.country)?.name ?? entry.country;
    return {
      kind: 'held',
      reason: `the ${entry.year} report's ${country} narrative is already in the collection (${duplicates.map((d) => `${d.id}, seeds/${d.file}`).join('; ')}); pass --replace to replace it`,
    };
  }
  const taken = catalog.find(
    (held) => !duplicates.includes(held) && (held.id === entry.id || held.file === entry.file),
  );
  if (taken) throw new ImportError(name, `the id ${entry.id} or file ${entry.file} is already used by ${taken.id}`);
  return duplicates.length > 0 ? { kind: 'replace', replaced: duplicates } : { kind: 'new' };
}

/**
 * The documents written to a collection in one run, and how to put every file back as it was: each file
 * is remembered before its first change (the catalog, each seed written or removed, the aliases, which an
 * index update may rewrite).
 */
export class CollectionChanges {
  private readonly before = new Map<string, Buffer | null>();
  readonly added: string[] = [];
  readonly removed: string[] = [];

  constructor(
    private readonly paths: BuildPaths,
    public catalog: HeldCatalog,
  ) {
    this.remember(paths.aliases);
  }

  /**
   * Write a document's seed, remove the seeds of the entries it replaces, then write the catalog: as one
   * change, journalled, which the next writer rolls back if this process is killed half-way.
   */
  add(entry: CatalogEntry, text: string, replaced: CatalogEntry[]): void {
    const seedPath = join(this.paths.seeds, entry.file);
    const oldPaths = replaced.filter((old) => old.file !== entry.file).map((old) => join(this.paths.seeds, old.file));
    const catalogPath = join(this.paths.seeds, CATALOG_FILE);
    for (const path of [seedPath, ...oldPaths, catalogPath]) this.remember(path);
    const commit = journalChange(this.paths.indexFile, this.paths.root, [seedPath, ...oldPaths, catalogPath]);
    writeAtomically(seedPath, text);
    crashPoint('import:seed');
    for (const path of oldPaths) rmSync(path, { force: true });
    const entries = [...this.catalog.entries.filter((held) => !replaced.includes(held)), entry];
    const raw = `${JSON.stringify({ about: this.catalog.about, documents: entries.map(catalogOrder) }, null, 2)}\n`;
    writeAtomically(catalogPath, raw);
    syncFolder(this.paths.seeds);
    commit();
    crashPoint('import:catalog');
    this.catalog = { raw, about: this.catalog.about, entries };
    this.added.push(entry.id);
    for (const old of replaced) if (!this.added.includes(old.id)) this.removed.push(old.id);
  }

  /** Every file as it was before the first change: written back, or removed if it did not exist. */
  restore(): void {
    for (const [path, previous] of [...this.before].reverse()) {
      if (previous === null) rmSync(path, { force: true });
      else writeFileSync(path, previous);
    }
    this.added.length = 0;
    this.removed.length = 0;
  }

  private remember(path: string): void {
    if (!this.before.has(path)) this.before.set(path, existsSync(path) ? readFileSync(path) : null);
  }
}

/**
 * Bring the index up to date with the documents written: a delta segment for one added document when the
 * index was current before the seeds changed (`notIncremental` null, asked before writing), else a full
 * rebuild. Throws on failure, having written nothing of the index.
 */
export function updateIndexFor(
  paths: BuildPaths,
  changes: { added: string[]; removed: string[] },
  notIncremental: string | null,
  log: Log,
): 'segment' | 'rebuild' {
  let why = notIncremental ?? `${changes.added.length} documents added`;
  if (notIncremental === null && changes.added.length === 1) {
    log(`updating the index with ${changes.added[0]}`);
    try {
      updateIndex(paths, { added: changes.added[0]!, removed: changes.removed }, log);
      return 'segment';
    } catch (error) {
      // A damaged saved index cannot take a segment; the seeds can still build a whole one.
      if (!(error instanceof DamagedIndexError)) throw error;
      why = error.message;
    }
  }
  log(`rebuilding the whole index: ${why}`);
  buildIndex(paths, log);
  return 'rebuild';
}

/**
 * Write the seed and the catalog entry, update the index; on failure restore them (and the aliases the
 * update may have written) and rethrow.
 * @param replaced the entries checkAddition found the new one replaces
 * @param options.rebuild rebuild the whole index even when a delta segment would do
 */
export function addToCollection(
  paths: BuildPaths,
  catalog: HeldCatalog,
  entry: CatalogEntry,
  text: string,
  replaced: CatalogEntry[],
  log: Log,
  options: { rebuild?: boolean } = {},
): void {
  // Asked before the seeds change: a delta is only exact on an index of the seeds as they were.
  const notIncremental = options.rebuild ? 'asked to' : whyNotIncremental(paths);
  const changes = new CollectionChanges(paths, catalog);
  try {
    changes.add(entry, text, replaced);
    updateIndexFor(paths, changes, notIncremental, log);
  } catch (error) {
    changes.restore();
    throw error;
  }
}

/** The catalog's field order, with optional fields left out when empty (as the hand-written entries do). */
function catalogOrder(entry: CatalogEntry): Record<string, unknown> {
  const {
    id,
    file,
    type,
    title,
    country,
    report,
    year,
    tier,
    publisher,
    author,
    container,
    published,
    url,
    urlVerified,
    via,
    originalName,
    sha256,
    note,
  } = entry;
  const ordered: Record<string, unknown> = { id, file, type, title, report, year, country, tier, publisher, author };
  if (container) ordered.container = container;
  Object.assign(ordered, { published, url, urlVerified, via });
  if (originalName) ordered.originalName = originalName;
  if (sha256) ordered.sha256 = sha256;
  if (note) ordered.note = note;
  return ordered;
}

function writeAtomically(path: string, text: string): void {
  // A dot-name, which the seed reader skips, so a crash between the two steps leaves no stray seed.
  const temporary = temporaryName(path);
  writeDurably(temporary, text);
  renameSync(temporary, path);
}
