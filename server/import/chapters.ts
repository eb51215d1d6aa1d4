// Country chapters in a full report: where each begins, where it ends, and which country it is about.
// A chapter begins with its heading, written "KOREA, DEMOCRATIC PEOPLE'S REPUBLIC OF: TIER 3" in recent
// reports and "NORTH KOREA (Tier 3)" in early ones, and ends where the next chapter's heading, or the back
// matter after the last chapter, begins. Pure: works on any sequence of lines or blocks.

import { findCountry, type Country } from '../corpus/countries.ts';
import type { Tier } from '../corpus/types.ts';
import { ImportError } from './import-error.ts';

/** `--country`: every chapter of a report, or the chapters of these countries. */
export type ChapterRequest = 'all' | Country[];

export interface ChapterHeading {
  /** The heading as written (markdown markup and extra spaces removed). */
  written: string;
  /** The country's name as the heading writes it. */
  name: string;
  /** The placement the heading prints: 1, 2, the Watch List, 3, or a special case. */
  tier: Tier;
  country: Country | undefined;
}

export interface Chapter extends ChapterHeading {
  /** Index of the heading in the sequence searched, and of the first item after the chapter. */
  start: number;
  end: number;
}

const NAME = String.raw`(\p{Lu}[\p{L}'’.,() -]{1,80}?)`;
const PLACEMENT = String.raw`(TIER\s+(?:[123](?:\s+WATCH\s+LIST)?)|SPECIAL\s+CASE)`;
const HEADING_FORMS = [
  new RegExp(String.raw`^${NAME}\s*:\s*${PLACEMENT}$`, 'iu'),
  new RegExp(String.raw`^${NAME}\s*\(\s*${PLACEMENT}\s*\)$`, 'iu'),
];

/** Headings of the parts that follow the last country chapter. */
const BACK_MATTER =
  /^(?:SPECIAL CASES|RELEVANT INTERNATIONAL CONVENTIONS|GLOSSARY OF ACRONYMS|STOPPING HUMAN TRAFFICKING|INTERNATIONAL, REGIONAL, AND SUB-REGIONAL ORGANIZATIONS|PHOTO CREDITS)\b/;

/**
 * Read a chapter heading; null for any other line.
 * @example parseChapterHeading("KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF: TIER 3") // -> { name: "KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF", tier: 3, country: PRK, ... }
 * @example parseChapterHeading('NORTH KOREA (Tier 3)')?.country?.code // -> 'PRK'
 */
export function parseChapterHeading(line: string): ChapterHeading | null {
  const text = line
    .replace(/^#{1,6}\s*/, '')
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  for (const form of HEADING_FORMS) {
    const match = form.exec(text);
    if (!match) continue;
    const name = match[1]!.replace(/[\s,]+$/, '');
    // A sentence before the name ("... prevent trafficking. NETHERLANDS ANTILLES") is a paragraph, not a heading.
    if (/\p{Ll}{2,}[.!?]\s/u.test(name)) continue;
    const placement = match[2]!.replace(/\s+/g, ' ');
    const tier: Tier = /^special/i.test(placement)
      ? 'special-case'
      : /watch/i.test(placement)
        ? '2-watch-list'
        : (Number(/[123]/.exec(placement)![0]) as Tier);
    return { written: text, name, tier, country: findCountry(name) };
  }
  return null;
}

/** Every chapter in a sequence of lines (or blocks), in order. */
export function findChapters(lines: string[]): Chapter[] {
  const chapters: Chapter[] = [];
  lines.forEach((line, index) => {
    const heading = parseChapterHeading(line);
    const previous = chapters[chapters.length - 1];
    if (heading) {
      if (previous && previous.end > index) previous.end = index;
      chapters.push({ ...heading, start: index, end: lines.length });
    } else if (previous && previous.end === lines.length && BACK_MATTER.test(line.trim())) {
      previous.end = index;
    }
  });
  return chapters;
}

/**
 * Read `--country`: "all", or one country or a comma-separated list of them by name, alias or code. A name
 * may hold commas itself ("Korea, Republic of, China" is two countries): the longest run of parts that
 * names a country is taken first.
 * @example chapterRequest('China,Russia,North Korea') // -> [CHN, RUS, PRK]
 * @example chapterRequest('all') // -> 'all'
 * @returns the request, or the part that names no country
 */
export function chapterRequest(value: string): ChapterRequest | { unknown: string } {
  if (value.trim().toLowerCase() === 'all') return 'all';
  const parts = value.split(',').map((part) => part.trim());
  const countries: Country[] = [];
  for (let start = 0; start < parts.length; ) {
    let end = parts.length;
    while (end > start && !findCountry(parts.slice(start, end).join(', '))) end--;
    if (end === start) {
      if (parts[start] === '') {
        start++;
        continue;
      }
      return { unknown: parts[start]! };
    }
    const country = findCountry(parts.slice(start, end).join(', '))!;
    if (!countries.includes(country)) countries.push(country);
    start = end;
  }
  return countries.length > 0 ? countries : { unknown: value };
}

/**
 * The chapter about `country`. Fails, listing the chapters that were found, when there is none; fails
 * when there are two (a report lists each country once, so the input is not what it seems).
 */
export function selectChapter(chapters: Chapter[], country: Country, file: string): Chapter {
  const matching = chapters.filter((chapter) => chapter.country?.code === country.code);
  if (matching.length === 1) return matching[0]!;
  const found = chapters.map((chapter) => chapter.name);
  if (matching.length > 1)
    throw new ImportError(
      file,
      `holds ${matching.length} chapters for ${country.name} (${matching.map((c) => c.name).join('; ')}); import a single report`,
    );
  const list = found.length > 12 ? `${found.slice(0, 12).join('; ')}; and ${found.length - 12} more` : found.join('; ');
  throw new ImportError(file, `has no chapter for ${country.name}; chapters found: ${list}`);
}
