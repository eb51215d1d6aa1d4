// A whole report in one command: a generated full report laid out as the published ones are (chapters
// run on, each heading set in its column beside the previous chapter's text, long names wrapped, inverted
// names, Tier 2 Watch List, special cases after their part heading, back matter), imported with
// `--country all`. Every chapter comes back under its ISO code with the sentences and sections the seed
// pipeline makes of the same text, and nothing of its neighbours. An early report (2003: "NAME (Tier 3)"
// headings, chapters without section headings) the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importAll, type BatchReport } from '../server/import/import.ts';
import { readIndexFile } from '../server/indexer/index-file.ts';
import { buildIndex } from '../server/indexer/build-index.ts';
import { readPdfPages, type PdfPage } from '../server/import/pdf-pages.ts';
import type { Passage, Tier } from '../server/corpus/types.ts';
import { renderReportPdf } from './support/report-pdf.ts';
import { expectedPassages, fullReport, reportChapter, type ReportChapter } from './support/full-report.ts';
import { temporaryCollection } from './support/narratives.ts';

const key = (p: { section: string; text: string }) => `${p.section}|${p.text}`;

/** How an imported chapter compares with the seed pipeline's passages of its own text. */
function agreement(passages: Passage[], chapter: ReportChapter, year: number, all: ReportChapter[]) {
  const expected = expectedPassages(chapter, year);
  const gotKeys = new Set(passages.map(key));
  const expectedKeys = new Set(expected.map(key));
  const own = new Set(expected.map((p) => p.text));
  const others = new Set(all.filter((c) => c !== chapter).flatMap((c) => expectedPassages(c, year).map((p) => p.text)));
  return {
    identical: expected.filter((p) => gotKeys.has(key(p))).length / expected.length,
    extra: passages.filter((p) => !expectedKeys.has(key(p))).length / Math.max(1, passages.length),
    sections: [...new Set(passages.map((p) => p.section))].sort(),
    expectedSections: [...new Set(expected.map((p) => p.section))].sort(),
    neighbours: passages.filter((p) => !own.has(p.text) && others.has(p.text)).map((p) => p.text),
  };
}

/** Whether the first line of a heading has text of the other column beside it (within half a line). */
function besideOtherColumn(pages: PdfPage[], headingStart: string): boolean {
  for (const page of pages) {
    const heading = page.items.find((item) => item.text.startsWith(headingStart));
    if (!heading) continue;
    const middle = page.width / 2;
    const otherSide = (x: number) => (heading.x < middle ? x > middle : x < middle);
    return page.items.some(
      (item) => item !== heading && otherSide(item.x) && Math.abs(item.baseline - heading.baseline) <= 6,
    );
  }
  return false;
}

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'tip-import-report-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function importReport(pdf: string, log: string[]) {
  const collection = temporaryCollection(['2025-tip']);
  try {
    buildIndex(collection.paths);
    const report = await importAll({
      inputs: [pdf],
      countries: 'all',
      paths: collection.paths,
      log: (line) => log.push(line),
    });
    const index = readIndexFile(collection.paths.indexFile)!;
    return { report, index };
  } finally {
    collection.remove();
  }
}

describe('importing every chapter of a full report laid out as published (--country all)', () => {
  const year = 2025;
  const names = [
    'BAHAMAS, THE',
    'CABO VERDE',
    'CHINA (INCLUDES TIBET, HONG KONG, AND MACAU)',
    'CONGO, DEMOCRATIC REPUBLIC OF THE',
    'CONGO, REPUBLIC OF THE',
    'COTE D’IVOIRE',
    'CURAÇAO',
    'GAMBIA, THE',
    'GUINEA-BISSAU',
    'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF',
    'KOREA, REPUBLIC OF',
    'MACAU',
    'MICRONESIA, FEDERATED STATES OF',
    'SAINT VINCENT AND THE GRENADINES',
    'TIMOR-LESTE',
    'TÜRKİYE',
  ];
  const { spec, chapters } = fullReport(year, { names, specialCases: ['LIBYA', 'YEMEN'] });
  let pages: PdfPage[];
  let report: BatchReport;
  let byDoc: Map<string, Passage[]>;
  let documents: Map<string, { country: string; tier: Tier | null; type: string; title: string }>;
  const log: string[] = [];

  beforeAll(async () => {
    const pdf = join(folder, `tip-report-${year}.pdf`);
    const bytes = await renderReportPdf(spec);
    writeFileSync(pdf, bytes);
    pages = await readPdfPages(bytes, 'report.pdf');
    const imported = await importReport(pdf, log);
    report = imported.report;
    byDoc = new Map();
    for (const passage of imported.index.passages) byDoc.set(passage.doc, [...(byDoc.get(passage.doc) ?? []), passage]);
    documents = new Map(imported.index.documents.map((d) => [d.id, d]));
  }, 180_000);

  it('is laid out as the issue describes: headings beside the other column’s text, long names wrapped', () => {
    const beside = chapters.filter((chapter) => besideOtherColumn(pages, chapter.heading.split(' ')[0]!));
    expect(beside.length).toBeGreaterThanOrEqual(3);
    const firstLines = pages.flatMap((page) => page.items.filter((item) => item.size === 13).map((item) => item.text));
    for (const wrapped of [
      'CONGO, DEMOCRATIC REPUBLIC OF THE: TIER',
      'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF: TIER 3',
      'SAINT VINCENT AND THE GRENADINES:',
    ]) {
      expect(firstLines, wrapped).not.toContain(wrapped);
    }
    expect(firstLines.some((text) => /^(?:OF|THE|MACAU\)|LIST|WATCH LIST|GRENADINES).*/.test(text))).toBe(true);
  });

  it('adds one document per chapter, special cases included, under each country’s ISO code, with one index update at the end', () => {
    expect(report.outcomes.map((o) => [o.result, o.chapter])).toEqual(
      chapters.map((c) => ['added', c.heading.replace(/:\s*(?:TIER.*|SPECIAL CASE)$/, '')]),
    );
    for (const chapter of chapters) {
      const id = report.outcomes.find((o) => o.chapter && chapter.heading.startsWith(o.chapter))!.id!;
      expect(documents.get(id), chapter.heading).toMatchObject({
        country: chapter.country.code,
        tier: chapter.tier,
        type: 'report',
        title: chapter.heading,
      });
      expect(id).toBe(chapter.country.code === 'PRK' ? '2025-tip' : `2025-tip-${chapter.country.slug}`);
    }
    expect(log.filter((line) => /^(?:rebuilding|updating) /.test(line))).toEqual([
      `rebuilding the whole index: ${chapters.length} documents added`,
    ]);
  });

  it('gives every chapter at least 95% of the seed pipeline’s sentences in the same sections, and nothing of its neighbours', () => {
    for (const chapter of chapters) {
      const id = report.outcomes.find((o) => o.chapter && chapter.heading.startsWith(o.chapter))!.id!;
      const result = agreement(byDoc.get(id) ?? [], chapter, year, chapters);
      expect(result.identical, chapter.heading).toBeGreaterThanOrEqual(0.95);
      expect(result.extra, chapter.heading).toBeLessThanOrEqual(0.05);
      expect(result.sections, chapter.heading).toEqual(result.expectedSections);
      expect(result.neighbours, chapter.heading).toEqual([]);
    }
  });

  it('keeps the part heading, the back matter and the running heads out of every chapter', () => {
    const texts = [...byDoc.values()].flat().map((p) => p.text);
    expect(
      texts.filter((text) =>
        /SPECIAL CASES|RELEVANT INTERNATIONAL CONVENTIONS|conventions each country has ratified|TRAFFICKING IN PERSONS REPORT/.test(
          text,
        ),
      ),
    ).toEqual([]);
  });
});

describe('importing every chapter of an early report (2003)', () => {
  const year = 2003;
  const chapters = [
    reportChapter(year, 'NIGERIA', 'TIER 2', 'early', true),
    reportChapter(year, 'NORTH KOREA', 'TIER 3', 'early', true),
    reportChapter(year, 'SERBIA AND MONTENEGRO', 'TIER 2', 'early', true),
    reportChapter(year, 'NETHERLANDS ANTILLES', 'TIER 2 WATCH LIST', [2007], true),
  ];
  let report: BatchReport;
  let index: ReturnType<typeof readIndexFile>;

  beforeAll(async () => {
    const pdf = join(folder, `tip-report-${year}.pdf`);
    writeFileSync(pdf, await renderReportPdf({ year, chapters, paragraphs: 'spaced', headings: 'run-on' }));
    index = (await importReport(pdf, [])).index;
    report = await (async () => {
      const collection = temporaryCollection();
      try {
        return await importAll({ inputs: [pdf], countries: 'all', paths: collection.paths, dryRun: true });
      } finally {
        collection.remove();
      }
    })();
  }, 120_000);

  it('finds the early heading style and the countries since dissolved, and catalogues a short headless chapter as a complete report', () => {
    expect(report.outcomes.map((o) => [o.result, o.id])).toEqual([
      ['added', '2003-tip-nigeria'],
      ['added', '2003-tip'],
      ['added', '2003-tip-serbia-and-montenegro'],
      ['added', '2003-tip-netherlands-antilles'],
    ]);
    expect(index!.documents.filter((d) => d.year === 2003).map((d) => [d.id, d.country, d.type, d.tier])).toEqual([
      ['2003-tip-nigeria', 'NGA', 'report', 2],
      ['2003-tip', 'PRK', 'report', 3],
      ['2003-tip-serbia-and-montenegro', 'SCG', 'report', 2],
      ['2003-tip-netherlands-antilles', 'ANT', 'report', '2-watch-list'],
    ]);
  });

  it('infers the sections of a chapter without headings, one short paragraph each for prosecution, protection and prevention', () => {
    const passages = [...index!.passages].filter((p) => p.doc === '2003-tip');
    expect(passages.map((p) => p.section)).toEqual([
      'trafficking-profile',
      'trafficking-profile',
      'overview',
      'overview',
      'prosecution',
      'protection',
      'prevention',
    ]);
    const result = agreement(passages, chapters[1]!, year, chapters);
    expect(result.identical).toBe(1);
  });
});
