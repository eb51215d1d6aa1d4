// The search page's context: one object the template displays and htmx fragments reuse. Facets, chips,
// chart bars and hint links are all computed here; the templates only show them.

import type { Library } from '../../library.ts';
import { AppError } from '../../errors.ts';
import { SECTION_LABELS, type Section } from '../../corpus/types.ts';
import { DEFAULT_PAGE_SIZE, parseSearchRequest, type SearchRequest } from '../../search/query/request.ts';
import { search, type SearchResponse, type SearchResultItem } from '../../search/search.ts';
import type { Interpretation } from '../../search/query/interpret.ts';
import { DIMENSIONS, filterLabel, type DimensionName, type DimensionValue } from '../../search/dimensions.ts';
import { yearChart, type YearChart } from '../year-chart.ts';
import { EXPORT_CAP } from '../../cite/export.ts';
import { citationText } from '../../cite/formats.ts';
import { citationInput } from '../../cite/citation-input.ts';
import {
  EMPTY_SEARCH,
  filterPairs,
  hasFilters,
  permalink,
  publicPermalink,
  isEmptySearch,
  exportUrl,
  feedUrl,
  kwicUrl,
  only,
  passageUrl,
  readerUrl,
  searchUrl,
  stateOf,
  toggled,
  trendsUrl,
  withoutFilters,
  type SearchState,
} from '../urls.ts';

export interface FacetLink {
  label: string;
  count: number;
  selected: boolean;
  url: string;
}

export interface ResultView extends Omit<SearchResultItem, 'section'> {
  section: Section;
  /** The full note "Cite" copies: quote, paragraph, report, the original's address, the public permalink if any. */
  note: string;
  sectionLabel: string;
  docLabel: string;
  path: string;
  readerUrl: string;
}

export interface SearchPage {
  title: string;
  state: SearchState;
  /** The words searched, as the heading names them: the spelling correction's, without the words read as filters. */
  searchedQuery: string;
  /** True on the home page: no query and no filters, so an introduction instead of a result list. */
  home: boolean;
  error: { message: string; position: number | null; before: string; at: string; after: string } | null;
  total: number;
  results: ResultView[];
  /** sort=each-year: the best passages of each year with a match, and a link to all of that year's. */
  yearGroups: Array<{ year: number; total: number; allUrl: string; results: ResultView[] }> | null;
  /**
   * A short first page of a query whose years or sections were read as filters, filled with the best
   * passages just outside them (search.ts, `outside`), and the link to every year and section.
   */
  outside: { where: string; total: number; inOrder: boolean; results: ResultView[]; allUrl: string } | null;
  /** Passages with some but not all of the query's words, shown after the full matches (none shown: null). */
  partial: {
    total: number;
    atLeast: boolean;
    results: Array<
      ResultView & {
        missing: string[];
        via: Array<{ typed: string; found: string }>;
        context: string[];
        following: string[];
      }
    >;
  } | null;
  firstShown: number;
  lastShown: number;
  moreUrl: string | null;
  previousUrl: string | null;
  /** A page number beyond the last result (from an old link or a hand-edited URL). */
  pastTheEnd: boolean;
  firstPageUrl: string;
  /** The facets in display order, with their titles. */
  facetGroups: Array<{ title: string; items: FacetLink[] }>;
  chips: Array<{ label: string; url: string }>;
  /** The filters as hidden inputs of the search form, so a new query keeps them. */
  hidden: Array<{ name: string; value: string }>;
  /** The spelling correction whose results are shown, and the link that searches the words as typed. */
  corrected: { query: string; literalUrl: string } | null;
  /** Years and section names the query's words were read as, and the link that searches the words instead. */
  interpreted: { filters: string; words: string[]; literalUrl: string; outside: number; unfilteredUrl: string } | null;
  clearUrl: string | null;
  chart: YearChart;
  hints: {
    unquoted: { query: string; total: number; url: string } | null;
    withoutFilter: Array<{ label: string; total: number; url: string }>;
  } | null;
  links: { trends: string; kwic: string; csv: string; jsonl: string; exportJson: string; eachYear: string | null };
  /** The search as an Atom feed, linked from the page's head (`<link rel="alternate">`); null on the home page. */
  feedUrl: string | null;
  examples: Array<{ label: string; url: string }>;
  exportCap: number;
}

const EXAMPLES = [
  'forced repatriation',
  'Dandong',
  'overseas workers wages',
  'section:prosecution',
  '"prison camps" -China',
  'repatriat* year:2007..2016',
];

/** Build the page from URL parameters. A bad query becomes `error` (and a 400), never an exception. */
export function searchPage(
  library: Library,
  params: Record<string, unknown>,
  where: { origin: string; publicUrl: string | null },
): SearchPage {
  const typed = runSearch(library, params, where.origin);
  const { request, error } = typed;
  const resultViews = viewsOf(library, where.publicUrl);
  const state = stateOf(request);
  const home = !error && isEmptySearch(state);
  // Years and section names read from the words are filters like any other: ticked in the facets, shown as
  // chips, and every link (facets, chips, chart bars) goes on from them. Their counts are those of the same
  // search with them as filters, so the facets stay disjunctive.
  const reading = typed.response?.interpreted ?? null;
  const linkState = reading ? asFilters(state, reading) : state;
  const response =
    linkState === state
      ? typed.response
      : search(library, { ...request, ...linkState }, { permalink: (id) => permalink(where.origin, id) });
  const facetGroups = facetLinks(linkState, response);
  const searchedQuery = response?.corrected?.query ?? linkState.q;
  return {
    title: state.q ? `${state.q} – search` : 'Search',
    state,
    searchedQuery,
    home,
    error: error ? pointAt(state.q, error) : null,
    total: response?.total ?? 0,
    results: home ? [] : resultViews(state, response?.results ?? []),
    yearGroups: response?.years
      ? response.years.map((group) => ({
          ...group,
          allUrl: searchUrl({ ...only(linkState, 'year', group.year), sort: 'relevance' }),
          results: resultViews(state, group.results),
        }))
      : null,
    // From the search as typed: once the words read are filters of the URL, nothing is read any more.
    outside:
      reading && typed.response?.outside
        ? {
            where: typed.response.outside.where,
            total: typed.response.outside.total,
            inOrder: typed.response.outside.inOrder,
            results: resultViews(state, typed.response.outside.results),
            allUrl: searchUrl({ ...state, q: reading.unfiltered }),
          }
        : null,
    partial: response?.partial?.total
      ? {
          total: response.partial.total,
          atLeast: response.partial.atLeast,
          results: resultViews(state, response.partial.results),
        }
      : null,
    ...paging(state, response, home),
    facetGroups,
    chips: chipsFor(linkState, library),
    hidden: filterPairs(state.filters).map(([name, value]) => ({ name, value })),
    corrected: response?.corrected
      ? { query: response.corrected.query, literalUrl: searchUrl({ ...linkState, q: response.corrected.literal }) }
      : null,
    interpreted: reading
      ? {
          filters: reading.filters.join(' '),
          words: reading.words,
          literalUrl: searchUrl({ ...state, q: reading.literal }),
          outside: reading.outside,
          unfilteredUrl: searchUrl({ ...state, q: reading.unfiltered }),
        }
      : null,
    clearUrl: hasFilters(linkState) ? searchUrl(withoutFilters(linkState)) : null,
    chart: yearChart(
      (response?.facets.year ?? []).map((f) => ({
        year: f.value as number,
        count: f.count,
        selected: f.selected,
        url: searchUrl(only(linkState, 'year', f.value)),
      })),
      searchedQuery ? `“${searchedQuery}”` : home ? 'the whole corpus' : 'these filters',
    ),
    hints: response?.hints ? hintLinks(response.hints, linkState, library) : null,
    links: {
      trends: trendsUrl({ queries: [state.q], strict: state.strict }),
      eachYear: state.q && state.sort !== 'each-year' ? searchUrl({ ...state, sort: 'each-year' }) : null,
      kwic: kwicUrl(state),
      csv: exportUrl(state, 'csv'),
      exportJson: exportUrl(state, 'json'),
      jsonl: exportUrl(state, 'jsonl'),
    },
    feedUrl: home || error ? null : feedUrl(state),
    examples: EXAMPLES.map((example) => ({ label: example, url: searchUrl({ ...EMPTY_SEARCH, q: example }) })),
    exportCap: EXPORT_CAP,
  };
}

/**
 * The state with the words read as filters moved into the filters: "prison camps 2007" -> q "prison
 * camps", year 2007. Unchanged when the URL already filters the same facet (year=2025 with "2016" typed
 * finds nothing; as two filters it would find either year).
 * @example asFilters({ ...EMPTY_SEARCH, q: 'recommendations 2016' }, reading) // -> { q: '', years: [2016], sections: ['recommendations'], ... }
 */
function asFilters(state: SearchState, reading: Interpretation): SearchState {
  // The values read, as the interpretation gives them (not parsed back out of its filter strings).
  const read = new Map<DimensionName, DimensionValue[]>();
  if (reading.sections.length) read.set('section', reading.sections);
  if (reading.years.length) read.set('year', reading.years);
  if ([...read.keys()].some((name) => state.filters[name]?.length)) return state;
  let q = state.q;
  for (const word of reading.words)
    q = q.replace(new RegExp(`(^|\\s)${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=\\s|$)`), ' ');
  return { ...state, q: q.replace(/\s+/g, ' ').trim(), filters: { ...state.filters, ...Object.fromEntries(read) } };
}

/** Validate and run the search; a request or query the user can fix comes back as `error`. */
function runSearch(library: Library, params: Record<string, unknown>, origin: string) {
  try {
    const request = parseSearchRequest(params, library.vocabulary);
    try {
      return { request, response: search(library, request, { permalink: (id) => permalink(origin, id) }), error: null };
    } catch (caught) {
      if (!(caught instanceof AppError)) throw caught;
      return { request, response: null, error: caught };
    }
  } catch (caught) {
    if (!(caught instanceof AppError)) throw caught;
    // Keep what can be kept (the query box shows the query again).
    const request: SearchRequest = {
      ...EMPTY_SEARCH,
      q: typeof params.q === 'string' ? params.q : '',
      page: 1,
      size: DEFAULT_PAGE_SIZE,
    };
    return { request, response: null, error: caught };
  }
}

/** Each facet's values as links that switch them on or off, facets in the dimensions' order; a facet with nothing listed is left out. */
function facetLinks(state: SearchState, response: SearchResponse | null): SearchPage['facetGroups'] {
  return DIMENSIONS.map(({ name, title }) => ({
    title,
    items: (response?.facets[name] ?? []).map(
      (value): FacetLink => ({
        label: value.label,
        count: value.count,
        selected: value.selected,
        url: searchUrl(toggled(state, name, value.value)),
      }),
    ),
  })).filter((group) => group.items.length > 0);
}

/** Results as the page shows them, each with the note its "Cite" copies (permalinks on PUBLIC_URL only). */
function viewsOf(library: Library, publicUrl: string | null) {
  return <R extends SearchResultItem>(state: SearchState, results: R[]): Array<Omit<R, 'section'> & ResultView> =>
    results.map((result) => ({
      ...result,
      note: citationText(citationInput(library, result.id, publicPermalink(publicUrl, result.id))!),
      sectionLabel: SECTION_LABELS[result.section],
      docLabel: library.document(result.doc)!.label,
      path: passageUrl(result.id, state),
      readerUrl: readerUrl(result.doc, { q: state.q, strict: state.strict, anchor: result.id }),
    }));
}

/** Where this page sits in the results, and the links to the pages around it. */
function paging(state: SearchState, response: SearchResponse | null, home: boolean) {
  const shownTo = response ? (response.page - 1) * response.size + response.results.length : 0;
  return {
    firstShown: response?.results.length ? (response.page - 1) * response.size + 1 : 0,
    lastShown: shownTo,
    // The best of each year is one screen; each year links to all of its passages instead.
    moreUrl:
      response && !home && !response.years && response.results.length > 0 && shownTo < response.total
        ? searchUrl(state, response.page + 1, response.size)
        : null,
    previousUrl:
      response && response.page > 1
        ? searchUrl(state, Math.min(response.page - 1, lastPage(response)), response.size)
        : null,
    pastTheEnd: Boolean(response && response.total > 0 && response.results.length === 0),
    firstPageUrl: searchUrl(state, 1, response?.size),
  };
}

function lastPage(response: SearchResponse): number {
  return Math.max(1, Math.ceil(response.total / response.size));
}

/** Active filters as removable chips, dimension by dimension. */
function chipsFor(state: SearchState, library: Library): SearchPage['chips'] {
  return DIMENSIONS.flatMap((dimension) =>
    (state.filters[dimension.name] ?? []).map((value) => ({
      label: filterLabel(dimension.name, value, library),
      url: searchUrl(toggled(state, dimension.name, value)),
    })),
  );
}

function hintLinks(
  hints: NonNullable<SearchResponse['hints']>,
  state: SearchState,
  library: Library,
): NonNullable<SearchPage['hints']> {
  return {
    unquoted: hints.unquoted ? { ...hints.unquoted, url: searchUrl({ ...state, q: hints.unquoted.query }) } : null,
    withoutFilter: hints.withoutFilter.map((hint) => ({
      label: filterLabel(hint.facet, hint.value, library),
      total: hint.total,
      url: searchUrl(toggled(state, hint.facet, hint.value)),
    })),
  };
}

/** The query split around the error position, so the page can point at the problem. */
function pointAt(q: string, error: AppError): NonNullable<SearchPage['error']> {
  const position = error.position ?? null;
  if (position === null || position > q.length)
    return { message: error.message, position, before: q, at: '', after: '' };
  return {
    message: error.message,
    position,
    before: q.slice(0, position),
    at: q.slice(position, position + 1) || ' ',
    after: q.slice(position + 1),
  };
}
