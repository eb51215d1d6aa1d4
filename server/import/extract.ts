// From an input of any form to the texts of its country narratives: each the seed text to write, with what
// was found on the way (the chapter heading, the other chapters, the pages, doubtful hyphens). An input
// is read once, however many of its chapters are taken: a whole report's are, with `--country all`.
//
//   pdf  -> pages -> lines in reading order -> blocks -> chapters -> text (a block per paragraph)
//   html -> headlines + blocks (main content only) -> chapters -> text
//   text -> lines -> chapters -> text (a verbatim slice: already-extracted text is not rewritten)

import type { Source } from './source.ts';
import { readPdfPages, type PageProgress } from './pdf-pages.ts';
import { layoutLines } from './pdf-layout.ts';
import { toBlocks, type Block, type BlockHyphen } from './blocks.ts';
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

/** An input read once: its chapters, and the narrative of any of them. */
export interface OpenedInput {
  /** Every chapter heading found, in order (none for a narrative without one). */
  chapters: Chapter[];
  /** The narrative of a chapter, or of the whole input when it holds one narrative (chapter null). */
  narrative(chapter: Chapter | null): Extraction;
}

/**
 * Read an input of any form; fails with an ImportError for what cannot be read. A narrative longer than
 * `limits.chapterChars` is refused when it is taken: it is not one country's chapter.
 */
export async function openInput(
  source: Source,
  progress?: PageProgress,
  limits: ImportLimits = IMPORT_LIMITS,
): Promise<OpenedInput> {
  const opened =
    source.form === 'pdf'
      ? await openPdf(source, progress)
      : source.form === 'html'
        ? await openHtml(source, limits)
        : openText(source);
  return {
    chapters: opened.chapters,
    narrative(chapter) {
      const extraction = opened.narrative(chapter);
      if (extraction.text.length > limits.chapterChars) {
        const what = extraction.heading
          ? `the chapter "${extraction.heading.name}"`
          : 'the narrative (no chapter heading was found to cut it at)';
        throw new ImportError(
          source.url ?? source.name,
          `${what} is ${sizeLabel(extraction.text.length)} of text, more than the chapter-size limit of ${sizeLabel(limits.chapterChars)}; a country narrative is well under that`,
        );
      }
      return extraction;
    },
  };
}

/**
 * The narrative of `country` (when the input holds several chapters) or the one narrative.
 * @param country the country asked for; for an input with several chapters, the default collection's
 */
export function narrativeOf(input: OpenedInput, country: Country, file: string): Extraction {
  const { chapters } = input;
  if (chapters.length === 0) return input.narrative(null);
  return input.narrative(chapters.length === 1 ? chapters[0]! : selectChapter(chapters, country, file));
}

async function openPdf(source: Source, progress?: PageProgress): Promise<OpenedInput> {
  const pages = await readPdfPages(source.bytes, source.name, progress);
  if (pages.every((page) => page.items.length === 0)) {
    throw new ImportError(
      source.name,
      `has no text layer on any of its ${pages.length} pages (a scan?): run OCR on it first (e.g. ocrmypdf) and import the result`,
    );
  }
  const { lines, furniture } = layoutLines(pages);
  const { blocks, hyphens } = toBlocks(lines);
  const chapters = findChapters(blocks.map((block) => block.text));
  const names = chapters.map((c) => c.name);
  const yearLine = furniture.find((line) => YEAR_STATEMENT.test(line));
  const context = [...furniture, ...blocks.slice(0, 20).map((block) => block.text)];
  return {
    chapters,
    narrative(chapter) {
      const [start, end] = chapter ? [chapter.start, chapter.end] : [0, blocks.length];
      const chosen = blocks.slice(start, end);
      return {
        text: blockText(yearLine ? [{ kind: 'heading', text: yearLine }, ...chosen] : chosen),
        heading: chapter,
        chapters: names,
        context,
        via: null,
        pages: { first: chosen[0]?.page ?? 1, last: chosen[chosen.length - 1]?.page ?? pages.length, of: pages.length },
        notes: hyphenNotes(hyphens, start, end),
      };
    },
  };
}

/** The line-end hyphens of blocks [start, end) decided without evidence, for the summary. */
function hyphenNotes(hyphens: BlockHyphen[], start: number, end: number): string[] {
  const guessed = hyphens
    .filter((d) => d.unsure && d.block >= start && d.block < end)
    .map((d) => `${d.before}-${d.after} -> ${d.result === 'joined' ? d.before + d.after : `${d.before}-${d.after}`}`);
  return guessed.length
    ? [`${guessed.length} line-end hyphens decided without evidence from the document: ${guessed.join(', ')}`]
    : [];
}

async function openHtml(source: Source, limits: ImportLimits): Promise<OpenedInput> {
  const page = await readHtmlBounded(source.bytes, source.name, limits);
  const chapters = findChapters(page.blocks.map((block) => block.text));
  // The line that states the report and year: the state.gov template's headline, or the page title.
  const titleLine = page.headlines.find((line) => YEAR_STATEMENT.test(line)) ?? page.title;
  return {
    chapters,
    narrative(chapter) {
      const chosen = chapter ? page.blocks.slice(chapter.start, chapter.end) : page.blocks;
      const title: Block[] =
        titleLine && !chosen.some((block) => block.text === titleLine) ? [{ kind: 'heading', text: titleLine }] : [];
      return {
        text: blockText([...title, ...chosen]),
        heading: chapter,
        chapters: chapters.map((c) => c.name),
        // The page's record before the narrative (Refworld's "Publication Date 12 June 2007") is evidence too.
        context: [...page.headlines, ...page.blocks.slice(0, chapter?.start ?? 0).map((block) => block.text)],
        via: page.via,
        pages: null,
        notes: [],
      };
    },
  };
}

function openText(source: Source): OpenedInput {
  let text: string;
  try {
    text = decodeText(source.bytes, source.name);
  } catch (error) {
    if (error instanceof SeedError) throw new ImportError(source.name, error.reason);
    throw error;
  }
  const lines = text.split('\n');
  const chapters = findChapters(lines);
  const offsets: number[] = [0];
  for (const line of lines) offsets.push(offsets[offsets.length - 1]! + line.length + 1);
  return {
    chapters,
    narrative(chapter) {
      // A file holding several chapters is cut at line boundaries, so the kept text is the file's own.
      const kept = chapter && chapters.length > 1 ? text.slice(offsets[chapter.start], offsets[chapter.end]) : text;
      return {
        text: kept,
        heading: chapter,
        chapters: chapters.map((c) => c.name),
        context: chapters.length > 1 ? lines.slice(0, 40) : [],
        via: null,
        pages: null,
        notes: [],
      };
    },
  };
}

/** Statements of the report year as running heads and titles write them. */
export const YEAR_STATEMENT =
  /\b(?:19|20)\d{2}\s+(?:Trafficking in Persons|TIP) Report\b|\b(?:Trafficking in Persons|TIP) Report[,:\s|]+(?:June\s+)?(?:19|20)\d{2}\b/i;

/** Blocks as seed text: one line each, a blank line between. */
function blockText(blocks: Block[]): string {
  return `${blocks.map((block) => block.text).join('\n\n')}\n`;
}
