// A full-report PDF made the way the State Department typesets the annual report, from our own seed
// texts: two justified columns, chapters run on (a page can end one chapter and begin the next), running
// heads that alternate between the report's name and the current chapter's country, page numbers, a
// rotated side tab, and words hyphenated at line ends, including real compounds broken at their own
// hyphen. Paragraphs are marked by a first-line indent or by extra space; recommendations may be bulleted.
//
// Two ways of setting chapter headings (../shared/findings/real-layouts.md has the facts):
//   'run-on' (as the published reports): each heading is set in the column where its chapter begins,
//     wrapping over two or three lines when the name is long, with the other column beside it still
//     holding the previous chapter's text; special cases follow a SPECIAL CASES part heading, and back
//     matter ends the report;
//   'across': each chapter's last lines balanced over both columns and the next heading across the page.

import PDFDocument from 'pdfkit';
import type { Block } from '../../server/import/blocks.ts';

export interface ChapterSpec {
  /** As the report writes it: "KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF: TIER 3". */
  heading: string;
  /** For the running head and side tab: "NORTH KOREA". */
  runningHead: string;
  blocks: Block[];
}

export interface ReportSpec {
  year: number;
  chapters: ChapterSpec[];
  paragraphs: 'indent' | 'spaced';
  /** Set each recommendation (a paragraph under a recommendations heading) as a bulleted item. */
  bullets?: boolean;
  /** Encrypt with this user password. */
  password?: string;
  /** Leave out the text layer: every page an image-like drawing only (a scan). */
  noText?: boolean;
  /** One column across the page (a single-country print) instead of the report's two. */
  singleColumn?: boolean;
  /** How chapter headings are set (see above); 'across' by default. */
  headings?: 'across' | 'run-on';
  /** Chapters after a "SPECIAL CASES" part heading on a new page ('run-on' only). */
  specialCases?: ChapterSpec[];
  /** A part after the last chapter, on a new page ('run-on' only): "RELEVANT INTERNATIONAL CONVENTIONS". */
  backMatter?: { heading: string; blocks: Block[] };
}

const PAGE = { width: 612, height: 792, top: 72, bottom: 740 };
type Column = { x: number; width: number };
const TWO_COLUMNS: Column[] = [
  { x: 54, width: 240 },
  { x: 318, width: 240 },
];
const ONE_COLUMN: Column[] = [{ x: 54, width: 504 }];
const BODY = { font: 'Times-Roman', size: 9.5, leading: 12 };
const HEAD = { font: 'Helvetica-Bold', size: 9.5, leading: 12 };
const CHAPTER_HEAD = { font: 'Helvetica-Bold', size: 13, leading: 15 };

interface Line {
  text: string;
  font: string;
  size: number;
  /** Space above the line (paragraph spacing, heading spacing). */
  before: number;
  indent: number;
  /** Stretch to the full column width (every line of a paragraph but its last). */
  justify: boolean;
}

/** Render the report; resolves to the PDF's bytes. */
export async function renderReportPdf(spec: ReportSpec): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    autoFirstPage: false,
    userPassword: spec.password,
    ownerPassword: spec.password ? `${spec.password}-owner` : undefined,
    compress: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on('end', resolve));
  const state = { page: 0, y: PAGE.top, runningHead: '' };
  const columns = spec.singleColumn ? ONE_COLUMN : TWO_COLUMNS;

  const newPage = () => {
    doc.addPage({ size: 'LETTER', margin: 0 });
    state.page++;
    state.y = PAGE.top;
    if (spec.noText) return;
    const head = state.page % 2 === 0 ? `TRAFFICKING IN PERSONS REPORT ${spec.year}` : state.runningHead;
    doc
      .font('Helvetica')
      .fontSize(7.5)
      .text(head, 54, 40, { lineBreak: false, width: 504, align: state.page % 2 === 0 ? 'left' : 'right' });
    doc.text(String(state.page), state.page % 2 === 0 ? 54 : 540, 760, { lineBreak: false });
    // The side tab: the chapter's name, rotated, in the outer margin.
    doc
      .save()
      .rotate(-90, { origin: [598, 400] })
      .fontSize(7)
      .text(state.runningHead, 598, 400, { lineBreak: false })
      .restore();
  };

  newPage();
  if (spec.noText) {
    // A scan: shapes where the text would be, no text layer.
    for (let i = 0; i < 40; i++) doc.rect(54, 72 + i * 16, 200 + (i % 5) * 50, 9).fill('#333');
    doc.end();
    await ended;
    return Buffer.concat(chunks);
  }
  doc
    .font('Helvetica-Bold')
    .fontSize(20)
    .text(`${spec.year} TRAFFICKING IN PERSONS REPORT`, 54, 300, { width: 504, align: 'center' });

  if (spec.headings === 'run-on') {
    runOn(doc, spec, state, newPage, columns);
    doc.end();
    await ended;
    return Buffer.concat(chunks);
  }
  state.y = PAGE.bottom;
  for (const chapter of spec.chapters) {
    state.runningHead = chapter.runningHead;
    if (state.y + 80 > PAGE.bottom) newPage();
    doc.font('Helvetica-Bold').fontSize(13).text(chapter.heading, 54, state.y, { width: 504, lineBreak: false });
    state.y += 26;
    let underRecommendations = false;
    const lines = chapter.blocks.flatMap((block, index) => {
      if (block.kind === 'heading') underRecommendations = /RECOMMENDATIONS/.test(block.text);
      const bulleted = spec.bullets && underRecommendations && block.kind === 'paragraph';
      return layoutBlock(
        doc,
        bulleted ? { ...block, text: `• ${block.text}` } : block,
        index,
        spec.paragraphs,
        columns[0]!.width,
      );
    });
    placeLines(doc, lines, state, newPage, columns);
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/**
 * Fill the left column, then the right, then a new page. Where the chapter ends with the right column of
 * its last page still empty, its last lines are balanced over both columns and `state.y` moves below
 * them, so the next chapter's heading can follow on the same page, as in the printed reports.
 */
function placeLines(
  doc: PDFKit.PDFDocument,
  lines: Line[],
  state: { y: number },
  newPage: () => void,
  columns: Column[],
): void {
  let region: Line[][] = columns.map(() => []);
  let column = 0;
  let y = state.y;
  const height = (column: Line[]) =>
    column.reduce((sum, line, i) => sum + BODY.leading + (i === 0 ? 0 : line.before), 0);
  const draw = (filled: Line[][]) =>
    filled.forEach((column, c) => {
      let at = state.y;
      column.forEach((line, i) => {
        at += i === 0 ? 0 : line.before;
        drawLine(doc, line, columns[c]!, at);
        at += BODY.leading;
      });
    });
  for (const line of lines) {
    if (y + line.before + BODY.leading > PAGE.bottom) {
      if (column < columns.length - 1) {
        column++;
        y = state.y;
      } else {
        draw(region);
        newPage();
        region = columns.map(() => []);
        column = 0;
        y = state.y;
      }
    }
    y += (region[column]!.length === 0 ? 0 : line.before) + BODY.leading;
    region[column]!.push(line);
  }
  if (column === 0 && columns.length === 2) {
    // Balance the last lines over the two columns.
    const all = region[0]!;
    let split = Math.ceil(all.length / 2);
    while (split < all.length && height(all.slice(0, split)) < height(all.slice(split))) split++;
    region = [all.slice(0, split), all.slice(split)];
  }
  draw(region);
  state.y += Math.max(height(region[0]!), height(region[1] ?? [])) + 24;
}

/**
 * The published layout: one flow down the left column, then the right, then the next page, for every
 * chapter in turn; a chapter's heading goes where its chapter begins, in the column, kept with its first
 * two lines. Special cases and back matter begin new pages under a part heading across the top.
 */
function runOn(
  doc: PDFKit.PDFDocument,
  spec: ReportSpec,
  state: { y: number; runningHead: string },
  newPage: () => void,
  columns: Column[],
): void {
  const cursor = { column: columns.length, y: PAGE.bottom, top: PAGE.top };
  const nextColumn = () => {
    if (cursor.column + 1 < columns.length) cursor.column++;
    else {
      newPage();
      cursor.column = 0;
      cursor.top = PAGE.top;
    }
    cursor.y = cursor.top;
  };
  const atTop = () => cursor.y === cursor.top;
  const place = (lines: Line[], keep: number) => {
    // The lines before `keep` go together (a heading and the first lines under it).
    const together = lines
      .slice(0, keep)
      .reduce((sum, line, i) => sum + (i === 0 ? 0 : line.before) + leadingOf(line), 0);
    if (cursor.y + (atTop() ? 0 : (lines[0]?.before ?? 0)) + together > PAGE.bottom) nextColumn();
    for (const line of lines) {
      const before = atTop() ? 0 : line.before;
      if (cursor.y + before + leadingOf(line) > PAGE.bottom) nextColumn();
      cursor.y += atTop() ? 0 : line.before;
      drawLine(doc, line, columns[cursor.column]!, cursor.y);
      cursor.y += leadingOf(line);
    }
  };
  const part = (heading: string) => {
    newPage();
    doc.font('Helvetica-Bold').fontSize(16).text(heading, 54, PAGE.top, { width: 504, lineBreak: false });
    cursor.column = 0;
    cursor.top = PAGE.top + 36;
    cursor.y = cursor.top;
  };
  const chapter = (spec: ReportSpec, chapter: ChapterSpec) => {
    state.runningHead = chapter.runningHead;
    const heading = headingLines(doc, chapter.heading, columns[0]!.width);
    const body = chapterLines(doc, spec, chapter, columns[0]!.width);
    place([...heading, ...body], heading.length + 2);
  };
  for (const each of spec.chapters) chapter(spec, each);
  if (spec.specialCases?.length) {
    part('SPECIAL CASES');
    for (const each of spec.specialCases) chapter(spec, each);
  }
  if (spec.backMatter) {
    state.runningHead = spec.backMatter.heading;
    part(spec.backMatter.heading);
    place(
      spec.backMatter.blocks.flatMap((block, index) =>
        layoutBlock(doc, block, index, spec.paragraphs, columns[0]!.width),
      ),
      1,
    );
  }
}

/** A chapter heading broken at spaces to the column's width, in the chapter heading's type. */
function headingLines(doc: PDFKit.PDFDocument, heading: string, width: number): Line[] {
  doc.font(CHAPTER_HEAD.font).fontSize(CHAPTER_HEAD.size);
  const lines: string[] = [];
  for (const word of heading.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && doc.widthOfString(`${last} ${word}`) <= width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.map((text, i) => ({
    text,
    font: CHAPTER_HEAD.font,
    size: CHAPTER_HEAD.size,
    before: i === 0 ? 18 : 0,
    indent: 0,
    justify: false,
  }));
}

/** A chapter's blocks as lines, recommendations bulleted when the report bullets them. */
function chapterLines(doc: PDFKit.PDFDocument, spec: ReportSpec, chapter: ChapterSpec, width: number): Line[] {
  let underRecommendations = false;
  return chapter.blocks.flatMap((block, index) => {
    if (block.kind === 'heading') underRecommendations = /RECOMMENDATIONS/.test(block.text);
    const bulleted = spec.bullets && underRecommendations && block.kind === 'paragraph';
    return layoutBlock(
      doc,
      bulleted ? { ...block, text: `• ${block.text}` } : block,
      index + 1,
      spec.paragraphs,
      width,
    );
  });
}

function leadingOf(line: Line): number {
  return line.size === CHAPTER_HEAD.size ? CHAPTER_HEAD.leading : BODY.leading;
}

function drawLine(doc: PDFKit.PDFDocument, line: Line, column: Column, y: number): void {
  doc.font(line.font).fontSize(line.size);
  const width = column.width - line.indent;
  const spaces = (line.text.match(/ /g) ?? []).length;
  const natural = doc.widthOfString(line.text);
  const wordSpacing = line.justify && spaces > 0 ? Math.min((width - natural) / spaces, 6) : 0;
  doc.text(line.text, column.x + line.indent, y, { lineBreak: false, wordSpacing });
}

/** Break a block into lines, hyphenating words that do not fit (real compounds at their hyphen). */
function layoutBlock(
  doc: PDFKit.PDFDocument,
  block: Block,
  index: number,
  style: ReportSpec['paragraphs'],
  columnWidth: number,
): Line[] {
  const heading = block.kind === 'heading';
  const font = heading ? HEAD : BODY;
  doc.font(font.font).fontSize(font.size);
  const indent = !heading && style === 'indent' ? 12 : 0;
  const before = heading ? 10 : style === 'spaced' ? 6 : 0;
  const lines: Line[] = [];
  let current = '';
  let width = columnWidth - indent;
  const push = (text: string, justify: boolean) => {
    lines.push({
      text,
      font: font.font,
      size: font.size,
      before: lines.length === 0 && index > 0 ? before : 0,
      indent: lines.length === 0 ? indent : 0,
      justify,
    });
    width = columnWidth;
  };
  for (const word of block.text.split(' ')) {
    const candidate = current ? `${current} ${word}` : word;
    if (doc.widthOfString(candidate) <= width) {
      current = candidate;
      continue;
    }
    const [head, tail] = hyphenate(doc, current, word, width);
    if (head) {
      push(`${current ? `${current} ` : ''}${head}`, !heading);
      current = tail;
    } else {
      push(current, !heading);
      current = word;
    }
  }
  if (current) push(current, false);
  return lines;
}

/** Split `word` so its first part (with a hyphen) ends the line: at its own hyphen if it has one. */
function hyphenate(
  doc: PDFKit.PDFDocument,
  line: string,
  word: string,
  width: number,
): [string, string] | [null, null] {
  const fits = (head: string) => doc.widthOfString(`${line ? `${line} ` : ''}${head}`) <= width;
  const own = word.indexOf('-');
  if (own > 0 && own < word.length - 1)
    return fits(word.slice(0, own + 1)) ? [word.slice(0, own + 1), word.slice(own + 1)] : [null, null];
  const letters = /^[A-Za-z]+/.exec(word)?.[0] ?? '';
  for (let cut = letters.length - 3; cut >= 3; cut--) {
    const head = `${word.slice(0, cut)}-`;
    if (fits(head)) return [head, word.slice(cut)];
  }
  return [null, null];
}
