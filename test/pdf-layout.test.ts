// Reading order on a page of a full report, from positioned text: chapter headings set in a column
// beside the other column's text, headings wrapped over two or three lines, and headings set across the
// page under balanced columns. Pages are built here item by item, as pdf.js gives them (points, baseline
// measured down from the top; the gutter at 306 on a 612-point page).
import { describe, expect, it } from 'vitest';
import { layoutLines } from '../server/import/pdf-layout.ts';
import { toBlocks } from '../server/import/blocks.ts';
import { findChapters } from '../server/import/chapters.ts';
import type { PdfItem, PdfPage } from '../server/import/pdf-pages.ts';

const LEFT = 54;
const RIGHT = 318;
const PITCH = 12;

/** A line of body text filling a column (240 points), or a heading line of the given size. */
function line(text: string, x: number, baseline: number, size = 9.5, width = 240): PdfItem {
  return { text, x, right: x + width, baseline, size };
}

/** Body lines `prefix 1`, `prefix 2`... down a column from `top`. */
function column(prefix: string, x: number, top: number, count: number): PdfItem[] {
  return Array.from({ length: count }, (_, i) => line(`${prefix} ${i + 1}`, x, top + i * PITCH));
}

function page(items: PdfItem[]): PdfPage[] {
  return [{ number: 1, width: 612, items }];
}

const texts = (pages: PdfPage[]) => layoutLines(pages).lines.map((l) => l.text);
const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix} ${from + i}`);

describe('a chapter heading set in a column', () => {
  it('in the right column beside the previous chapter’s text is read after the whole left column, wrapped lines joined', () => {
    const items = [
      ...column('Kiribati', LEFT, 100, 25),
      ...column('Kiribati end', RIGHT, 100, 10),
      line('KOREA, DEMOCRATIC PEOPLE’S REPUBLIC', RIGHT, 232, 13, 236),
      line('OF: TIER 3', RIGHT, 247, 13, 70),
      ...column('Korea', RIGHT, 268, 11),
    ];
    expect(texts(page(items))).toEqual([
      ...range('Kiribati', 1, 25),
      ...range('Kiribati end', 1, 10),
      'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF: TIER 3',
      ...range('Korea', 1, 11),
    ]);
  });

  it('in the left column is read in the left column’s order, and the right column after it (where the new chapter goes on)', () => {
    const items = [
      ...column('Chile', LEFT, 100, 8),
      line('CHINA (INCLUDES TIBET, HONG KONG, AND', LEFT, 208, 13, 236),
      line('MACAU): TIER 2 WATCH LIST', LEFT, 223, 13, 180),
      ...column('China', LEFT, 244, 13),
      ...column('China more', RIGHT, 100, 25),
    ];
    const lines = texts(page(items));
    expect(lines).toEqual([
      ...range('Chile', 1, 8),
      'CHINA (INCLUDES TIBET, HONG KONG, AND MACAU): TIER 2 WATCH LIST',
      ...range('China', 1, 13),
      ...range('China more', 1, 25),
    ]);
  });

  const wrapped = [
    {
      lines: ['CONGO, DEMOCRATIC', 'REPUBLIC OF THE: TIER 2', 'WATCH LIST'],
      heading: 'CONGO, DEMOCRATIC REPUBLIC OF THE: TIER 2 WATCH LIST',
      code: 'COD',
      tier: '2-watch-list',
    },
    {
      lines: ['SAINT VINCENT AND THE', 'GRENADINES: TIER 2 WATCH', 'LIST'],
      heading: 'SAINT VINCENT AND THE GRENADINES: TIER 2 WATCH LIST',
      code: 'VCT',
      tier: '2-watch-list',
    },
    { lines: ['GUINEA-', 'BISSAU: TIER 2'], heading: 'GUINEA-BISSAU: TIER 2', code: 'GNB', tier: 2 },
    { lines: ['BAHAMAS, THE: TIER 1'], heading: 'BAHAMAS, THE: TIER 1', code: 'BHS', tier: 1 },
    { lines: ['NORTH KOREA', '(Tier 3)'], heading: 'NORTH KOREA (Tier 3)', code: 'PRK', tier: 3 },
  ];
  it.each(wrapped)(
    'over $lines.length lines reads as one chapter heading: $heading',
    ({ lines, heading, code, tier }) => {
      const items = [
        ...column('Before', LEFT, 100, 25),
        ...column('Right before', RIGHT, 100, 6),
        ...lines.map((text, i) => line(text, RIGHT, 184 + i * 15, 13, 200)),
        ...column('After', RIGHT, 190 + lines.length * 15, 8),
      ];
      const { blocks } = toBlocks(layoutLines(page(items)).lines);
      const chapters = findChapters(blocks.map((block) => block.text));
      expect(chapters.map((c) => ({ written: c.written, code: c.country?.code, tier: c.tier }))).toEqual([
        { written: heading, code, tier },
      ]);
    },
  );

  it('takes no fragment of a wrapped heading for a chapter of its own ("OF", "MACAU)")', () => {
    const items = [
      ...column('Left', LEFT, 100, 25),
      line('KOREA, DEMOCRATIC PEOPLE’S REPUBLIC', RIGHT, 112, 13, 236),
      line('OF: TIER 3', RIGHT, 127, 13, 70),
      ...column('Korea', RIGHT, 148, 6),
      line('CHINA (INCLUDES TIBET, HONG KONG, AND', RIGHT, 230, 13, 236),
      line('MACAU): TIER 2 WATCH LIST', RIGHT, 245, 13, 180),
      ...column('China', RIGHT, 266, 6),
    ];
    const { blocks } = toBlocks(layoutLines(page(items)).lines);
    expect(findChapters(blocks.map((block) => block.text)).map((c) => c.name)).toEqual([
      'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF',
      'CHINA (INCLUDES TIBET, HONG KONG, AND MACAU)',
    ]);
  });
});

describe('a chapter heading across the page', () => {
  it('under the previous chapter’s balanced columns closes a band: both columns above it are read before it', () => {
    const items = [
      ...column('Nigeria left', LEFT, 100, 5),
      ...column('Nigeria right', RIGHT, 100, 5),
      line('NORTH KOREA (Tier 3)', LEFT, 190, 13, 150),
      ...column('Korea left', LEFT, 216, 10),
      ...column('Korea right', RIGHT, 216, 10),
    ];
    expect(texts(page(items))).toEqual([
      ...range('Nigeria left', 1, 5),
      ...range('Nigeria right', 1, 5),
      'NORTH KOREA (Tier 3)',
      ...range('Korea left', 1, 10),
      ...range('Korea right', 1, 10),
    ]);
  });
});
