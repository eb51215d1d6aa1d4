// What the catalog will say about an imported narrative, read from the text: country, year, tier,
// title, type. A flag given on the command line must agree with the text; a fact neither states is an
// error, never a guess. The entry is then run through the seed pipeline, so an import that the index
// build would reject fails here, before anything is written.

import type { CatalogEntry, DocumentRecord, Passage, Tier } from '../corpus/types.ts';
import { DEFAULT_COUNTRY, findCountry, type Country } from '../corpus/countries.ts';
import { detectMetadata } from '../corpus/detect.ts';
import { ASSESSMENT } from '../corpus/sections.ts';
import { ingestDocument } from '../corpus/ingest.ts';
import { SeedError } from '../corpus/seed-error.ts';
import { parseChapterHeading } from './chapters.ts';
import type { Extraction } from './extract.ts';
import { YEAR_STATEMENT } from './extract.ts';
import type { Source } from './source.ts';
import { ImportError } from './import-error.ts';

export interface EntryRequest {
  /** `--country`, resolved through the country table. */
  country?: Country;
  /** `--year`. */
  year?: number;
}

export interface PlannedDocument {
  entry: CatalogEntry;
  record: DocumentRecord;
  passages: Passage[];
  warnings: string[];
}

const NARRATIVE_EVIDENCE = [
  /minimum standards for the elimination of trafficking/i,
  /\bTier\s+(?:[123]|2 Watch List)\b/i,
  /\btraffick/i,
];

/**
 * Decide the catalog entry for an extracted narrative and ingest it as the index build will.
 * @param seedsFolder the seeds folder's path from the collection root (`seeds`), for passage sources
 */
export function planDocument(
  source: Source,
  extraction: Extraction,
  request: EntryRequest,
  seedsFolder: string,
): PlannedDocument {
  const name = source.url ?? source.name;
  const evidence = NARRATIVE_EVIDENCE.filter((pattern) => pattern.test(extraction.text)).length;
  if (!extraction.heading && evidence < 2) {
    throw new ImportError(
      name,
      'does not look like a TIP country narrative: no chapter heading such as "NORTH KOREA (Tier 3)", no tier placement, no minimum-standards assessment',
    );
  }
  const country = decideCountry(name, extraction, request);
  const year = decideYear(name, extraction, request);
  const stated = detectMetadata(extraction.text, { type: 'report', publisher: '' });
  const published =
    stated.published ?? detectMetadata(extraction.context.join('\n'), { type: 'report', publisher: '' }).published;
  const tier = extraction.heading ? extraction.heading.tier : (stated.tier?.value ?? null);
  const entry: CatalogEntry = {
    id: narrativeId(country, year),
    file: `${year}-tip-report-${country.slug}.txt`,
    type: 'report',
    title: extraction.heading ? extraction.heading.written : titleOf(extraction.text, name),
    ...narrativeFields(country, year, tier),
    published: published?.value ?? null,
    url: source.url,
    urlVerified: source.url !== null,
    via: extraction.via,
    originalName: source.name,
    sha256: source.sha256,
    note: provenanceNote(source, extraction),
  };
  const ingest = (candidate: CatalogEntry) => {
    try {
      return ingestDocument({ entry: candidate, source: `${seedsFolder}/${candidate.file}`, text: extraction.text });
    } catch (error) {
      if (error instanceof SeedError)
        throw new ImportError(name, `the extracted text would not index: ${error.reason}`);
      throw error;
    }
  };
  let ingested = ingest(entry);
  const incomplete = whyExcerpt(extraction, ingested.passages);
  if (incomplete) {
    entry.id += '-excerpt';
    entry.file = entry.file.replace(/\.txt$/, '-excerpt.txt');
    entry.type = 'excerpt';
    ingested = ingest(entry);
    ingested.warnings.push(`${incomplete}: catalogued as an excerpt`);
  }
  return { entry, record: ingested.record, passages: ingested.passages, warnings: ingested.warnings };
}

/** A text that calls itself an extract: "NORTH KOREA (Tier 3) Extracted from the U.S. State Dept 2023 TIP Report". */
const STATES_EXCERPT = /\b(?:extracted from|excerpts? (?:from|of))\b/i;

/**
 * Why a narrative is part of one rather than the whole, or null when it is complete. Decided by content:
 * a chapter with its heading and its assessment against the minimum standards is complete when it runs
 * to its end, which a narrative with section headings shows by having its prosecution, protection and
 * prevention parts; an early chapter without section headings (2001-2004) is complete as it is, however
 * short its parts (a sentence each). A text that says it is an extract is one.
 */
function whyExcerpt(extraction: Extraction, passages: Passage[]): string | null {
  const opening = extraction.text.split('\n').slice(0, 12).join('\n');
  if (STATES_EXCERPT.test(opening)) return `the text says it is an extract ("${STATES_EXCERPT.exec(opening)![0]}")`;
  const sections = new Set(passages.map((passage) => passage.section));
  const missing = (['prosecution', 'protection', 'prevention'] as const).filter((section) => !sections.has(section));
  if (missing.length === 0) return null;
  const headed = passages.some((passage) => passage.heading !== null && passage.section !== 'overview');
  const assessed = passages.some((passage) => ASSESSMENT.test(passage.text));
  if (extraction.heading && assessed && !headed) return null;
  return `no ${missing.join(', ')} section found`;
}

/**
 * A narrative's document id: the year, and the country's slug unless it is the collection's own.
 * @example narrativeId(findCountry('China')!, 2025) // -> '2025-tip-china'
 */
export function narrativeId(country: Country, year: number): string {
  return `${year}-tip${country.code === DEFAULT_COUNTRY ? '' : `-${country.slug}`}`;
}

/** What every TIP narrative's entry says of its report: the same publisher and author every year. */
export function narrativeFields(
  country: Country,
  year: number,
  tier: Tier | null,
): Pick<CatalogEntry, 'country' | 'report' | 'year' | 'tier' | 'publisher' | 'author'> {
  return {
    country: country.code,
    report: `Trafficking in Persons Report ${year}`,
    year,
    tier,
    publisher: 'U.S. Department of State',
    author: 'Office to Monitor and Combat Trafficking in Persons',
  };
}

function decideCountry(name: string, extraction: Extraction, request: EntryRequest): Country {
  const stated = extraction.heading?.country ?? (extraction.heading ? undefined : countryInTitle(extraction.text));
  if (extraction.heading && !extraction.heading.country) {
    throw new ImportError(
      name,
      `is the chapter "${extraction.heading.name}", a name the country table does not know; add it to server/corpus/tip-country-names.json`,
    );
  }
  if (request.country && stated && request.country.code !== stated.code) {
    throw new ImportError(
      name,
      `is about ${stated.name} (${extraction.heading?.name ?? 'its title says so'}) but --country says ${request.country.name}`,
    );
  }
  const country = request.country ?? stated;
  if (!country) throw new ImportError(name, 'does not say which country it is about; pass --country');
  return country;
}

function decideYear(name: string, extraction: Extraction, request: EntryRequest): number {
  const statement = [...extraction.context, ...extraction.text.split('\n')]
    .map((line) => YEAR_STATEMENT.exec(line)?.[0])
    .find(Boolean);
  const stated = statement ? Number(/(?:19|20)\d{2}/.exec(statement)![0]) : undefined;
  if (request.year !== undefined && stated !== undefined && request.year !== stated) {
    throw new ImportError(name, `states "${statement}" but --year says ${request.year}`);
  }
  const year = request.year ?? stated;
  if (year === undefined)
    throw new ImportError(name, 'never states its report year ("2025 Trafficking in Persons Report"); pass --year');
  return year;
}

/**
 * The country named by a title line before the narrative (state.gov: "2025 Trafficking in Persons Report:
 * Democratic People's Republic of Korea"; gvnet: "NORTH KOREA (Tier 3) Extracted from ...").
 */
function countryInTitle(text: string): Country | undefined {
  for (const line of text.split('\n').slice(0, 30)) {
    const candidates = [
      line,
      line.split(':').pop() ?? '',
      line.replace(/\(.*\)/, ''),
      line.split('(')[0]!,
      line.split(/\s+[-–—]\s+/).pop() ?? '',
    ];
    const found = candidates.map((candidate) => findCountry(candidate.trim())).find(Boolean);
    if (found) return found;
    const heading = parseChapterHeading(line);
    if (heading?.country) return heading.country;
  }
  return undefined;
}

function titleOf(text: string, name: string): string {
  const first = text.split('\n').find((line) => line.trim() !== '');
  if (!first || first.length > 120) throw new ImportError(name, 'has no title line; it cannot be catalogued');
  return first.trim();
}

function provenanceNote(source: Source, extraction: Extraction): string {
  const form = { pdf: 'PDF', html: 'saved web page', text: 'text file' }[source.form];
  const pages = extraction.pages
    ? `, pages ${extraction.pages.first}-${extraction.pages.last} of ${extraction.pages.of}`
    : '';
  const of = extraction.chapters.length > 1 ? ` (one of ${extraction.chapters.length} chapters)` : '';
  return `Imported with npm run import from a ${form}${pages}${of}.`;
}
