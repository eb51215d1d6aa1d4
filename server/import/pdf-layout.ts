// From positioned text to lines in reading order, page furniture removed. Pure: pages in, lines out.
//
//   items -> rows (one baseline) -> segments (a row cut at the gutter) -> columns and full-width lines
//         -> bands (full-width lines separate them; in a band, the left column is read before the right)
//         -> running heads and page numbers removed
//
// A full report sets each chapter in two columns and its chapter heading across both, so a page can hold
// the end of one chapter, a heading, and the start of the next: bands keep them in order.

import type { PdfItem, PdfPage } from './pdf-pages.ts';
import { findCountry, normalizeCountryName } from '../corpus/countries.ts';
import { parseChapterHeading } from './chapters.ts';
import { foldWhitespace } from '../corpus/types.ts';

/** A line of text in reading order, with what paragraph and heading detection need to know about it. */
export interface LayoutLine {
  text: string;
  page: number;
  column: 'left' | 'right' | 'full';
  /** Distance from the column's usual left edge (a first-line indent shows here). */
  indent: number;
  /** How much of the column's width the line fills, 0-1 (the last line of a paragraph is usually short). */
  fill: number;
  /** Baseline distance from the previous line of the same column, in line pitches; null at a column's top. */
  gap: number | null;
  size: number;
}

/** A row cut at the gutter: one column's line, or a line across the page. */
interface Segment {
  text: string;
  x: number;
  right: number;
  baseline: number;
  size: number;
  column: LayoutLine['column'];
}

interface PageRows {
  page: PdfPage;
  rows: Segment[][];
}

/**
 * Lines of every page in reading order, without running heads, running feet and page numbers.
 * @param pages as read by readPdfPages
 * @returns the lines and the furniture removed (for the import summary)
 */
export function layoutLines(pages: PdfPage[]): { lines: LayoutLine[]; furniture: string[] } {
  const pageRows = pages.map((page) => ({ page, rows: toRows(page) }));
  const pitch = linePitch(pageRows);
  const furniture = new Set<Segment>();
  for (const segment of marginFurniture(pageRows, pitch)) furniture.add(segment);
  const edges = columnEdges(pageRows);
  const lines: LayoutLine[] = [];
  for (const { page, rows } of pageRows) {
    // The gap is measured to the line above in the same column of the page (a heading across the page
    // between them makes it large); at a column's top there is none.
    const above = new Map<LayoutLine['column'], Segment>();
    for (const band of toBands(rows.flat().filter((segment) => !furniture.has(segment)))) {
      for (const segment of band) {
        const [left, right] = edges[segment.column];
        const previous = above.get(segment.column);
        lines.push({
          text: segment.text,
          page: page.number,
          column: segment.column,
          indent: segment.x - left,
          fill: right > left ? (segment.right - left) / (right - left) : 1,
          gap: previous ? (segment.baseline - previous.baseline) / pitch : null,
          size: segment.size,
        });
        above.set(segment.column, segment);
      }
    }
  }
  return { lines, furniture: [...furniture].map((segment) => segment.text) };
}

/** Items on one baseline, cut at the page's middle when a gutter lies there. */
function toRows(page: PdfPage): Segment[][] {
  const items = [...page.items].sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const rows: PdfItem[][] = [];
  for (const item of items) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row[0]!.baseline - item.baseline) < 0.3 * item.size) row.push(item);
    else rows.push([item]);
  }
  const middle = page.width / 2;
  return rows.map((row) => {
    row.sort((a, b) => a.x - b.x);
    const cut = row.findIndex((item, i) => {
      const next = row[i + 1];
      return next !== undefined && item.right <= middle + item.size && next.x >= middle - item.size && next.x - item.right >= 0.8 * item.size;
    });
    const parts = cut === -1 ? [row] : [row.slice(0, cut + 1), row.slice(cut + 1)];
    return parts.map((part) => toSegment(part, middle));
  });
}

function toSegment(items: PdfItem[], middle: number): Segment {
  let text = '';
  items.forEach((item, i) => {
    const previous = items[i - 1];
    const spaced = previous && item.x - previous.right > 0.15 * item.size && !/\s$/.test(text) && !/^\s/.test(item.text);
    text += (spaced ? ' ' : '') + item.text;
  });
  const x = items[0]!.x;
  const right = Math.max(...items.map((item) => item.right));
  const size = Math.max(...items.map((item) => item.size));
  const folded = foldWhitespace(text);
  // A chapter heading separates chapters however short it is ("CHAD: TIER 2" fits in one column).
  const spans = (x < middle - size && right > middle + size) || parseChapterHeading(folded) !== null;
  const column = spans ? 'full' : right <= middle + size ? 'left' : 'right';
  return { text: folded, x, right, baseline: items[0]!.baseline, size, column };
}

/** Reading order: a full-width line closes a band; within a band, the left column, then the right. */
function toBands(segments: Segment[]): Segment[][] {
  const bands: Segment[][] = [];
  let left: Segment[] = [];
  let right: Segment[] = [];
  const flush = () => {
    if (left.length || right.length) bands.push([...left, ...right]);
    left = [];
    right = [];
  };
  for (const segment of segments) {
    if (segment.column === 'full') {
      flush();
      bands.push([segment]);
    } else {
      (segment.column === 'left' ? left : right).push(segment);
    }
  }
  flush();
  return bands;
}

/** The usual distance between consecutive baselines of a column (the median). */
function linePitch(pageRows: PageRows[]): number {
  const distances: number[] = [];
  for (const { rows } of pageRows) {
    for (const column of ['left', 'right', 'full'] as const) {
      const baselines = rows.flat().filter((s) => s.column === column).map((s) => s.baseline);
      for (let i = 1; i < baselines.length; i++) distances.push(baselines[i]! - baselines[i - 1]!);
    }
  }
  distances.sort((a, b) => a - b);
  return distances[Math.floor(distances.length / 2)] ?? 12;
}

/** The most common left edge and right edge of each column across the document. */
function columnEdges(pageRows: PageRows[]): Record<LayoutLine['column'], [number, number]> {
  const edges = {} as Record<LayoutLine['column'], [number, number]>;
  for (const column of ['left', 'right', 'full'] as const) {
    const segments = pageRows.flatMap(({ rows }) => rows.flat().filter((s) => s.column === column));
    edges[column] = [mode(segments.map((s) => s.x)), Math.max(0, ...segments.map((s) => s.right))];
  }
  return edges;
}

function mode(values: number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(Math.round(value), (counts.get(Math.round(value)) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [value, count] of counts) if (count > bestCount || (count === bestCount && value < best)) [best, bestCount] = [value, count];
  return best;
}

/**
 * Running heads, running feet and page numbers: the top and bottom rows of a page, set apart from the
 * body by more than a line's pitch, whose text is a page number, a country's name (from the table or from
 * a chapter heading of the document), or a text (digits aside) repeated in the margins of at least a
 * fifth of the pages. A fifth, because a section heading ("PROSECUTION") also opens some pages.
 */
function marginFurniture(pageRows: PageRows[], pitch: number): Segment[] {
  const chapterNames = new Set<string>();
  for (const { rows } of pageRows) {
    for (const segment of rows.flat()) {
      const heading = parseChapterHeading(segment.text);
      if (heading) chapterNames.add(normalizeCountryName(heading.name));
    }
  }
  const margins = pageRows.flatMap(({ rows }) => marginRows(rows, pitch));
  const key = (segment: Segment) => segment.text.toLowerCase().replace(/\d+/g, '#');
  const repeats = new Map<string, number>();
  for (const segment of margins.flat()) repeats.set(key(segment), (repeats.get(key(segment)) ?? 0) + 1);
  const often = Math.max(2, 0.2 * pageRows.length);
  return margins.flat().filter(
    (segment) =>
      /^(?:page\s+)?\d{1,4}$/i.test(segment.text) ||
      /^\d{1,4}\s*[|•·]|[|•·]\s*\d{1,4}$/.test(segment.text) ||
      findCountry(segment.text) !== undefined ||
      chapterNames.has(normalizeCountryName(segment.text)) ||
      (repeats.get(key(segment)) ?? 0) >= often,
  );
}

/** Up to two rows at the top and two at the bottom of a page, each set apart from the rows inside it. */
function marginRows(rows: Segment[][], pitch: number): Segment[][] {
  const baseline = (row: Segment[]) => row[0]!.baseline;
  const apart = (a: Segment[] | undefined, b: Segment[] | undefined) => a !== undefined && b !== undefined && Math.abs(baseline(a) - baseline(b)) > 1.5 * pitch;
  const found: Segment[][] = [];
  for (let i = 0; i < Math.min(2, rows.length - 1) && apart(rows[i], rows[i + 1]); i++) found.push(rows[i]!);
  for (let i = rows.length - 1; i > Math.max(0, rows.length - 3) && apart(rows[i], rows[i - 1]); i--) found.push(rows[i]!);
  return found;
}
