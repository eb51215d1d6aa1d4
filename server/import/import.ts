// `npm run import`, as a function: one input in, one document added to the collection (or, with
// dryRun, only planned). The stages, each its own module:
//   source (read or fetch, SHA-256) -> extract (the country's narrative as seed text)
//   -> catalog entry (facts the text states; checked by ingesting it) -> collection (write, update the index)
// Every failure before the collection stage is an ImportError, and nothing has been written.

import { join, relative } from 'node:path';
import { COUNTRIES, DEFAULT_COUNTRY, countryByCode, findCountry, type Country } from '../corpus/countries.ts';
import type { CatalogEntry, DocumentRecord, Passage } from '../corpus/types.ts';
import type { BuildPaths, Log } from '../indexer/build-index.ts';
import { readSource, type Source } from './source.ts';
import { extractNarrative, type Extraction } from './extract.ts';
import { planDocument } from './catalog-entry.ts';
import { addToCollection, checkAddition, readCatalog } from './collection.ts';
import type { PageProgress } from './pdf-pages.ts';
import { ImportError } from './import-error.ts';
import { IMPORT_LIMITS, type ImportLimits } from './limits.ts';

export interface ImportOptions {
  /** A file path or an http(s) address. */
  input: string;
  /** `--country`: a name, alias or alpha-3 code. */
  country?: string;
  year?: number;
  dryRun?: boolean;
  replace?: boolean;
  paths: BuildPaths;
  log?: Log;
  progress?: PageProgress;
  /** Tighter or looser limits than IMPORT_LIMITS (tests use short deadlines). */
  limits?: Partial<ImportLimits>;
}

export interface ImportReport {
  source: Pick<Source, 'name' | 'url' | 'sha256' | 'form'>;
  extraction: Omit<Extraction, 'text'>;
  entry: CatalogEntry;
  record: DocumentRecord;
  passages: Passage[];
  warnings: string[];
  /** Entries replaced (`--replace`); empty otherwise. */
  replaced: CatalogEntry[];
  /** The seed's path from the collection root; null on a dry run. */
  written: string | null;
}

/** Import one narrative. Throws ImportError (nothing written) or, from the index update, SeedError (all restored). */
export async function importNarrative(options: ImportOptions): Promise<ImportReport> {
  const log = options.log ?? (() => {});
  const requested = options.country === undefined ? undefined : resolveCountry(options.country, options.input);
  const limits = { ...IMPORT_LIMITS, ...options.limits };
  const source = await readSource(options.input, limits);
  const extraction = await extractNarrative(source, requested ?? countryByCode(DEFAULT_COUNTRY)!, options.progress, limits);
  const plan = planDocument(source, extraction, { country: requested, year: options.year }, relative(options.paths.root, options.paths.seeds) || '.');
  const name = source.url ?? source.name;
  const { text, ...found } = extraction;
  const catalog = readCatalog(options.paths);
  const report: ImportReport = {
    source: { name: source.name, url: source.url, sha256: source.sha256, form: source.form },
    extraction: found,
    entry: plan.entry,
    record: plan.record,
    passages: plan.passages,
    warnings: plan.warnings,
    replaced: checkAddition(plan.entry, catalog.entries, options.replace ?? false, name),
    written: null,
  };
  if (options.dryRun) return report;
  addToCollection(options.paths, catalog, plan.entry, text, report.replaced, log);
  return { ...report, written: relative(options.paths.root, join(options.paths.seeds, plan.entry.file)) };
}

/** `--country` through the country table; an unknown name lists the names known. */
function resolveCountry(name: string, input: string): Country {
  const country = findCountry(name);
  if (!country) {
    throw new ImportError(input, `--country "${name}" is not in the country table; known: ${COUNTRIES.map((c) => `${c.name} (${c.code})`).join(', ')}`);
  }
  return country;
}
