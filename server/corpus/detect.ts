// Metadata a seed states about itself, read from its raw lines (furniture included: a Refworld record
// line "Publication Date 12 June 2007" is furniture for the reader and evidence for the catalog).

import type { CatalogEntry, DetectedMetadata, Tier } from './types.ts';
import { TIER_LABELS } from './types.ts';

export interface MetadataCheck {
  /** Contradictions between text and catalog: the build stops on these. */
  errors: Array<{ line: number; message: string }>;
  /** Things the text does not state: reported, not fatal. */
  warnings: string[];
}

const SPECIAL_CASE = /(?::\s*|\(\s*)special case\s*\)?\s*$/i;

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** Names under which a publisher appears in these texts; the first is the catalog's spelling. */
const PUBLISHER_ALIASES: Record<string, string[]> = {
  'U.S. Department of State': [
    'U.S. Department of State',
    'United States Department of State',
    'U.S. State Dept',
    'State Department',
    'Office to Monitor and Combat Trafficking in Persons',
  ],
};

/**
 * Read year, tier, publisher and publication date from the text.
 * @example detectMetadata('NORTH KOREA (Tier 3) Extracted from the U.S. State Dept 2023 TIP Report', entry)
 *   // -> { year: { value: 2023, line: 1 }, tier: { value: 3, line: 1 }, publisher: {...} }
 */
export function detectMetadata(text: string, entry: Pick<CatalogEntry, 'type' | 'publisher'>): DetectedMetadata {
  const lines = text.split('\n').map((line) => line.replace(/\*+/g, ''));
  const detected: DetectedMetadata = {};
  // A special case has no tier: its heading ("LIBYA: SPECIAL CASE") comes first, and any "Tier 3" after it
  // is the text's history, not its placement.
  lines.forEach((line, index) => {
    const number = index + 1;
    const year =
      /\b((?:19|20)\d{2})\s+(?:Trafficking in Persons|TIP) Report\b/i.exec(line) ??
      /\b(?:Trafficking in Persons|TIP) Report,?\s+((?:19|20)\d{2})\b/i.exec(line);
    if (year && !detected.year) detected.year = { value: Number(year[1]), line: number };
    // A commentary discusses every tier; only a narrative's own heading states its placement.
    if (entry.type !== 'commentary' && !detected.tier) {
      const tier = SPECIAL_CASE.test(line) ? 'special-case' : placement(line);
      if (tier) detected.tier = { value: tier, line: number };
    }
    const published = parseDateLine(line);
    if (published && !detected.published) detected.published = { value: published, line: number };
    if (!detected.publisher && mentionsPublisher(line, entry.publisher)) {
      detected.publisher = { value: entry.publisher, line: number };
    }
  });
  return detected;
}

/** Compare what the text states with what the catalog says. */
export function checkMetadata(detected: DetectedMetadata, entry: CatalogEntry): MetadataCheck {
  const errors: MetadataCheck['errors'] = [];
  const warnings: string[] = [];
  if (!detected.year) warnings.push(`the text never names its report year; using the catalog's ${entry.year}`);
  else if (detected.year.value !== entry.year) {
    errors.push({
      line: detected.year.line,
      message: `the text is the ${detected.year.value} report but the catalog gives year ${entry.year}`,
    });
  }
  if (detected.tier && detected.tier.value !== entry.tier && !writtenBefore(detected.tier.value, entry.tier)) {
    errors.push({
      line: detected.tier.line,
      message: `the text places the country on ${TIER_LABELS[detected.tier.value]} but the catalog gives tier ${JSON.stringify(entry.tier)}`,
    });
  }
  if (entry.type !== 'commentary' && !detected.tier) warnings.push('the text states no tier placement');
  if (detected.published && entry.published !== detected.published.value) {
    errors.push({
      line: detected.published.line,
      message: `the text gives the publication date ${detected.published.value} but the catalog gives ${entry.published ?? 'none'}`,
    });
  }
  if (!detected.publisher) warnings.push(`the text never names its publisher (${entry.publisher})`);
  return { errors, warnings };
}

/** "Tier 3", "Tier 2 Watch List" in a line: the placement, or null. */
function placement(line: string): Tier | null {
  const tier = /\bTier\s+([1-3])(\s+Watch\s+List)?\b/i.exec(line);
  if (!tier) return null;
  return tier[2] ? '2-watch-list' : (Number(tier[1]) as Tier);
}

/** Catalogs written before the Watch List and special cases were told apart gave them tier 2 and none. */
function writtenBefore(stated: Tier, catalog: Tier | null): boolean {
  return (stated === '2-watch-list' && catalog === 2) || (stated === 'special-case' && catalog === null);
}

function mentionsPublisher(line: string, publisher: string): boolean {
  const names = PUBLISHER_ALIASES[publisher] ?? [publisher];
  const lower = line.toLowerCase();
  return names.some((name) => lower.includes(name.toLowerCase()));
}

/** "Publication Date 12 June 2007" or "Published July 24, 2019" -> ISO date. */
function parseDateLine(line: string): string | null {
  const match = /^\s*(?:Publication Date|Published|Date)[:\s]+(.+?)\s*$/i.exec(line);
  if (!match) return null;
  const value = match[1]!;
  const dayFirst = /^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$/.exec(value);
  const monthFirst = /^([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})$/.exec(value);
  const [day, month, year] = dayFirst
    ? [dayFirst[1], dayFirst[2], dayFirst[3]]
    : monthFirst
      ? [monthFirst[2], monthFirst[1], monthFirst[3]]
      : [];
  const monthIndex = MONTHS.indexOf((month ?? '').toLowerCase());
  if (!day || !year || monthIndex === -1) return null;
  return `${year}-${String(monthIndex + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
}
