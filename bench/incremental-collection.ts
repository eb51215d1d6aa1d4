// Two imports for a generated collection (scale-collection.ts), as the incremental indexing test and
// benchmark make them: a narrative taken out of the collection before it is built, to import back, and an
// edited version of another narrative of the same country, to import with --replace.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogEntry } from '../server/corpus/types.ts';
import type { BuildPaths } from '../server/indexer/build-index.ts';

export interface PlannedImport {
  entry: CatalogEntry;
  text: string;
  /** Ids of the documents it replaces. */
  replaces: string[];
}

/**
 * Take the last country's 2010 narrative out of the collection (seed and catalog entry) and plan its
 * import; plan a revision of that country's 2016 narrative whose new opening sentence moves the ids of
 * its first paragraph (so a replacement must record aliases), with a phrase found nowhere else.
 */
export function withholdImports(paths: BuildPaths): { added: PlannedImport; replacement: PlannedImport } {
  const catalogPath = join(paths.seeds, 'catalog.json');
  const catalog = JSON.parse(readFileSync(catalogPath, 'utf8')) as { about: string; documents: CatalogEntry[] };
  const country = catalog.documents.at(-1)!.country;
  const of = (year: number) => catalog.documents.find((d) => d.country === country && d.year === year)!;
  const entry = of(2010);
  const added = { entry, text: readFileSync(join(paths.seeds, entry.file), 'utf8'), replaces: [] };
  rmSync(join(paths.seeds, entry.file));
  writeFileSync(
    catalogPath,
    JSON.stringify({ ...catalog, documents: catalog.documents.filter((d) => d !== entry) }, null, 1),
  );
  const old = of(2016);
  return { added, replacement: revision(old, readFileSync(join(paths.seeds, old.file), 'utf8')) };
}

/**
 * A revised edition of a narrative, replacing it: a new opening sentence in its first paragraph after the
 * title, which moves the ids of that paragraph's sentences, and says "Dandong ferries" (found nowhere else).
 */
export function revision(old: CatalogEntry, text: string): PlannedImport {
  const firstBody = text.indexOf('\n\n', text.indexOf('(Tier')) + 2;
  return {
    entry: { ...old, id: `${old.id}-revised`, file: `revised-${old.file}` },
    text: `${text.slice(0, firstBody)}The revised edition adds this opening sentence about Dandong ferries. ${text.slice(firstBody)}`,
    replaces: [old.id],
  };
}
