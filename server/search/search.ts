// A search, start to finish: parse the query, evaluate it, apply the filters, count facets, sort, cut
// the page, highlight it. The JSON API, the HTML pages, exports and the CLI all call `search` or
// `matchAll`, so they agree on every count.

import { SECTION_LABELS, type Passage } from '../corpus/types.ts';
import type { Library } from '../library.ts';
import { parseQuery, unquotedQuery, type QueryNode } from './query/query.ts';
import { AppError } from '../errors.ts';
import type { Hit } from './evaluation/engine.ts';
import { facetsOf, type Facets } from './results/facets.ts';
import { DIMENSIONS, type DimensionName, type DimensionValue, type Selection } from './dimensions.ts';
import { highlightHtml, markRanges } from './results/highlight.ts';
import { spellingCorrection } from './query/suggest.ts';
import { partialHits } from './evaluation/partial.ts';
import { interpretQuery, quoteSpans, type Interpretation } from './query/interpret.ts';
import type { SearchRequest } from './query/request.ts';
import { shortCitation } from '../cite/citation.ts';
import { firstInOrder } from './evaluation/first-in-order.ts';
import type { HitList } from './evaluation/hit-list.ts';

/** Each dimension's value for a result (dimensions.ts): its year, section, document, country... */
export type DimensionFields = Record<DimensionName, DimensionValue | null>;

export interface SearchResultItem extends DimensionFields {
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
  /** The query without its quotation marks, when that finds something. */
  unquoted: { query: string; total: number } | null;
  /** Active filters whose removal would find something. */
  withoutFilter: Array<{ facet: DimensionName; value: DimensionValue; total: number }>;
}

/** A passage holding some but not all of the query's required words, or some only in other words. */
export interface PartialResultItem extends SearchResultItem {
  /** The required words (or phrases) it lacks, as typed. */
  missing: string[];
  /** Why it was found where it lacks a word typed: the word typed and the passage's word that stands for it (thesaurus). */
  via: Array<{ typed: string; found: string }>;
  /** Words it lacks that the sentence before it, in the same paragraph, holds (it may say "these camps" or "he"). */
  context: string[];
  /** Words it lacks, and the sentence before too, that the sentence after it, in the same paragraph, holds. */
  following: string[];
  /** What the question asks for that it gives, which ranked it up: "a figure", "a reason", "the Prosecution section". */
  answers: string[];
}

export interface SearchResponse {
  query: string;
  /** Full matches only: partial matches are never counted here, in facets, trends or exports. */
  total: number;
  page: number;
  size: number;
  sort: SearchRequest['sort'];
  strict: boolean;
  tookMs: number;
  results: SearchResultItem[];
  facets: Facets;
  hints: SearchHints | null;
  /**
   * The query found nothing as typed and these are the results of its spelling correction; `literal`
   * searches the words as typed (quoted, so not corrected again). Null when not corrected.
   */
  corrected: { query: string; literal: string } | null;
  /** Report years and section names among the words, read as filters (null: none, or strict). */
  interpreted: Interpretation | null;
  /** sort=each-year: the best passages of every year with a match, year by year (`results` holds the same, in order). */
  years: Array<{ year: number; total: number; results: SearchResultItem[] }> | null;
  /**
   * Present when there are fewer than PARTIAL_BELOW full matches and the query has a required part (for one
   * word without thesaurus entry, the passages next to its matches in their paragraphs).
   */
  partial: {
    /** Passages holding some of the words: all of them, or (atLeast) as many as were found before the first page was certain. */
    total: number;
    atLeast: boolean;
    results: PartialResultItem[];
  } | null;
  /**
   * Years or sections read from the query left the first page short (fewer than PARTIAL_BELOW full and
   * partial matches): the best full matches of the other words just outside what was read, to fill it.
   * Years read: the same sections in the other years ("2016 recommendations on overseas workers": the
   * 2023 and 2025 recommendations on them); only sections read: the other sections. Never counted in
   * `total`, facets or exports. Null otherwise.
   */
  outside: {
    /** Where they are, in words: "in Recommendations of other years than 2016". */
    where: string;
    /** How many passages are there, all of them. */
    total: number;
    /** Listed in report order (the words are in no passage: what was read, itself), not best first. */
    inOrder: boolean;
    results: SearchResultItem[];
  } | null;
}

/** Fewer full matches than this (a first page's worth) and partial matches are offered too. */
export const PARTIAL_BELOW = 10;
/** Passages shown per year by sort=each-year: the best few, so every year fits on one screen. */
export const BEST_PER_YEAR = 3;
/** Partial matches shown at most. */
export const PARTIAL_LIMIT = 20;

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
  corrected: SearchResponse['corrected'];
  /** The query as evaluated: with the years and section names read as filters. */
  tree: QueryNode | null;
  interpretation: Interpretation | null;
  /** Matches after the filters, sorted as requested. */
  matches: Match[];
}

type MatchRequest = Pick<SearchRequest, 'q' | 'sort' | 'strict' | 'filters'>;

/** How matches are ordered: passage order, best first (ties in passage order), or year by year, best first. */
type Order = 'position' | 'relevance' | 'year';

/** A query's matches as the engine gives them, before sorting: what search() cuts a page from. */
interface Found {
  corrected: SearchResponse['corrected'];
  tree: QueryNode | null;
  interpretation: Interpretation | null;
  /** The query's words without the years and sections read from it as filters (null: none read). */
  words: QueryNode | null;
  /** Before the request's filters: what facets count. */
  hits: HitList;
  /** After the filters. */
  filtered: HitList;
  order: Order;
}

/**
 * Every passage matching the query and the filters, sorted; when nothing matches, the matches of the
 * query's spelling correction, if it has any (not in strict mode: exact words). Throws a 400 AppError
 * for a bad query.
 */
export function matchAll(library: Library, request: MatchRequest): MatchSet {
  const { corrected, tree, interpretation, filtered, order } = matchUnsorted(library, request);
  const matches = Array.from({ length: filtered.size }, (_, i) => matchAt(library, filtered, i));
  matches.sort(ORDERS[order]);
  return { corrected, tree, interpretation, matches };
}

function matchUnsorted(library: Library, request: MatchRequest): Found {
  const typed = matchTyped(library, request);
  if (typed.filtered.size > 0 || request.strict) return typed;
  // The correction is searched once: to know it finds something, and as the answer.
  const tried = new Map<string, Found>();
  const attempt = (q: string) => tried.get(q) ?? tried.set(q, matchTyped(library, { ...request, q })).get(q)!;
  const correction = spellingCorrection(
    request.q,
    typed.tree,
    library.engine.storage,
    (q) => attempt(q).filtered.size > 0,
  );
  if (!correction) return typed;
  return {
    ...attempt(correction.query),
    corrected: { query: correction.query, literal: quoteSpans(request.q, correction.replaced) },
  };
}

function matchTyped(library: Library, request: MatchRequest): Found {
  const parsed = parseQuery(request.q, library.vocabulary);
  // Strict means the words exactly as typed, years and section names included.
  const { tree, interpretation, words } = request.strict
    ? { tree: parsed, interpretation: null, words: null }
    : interpretQuery(request.q, parsed, library.years);
  const hits = library.engine.evaluate(tree, { strict: request.strict });
  const filtered = library.columns.narrowBy(hits, request.filters);
  const order: Order =
    !tree || request.sort === 'year' ? 'position' : request.sort === 'each-year' ? 'year' : 'relevance';
  return { tree, interpretation, words: words ?? null, hits, filtered, corrected: null, order };
}

function matchAt(library: Library, hits: HitList, i: number): Match {
  const position = hits.positions[i]!;
  return { passage: library.passages.at(position), position, hit: hits.hit(i) };
}

const byPosition = (a: Match, b: Match) => a.position - b.position;
const byRelevance = (a: Match, b: Match) => b.hit.score - a.hit.score || byPosition(a, b);
const ORDERS: Record<Order, (a: Match, b: Match) => number> = {
  position: byPosition,
  relevance: byRelevance,
  year: (a, b) => a.passage.year - b.passage.year || byRelevance(a, b),
};

/**
 * How a query was read, in one line, for pages that show counts or lines rather than the search itself
 * (trends, the concordance); null when it was searched as typed.
 * @example readingOf(matchAll(library, { ...request, q: 'Dandog 2025' })) // -> 'Dandong · year:2025'
 */
export function readingOf(found: MatchSet): string | null {
  const { corrected, interpretation } = found;
  // The corrected words, less those read as filters (they are named as filters).
  const words =
    corrected &&
    (interpretation?.words ?? [])
      .reduce((rest, word) => rest.replace(word, ''), corrected.query)
      .replace(/\s+/g, ' ')
      .trim();
  const parts = [words, ...(interpretation?.filters ?? [])].filter(Boolean);
  return parts.length ? parts.join(' · ') : null;
}

export function search(library: Library, request: SearchRequest, links: Links): SearchResponse {
  const started = performance.now();
  const { tree, interpretation, words, hits, filtered, corrected, order } = matchUnsorted(library, request);
  // Everything below (hints, partial matches) is about the query that was searched.
  const searched = corrected ? { ...request, q: corrected.query } : request;
  const first = (request.page - 1) * request.size;
  const years = request.sort === 'each-year' ? bestOfEachYear(library, filtered, links) : null;
  const results = years
    ? years.flatMap((year) => year.results)
    : firstMatches(library, filtered, first + request.size, order)
        .slice(first)
        .map((match) => resultItem(library, match, links));
  const response: SearchResponse = {
    query: request.q,
    total: filtered.size,
    page: request.page,
    size: request.size,
    sort: request.sort,
    strict: request.strict,
    tookMs: Math.round((performance.now() - started) * 100) / 100,
    results,
    facets: facetsOf(library.columns.count(hits.positions, request.filters), request.filters, library.columns),
    years,
    hints: filtered.size === 0 ? hintsFor(library, searched, tree, hits) : null,
    corrected,
    interpreted: interpretation,
    partial: filtered.size < PARTIAL_BELOW ? partialFor(library, searched, tree, hits, links) : null,
    outside: null,
  };
  // Few matches inside the years or sections read from the query: say how many the words have outside
  // them, and fill a short first page with the best of those just outside.
  if (interpretation && words && filtered.size < PARTIAL_BELOW) {
    const everywhere = library.columns.narrowBy(library.engine.evaluate(words, { strict: false }), request.filters);
    response.interpreted = { ...interpretation, outside: everywhere.size - filtered.size };
    const shown = results.length + (response.partial?.results.length ?? 0);
    if (request.page === 1 && !years && shown < PARTIAL_BELOW)
      response.outside = outsideOf(library, searched, words, everywhere, interpretation, shown, links);
  }
  return response;
}

/**
 * The best `limit` of the words' matches just outside what was read from the query: the same sections in
 * other years (or, only sections read, the other sections), then, while the page is still short, anywhere
 * else; in each, full matches first, then partial ones as the page ranks them. Null when there are none.
 */
function outsideOf(
  library: Library,
  request: SearchRequest,
  tree: QueryNode | null,
  everywhere: HitList,
  { years, sections }: Interpretation,
  shown: number,
  links: Links,
): SearchResponse['outside'] {
  const { columns } = library;
  const limit = PARTIAL_BELOW - shown;
  const labels = sections.map((section) => SECTION_LABELS[section]).join(', ');
  // Nothing of what was read holds any of the words, and no passage holds them all: what was read is what
  // the query names ("2025 protection section: how are returnees treated"). Its passages, in order, rather
  // than the few elsewhere that hold some word.
  if (shown === 0 && everywhere.size === 0) {
    const inOrder = readInOrder(library, request, years, sections, labels, limit, links);
    if (inOrder) return inOrder;
  }
  const [inYears, inSections] = [columns.test({ year: years }), columns.test({ section: sections })];
  const filters = columns.test(request.filters);
  const read = (position: number) =>
    (years.length === 0 || inYears(position)) && (sections.length === 0 || inSections(position));
  const near = (position: number) =>
    years.length ? !inYears(position) && (sections.length === 0 || inSections(position)) : !inSections(position);
  const rings = [
    {
      passes: near,
      where: years.length
        ? `${labels ? `in ${labels} of` : 'in'} other years than ${years.join(', ')}`
        : `in other sections than ${labels}`,
    },
    // Both read, and nothing near: the other sections of the years read too, and everything else.
    ...(years.length && sections.length
      ? [{ passes: (position: number) => !read(position), where: `outside ${years.join(', ')}, ${labels}` }]
      : []),
  ];
  const listed = new Set<number>();
  const results: SearchResultItem[] = [];
  let [total, where] = [0, rings[0]!.where];
  for (const ring of rings) {
    if (results.length >= limit) break;
    const full = everywhere.where((position) => ring.passes(position) && !listed.has(position));
    for (const match of firstMatches(library, full, limit - results.length, 'relevance')) {
      results.push(resultItem(library, match, links));
      listed.add(match.position);
    }
    total += full.size;
    if (results.length < limit) {
      const partial = partialHits(
        library.engine,
        tree,
        {
          strict: false,
          exclude: full.positions,
          passes: (position) => filters(position) && ring.passes(position) && !listed.has(position),
        },
        limit - results.length,
      );
      for (const { position, hit } of partial?.hits ?? []) {
        results.push(resultItem(library, { passage: library.passages.at(position), position, hit }, links));
        listed.add(position);
      }
      total += partial?.total ?? 0;
    }
    if (results.length) where = ring.where;
  }
  // The words are in no passage, in no form: what was read is all the query says.
  if (results.length === 0) return readInOrder(library, request, years, sections, labels, limit, links);
  return { where, total, inOrder: false, results };
}

/** The first `limit` passages of the years and sections read from the query, in report order. */
function readInOrder(
  library: Library,
  request: SearchRequest,
  years: number[],
  sections: string[],
  labels: string,
  limit: number,
  links: Links,
): SearchResponse['outside'] {
  const selection = { ...request.filters, year: years, section: sections };
  const inside = library.columns.narrowBy(library.engine.evaluate(null, { strict: false }), selection);
  if (inside.size === 0) return null;
  return {
    where: `in ${[...years, ...(labels ? [labels] : [])].join(', ')}, where no passage holds the words`,
    total: inside.size,
    inOrder: true,
    results: firstMatches(library, inside, limit, 'position').map((match) => resultItem(library, match, links)),
  };
}

/** The first k matches in order: a heap over the list's indexes, so only the page's matches become objects. */
function firstMatches(library: Library, hits: HitList, k: number, order: Order): Match[] {
  // In passage order the list is already sorted; each-year's pages come from bestOfEachYear.
  if (order !== 'relevance') return Array.from({ length: Math.min(k, hits.size) }, (_, i) => matchAt(library, hits, i));
  const indexes = new Int32Array(hits.size);
  for (let i = 0; i < indexes.length; i++) indexes[i] = i;
  return firstInOrder(indexes, k, byScore(hits)).map((i) => matchAt(library, hits, i));
}

/** Indexes into a hit list, best score first; positions ascend with the index, so ties go to the earlier passage. */
function byScore({ scores }: HitList): (a: number, b: number) => number {
  return (a, b) => scores[b]! - scores[a]! || a - b;
}

/** The first BEST_PER_YEAR matches of each year, best first, years ascending. */
function bestOfEachYear(library: Library, hits: HitList, links: Links): NonNullable<SearchResponse['years']> {
  const byYear = new Map<number, number[]>();
  const years = library.columns.column('year');
  for (let i = 0; i < hits.size; i++) {
    const year = years.valueAt(hits.positions[i]!) as number;
    const inYear = byYear.get(year);
    if (inYear) inYear.push(i);
    else byYear.set(year, [i]);
  }
  return [...byYear]
    .sort(([a], [b]) => a - b)
    .map(([year, inYear]) => ({
      year,
      total: inYear.length,
      results: firstInOrder(inYear, BEST_PER_YEAR, byScore(hits)).map((i) =>
        resultItem(library, matchAt(library, hits, i), links),
      ),
    }));
}

/**
 * Partial matches under the same filters as the full ones, none of them a full match (a passage is listed
 * once on a page); null when the query has no part (a filter alone).
 */
function partialFor(
  library: Library,
  request: SearchRequest,
  tree: QueryNode | null,
  full: HitList,
  links: Links,
): SearchResponse['partial'] {
  const partial = partialHits(
    library.engine,
    tree,
    { strict: request.strict, exclude: full.positions, passes: library.columns.test(request.filters) },
    PARTIAL_LIMIT,
  );
  if (!partial) return null;
  return {
    total: partial.total,
    atLeast: partial.atLeast,
    results: partial.hits.map(({ position, hit, missing, via, context, following, answers }) => ({
      ...resultItem(library, { passage: library.passages.at(position), position, hit }, links),
      missing,
      via,
      context,
      following,
      answers,
    })),
  };
}

/** Highlight a passage for a hit: the one place results get their <mark>s. */
export function highlightMatch(library: Library, match: Match): string {
  return highlightHtml(match.passage.text, markRanges(library.engine.tokensOf(match.position), match.hit.matchers));
}

function resultItem(library: Library, match: Match, links: Links): SearchResultItem {
  const { passage, position } = match;
  // Added to the dimension fields' own object, not spread into a new one: a spread made V8 a new chain
  // of hidden classes for every result (11 maps and their descriptor arrays a passage, 200 a query), the
  // garbage that took the server's old generation from 20 to 90 MB between collections (issue 19's soak).
  // The keys come out in the same order.
  return Object.assign(library.dimensionFields(position), {
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
    before: library.neighbourText(position, -1),
    after: library.neighbourText(position, 1),
  });
}

/**
 * What would find something. Removing a filter only changes which of the query's matches pass, so those
 * totals are counted on the matches already found (not one more search per filter value: a URL can
 * carry hundreds of years); only the unquoted query is a second search.
 */
function hintsFor(library: Library, request: SearchRequest, tree: QueryNode | null, hits: HitList): SearchHints {
  const totalWithout = (selection: Selection) => {
    const passes = library.columns.test(selection);
    let total = 0;
    for (const position of hits.positions) if (passes(position)) total++;
    return total;
  };
  const withoutFilter: SearchHints['withoutFilter'] = [];
  for (const dimension of DIMENSIONS) {
    const selected = request.filters[dimension.name] ?? [];
    for (const value of selected)
      withoutFilter.push({
        facet: dimension.name,
        value,
        total: totalWithout({ ...request.filters, [dimension.name]: selected.filter((v) => v !== value) }),
      });
  }
  const unquoted = unquotedQuery(request.q, tree);
  const unquotedTotal = unquoted === null ? 0 : unquotedMatches(library, { ...request, q: unquoted });
  return {
    unquoted: unquoted !== null && unquotedTotal > 0 ? { query: unquoted, total: unquotedTotal } : null,
    withoutFilter: withoutFilter.filter((hint) => hint.total > 0),
  };
}

/** The unquoted query is a hint, not the user's request: one that cannot run is simply not offered. */
function unquotedMatches(library: Library, request: SearchRequest): number {
  try {
    return matchUnsorted(library, request).filtered.size;
  } catch (error) {
    if (error instanceof AppError) return 0;
    throw error;
  }
}
