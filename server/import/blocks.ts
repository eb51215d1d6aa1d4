// From lines in reading order to headings and paragraphs: the shape every input form is brought to
// before a seed is written (a heading or paragraph per block, blocks separated by blank lines).
//
// A paragraph begins after a heading, at a larger gap than the line pitch, at a first-line indent, at a
// bullet, or after a short line that ends a sentence. At the top of a column, where there is no gap to
// measure, only the last two signals count: a paragraph runs on across columns and pages otherwise.

import type { LayoutLine } from './pdf-layout.ts';
import { buildVocabulary, joinLines, type HyphenDecision } from './dehyphenate.ts';
import { parseChapterHeading } from './chapters.ts';
import { endsSentence } from '../corpus/clean.ts';

export interface Block {
  kind: 'heading' | 'paragraph';
  text: string;
  /** The page the block begins on, for PDF input. */
  page?: number;
}

const BULLET = /^[•▪●◦■\u2022]\s*/;
const BULLETS = /(?:^|\s)[•▪●◦■]\s+/;

/**
 * Text bulleted with a glyph, as list items: the glyph dropped, one item each. Text with no bullet, or a
 * single glyph inside a sentence, is one item as it is.
 * @example splitBullets('• End the use of forced labor. • Criminalize sex trafficking.') // -> ['End the use of forced labor.', 'Criminalize sex trafficking.']
 */
export function splitBullets(text: string): string[] {
  const parts = text.split(BULLETS);
  if (parts.length === 1 || (parts.length === 2 && !BULLET.test(text.trimStart()))) return [text];
  return parts.map((part) => part.trim()).filter(Boolean);
}

/** A line that is a heading on its own: a chapter heading, or a short line without lower-case letters. */
function isHeadingLine(text: string): boolean {
  if (parseChapterHeading(text)) return true;
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && !/\p{Ll}/u.test(letters) && text.split(/\s+/).length <= 20 && !/[.;,]$/.test(text);
}

/** A hyphenation decision and the block it was made in. */
export interface BlockHyphen extends HyphenDecision {
  block: number;
}

/**
 * Group lines into blocks, undoing line-end hyphenation on the evidence of all the lines given.
 * @returns the blocks and every hyphenation decision (those marked unsure go into the import summary)
 */
export function toBlocks(lines: LayoutLine[]): { blocks: Block[]; hyphens: BlockHyphen[] } {
  const vocabulary = buildVocabulary(lines.map((line) => line.text));
  const blocks: Block[] = [];
  const hyphens: BlockHyphen[] = [];
  let previous: LayoutLine | null = null;
  for (const line of lines) {
    const current = blocks[blocks.length - 1];
    const heading = isHeadingLine(line.text);
    if (heading && current?.kind === 'heading' && previous && continuesHeading(current.text, previous, line)) {
      current.text = joinLines(current.text, line.text, vocabulary).text;
    } else if (heading) {
      blocks.push({ kind: 'heading', text: line.text, page: line.page });
    } else if (current?.kind === 'paragraph' && previous && !startsParagraph(previous, line)) {
      const joined = joinLines(current.text, line.text, vocabulary);
      current.text = joined.text;
      if (joined.decision) hyphens.push({ ...joined.decision, block: blocks.length - 1 });
    } else {
      blocks.push({ kind: 'paragraph', text: line.text.replace(BULLET, ''), page: line.page });
    }
    previous = line;
  }
  return { blocks, hyphens };
}

/** A heading wrapped over two lines: the first neither ends with a colon nor is a whole chapter heading. */
function continuesHeading(text: string, previous: LayoutLine, line: LayoutLine): boolean {
  return (
    !/:$/.test(text) &&
    !parseChapterHeading(text) &&
    line.gap !== null &&
    line.gap < 1.5 &&
    previous.column === line.column
  );
}

function startsParagraph(previous: LayoutLine, line: LayoutLine): boolean {
  if (BULLET.test(line.text)) return true;
  if (endsSentence(previous.text) && previous.fill < 0.8) return true;
  if (line.indent > 0.6 * line.size && previous.indent <= 0.6 * line.size) return true;
  return line.gap !== null && line.gap > 1.4;
}
