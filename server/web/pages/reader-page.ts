// The reader (/docs/:doc): a whole report by section and paragraph, every sentence an anchor, the query's
// matches marked when arriving from a search; and the list of reports (/docs).
import type { Library } from '../../library.ts';
import type { DocumentRecord, Section } from '../../corpus/types.ts';
import { SECTION_LABELS } from '../../corpus/types.ts';
import { AppError } from '../../errors.ts';
import { matchAll, highlightMatch } from '../../search/search.ts';
import { escapeHtml } from '../../search/results/highlight.ts';
import { chapterTitle, formatDate } from '../../cite/citation.ts';
import { countryByCode } from '../../corpus/countries.ts';
import { EMPTY_SEARCH, passageUrl, readerUrl, searchUrl } from '../urls.ts';

export interface ReaderSentence {
  id: string;
  /** Escaped text, with <mark>s when it matches the query. */
  html: string;
  matched: boolean;
  url: string;
}

export interface ReaderSection {
  section: Section;
  label: string;
  anchor: string;
  paragraphs: Array<{ number: number; heading: string | null; sentences: ReaderSentence[] }>;
}

export interface ReaderPage {
  title: string;
  document: DocumentRecord;
  /** The chapter's title as its citations write it. */
  documentTitle: string;
  published: string | null;
  sections: ReaderSection[];
  q: string;
  /** "1 sentence matches", "16 sentences match". */
  matchSummary: string;
  firstMatch: string | null;
  queryError: string | null;
  searchUrl: string;
  clearUrl: string;
  /** Matching without stemming or synonyms, as the search that linked here. */
  strict: boolean;
  formAction: string;
}

/** The reader, with matches of `q` marked exactly as a search (strict or not) would match them. */
export function readerPage(library: Library, doc: string, q: string, strict = false): ReaderPage | null {
  const document = library.document(doc);
  if (!document) return null;
  const marked = new Map<string, string>();
  let queryError: string | null = null;
  if (q.trim()) {
    try {
      for (const match of matchAll(library, { ...EMPTY_SEARCH, q, strict, filters: { doc: [doc] } }).matches)
        marked.set(match.passage.id, highlightMatch(library, match));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      queryError = error.message;
    }
  }
  const sections: ReaderSection[] = [];
  let lastHeading: string | null = null;
  for (const passage of library.passagesOf(doc)) {
    let section = sections[sections.length - 1];
    if (!section || section.section !== passage.section) {
      section = {
        section: passage.section,
        label: SECTION_LABELS[passage.section],
        anchor: `section-${passage.section}`,
        paragraphs: [],
      };
      sections.push(section);
    }
    let paragraph = section.paragraphs[section.paragraphs.length - 1];
    if (!paragraph || paragraph.number !== passage.paragraph) {
      paragraph = {
        number: passage.paragraph,
        heading: headingToShow(passage.heading, section, lastHeading),
        sentences: [],
      };
      lastHeading = passage.heading;
      section.paragraphs.push(paragraph);
    }
    const html = marked.get(passage.id);
    paragraph.sentences.push({
      id: passage.id,
      html: html ?? escapeHtml(passage.text),
      matched: html !== undefined,
      url: passageUrl(passage.id),
    });
  }
  return {
    title: document.label,
    document,
    documentTitle: document.type === 'commentary' ? document.title : chapterTitle(document.title),
    published: formatDate(document.published),
    sections,
    q,
    matchSummary: `${marked.size} ${marked.size === 1 ? 'sentence matches' : 'sentences match'}`,
    firstMatch: [...marked.keys()][0] ?? null,
    queryError,
    searchUrl: searchUrl({ ...EMPTY_SEARCH, q, strict, filters: { doc: [doc] } }),
    clearUrl: readerUrl(doc),
    strict,
    formAction: readerUrl(doc),
  };
}

/**
 * A written heading is shown where it starts, unless it only repeats the section's name ("PROTECTION",
 * "TRAFFICKING PROFILE:"); headings that say more ("RECOMMENDATIONS FOR THE DEMOCRATIC PEOPLE'S REPUBLIC OF
 * KOREA:", a commentary's subheads) are kept.
 */
function headingToShow(heading: string | null, section: ReaderSection, previous: string | null): string | null {
  if (!heading || heading === previous) return null;
  const plain = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '');
  return plain(heading) === plain(section.label) ? null : heading;
}

/**
 * What the collection holds, in words: "5 texts on North Korea: 3 country narratives, 1 excerpt and 1 commentary."
 * Counted from the catalog, so an import (another year, another country) is described as it is.
 */
export function collectionSummary(documents: DocumentRecord[]): string {
  const countries = [...new Set(documents.map((d) => d.country))].map((code) => countryByCode(code)?.name ?? code);
  const kinds: Array<[DocumentRecord['type'], string, string]> = [
    ['report', 'country narrative', 'country narratives'],
    ['excerpt', 'excerpt', 'excerpts'],
    ['commentary', 'commentary', 'commentaries'],
  ];
  const counts = kinds
    .map(([type, one, many]) => [documents.filter((d) => d.type === type).length, one, many] as const)
    .filter(([count]) => count > 0)
    .map(([count, one, many]) => `${count} ${count === 1 ? one : many}`);
  return `${documents.length} ${documents.length === 1 ? 'text' : 'texts'} on ${listed(countries)}: ${listed(counts)}.`;
}

/** "a", "a and b", "a, b and c". */
function listed(items: string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export function reportsPage(library: Library) {
  return {
    title: 'The reports',
    summary: collectionSummary(library.documents),
    documents: library.documents.map((document) => ({
      ...document,
      published: formatDate(document.published),
      url: readerUrl(document.id),
      sections: Object.entries(document.sectionCounts).map(([section, count]) => ({
        label: SECTION_LABELS[section as Section],
        count,
      })),
    })),
  };
}
