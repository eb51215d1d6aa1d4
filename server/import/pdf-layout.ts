// From positioned text to lines in reading order, page furniture removed. Pure: pages in, lines out.
//
//   items -> rows (one baseline) -> segments (a row cut at the gutter) -> columns and full-width lines
//         -> chapter headings (one to three lines of a column, joined) placed in their column or across
//         -> bands (full-width lines separate them; in a band, the left column is read before the right)
//         -> running heads and page numbers removed
//
// A full report runs its chapters on in two columns: a chapter's heading is set in a column, often
// wrapped over two or three lines ("KOREA, DEMOCRATIC PEOPLE'S REPUBLIC" / "OF: TIER 3"), while the
// other column beside it still holds the previous chapter's text; such a heading is read in its column's
// order. A heading with nothing beside it (a layout that balances each chapter's last columns and sets
// the next heading across the page) closes a band, so the text above it is read before it.

import type { PdfItem, PdfPage } from './pdf-pages.ts';
import { findCountry, normalizeCountryName } from '../corpus/countries.ts';
import { parseChapterHeading } from './chapters.ts';
import { foldWhitespace } from '../corpus/types.ts';
import { largest } from '../extremes.ts';

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
  /** The baseline of its last line, for a chapter heading joined from several. */
  lastBaseline: number;
  size: number;
  column: LayoutLine['column'];
}

interface PageRows {
  page: PdfPage;
  rows: Segment[][];
}

/** A chapter heading wraps over at most this many lines of a column. */
const MAX_HEADING_LINES = 3;
/** The start of an early heading's placement, which may wrap: "(Tier 2 Watch". */
const PLACEMENT_START = /\((?:tier|special)\b[^)]*$/i;

/**
 * Lines of every page in reading order, without running heads, running feet and page numbers.
 * @param pages as read by readPdfPages
 * @returns the lines and the furniture removed (for the import summary)
 */
export function layoutLines(pages: PdfPage[]): { lines: LayoutLine[]; furniture: string[] } {
  const rawRows = pages.map((page) => ({ page, rows: toRows(page) }));
  const pitch = linePitch(rawRows);
  const pageRows = rawRows.map(({ page, rows }) => ({ page, rows: joinChapterHeadings(rows, pitch) }));
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
          gap: previous ? (segment.baseline - previous.lastBaseline) / pitch : null,
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
      return (
        next !== undefined &&
        item.right <= middle + item.size &&
        next.x >= middle - item.size &&
        next.x - item.right >= 0.8 * item.size
      );
    });
    const parts = cut === -1 ? [row] : [row.slice(0, cut + 1), row.slice(cut + 1)];
    return parts.map((part) => toSegment(part, middle));
  });
}

function toSegment(items: PdfItem[], middle: number): Segment {
  let text = '';
  items.forEach((item, i) => {
    const previous = items[i - 1];
    const spaced =
      previous && item.x - previous.right > 0.15 * item.size && !/\s$/.test(text) && !/^\s/.test(item.text);
    text += (spaced ? ' ' : '') + item.text;
  });
  const x = items[0]!.x;
  const right = largest(
    items.map((item) => item.right),
    x,
  );
  const size = largest(
    items.map((item) => item.size),
    0,
  );
  const column = x < middle - size && right > middle + size ? 'full' : right <= middle + size ? 'left' : 'right';
  const baseline = items[0]!.baseline;
  return { text: foldWhitespace(text), x, right, baseline, lastBaseline: baseline, size, column };
}

/**
 * Chapter headings, each made one segment: up to three consecutive lines of a column, of one type size,
 * that together read as a heading ("CONGO, DEMOCRATIC REPUBLIC OF THE:" / "TIER 2 WATCH LIST"). Where
 * several readings start at a line, a heading naming a country of the table wins over one that does not
 * ("OF: TIER 3" alone names none), then the longer. See opensBand for where it is read.
 */
function joinChapterHeadings(rows: Segment[][], pitch: number): Segment[][] {
  const segments = rows.flat();
  const joined = new Map<Segment, Segment>();
  const dropped = new Set<Segment>();
  for (const column of ['left', 'right', 'full'] as const) {
    const lines = segments.filter((segment) => segment.column === column);
    for (let i = 0; i < lines.length; i++) {
      const heading = headingAt(lines, i);
      if (!heading) continue;
      const group = lines.slice(i, i + heading.lines);
      const merged: Segment = {
        ...group[0]!,
        text: heading.text,
        right: largest(
          group.map((s) => s.right),
          group[0]!.right,
        ),
        lastBaseline: group[group.length - 1]!.baseline,
      };
      if (merged.column !== 'full' && opensBand(merged, segments, pitch)) merged.column = 'full';
      joined.set(group[0]!, merged);
      for (const segment of group.slice(1)) dropped.add(segment);
      i += heading.lines - 1;
    }
  }
  if (joined.size === 0) return rows;
  return rows
    .map((row) => row.filter((segment) => !dropped.has(segment)).map((segment) => joined.get(segment) ?? segment))
    .filter((row) => row.length > 0);
}

/** The chapter heading starting at `lines[i]`, if one does: its text and how many lines it takes. */
function headingAt(lines: Segment[], i: number): { text: string; lines: number } | null {
  let best: { text: string; lines: number; known: boolean } | null = null;
  let text = '';
  for (let count = 1; count <= MAX_HEADING_LINES && i + count <= lines.length; count++) {
    const line = lines[i + count - 1]!;
    if (count > 1) {
      const previous = lines[i + count - 2]!;
      const sameSize = Math.abs(line.size - previous.size) <= 0.1 * previous.size;
      const close = line.baseline - previous.baseline <= 1.8 * previous.size;
      // The name is in capitals; lower case only in the placement ("NORTH KOREA (Tier 2 Watch" / "List)").
      if (!sameSize || !close || /\p{Ll}/u.test(previous.text.replace(PLACEMENT_START, ''))) break;
    }
    text = count === 1 ? line.text : joinHeadingLines(text, line.text);
    const heading = parseChapterHeading(text);
    if (!heading) continue;
    const known = heading.country !== undefined;
    if (!best || (known && !best.known) || known === best.known) best = { text: heading.written, lines: count, known };
  }
  return best;
}

/** A line ending in a hyphen runs on without a space ("GUINEA-" / "BISSAU: TIER 2"). */
function joinHeadingLines(first: string, second: string): string {
  return /-$/.test(first) ? first + second : `${first} ${second}`;
}

/**
 * Whether a heading set in one column opens a band across the page: nothing beside it in the other
 * column (within half a line pitch), and text below it there. That is a layout that sets headings across
 * (the other column's text below is the new chapter's). A heading beside the other column's text, or
 * with only text above it there (a short last column), is read in its column's order.
 */
function opensBand(heading: Segment, segments: Segment[], pitch: number): boolean {
  const other = heading.column === 'left' ? 'right' : 'left';
  const [top, bottom] = [heading.baseline - heading.size - 0.5 * pitch, heading.lastBaseline + 0.5 * pitch];
  let below = false;
  for (const candidate of segments) {
    if (candidate.column !== other) continue;
    if (candidate.baseline >= top && candidate.baseline <= bottom) return false;
    if (candidate.baseline > bottom) below = true;
  }
  return below;
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
      const baselines = rows
        .flat()
        .filter((s) => s.column === column)
        .map((s) => s.baseline);
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
    edges[column] = [
      mode(segments.map((s) => s.x)),
      largest(
        segments.map((s) => s.right),
        0,
      ),
    ];
  }
  return edges;
}

function mode(values: number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(Math.round(value), (counts.get(Math.round(value)) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [value, count] of counts)
    if (count > bestCount || (count === bestCount && value < best)) [best, bestCount] = [value, count];
  return best;
}

/**
 * Running heads, running feet and page numbers: the top and bottom rows of a page, set apart from the
 * body by more than a line's pitch, whose text is a page number, a country's name (from the table or from
 * a chapter heading of the document), or a text (digits aside) repeated in the margins of at least a
 * fifth of the pages. A fifth, because a section heading ("PROSECUTION") also opens some pages. A chapter
 * heading ("NIGERIA (Tier 2)" opening a page) names a country too, and is kept.
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
  // A chapter heading at the top of a page is set apart from the text below it too, but is never furniture.
  return margins
    .flat()
    .filter(
      (segment) =>
        parseChapterHeading(segment.text) === null &&
        (/^(?:page\s+)?\d{1,4}$/i.test(segment.text) ||
          /^\d{1,4}\s*[|•·]|[|•·]\s*\d{1,4}$/.test(segment.text) ||
          findCountry(segment.text) !== undefined ||
          chapterNames.has(normalizeCountryName(segment.text)) ||
          (repeats.get(key(segment)) ?? 0) >= often),
    );
}

/** Up to two rows at the top and two at the bottom of a page, each set apart from the rows inside it. */
function marginRows(rows: Segment[][], pitch: number): Segment[][] {
  const baseline = (row: Segment[]) => row[0]!.baseline;
  const apart = (a: Segment[] | undefined, b: Segment[] | undefined) =>
    a !== undefined && b !== undefined && Math.abs(baseline(a) - baseline(b)) > 1.5 * pitch;
  const found: Segment[][] = [];
  for (let i = 0; i < Math.min(2, rows.length - 1) && apart(rows[i], rows[i + 1]); i++) found.push(rows[i]!);
  for (let i = rows.length - 1; i > Math.max(0, rows.length - 3) && apart(rows[i], rows[i - 1]); i--)
    found.push(rows[i]!);
  return found;
}
