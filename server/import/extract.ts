// From an input of any form to the text of one country's narrative: the seed text to write, with what
// was found on the way (the chapter heading, the other chapters, the pages, doubtful hyphens).
//
//   pdf  -> pages -> lines in reading order -> blocks -> chapter -> text (a block per paragraph)
//   html -> blocks (main content only) -> chapter -> text
//   text -> lines -> chapter -> text (a verbatim slice: already-extracted text is not rewritten)

import type { Source } from './source.ts';
import { readPdfPages, type PageProgress } from './pdf-pages.ts';
import { layoutLines } from './pdf-layout.ts';
import { toBlocks, type Block } from './blocks.ts';
import { readHtmlBounded } from './html-thread.ts';
import { findChapters, selectChapter, type Chapter, type ChapterHeading } from './chapters.ts';
import { ImportError } from './import-error.ts';
import { decodeText } from '../corpus/read-seeds.ts';
import { SeedError } from '../corpus/seed-error.ts';
import type { Country } from '../corpus/countries.ts';
import { IMPORT_LIMITS, sizeLabel, type ImportLimits } from './limits.ts';

export interface Extraction {
  /** What the seed file will hold. */
  text: string;
  /** The heading the narrative opens with, when it has one. */
  heading: ChapterHeading | null;
  /** Every chapter heading the input holds (one for a single narrative, about 190 for a full report). */
  chapters: string[];
  /** Lines outside the narrative that state facts about it (page title, running heads): evidence for the year. */
  context: string[];
  via: string | null;
  /** First and last page of the narrative, and the page count, for PDF input. */
  pages: { first: number; last: number; of: number } | null;
  /** What the extraction was unsure of, for the summary. */
  notes: string[];
}

/**
 * Extract the narrative of `country` (when the input holds several chapters) or the one narrative.
 * A narrative longer than `limits.chapterChars` is refused: it is not one country's chapter.
 * @param country the country asked for; for an input with several chapters, the default collection's
 */
export async function extractNarrative(source: Source, country: Country, progress?: PageProgress, limits: ImportLimits = IMPORT_LIMITS): Promise<Extraction> {
  const extraction =
    source.form === 'pdf' ? await extractFromPdf(source, country, progress) : source.form === 'html' ? await extractFromHtml(source, country, limits) : extractFromText(source, country);
  if (extraction.text.length > limits.chapterChars) {
    const what = extraction.heading ? `the chapter "${extraction.heading.name}"` : 'the narrative (no chapter heading was found to cut it at)';
    throw new ImportError(source.url ?? source.name, `${what} is ${sizeLabel(extraction.text.length)} of text, more than the chapter-size limit of ${sizeLabel(limits.chapterChars)}; a country narrative is well under that`);
  }
  return extraction;
}

async function extractFromPdf(source: Source, country: Country, progress?: PageProgress): Promise<Extraction> {
  const pages = await readPdfPages(source.bytes, source.name, progress);
  if (pages.every((page) => page.items.length === 0)) {
    throw new ImportError(source.name, `has no text layer on any of its ${pages.length} pages (a scan?): run OCR on it first (e.g. ocrmypdf) and import the result`);
  }
  const { lines, furniture } = layoutLines(pages);
  const { blocks, hyphens } = toBlocks(lines);
  const chapters = findChapters(blocks.map((block) => block.text));
  const chapter = pickChapter(chapters, country, source.name);
  const chosen = chapter ? blocks.slice(chapter.start, chapter.end) : blocks;
  const first = chosen[0]?.page ?? 1;
  const last = chosen[chosen.length - 1]?.page ?? pages.length;
  const guessed = hyphens
    .filter((decision) => decision.unsure)
    .map((d) => `${d.before}-${d.after} -> ${d.result === 'joined' ? d.before + d.after : `${d.before}-${d.after}`}`)
    .filter((change) => chosen.some((block) => block.text.includes(change.split(' -> ')[1]!)));
  const notes = guessed.length ? [`${guessed.length} line-end hyphens decided without evidence from the document: ${guessed.join(', ')}`] : [];
  const yearLine = furniture.find((line) => YEAR_STATEMENT.test(line));
  return {
    text: blockText(yearLine ? [{ kind: 'heading', text: yearLine }, ...chosen] : chosen),
    heading: chapter,
    chapters: chapters.map((c) => c.name),
    context: [...furniture, ...blocks.slice(0, 20).map((block) => block.text)],
    via: null,
    pages: { first, last, of: pages.length },
    notes,
  };
}

async function extractFromHtml(source: Source, country: Country, limits: ImportLimits): Promise<Extraction> {
  const page = await readHtmlBounded(source.bytes, source.name, limits);
  const chapters = findChapters(page.blocks.map((block) => block.text));
  const chapter = pickChapter(chapters, country, source.name);
  const chosen = chapter ? page.blocks.slice(chapter.start, chapter.end) : page.blocks;
  const title: Block[] = page.title && !chosen.some((block) => block.text === page.title) ? [{ kind: 'heading', text: page.title }] : [];
  return {
    text: blockText([...title, ...chosen]),
    heading: chapter,
    chapters: chapters.map((c) => c.name),
    // The page's record before the narrative (Refworld's "Publication Date 12 June 2007") is evidence too.
    context: [...(page.title ? [page.title] : []), ...page.blocks.slice(0, chapter?.start ?? 0).map((block) => block.text)],
    via: page.via,
    pages: null,
    notes: [],
  };
}

function extractFromText(source: Source, country: Country): Extraction {
  let text: string;
  try {
    text = decodeText(source.bytes, source.name);
  } catch (error) {
    if (error instanceof SeedError) throw new ImportError(source.name, error.reason);
    throw error;
  }
  const lines = text.split('\n');
  const chapters = findChapters(lines);
  const chapter = pickChapter(chapters, country, source.name);
  // A file holding several chapters is cut at line boundaries, so the kept text is the file's own.
  const offset = (line: number) => lines.slice(0, line).reduce((sum, l) => sum + l.length + 1, 0);
  const kept = chapter && chapters.length > 1 ? text.slice(offset(chapter.start), offset(chapter.end)) : text;
  return {
    text: kept,
    heading: chapter,
    chapters: chapters.map((c) => c.name),
    context: chapters.length > 1 ? lines.slice(0, 40) : [],
    via: null,
    pages: null,
    notes: [],
  };
}

/** Statements of the report year as running heads and titles write them. */
export const YEAR_STATEMENT = /\b(?:19|20)\d{2}\s+(?:Trafficking in Persons|TIP) Report\b|\b(?:Trafficking in Persons|TIP) Report[,:\s|]+(?:June\s+)?(?:19|20)\d{2}\b/i;

/** The chapter to keep: the requested country's when there are several, the only one otherwise. */
function pickChapter(chapters: Chapter[], country: Country, file: string): Chapter | null {
  if (chapters.length === 0) return null;
  if (chapters.length === 1) return chapters[0]!;
  return selectChapter(chapters, country, file);
}

/** Blocks as seed text: one line each, a blank line between. */
function blockText(blocks: Block[]): string {
  return blocks.map((block) => block.text).join('\n\n') + '\n';
}
