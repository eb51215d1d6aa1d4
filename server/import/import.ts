// `npm run import`, as functions: inputs in, documents added to the collection (or, with dryRun, only
// planned). The stages, each its own module:
//   inputs (folders and address lists opened: inputs.ts) -> source (read or fetch, SHA-256)
//   -> extract (every chapter wanted, the input read once) -> catalog entry (facts the text states;
//   checked by ingesting it) -> collection (each document written whole, then the index updated once)
//
// importNarrative takes one input and one narrative and throws an ImportError when it cannot be imported
// (nothing written). importAll takes any number of inputs and chapters: one that fails is reported and
// the others go on; the index is updated once at the end.

import { join, relative } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { DEFAULT_COUNTRY, countryByCode, findCountry, type Country } from '../corpus/countries.ts';
import type { CatalogEntry, DocumentRecord, Passage } from '../corpus/types.ts';
import type { BuildPaths, Log } from '../indexer/build-index.ts';
import { whyNotIncremental } from '../indexer/update-index.ts';
import { lockCollection } from '../indexer/recovery.ts';
import { readSource, type Source } from './source.ts';
import { narrativeOf, openInput, type Extraction, type OpenedInput } from './extract.ts';
import { planDocument, type PlannedDocument } from './catalog-entry.ts';
import {
  addToCollection,
  checkAddition,
  CollectionChanges,
  readCatalog,
  updateIndexFor,
  type Addition,
} from './collection.ts';
import { chapterRequest, selectChapter, type Chapter, type ChapterRequest } from './chapters.ts';
import { expandInputs } from './inputs.ts';
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
  /** The seed's path from the collection root; null on a dry run, or when nothing changed. */
  written: string | null;
  /** The collection already held this narrative from the same original (its SHA-256): nothing was done. */
  unchanged: boolean;
}

/** Import one narrative. Throws ImportError (nothing written) or, from the index update, SeedError (all restored). */
export async function importNarrative(options: ImportOptions): Promise<ImportReport> {
  const log = options.log ?? (() => {});
  const requested = options.country === undefined ? undefined : resolveCountry(options.country, options.input);
  const limits = { ...IMPORT_LIMITS, ...options.limits };
  const source = await readSource(options.input, limits);
  const opened = await openInput(source, options.progress, limits);
  const extraction = narrativeOf(opened, requested ?? countryByCode(DEFAULT_COUNTRY)!, source.name);
  // From the catalog read to the index written, no other build or import changes the collection.
  const release = options.dryRun ? () => {} : await lockCollection(options.paths, log);
  try {
    const catalog = readCatalog(options.paths);
    const { report, plan, addition } = planReport(source, extraction, options, requested, catalog.entries);
    if (addition.kind === 'held') throw new ImportError(source.url ?? source.name, addition.reason);
    if (options.dryRun || report.unchanged) return report;
    addToCollection(options.paths, catalog, plan.entry, extraction.text, report.replaced, log);
    return { ...report, written: seedPath(options.paths, plan.entry) };
  } finally {
    release();
  }
}

/** What became of one chapter (or one single-narrative input) of a batch. */
export interface ChapterOutcome {
  /** The input as given, or the file or address a folder or list led to. */
  input: string;
  /** The chapter heading's name, when the input has chapters. */
  chapter: string | null;
  /** The catalog id (planned or written), when it got that far. */
  id: string | null;
  /**
   * `unchanged`: already imported from the same original; `held`: the collection holds this report and
   * country from another original (--replace replaces it); `not done`: interrupted before it.
   */
  result: 'added' | 'replaced' | 'unchanged' | 'held' | 'failed' | 'not done';
  /** Why (all but added and replaced), or what was replaced; the passages added otherwise. */
  reason: string;
}

export interface BatchOptions {
  /** Files, folders (every .pdf, .html, .htm, .txt and .md in them), http(s) addresses, or files listing addresses. */
  inputs: string[];
  /** `--country`: one country, a comma-separated list, or "all" (every chapter of a report). */
  countries?: string;
  year?: number;
  dryRun?: boolean;
  replace?: boolean;
  paths: BuildPaths;
  log?: Log;
  /** Pages read of the current PDF. */
  progress?: PageProgress;
  /** Called as each chapter is done, with how many of the current input's are. */
  onOutcome?: (outcome: ChapterOutcome, done: number, of: number) => void;
  /** Checked between chapters: once true, no further chapter is started (what is written stays). */
  stopped?: () => boolean;
  /** Called once the documents are written, before the index update (which cannot be interrupted midway). */
  onIndexing?: (documents: number) => void;
  /** Tighter or looser limits than IMPORT_LIMITS (tests use short deadlines). */
  limits?: Partial<ImportLimits>;
}

export interface BatchReport {
  outcomes: ChapterOutcome[];
  /** How the index was brought up to date; null when nothing was written (or on a dry run). */
  index: 'segment' | 'rebuild' | null;
  /** Set when the index update failed: every document written was taken back. */
  indexError: Error | null;
  interrupted: boolean;
}

/**
 * Import every chapter asked for from every input, one document at a time; update the index once at the
 * end. A chapter that cannot be imported is reported and the rest go on. If the index update fails, all
 * the documents written are taken back (the error is in the report), and the previous index keeps serving.
 */
export async function importAll(options: BatchOptions): Promise<BatchReport> {
  // The whole batch holds the build lock: no other build or import changes the collection under it.
  const release = options.dryRun ? () => {} : await lockCollection(options.paths, options.log ?? (() => {}));
  try {
    return await importBatch(options);
  } finally {
    release();
  }
}

async function importBatch(options: BatchOptions): Promise<BatchReport> {
  const log = options.log ?? (() => {});
  const request = options.countries === undefined ? undefined : resolveRequest(options.countries);
  const limits = { ...IMPORT_LIMITS, ...options.limits };
  const outcomes: ChapterOutcome[] = [];
  const record = (outcome: ChapterOutcome, done: number, of: number) => {
    outcomes.push(outcome);
    options.onOutcome?.(outcome, done, of);
  };
  // Asked before the seeds change: a delta is only exact on an index of the seeds as they were.
  const notIncremental = options.dryRun ? null : whyNotIncremental(options.paths);
  const changes = new CollectionChanges(options.paths, readCatalog(options.paths));
  let interrupted = false;
  const inputs = expandInputs(options.inputs);
  for (const [position, input] of inputs.entries()) {
    if (options.stopped?.()) {
      interrupted = true;
      for (const rest of inputs.slice(position))
        record({ input: rest.input, chapter: null, id: null, result: 'not done', reason: 'interrupted' }, 1, 1);
      break;
    }
    if ('failed' in input) {
      record({ input: input.input, chapter: null, id: null, result: 'failed', reason: input.failed }, 1, 1);
      continue;
    }
    let source: Source;
    let opened: OpenedInput;
    try {
      source = await readSource(input.input, limits);
      opened = await openInput(source, options.progress, limits);
    } catch (error) {
      record({ input: input.input, chapter: null, id: null, result: 'failed', reason: reasonOf(error) }, 1, 1);
      continue;
    }
    const wanted = chaptersWanted(opened, request, source.name);
    for (const [index, want] of wanted.entries()) {
      if (options.stopped?.()) {
        interrupted = true;
        for (const rest of wanted.slice(index))
          record(
            {
              input: source.url ?? source.name,
              chapter: 'chapter' in rest ? (rest.chapter?.name ?? null) : rest.missing.name,
              id: null,
              result: 'not done',
              reason: 'interrupted',
            },
            index + 1,
            wanted.length,
          );
        break;
      }
      record(importChapter(source, opened, want, request, options, changes), index + 1, wanted.length);
      // A turn of the event loop between chapters, so that Ctrl-C is heard between two documents, never inside one.
      await turn();
    }
    if (interrupted) {
      for (const rest of inputs.slice(position + 1))
        record({ input: rest.input, chapter: null, id: null, result: 'not done', reason: 'interrupted' }, 1, 1);
      break;
    }
  }
  if (options.dryRun || changes.added.length === 0) return { outcomes, index: null, indexError: null, interrupted };
  options.onIndexing?.(changes.added.length);
  try {
    const index = updateIndexFor(options.paths, changes, notIncremental, log);
    return { outcomes, index, indexError: null, interrupted };
  } catch (error) {
    changes.restore();
    for (const outcome of outcomes) {
      if (outcome.result === 'added' || outcome.result === 'replaced')
        Object.assign(outcome, {
          result: 'failed',
          reason: `taken back: the index update failed (${reasonOf(error)})`,
        });
    }
    return { outcomes, index: null, indexError: error as Error, interrupted };
  }
}

/** One chapter wanted from an input: a chapter of it, the whole input (one narrative), or a country it lacks. */
type Wanted = { chapter: Chapter | null } | { missing: Country };

function chaptersWanted(opened: OpenedInput, request: ChapterRequest | undefined, file: string): Wanted[] {
  const { chapters } = opened;
  // An input holding one narrative is that narrative, whatever was asked (planDocument checks the country).
  if (chapters.length <= 1) return [{ chapter: chapters[0] ?? null }];
  if (request === 'all') return chapters.map((chapter) => ({ chapter }));
  const countries = request ?? [countryByCode(DEFAULT_COUNTRY)!];
  return countries.map((country) => {
    try {
      return { chapter: selectChapter(chapters, country, file) };
    } catch {
      return { missing: country };
    }
  });
}

function importChapter(
  source: Source,
  opened: OpenedInput,
  want: Wanted,
  request: ChapterRequest | undefined,
  options: BatchOptions,
  changes: CollectionChanges,
): ChapterOutcome {
  const input = source.url ?? source.name;
  if ('missing' in want) {
    const found = opened.chapters.length;
    return {
      input,
      chapter: null,
      id: null,
      result: 'failed',
      reason: `has no chapter for ${want.missing.name} (${found} chapters found)`,
    };
  }
  const chapter = want.chapter?.name ?? null;
  try {
    const extraction = opened.narrative(want.chapter);
    const only = Array.isArray(request) && request.length === 1 ? request[0] : undefined;
    const { report, plan, addition } = planReport(source, extraction, options, only, changes.catalog.entries);
    if (
      Array.isArray(request) &&
      request.length > 1 &&
      !request.some((country) => country.code === plan.entry.country)
    ) {
      throw new ImportError(
        input,
        `is about ${countryByCode(plan.entry.country)?.name}, not one of the countries asked for`,
      );
    }
    if (report.unchanged)
      return {
        input,
        chapter,
        id: plan.entry.id,
        result: 'unchanged',
        reason: `already imported from this original (sha256 ${source.sha256.slice(0, 12)}…)`,
      };
    if (addition.kind === 'held') return { input, chapter, id: plan.entry.id, result: 'held', reason: addition.reason };
    const passages = `${plan.record.passageCount} passages`;
    const replaced = report.replaced.length ? `; replaces ${report.replaced.map((old) => old.id).join(', ')}` : '';
    if (!options.dryRun) changes.add(plan.entry, extraction.text, report.replaced);
    else
      changes.catalog = {
        ...changes.catalog,
        entries: [...changes.catalog.entries.filter((held) => !report.replaced.includes(held)), plan.entry],
      };
    return {
      input,
      chapter,
      id: plan.entry.id,
      result: report.replaced.length ? 'replaced' : 'added',
      reason: `${passages}${replaced}`,
    };
  } catch (error) {
    return { input, chapter, id: null, result: 'failed', reason: reasonOf(error) };
  }
}

/** Plan the document and check it against the catalog: the report a dry run prints, and the plan to write. */
function planReport(
  source: Source,
  extraction: Extraction,
  options: { year?: number; replace?: boolean; paths: BuildPaths },
  country: Country | undefined,
  catalog: CatalogEntry[],
): { report: ImportReport; plan: PlannedDocument; addition: Addition } {
  const plan = planDocument(
    source,
    extraction,
    { country, year: options.year },
    relative(options.paths.root, options.paths.seeds) || '.',
  );
  const addition = checkAddition(plan.entry, catalog, options.replace ?? false, source.url ?? source.name);
  const { text: _text, ...found } = extraction;
  const report: ImportReport = {
    source: { name: source.name, url: source.url, sha256: source.sha256, form: source.form },
    extraction: found,
    entry: plan.entry,
    record: plan.record,
    passages: plan.passages,
    warnings: plan.warnings,
    replaced: addition.kind === 'replace' ? addition.replaced : [],
    written: null,
    unchanged: addition.kind === 'unchanged',
  };
  return { report, plan, addition };
}

function seedPath(paths: BuildPaths, entry: CatalogEntry): string {
  return relative(paths.root, join(paths.seeds, entry.file));
}

/** `--country` through the country table; an unknown name says what to give instead. */
function resolveCountry(name: string, input: string): Country {
  const country = findCountry(name);
  if (!country)
    throw new ImportError(
      input,
      `--country "${name}" is not in the country table; give a name, another name or the ISO code ("North Korea", "DPRK", "PRK")`,
    );
  return country;
}

function resolveRequest(value: string): ChapterRequest {
  const request = chapterRequest(value);
  if (request !== 'all' && !Array.isArray(request))
    throw new ImportError(
      '--country',
      `"${request.unknown}" is not in the country table; give names, other names or ISO codes separated by commas ("China, Russia, PRK"), or "all"`,
    );
  return request;
}

function reasonOf(error: unknown): string {
  if (error instanceof ImportError) return error.reason;
  return (error as Error).message;
}
