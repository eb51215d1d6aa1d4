// Keyword in context: every match as one line, the matched words in the middle and a fixed window of
// words either side. Matches are the highlighter's marks, so the concordance shows exactly what search
// marks (stems, synonyms, phrases included).

import type { Library } from '../library.ts';
import type { Section } from '../corpus/types.ts';
import { matchAll, readingOf } from '../search/search.ts';
import { markRanges } from '../search/results/highlight.ts';
import type { SearchRequest } from '../search/query/request.ts';

export interface KwicLine {
  id: string;
  doc: string;
  year: number;
  section: Section;
  left: string;
  match: string;
  right: string;
  /** Words cut off on either side. */
  leftTruncated: boolean;
  rightTruncated: boolean;
}

export type KwicSort = 'left' | 'right' | 'year';

export const KWIC_WINDOW = 8;

/**
 * Lines a concordance page (and its CSV) shows: a query for the commonest words marks nearly every token
 * of the corpus, and a page of all of them costs more to send and render than anyone reads.
 */
export const KWIC_MAX_LINES = 1000;

/**
 * One line per match in every passage the search finds, sorted, and how the query was read (as search
 * reads it: a spelling correction, years or sections as filters; null: as typed).
 * @example concordance(library, { ...request, q: 'repatriated' }, 'right').lines[0]
 *   // -> { left: '... when they were forcibly', match: 'repatriated', right: 'from China or other countries.', ... }
 */
export function concordance(
  library: Library,
  request: Pick<SearchRequest, 'q' | 'strict' | 'filters'>,
  sort: KwicSort,
): { lines: KwicLine[]; searchedAs: string | null } {
  const found = matchAll(library, { ...request, sort: 'year' });
  const { matches } = found;
  const lines: KwicLine[] = [];
  for (const match of matches) {
    const { passage } = match;
    for (const range of markRanges(library.engine.tokensOf(match.position), match.hit.matchers)) {
      const before = words(passage.text.slice(0, range.start));
      const after = words(passage.text.slice(range.end));
      lines.push({
        id: passage.id,
        doc: passage.doc,
        year: passage.year,
        section: passage.section,
        left: before.slice(-KWIC_WINDOW).join(' '),
        match: passage.text.slice(range.start, range.end),
        right: after.slice(0, KWIC_WINDOW).join(' '),
        leftTruncated: before.length > KWIC_WINDOW,
        rightTruncated: after.length > KWIC_WINDOW,
      });
    }
  }
  return { lines: sortLines(lines, sort), searchedAs: readingOf(found) };
}

/** Left: by the word nearest the match, then the next one out (the usual concordance order). */
function sortLines(lines: KwicLine[], sort: KwicSort): KwicLine[] {
  // The collator's compare is localeCompare's ordering without building a collator per comparison.
  const collator = new Intl.Collator();
  const key = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, '');
  if (sort === 'year') return lines;
  const sortKey = (line: KwicLine) =>
    sort === 'left' ? key(line.left).split(/\s+/).reverse().join(' ') : key(line.right);
  return lines
    .map((line, order) => ({ line, order, key: sortKey(line) }))
    .sort((a, b) => collator.compare(a.key, b.key) || a.order - b.order)
    .map(({ line }) => line);
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}
