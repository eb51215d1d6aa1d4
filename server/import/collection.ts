// Adding a planned document to the collection: the seed file, the catalog entry, the index. The checks
// come first (a report and country already held, a file name taken); then the seed and the catalog are
// written atomically, and the index updated: a delta segment for the one document when the index is
// current (server/indexer/update-index.ts, seconds), a full rebuild otherwise. If the update fails, seed,
// catalog and aliases are put back as they were, and the previous index, never replaced, keeps serving.

import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { CatalogEntry } from '../corpus/types.ts';
import { parseCatalog } from '../corpus/catalog.ts';
import { CATALOG_FILE } from '../corpus/read-seeds.ts';
import { countryByCode } from '../corpus/countries.ts';
import { buildIndex, type BuildPaths, type Log } from '../indexer/build-index.ts';
import { updateIndex, whyNotIncremental } from '../indexer/update-index.ts';
import { ImportError } from './import-error.ts';

/**
 * The catalog entries a new entry would duplicate: the same report year and country (commentary
 * aside, which is about a report rather than of it).
 */
function duplicatesOf(entry: CatalogEntry, catalog: CatalogEntry[]): CatalogEntry[] {
  return catalog.filter((held) => held.type !== 'commentary' && held.year === entry.year && held.country === entry.country);
}

/** The catalog as it stands, with its raw text (to restore) and its `about` note (to keep). */
export interface HeldCatalog {
  raw: string;
  about: unknown;
  entries: CatalogEntry[];
}

export function readCatalog(paths: BuildPaths): HeldCatalog {
  const path = join(paths.seeds, CATALOG_FILE);
  const raw = readFileSync(path, 'utf8');
  return { raw, about: (JSON.parse(raw) as { about?: unknown }).about, entries: parseCatalog(raw, relative(paths.root, path)) };
}

/**
 * Refuse an entry that duplicates one already held, unless `replace` is set; refuse a file name taken by
 * another document. Returns the entries that will be replaced.
 */
export function checkAddition(entry: CatalogEntry, catalog: CatalogEntry[], replace: boolean, name: string): CatalogEntry[] {
  const duplicates = duplicatesOf(entry, catalog);
  if (duplicates.length > 0 && !replace) {
    const country = countryByCode(entry.country)?.name ?? entry.country;
    throw new ImportError(name, `the ${entry.year} report's ${country} narrative is already in the collection (${duplicates.map((d) => `${d.id}, seeds/${d.file}`).join('; ')}); pass --replace to replace it`);
  }
  const taken = catalog.find((held) => !duplicates.includes(held) && (held.id === entry.id || held.file === entry.file));
  if (taken) throw new ImportError(name, `the id ${entry.id} or file ${entry.file} is already used by ${taken.id}`);
  return duplicates;
}

/**
 * Write the seed and the catalog entry, update the index; on failure restore them (and the aliases the
 * update may have written) and rethrow.
 * @param replaced the entries checkAddition found the new one replaces
 * @param options.rebuild rebuild the whole index even when a delta segment would do
 */
export function addToCollection(paths: BuildPaths, catalog: HeldCatalog, entry: CatalogEntry, text: string, replaced: CatalogEntry[], log: Log, options: { rebuild?: boolean } = {}): void {
  const catalogPath = join(paths.seeds, CATALOG_FILE);
  const seedPath = join(paths.seeds, entry.file);
  const removedSeeds = replaced.filter((old) => old.file !== entry.file).map((old) => ({ path: join(paths.seeds, old.file), text: readFileSync(join(paths.seeds, old.file)) }));
  const previousSeed = existsSync(seedPath) ? readFileSync(seedPath) : null;
  const previousAliases = existsSync(paths.aliases) ? readFileSync(paths.aliases) : null;
  const entries = [...catalog.entries.filter((held) => !replaced.includes(held)), entry];
  // Asked before the seeds change: a delta is only exact on an index of the seeds as they were.
  const notIncremental = options.rebuild ? 'asked to' : whyNotIncremental(paths);
  try {
    writeAtomically(seedPath, text);
    for (const old of removedSeeds) rmSync(old.path);
    writeAtomically(catalogPath, JSON.stringify({ about: catalog.about, documents: entries.map(catalogOrder) }, null, 2) + '\n');
    if (notIncremental === null) {
      log(`updating the index with ${entry.id}`);
      updateIndex(paths, { added: entry.id, removed: replaced.map((old) => old.id) }, log);
    } else {
      log(`rebuilding the whole index: ${notIncremental}`);
      buildIndex(paths, log);
    }
  } catch (error) {
    writeAtomically(catalogPath, catalog.raw);
    if (previousAliases) writeFileSync(paths.aliases, previousAliases);
    else rmSync(paths.aliases, { force: true });
    for (const old of removedSeeds) writeFileSync(old.path, old.text);
    if (previousSeed) writeFileSync(seedPath, previousSeed);
    else rmSync(seedPath, { force: true });
    throw error;
  }
}

/** The catalog's field order, with optional fields left out when empty (as the hand-written entries do). */
function catalogOrder(entry: CatalogEntry): Record<string, unknown> {
  const { id, file, type, title, country, report, year, tier, publisher, author, container, published, url, urlVerified, via, originalName, sha256, note } = entry;
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
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
