// A whole annual report, laid out as the published ones are (report-pdf.ts, 'run-on'), from our own
// seeds: a chapter for each country of a recent report's list (test/fixtures/report-chapters.json) in the
// report's order, its heading in the report's form ("KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF: TIER 3",
// "BAHAMAS, THE: TIER 1", "...: TIER 2 WATCH LIST"), the special cases after their part heading, and back
// matter. Each chapter is one or two of the seed narratives told of its country; North Korea's is its own
// 2025 narrative. With each chapter comes the text the seed pipeline would be given for it, so a test can
// compare what an import makes of the PDF with what the seed pipeline makes of the same text.

import type { Block } from '../../server/import/blocks.ts';
import { findCountry, type Country } from '../../server/corpus/countries.ts';
import type { CatalogEntry, Tier } from '../../server/corpus/types.ts';
import { ingestDocument } from '../../server/corpus/ingest.ts';
import { narrativeFields } from '../../server/import/catalog-entry.ts';
import type { ChapterSpec, ReportSpec } from './report-pdf.ts';
import { narrativeBlocks } from './narratives.ts';
import reportChapters from '../fixtures/report-chapters.json' with { type: 'json' };

const NORTH_KOREA = /North Korea|DPRK|D\. P\. R\. K\.|Democratic People['’]s Republic of Korea/g;
const SEEDS = {
  2025: '2025-tip-report-north-korea-state-gov.txt',
  2016: '2016-tip-report-north-korea.md',
  2007: '2007-tip-report-north-korea-refworld.txt',
} as const;

/** How a chapter's body is made: which seed narratives, one after the other, or a short early-style one. */
export type ChapterBody = Array<keyof typeof SEEDS> | 'early';

export interface ReportChapter extends ChapterSpec {
  country: Country;
  tier: Tier;
  /** The text the seed pipeline is given for this chapter: the report's running head, the heading, the blocks. */
  seedText: string;
}

/**
 * An early chapter (2001-2004) in its own words: no section headings, prosecution, protection and
 * prevention a sentence each. Written for the tests; no report's text.
 */
export function earlyChapter(name: string): Block[] {
  return [
    `${name} is a source country for men, women, and children trafficked for forced labor and sexual exploitation. Women from ${name} who cross the border in search of work are sold as brides or placed in forced labor.`,
    `The Government of ${name} does not fully comply with the minimum standards for the elimination of trafficking and is not making significant efforts to do so. The government does not acknowledge that trafficking exists.`,
    'No government efforts to prosecute traffickers were reported.',
    'The government offers no protection or assistance to victims of trafficking.',
    'The government made no efforts to prevent trafficking.',
  ].map((text) => ({ kind: 'paragraph', text }));
}

/** A chapter: the narratives of `body` told of the country (North Korea's own left as they are). */
export function reportChapter(
  year: number,
  name: string,
  placement: string,
  body: ChapterBody,
  early = false,
): ReportChapter {
  const country = findCountry(name);
  if (!country) throw new Error(`no country for the chapter name ${name}`);
  const shown = country.code === 'PRK' ? 'North Korea' : country.name;
  const blocks =
    body === 'early'
      ? earlyChapter(shown)
      : body.flatMap((seed) =>
          narrativeBlocks(SEEDS[seed]).map((block) => ({
            ...block,
            text: country.code === 'PRK' ? block.text : block.text.replace(NORTH_KOREA, shown),
          })),
        );
  // pdfkit's standard fonts encode WinAnsi only: the dotted capital I of TÜRKİYE is set as a plain I.
  const set = name.replace(/İ/g, 'I');
  const heading = early
    ? `${set} (${placement.replace(/^TIER/, 'Tier').replace(/ WATCH LIST$/, ' Watch List')})`
    : `${set}: ${placement}`;
  const tier: Tier = /SPECIAL/.test(placement)
    ? 'special-case'
    : /WATCH/.test(placement)
      ? '2-watch-list'
      : (Number(/\d/.exec(placement)![0]) as Tier);
  const seedText = `${[`TRAFFICKING IN PERSONS REPORT ${year}`, heading, ...blocks.map((block) => block.text)].join('\n\n')}\n`;
  return { heading, runningHead: set, blocks, country, tier, seedText };
}

/** Tiers for the generated report: varied, deterministic, not any real report's placements. */
const PLACEMENTS = ['TIER 1', 'TIER 2', 'TIER 2 WATCH LIST', 'TIER 2', 'TIER 3', 'TIER 2'];

/** Bodies in turn: long recent chapters, shorter ones, now and then an early-style one. */
const BODIES: ChapterBody[] = [[2025, 2016], [2016, 2007], [2025, 2007], [2025, 2016], [2016], [2025, 2016, 2007]];

/**
 * A full report of the chapters named (default every chapter of the list), its special cases and back
 * matter, and the chapters' expected texts.
 * @example fullReport(2025, { names: ['CHAD', 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF'] }).spec.chapters.length // -> 2
 */
export function fullReport(
  year: number,
  options: { names?: string[]; specialCases?: string[]; bodies?: ChapterBody[] } = {},
): { spec: ReportSpec; chapters: ReportChapter[] } {
  const names = options.names ?? reportChapters.chapters;
  const bodies = options.bodies ?? BODIES;
  const chapters = names.map((name, i) =>
    name === 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF'
      ? reportChapter(year, name, 'TIER 3', [2025])
      : reportChapter(year, name, PLACEMENTS[i % PLACEMENTS.length]!, bodies[i % bodies.length]!),
  );
  const specialCases = (options.specialCases ?? reportChapters.specialCases).map((name) => {
    const chapter = reportChapter(year, name, 'SPECIAL CASE', [2016]);
    // A special case's text may still name a tier (its history); its heading has none.
    const history: Block = {
      kind: 'paragraph',
      text: `In earlier reports ${chapter.country.name} was placed on Tier 3.`,
    };
    return {
      ...chapter,
      blocks: [history, ...chapter.blocks],
      seedText: chapter.seedText.replace(`${chapter.heading}\n\n`, `${chapter.heading}\n\n${history.text}\n\n`),
    };
  });
  const backMatter = {
    heading: 'RELEVANT INTERNATIONAL CONVENTIONS',
    blocks: [
      {
        kind: 'paragraph' as const,
        text: 'The conventions each country has ratified are listed in the tables that follow, by region.',
      },
    ],
  };
  return {
    spec: { year, chapters, specialCases, backMatter, paragraphs: 'indent', bullets: true, headings: 'run-on' },
    chapters: [...chapters, ...specialCases],
  };
}

/** The seed pipeline's passages of a chapter's own text: what an import of it should give. */
export function expectedPassages(chapter: ReportChapter, year: number): Array<{ section: string; text: string }> {
  const entry: CatalogEntry = {
    id: 'expected',
    file: 'expected.txt',
    type: 'report',
    title: chapter.heading,
    ...narrativeFields(chapter.country, year, chapter.tier),
    published: null,
    url: null,
    urlVerified: false,
    via: null,
  };
  return ingestDocument({ entry, source: 'seeds/expected.txt', text: chapter.seedText }).passages.map(
    ({ section, text }) => ({ section, text }),
  );
}
