// The main test of the importer: seed narratives rendered the way they are published (a full-report PDF
// with neighbouring chapters, a state.gov page, a Refworld copy), imported, and compared with what the
// seed pipeline makes of the same seed: sentences, sections, year and country; and nothing of the
// neighbours or the page furniture in any passage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importNarrative, type ImportReport } from '../server/import/import.ts';
import type { Block } from '../server/import/blocks.ts';
import { renderReportPdf, type ChapterSpec } from './support/report-pdf.ts';
import { refworldPage, stateGovPage } from './support/report-html.ts';
import { narrativeBlocks, seedSentences, temporaryCollection } from './support/narratives.ts';

const NORTH_KOREA = /North Korea|DPRK|D\. P\. R\. K\.|Democratic People['’]s Republic of Korea/g;

/** A neighbouring chapter: another year's North Korea narrative told of another country. */
function neighbour(heading: string, runningHead: string, seed: string, name: string): ChapterSpec {
  return {
    heading,
    runningHead,
    blocks: narrativeBlocks(seed).map((block) => ({ ...block, text: block.text.replace(NORTH_KOREA, name) })),
  };
}

const key = (p: { section: string; text: string }) => `${p.section}|${p.text}`;

/** Share of the seed's sentences the import reproduces in the same section, and the import's extra ones. */
function agreement(report: ImportReport, doc: string) {
  const expected = seedSentences(doc);
  const got = report.passages.map(({ section, text }) => ({ section, text }));
  const gotKeys = new Set(got.map(key));
  const expectedKeys = new Set(expected.map(key));
  return {
    identical: expected.filter((p) => gotKeys.has(key(p))).length / expected.length,
    extra: got.filter((p) => !expectedKeys.has(key(p))).map((p) => p.text),
    sections: [...new Set(got.map((p) => p.section))],
    expectedSections: [...new Set(expected.map((p) => p.section))],
  };
}

function neighbourSentencesIn(report: ImportReport, neighbours: ChapterSpec[], doc: string): string[] {
  const own = new Set(seedSentences(doc).map((p) => p.text));
  const foreign = neighbours.flatMap((chapter) => chapter.blocks.map((block: Block) => block.text));
  return report.passages
    .filter((p) => !own.has(p.text) && foreign.some((text) => text.includes(p.text)))
    .map((p) => p.text);
}

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'tip-import-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function dryImport(input: string, without: string, options: { country?: string } = {}): Promise<ImportReport> {
  const collection = temporaryCollection([without]);
  try {
    return await importNarrative({ input, dryRun: true, paths: collection.paths, ...options });
  } finally {
    collection.remove();
  }
}

describe('importing a chapter from a full-report PDF', () => {
  const recent = [
    neighbour('KIRIBATI: TIER 2', 'KIRIBATI', '2016-tip-report-north-korea.md', 'Kiribati'),
    {
      heading: 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF: TIER 3',
      runningHead: 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF',
      blocks: narrativeBlocks('2025-tip-report-north-korea-state-gov.txt'),
    },
    neighbour(
      'KOREA, REPUBLIC OF: TIER 1',
      'KOREA, REPUBLIC OF',
      '2007-tip-report-north-korea-refworld.txt',
      'the Republic of Korea',
    ),
    neighbour('KOSOVO: TIER 2', 'KOSOVO', '2023-tip-report-north-korea-excerpt-gvnet.txt', 'Kosovo'),
  ];
  const early = [
    neighbour('NIGERIA (Tier 2)', 'NIGERIA', '2025-tip-report-north-korea-state-gov.txt', 'Nigeria'),
    {
      heading: 'NORTH KOREA (Tier 3)',
      runningHead: 'NORTH KOREA',
      blocks: narrativeBlocks('2007-tip-report-north-korea-refworld.txt'),
    },
    neighbour('NORWAY (Tier 1)', 'NORWAY', '2016-tip-report-north-korea.md', 'Norway'),
  ];
  let recentPdf: string;
  let earlyPdf: string;
  beforeAll(async () => {
    recentPdf = join(folder, 'tip-report-2025.pdf');
    writeFileSync(
      recentPdf,
      await renderReportPdf({ year: 2025, chapters: recent, paragraphs: 'indent', bullets: true }),
    );
    earlyPdf = join(folder, 'tip-report-2007.pdf');
    writeFileSync(earlyPdf, await renderReportPdf({ year: 2007, chapters: early, paragraphs: 'spaced' }));
  });

  it('reproduces at least 95% of the 2025 narrative’s sentences in their sections (bulleted recommendations included), with nothing from the chapters around it', async () => {
    const report = await dryImport(recentPdf, '2025-tip');
    const result = agreement(report, '2025-tip');
    expect(result.identical).toBeGreaterThanOrEqual(0.95);
    expect(result.extra.length).toBeLessThanOrEqual(Math.ceil(0.05 * report.passages.length));
    expect(result.sections).toEqual(result.expectedSections);
    expect(neighbourSentencesIn(report, recent, '2025-tip')).toEqual([]);
    expect(
      report.passages.filter(
        (p) =>
          /Kiribati|Republic of Korea\b(?! \()|Kosovo|TRAFFICKING IN PERSONS REPORT|^\d+$/.test(p.text) &&
          !seedSentences('2025-tip').some((s) => s.text === p.text),
      ),
    ).toEqual([]);
    expect(report.entry).toMatchObject({
      id: '2025-tip',
      year: 2025,
      country: 'PRK',
      tier: 3,
      type: 'report',
      title: 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF: TIER 3',
    });
    expect(report.passages.every((p) => p.country === 'PRK' && p.year === 2025)).toBe(true);
  });

  it('reads the early heading style ("NORTH KOREA (Tier 3)") and paragraphs marked by spacing instead of indents', async () => {
    const report = await dryImport(earlyPdf, '2007-tip');
    const result = agreement(report, '2007-tip');
    expect(result.identical).toBeGreaterThanOrEqual(0.95);
    expect(result.sections).toEqual(result.expectedSections);
    expect(neighbourSentencesIn(report, early, '2007-tip')).toEqual([]);
    expect(report.entry).toMatchObject({
      id: '2007-tip',
      year: 2007,
      country: 'PRK',
      tier: 3,
      title: 'NORTH KOREA (Tier 3)',
    });
  });

  it('reproduces the 2016 narrative, whose recommendations heading wraps over two lines of a column', async () => {
    const chapters = [
      neighbour('KIRIBATI: TIER 2', 'KIRIBATI', '2007-tip-report-north-korea-refworld.txt', 'Kiribati'),
      {
        heading: 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF: TIER 3',
        runningHead: 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF',
        blocks: narrativeBlocks('2016-tip-report-north-korea.md'),
      },
      neighbour(
        'KOREA, REPUBLIC OF: TIER 1',
        'KOREA, REPUBLIC OF',
        '2025-tip-report-north-korea-state-gov.txt',
        'the Republic of Korea',
      ),
    ];
    const path = join(folder, 'tip-report-2016.pdf');
    writeFileSync(path, await renderReportPdf({ year: 2016, chapters, paragraphs: 'spaced' }));
    const report = await dryImport(path, '2016-tip');
    const result = agreement(report, '2016-tip');
    expect(result.identical).toBeGreaterThanOrEqual(0.95);
    expect(result.sections).toEqual(result.expectedSections);
    expect(neighbourSentencesIn(report, chapters, '2016-tip')).toEqual([]);
    expect(report.passages.find((p) => p.section === 'recommendations')?.heading).toBe(
      'RECOMMENDATIONS FOR THE DEMOCRATIC PEOPLE’S REPUBLIC OF KOREA:',
    );
  });

  it('reads a single-country PDF set in one column', async () => {
    const path = join(folder, 'dprk-2025.pdf');
    writeFileSync(
      path,
      await renderReportPdf({ year: 2025, chapters: recent.slice(1, 2), paragraphs: 'spaced', singleColumn: true }),
    );
    const report = await dryImport(path, '2025-tip');
    const result = agreement(report, '2025-tip');
    expect(result.identical).toBeGreaterThanOrEqual(0.95);
    expect(result.sections).toEqual(result.expectedSections);
    expect(report.extraction.chapters).toEqual(['KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF']);
  });

  it('undoes line-end hyphenation but keeps the hyphens of real compounds broken at a line end', async () => {
    const report = await dryImport(recentPdf, '2025-tip');
    // Every hyphenated word of the seed comes back with its hyphen, as often, and no other.
    const hyphenated = (texts: string[]) => texts.flatMap((text) => text.match(/\p{L}+(?:-\p{L}+)+/gu) ?? []).sort();
    expect(hyphenated(report.passages.map((p) => p.text))).toEqual(
      hyphenated(seedSentences('2025-tip').map((p) => p.text)),
    );
    // The fixture does break real compounds at a line end: these two sentences are where.
    const sentence = (fragment: string) => report.passages.find((p) => p.text.includes(fragment))?.text;
    expect(sentence('80,000 to 200,000')).toContain('“re-education through labor” camps');
    expect(sentence('refugees and asylum')).toContain('refugees and asylum-seekers living');
    expect(report.extraction.notes[0]).toMatch(/^\d+ line-end hyphens decided without evidence from the document: /);
  });

  it('takes another country’s chapter by name, alias or code, and catalogues it under that country', async () => {
    const byName = await dryImport(recentPdf, '2025-tip', { country: 'Republic of Korea' });
    expect(byName.entry).toMatchObject({
      id: '2025-tip-south-korea',
      country: 'KOR',
      tier: 1,
      title: 'KOREA, REPUBLIC OF: TIER 1',
    });
    expect(byName.passages.some((p) => p.text.includes('the Republic of Korea'))).toBe(true);
    const byCode = await dryImport(recentPdf, '2025-tip', { country: 'KOR' });
    expect(byCode.passages.map((p) => p.text)).toEqual(byName.passages.map((p) => p.text));
  });

  it('names the pages and chapters it read', async () => {
    const report = await dryImport(recentPdf, '2025-tip');
    expect(report.extraction.chapters).toEqual([
      'KIRIBATI',
      'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF',
      'KOREA, REPUBLIC OF',
      'KOSOVO',
    ]);
    expect(report.extraction.pages!.first).toBeGreaterThan(1);
    expect(report.extraction.pages!.last).toBeLessThan(report.extraction.pages!.of);
    expect(report.entry.note).toMatch(
      /^Imported with npm run import from a PDF, pages \d+-\d+ of \d+ \(one of 4 chapters\)\.$/,
    );
  });
});

describe('importing a saved web page', () => {
  const furniture = [
    'FEDERAL GOVERNMENT SHUTDOWN',
    'Skip to content',
    'Share on',
    'Related Articles',
    'Accept all cookies',
    'mailing list',
    'Policy Issues',
    'TAGS',
    'IN THIS SECTION',
    'Disclaimer',
    'Browse by',
    'Copyright',
    'Search Refworld',
  ];

  it('keeps the narrative of a state.gov page and drops banners, menus, tags, related links and the footer', async () => {
    const path = join(folder, 'dprk.html');
    writeFileSync(
      path,
      stateGovPage(
        "2025 Trafficking in Persons Report: Democratic People's Republic of Korea",
        "KOREA, DEMOCRATIC PEOPLE'S REPUBLIC OF (Tier 3)",
        narrativeBlocks('2025-tip-report-north-korea-state-gov.txt'),
      ),
    );
    const report = await dryImport(path, '2025-tip');
    const result = agreement(report, '2025-tip');
    expect(result.identical).toBeGreaterThanOrEqual(0.95);
    expect(result.sections).toEqual(result.expectedSections);
    for (const text of furniture) expect(report.passages.filter((p) => p.text.includes(text))).toEqual([]);
    expect(report.entry).toMatchObject({ year: 2025, country: 'PRK', tier: 3 });
  });

  const refworldCases = [
    {
      seed: '2007-tip-report-north-korea-refworld.txt',
      doc: '2007-tip',
      year: 2007,
      heading: 'North Korea (Tier 3)',
      published: '2007-06-12',
    },
    {
      seed: '2025-tip-report-north-korea-state-gov.txt',
      doc: '2025-tip',
      year: 2025,
      heading: 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF (Tier 3)',
      published: null,
    },
  ];
  it.each(refworldCases)(
    'reads a Refworld copy of $doc in windows-1252 whose paragraphs are separated only by <br>, and records the archive and the date its record gives',
    async ({ seed, doc, year, heading, published }) => {
      const path = join(folder, `refworld-${year}.htm`);
      const record = [
        'Publisher United States Department of State',
        'Author Office to Monitor and Combat Trafficking in Persons',
        ...(published ? ['Publication Date 12 June 2007'] : []),
      ];
      writeFileSync(
        path,
        refworldPage(
          `U.S. Department of State ${year} Trafficking in Persons Report – North Korea`,
          record,
          heading,
          narrativeBlocks(seed),
        ),
      );
      const report = await dryImport(path, doc);
      const result = agreement(report, doc);
      expect(result.identical).toBeGreaterThanOrEqual(0.95);
      expect(result.sections).toEqual(result.expectedSections);
      for (const text of furniture) expect(report.passages.filter((p) => p.text.includes(text))).toEqual([]);
      expect(report.entry).toMatchObject({ year, country: 'PRK', via: 'UNHCR Refworld', title: heading, published });
    },
  );
});
