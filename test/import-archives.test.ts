// Narratives as the publisher's template and the archives lay them out, written here from the facts in
// ../shared/findings/real-layouts.md and our own seeds (no text of theirs): a page of state.gov's report
// template, whose year is only in its headline; a Refworld copy of an early chapter (no section headings,
// one-sentence parts, the disclaimer last); ecoi.net copies whose recommendations are glyph bullets, as a
// page and as plain text. Each imported and compared with the seed pipeline's passages of the same text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importNarrative, type ImportReport } from '../server/import/import.ts';
import { ImportError } from '../server/import/import-error.ts';
import type { Block } from '../server/import/blocks.ts';
import { REFWORLD_DISCLAIMER, ecoiPage, refworldCopy, stateGovTemplatePage } from './support/report-html.ts';
import { earlyChapter } from './support/full-report.ts';
import { narrativeBlocks, seedSentences, temporaryCollection } from './support/narratives.ts';
import { SEEDS } from './support/corpus.ts';

const key = (p: { section: string; text: string }) => `${p.section}|${p.text}`;

function identical(report: ImportReport, doc: string): number {
  const got = new Set(report.passages.map(key));
  const expected = seedSentences(doc);
  return expected.filter((p) => got.has(key(p))).length / expected.length;
}

const sectionsOf = (passages: Array<{ section: string }>) => [...new Set(passages.map((p) => p.section))];

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'tip-import-archives-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function dryImport(name: string, content: string | Buffer, without: string[] = []): Promise<ImportReport> {
  const path = join(folder, name);
  writeFileSync(path, content);
  const collection = temporaryCollection(without);
  try {
    return await importNarrative({ input: path, dryRun: true, paths: collection.paths });
  } finally {
    collection.remove();
  }
}

/** The 2025 narrative cut into the template's sections: the chapter heading's, then one per heading. */
function templateSections(heading: string): Array<{ title: string; blocks: Block[] }> {
  const sections: Array<{ title: string; blocks: Block[] }> = [{ title: heading, blocks: [] }];
  for (const block of narrativeBlocks('2025-tip-report-north-korea-state-gov.txt')) {
    if (block.kind === 'heading') sections.push({ title: block.text, blocks: [] });
    else sections[sections.length - 1]!.blocks.push(block);
  }
  return sections;
}

describe('a page of state.gov’s report template', () => {
  const heading = 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF (Tier 3)';
  const page = (headline: string) =>
    stateGovTemplatePage({ country: 'North Korea', headline, sections: templateSections(heading) });

  it('takes the report and year from the headline, the tab title naming only the country and the site', async () => {
    const report = await dryImport('north-korea.html', page('2025 Trafficking in Persons Report: North Korea'), [
      '2025-tip',
    ]);
    expect(report.entry).toMatchObject({
      id: '2025-tip',
      year: 2025,
      country: 'PRK',
      tier: 3,
      type: 'report',
      title: heading,
    });
    expect(identical(report, '2025-tip')).toBeGreaterThanOrEqual(0.95);
    expect(sectionsOf(report.passages)).toEqual(sectionsOf(seedSentences('2025-tip')));
  });

  it('keeps the masthead, menus, table of contents, footer, cookie dialog and scripts out of the passages', async () => {
    const report = await dryImport('north-korea.html', page('2025 Trafficking in Persons Report: North Korea'), [
      '2025-tip',
    ]);
    const furniture =
      /cookies|Always active|Functional|Manage Cookie Consent|Policy Issues|Bureaus|United States Department of State|White House|addEventListener|U\.S\. DEPARTMENT of STATE/;
    expect(report.passages.filter((p) => furniture.test(p.text)).map((p) => p.text)).toEqual([]);
    expect(report.passages.length).toBe(seedSentences('2025-tip').length);
  });

  it('without the headline, says the page never states its year (the headline is where it does)', async () => {
    const error = await dryImport('no-headline.html', page('North Korea'), ['2025-tip']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toMatch(/no-headline\.html: never states its report year .*; pass --year$/);
  });
});

describe('a Refworld copy of an early chapter (2003)', () => {
  const blocks = earlyChapter('North Korea');
  let report: ImportReport;
  beforeAll(async () => {
    report = await dryImport(
      'refworld-2003.htm',
      refworldCopy(
        'U.S. Department of State 2003 Trafficking in Persons Report - North Korea',
        'North Korea (Tier 3)',
        blocks,
      ),
    );
  });

  it('is a complete report, not an excerpt: its heading, its assessment and its narrative to the end', () => {
    expect(report.entry).toMatchObject({
      id: '2003-tip',
      type: 'report',
      year: 2003,
      country: 'PRK',
      tier: 3,
      title: 'North Korea (Tier 3)',
      via: 'UNHCR Refworld',
    });
  });

  it('indexes no sentence of the disclaimer', () => {
    expect(report.passages.filter((p) => /UNHCR/.test(p.text))).toEqual([]);
    expect(report.passages.map((p) => p.text)).toEqual(blocks.flatMap((b) => b.text.split(/(?<=\.) (?=[A-Z])/)));
  });

  it('files its one-sentence prosecution, protection and prevention paragraphs under their sections', () => {
    const section = (fragment: string) => report.passages.find((p) => p.text.includes(fragment))?.section;
    expect([
      section('prosecute traffickers'),
      section('protection or assistance'),
      section('prevent trafficking'),
    ]).toEqual(['prosecution', 'protection', 'prevention']);
    expect(section('minimum standards')).toBe('overview');
    expect(section('source country')).toBe('trafficking-profile');
  });
});

describe('ecoi.net copies with bulleted recommendations', () => {
  const title = '2022 Trafficking in Persons Report: North Korea';
  const heading = 'Korea, Democratic People’s Republic of (Tier 3)';
  const blocks = narrativeBlocks('2025-tip-report-north-korea-state-gov.txt');
  const recommendations = seedSentences('2025-tip')
    .filter((p) => p.section === 'recommendations')
    .map((p) => p.text);

  it.each(['lines', 'inline'] as const)(
    'a page with the bullets as %s: each recommendation one passage, without its bullet',
    async (bullets) => {
      const report = await dryImport(`ecoi-${bullets}.html`, ecoiPage(title, heading, blocks, bullets));
      expect(report.entry).toMatchObject({
        id: '2022-tip',
        year: 2022,
        country: 'PRK',
        tier: 3,
        title: heading,
        via: 'ecoi.net (Austrian Red Cross, ACCORD)',
      });
      expect(recommendations.length).toBeGreaterThanOrEqual(8);
      expect(report.passages.filter((p) => p.section === 'recommendations').map((p) => p.text)).toEqual(
        recommendations,
      );
      expect(report.passages.filter((p) => p.text.includes('•'))).toEqual([]);
      expect(report.passages.filter((p) => p.text === title)).toEqual([]);
    },
  );

  it('the same as plain text, the bullets lines of one paragraph: each a list item, the file kept as it is', async () => {
    const lines = [title, '', heading, ''];
    let under = false;
    for (const block of blocks) {
      if (block.kind === 'heading') {
        if (under) lines.push('');
        under = /RECOMMENDATIONS/.test(block.text);
        lines.push(block.text, '');
      } else if (under) lines.push(`  • ${block.text}`);
      else lines.push(block.text, '');
    }
    const text = lines.join('\n');
    const report = await dryImport('ecoi-2022.txt', text);
    expect(report.passages.filter((p) => p.section === 'recommendations').map((p) => p.text)).toEqual(recommendations);
    // Offsets point at the item's words, after the bullet.
    for (const passage of report.passages)
      expect(text.slice(passage.start, passage.end).replace(/\s+/g, ' ')).toBe(passage.text);
  });
});

describe('excerpt or report, decided by content', () => {
  it('an extract that says it is one, with no prosecution, protection or prevention, is an excerpt', async () => {
    const report = await dryImport(
      'gvnet-2023.txt',
      readFileSync(join(SEEDS, '2023-tip-report-north-korea-excerpt-gvnet.txt')),
      ['2023-tip-excerpt'],
    );
    expect(report.entry).toMatchObject({ id: '2023-tip-excerpt', type: 'excerpt' });
  });

  it('a narrative with section headings that stops before its prevention part is an excerpt', async () => {
    const cut = narrativeBlocks('2025-tip-report-north-korea-state-gov.txt');
    const truncated = cut.slice(
      0,
      cut.findIndex((b) => b.text === 'PREVENTION'),
    );
    const report = await dryImport(
      'cut.txt',
      [
        '2025 Trafficking in Persons Report: North Korea',
        'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF: TIER 3',
        ...truncated.map((b) => b.text),
      ].join('\n\n'),
      ['2025-tip'],
    );
    expect(report.entry).toMatchObject({ id: '2025-tip-excerpt', type: 'excerpt' });
    expect(report.warnings).toContain('no prevention section found: catalogued as an excerpt');
  });

  it('the Refworld disclaimer is no passage in a text copy either', async () => {
    const text = [
      'U.S. Department of State 2003 Trafficking in Persons Report - North Korea',
      'North Korea (Tier 3)',
      ...earlyChapter('North Korea').map((b) => b.text),
      REFWORLD_DISCLAIMER,
    ].join('\n\n');
    const report = await dryImport('refworld-2003.txt', text);
    expect(report.entry.type).toBe('report');
    expect(report.passages.filter((p) => /UNHCR/.test(p.text))).toEqual([]);
  });
});
