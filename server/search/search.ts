// A search, start to finish: parse the query, evaluate it, apply the filters, count facets, sort, cut
// the page, highlight it. The JSON API, the HTML pages, exports and the CLI all call `search` or
// `matchAll`, so they agree on every count.

import type { Passage } from '../corpus/types.ts';
import type { Library } from '../library.ts';
import { parseQuery, unquotedQuery, type QueryNode } from './query.ts';
import { AppError } from '../errors.ts';
import type { Hit } from './engine.ts';
import { countFacets, passesSelection, type Facets, type Selection } from './facets.ts';
import { highlightHtml, markRanges } from './highlight.ts';
import { spellingSuggestion } from './suggest.ts';
import type { SearchRequest } from './request.ts';
import { shortCitation } from '../cite/citation.ts';

export interface SearchResultItem {
  id: string;
  doc: string;
  year: number;
  /** ISO alpha-3 code of the document's country. */
  country: string;
  section: Passage['section'];
  heading: string | null;
  paragraph: number;
  sentence: number;
  text: string;
  /** The text as HTML with every matched token in <mark>; everything else escaped. */
  highlight: string;
  score: number;
  citation: string;
  url: string;
  /** The sentences just before and after, in the same section (null at a section edge). */
  before: string | null;
  after: string | null;
}

/** What would help when nothing matched. */
export interface SearchHints {
  didYouMean: string | null;
  /** The query without its quotation marks, when that finds something. */
  unquoted: { query: string; total: number } | null;
  /** Active filters whose removal would find something. */
  withoutFilter: Array<{ facet: 'year' | 'section' | 'doc'; value: string | number; total: number }>;
}

export interface SearchResponse {
  query: string;
  total: number;
  page: number;
  size: number;
  sort: SearchRequest['sort'];
  strict: boolean;
  tookMs: number;
  results: SearchResultItem[];
  facets: Facets;
  hints: SearchHints | null;
}

/** A matched passage with its hit (score and matchers). */
export interface Match {
  passage: Passage;
  position: number;
  hit: Hit;
}

export interface Links {
  permalink: (id: string) => string;
}

export interface MatchSet {
  tree: QueryNode | null;
  /** Matches before the request's filters: what facets count. */
  unfiltered: Match[];
  /** Matches after the filters, sorted as requested. */
  matches: Match[];
}

/**
 * Every passage matching the query and the filters, sorted. Throws a 400 AppError for a bad query.
 */
export function matchAll(library: Library, request: Pick<SearchRequest, 'q' | 'sort' | 'strict'> & Selection): MatchSet {
  const tree = parseQuery(request.q, { docs: library.documents.map((d) => d.id) });
  const hits = library.engine.evaluate(tree, { strict: request.strict });
  const unfiltered: Match[] = [];
  for (const [position, hit] of hits) unfiltered.push({ passage: library.passages[position]!, position, hit });
  const matches = unfiltered.filter((match) => passesSelection(match.passage, request));
  const byPosition = (a: Match, b: Match) => a.position - b.position;
  const byRelevance = (a: Match, b: Match) => b.hit.score - a.hit.score || byPosition(a, b);
  matches.sort(request.sort === 'relevance' && tree ? byRelevance : byPosition);
  return { tree, unfiltered, matches };
}

export function search(library: Library, request: SearchRequest, links: Links): SearchResponse {
  const started = performance.now();
  const { tree, unfiltered, matches } = matchAll(library, request);
  const first = (request.page - 1) * request.size;
  const results = matches.slice(first, first + request.size).map((match) => resultItem(library, match, links));
  return {
    query: request.q,
    total: matches.length,
    page: request.page,
    size: request.size,
    sort: request.sort,
    strict: request.strict,
    tookMs: Math.round((performance.now() - started) * 100) / 100,
    results,
    facets: countFacets(
      unfiltered.map((match) => match.passage),
      request,
      library.documents,
    ),
    hints: matches.length === 0 ? hintsFor(library, request, tree) : null,
  };
}

/** Highlight a passage for a hit: the one place results get their <mark>s. */
export function highlightMatch(library: Library, match: Match): string {
  return highlightHtml(match.passage.text, markRanges(library.engine.tokens[match.position]!, match.hit.matchers));
}

function resultItem(library: Library, match: Match, links: Links): SearchResultItem {
  const { passage } = match;
  const context = library.context(passage.id, 1);
  return {
    id: passage.id,
    doc: passage.doc,
    year: passage.year,
    country: passage.country,
    section: passage.section,
    heading: passage.heading,
    paragraph: passage.paragraph,
    sentence: passage.sentence,
    text: passage.text,
    highlight: highlightMatch(library, match),
    score: Math.round(match.hit.score * 1000) / 1000,
    citation: shortCitation(passage, library.document(passage.doc)!),
    url: links.permalink(passage.id),
    before: context.before[0]?.text ?? null,
    after: context.after[0]?.text ?? null,
  };
}

function hintsFor(library: Library, request: SearchRequest, tree: QueryNode | null): SearchHints {
  // A hint is a second search; one that cannot run (an odd query unquoted, say) is simply not offered.
  const totalFor = (changes: Partial<SearchRequest>) => {
    try {
      return matchAll(library, { ...request, ...changes }).matches.length;
    } catch (error) {
      if (error instanceof AppError) return 0;
      throw error;
    }
  };
  const withoutFilter: SearchHints['withoutFilter'] = [];
  for (const year of request.years) withoutFilter.push({ facet: 'year', value: year, total: totalFor({ years: request.years.filter((y) => y !== year) }) });
  for (const section of request.sections) withoutFilter.push({ facet: 'section', value: section, total: totalFor({ sections: request.sections.filter((s) => s !== section) }) });
  for (const doc of request.docs) withoutFilter.push({ facet: 'doc', value: doc, total: totalFor({ docs: request.docs.filter((d) => d !== doc) }) });
  const unquoted = unquotedQuery(request.q, tree);
  const unquotedTotal = unquoted === null ? 0 : totalFor({ q: unquoted });
  return {
    didYouMean: spellingSuggestion(request.q, tree, library.engine.index),
    unquoted: unquoted !== null && unquotedTotal > 0 ? { query: unquoted, total: unquotedTotal } : null,
    withoutFilter: withoutFilter.filter((hint) => hint.total > 0),
  };
}
