// Cleaning: from a seed's raw text to its body, a sequence of headings and paragraphs with offsets.
//
//   lines -> blocks (blank-line delimited) -> runs (furniture lines removed; a bulleted line opens a
//         run of its own, the bullet left out) -> page-break halves joined
//         -> front matter (titles before the first prose) + body
//
// Offsets always point into the untouched seed text, so every passage can be checked against it.

import type { BodyBlock, CleanDocument, Heading, Paragraph, RemovedLine } from './types.ts';
import { furnitureRule, type FurnitureContext } from './furniture.ts';

/** A stretch of consecutive text lines, none of them furniture. */
interface Run {
  start: number;
  end: number;
  line: number;
  lineCount: number;
  /** Set on runs that are the two halves of a paragraph split by a page break. */
  joined?: boolean;
  /** Set on a list item that began with a bullet glyph: text, never a heading. */
  bullet?: boolean;
}

interface Line {
  text: string;
  start: number;
  end: number;
  number: number;
}

/** Headings are one line of at most this many words (the 2023 title line has 15). */
const MAX_HEADING_WORDS = 20;

/** A list item's bullet glyph and the space after it: "  • End the use of ...". */
const BULLET = /^[•▪●◦■]\s*/;

/**
 * Clean a seed: drop furniture, join paragraphs broken across page breaks, find headings.
 * @example cleanDocument('Search\n\nNORTH KOREA (Tier 3)\n\nThe government did\n\nnot act.', { author: null })
 *   // -> frontMatter: ["NORTH KOREA (Tier 3)"], body: [one paragraph "The government did\n\nnot act."]
 */
export function cleanDocument(text: string, context: FurnitureContext): CleanDocument {
  const removed: RemovedLine[] = [];
  const { runs, joins } = joinPageBreaks(text, toRuns(text, context, removed));
  const firstProse = runs.findIndex((run) => !isHeadingRun(text, run));
  const frontMatter: Heading[] = [];
  const body: BodyBlock[] = [];
  runs.forEach((run, index) => {
    if (isHeadingRun(text, run)) {
      const heading: Heading = { kind: 'heading', text: headingText(text.slice(run.start, run.end)), line: run.line };
      (firstProse === -1 || index < firstProse ? frontMatter : body).push(heading);
    } else {
      const paragraph: Paragraph = { kind: 'paragraph', start: run.start, end: run.end, line: run.line };
      body.push(paragraph);
    }
  });
  return { frontMatter, body, removed, joins };
}

/** Split into lines and blank-line-delimited blocks; drop furniture; group the rest into runs. */
function toRuns(text: string, context: FurnitureContext, removed: RemovedLine[]): Run[] {
  const runs: Run[] = [];
  let bodyStarted = false;
  let bodyEnded = false;
  for (const block of toBlocks(toLines(text))) {
    const blockRule = block.map((line) => furnitureRule(line.text, context)).find((rule) => rule?.removesBlock);
    let current: Run | null = null;
    for (const line of block) {
      const rule = blockRule ?? furnitureRule(line.text, context);
      if (bodyEnded || rule) {
        removed.push({ rule: rule?.name ?? 'end matter', line: line.number, text: line.text.trim() });
        if (rule?.endsBody && bodyStarted) bodyEnded = true;
        current = null;
        continue;
      }
      const { start, end } = trimmedRange(text, line.start, line.end);
      const bullet = BULLET.exec(text.slice(start, end));
      if (bullet && start + bullet[0].length >= end) {
        // A glyph alone on its line: the item is the next line.
        current = null;
        continue;
      }
      if (current && !bullet) {
        current.end = end;
        current.lineCount++;
      } else {
        current = {
          start: bullet ? trimmedRange(text, start + bullet[0].length, end).start : start,
          end,
          line: line.number,
          lineCount: 1,
          bullet: bullet !== null,
        };
        runs.push(current);
      }
    }
    bodyStarted ||= runs.some((run) => !isHeadingRun(text, run));
  }
  return runs;
}

function toLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let number = 1;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    lines.push({ text: text.slice(start, end), start, end, number });
    if (newline === -1) break;
    start = newline + 1;
    number++;
  }
  return lines;
}

function toBlocks(lines: Line[]): Line[][] {
  const blocks: Line[][] = [];
  let block: Line[] = [];
  for (const line of lines) {
    if (line.text.trim() === '') {
      if (block.length) blocks.push(block);
      block = [];
    } else {
      block.push(line);
    }
  }
  if (block.length) blocks.push(block);
  return blocks;
}

/**
 * A paragraph that stops mid-sentence and a next block that starts in lower case are one paragraph
 * split by a page break ("accounts⏎⏎controlled", "who lure,⏎⏎drug"). Only blank lines may lie between.
 * Returns the joined runs and, for each join, the line where the second half began.
 */
function joinPageBreaks(text: string, runs: Run[]): { runs: Run[]; joins: number[] } {
  const joined: Run[] = [];
  const joins: number[] = [];
  for (const run of runs) {
    const previous = joined[joined.length - 1];
    if (previous && continuesAfterBreak(text, previous, run)) {
      previous.end = run.end;
      previous.lineCount += run.lineCount;
      previous.joined = true;
      joins.push(run.line);
    } else {
      joined.push({ ...run });
    }
  }
  return { runs: joined, joins };
}

function continuesAfterBreak(text: string, previous: Run, next: Run): boolean {
  const before = text.slice(previous.start, previous.end);
  const after = text.slice(next.start, next.end);
  const onlyBlankBetween = text.slice(previous.end, next.start).trim() === '';
  return onlyBlankBetween && !/^#/.test(before) && !endsSentence(before) && /^\p{Ll}/u.test(after);
}

/** Ends with sentence punctuation, closing quotes and brackets aside. */
export function endsSentence(text: string): boolean {
  return /[.!?:][”’"')\]]*$/.test(text);
}

/** A heading is a single line: markdown `#`, or short and without sentence-ending punctuation. */
function isHeadingRun(text: string, run: Run): boolean {
  if (run.lineCount > 1 || run.joined || run.bullet) return false;
  const line = text.slice(run.start, run.end);
  if (/^#{1,6}\s/.test(line)) return true;
  return !/[.!?;,][”’"')\]]*$/.test(line) && line.split(/\s+/).length <= MAX_HEADING_WORDS;
}

/** Heading text as written, without markdown markup (`## **PROSECUTION**` -> `PROSECUTION`). */
export function headingText(line: string): string {
  return line
    .replace(/^#{1,6}\s*/, '')
    .replace(/\*\*|__|(?<!\w)[*_]|[*_](?!\w)/g, '')
    .trim();
}

function trimmedRange(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}
