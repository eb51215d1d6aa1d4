// The search page's context: one object the template displays and htmx fragments reuse. Facets, chips,
// chart bars and hint links are all computed here; the templates only show them.

import type { Library } from '../../library.ts';
import { AppError } from '../../errors.ts';
import { SECTION_LABELS, type Section } from '../../corpus/types.ts';
import { countryByCode } from '../../corpus/countries.ts';
import { DEFAULT_PAGE_SIZE, parseSearchRequest, type SearchRequest } from '../../search/request.ts';
import { search, type SearchResponse, type SearchResultItem } from '../../search/search.ts';
import type { FacetValue } from '../../search/facets.ts';
import { yearChart, type YearChart } from '../year-chart.ts';
import { EXPORT_CAP } from '../../cite/export.ts';
import { EMPTY_SEARCH, hasFilters, permalink, isEmptySearch, exportUrl, kwicUrl, only, passageUrl, readerUrl, searchUrl, stateOf, toggled, trendsUrl, withoutFilters, type SearchState } from '../urls.ts';

export interface FacetLink {
  label: string;
  count: number;
  selected: boolean;
  url: string;
}

export interface ResultView extends Omit<SearchResultItem, 'section'> {
  section: Section;
  sectionLabel: string;
  docLabel: string;
  path: string;
  readerUrl: string;
}

export interface SearchPage {
  title: string;
  state: SearchState;
  /** True on the home page: no query and no filters, so an introduction instead of a result list. */
  home: boolean;
  error: { message: string; position: number | null; before: string; at: string; after: string } | null;
  total: number;
  results: ResultView[];
  /** sort=each-year: the best passages of each year with a match, and a link to all of that year's. */
  yearGroups: Array<{ year: number; total: number; allUrl: string; results: ResultView[] }> | null;
  /** Passages with some but not all of the query's words, shown after the full matches (none shown: null). */
  partial: { total: number; results: Array<ResultView & { missing: string[]; via: Array<{ typed: string; found: string }> }> } | null;
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
  examples: Array<{ label: string; url: string }>;
  exportCap: number;
}

const EXAMPLES = ['forced repatriation', 'Dandong', 'overseas workers wages', 'section:prosecution', '"prison camps" -China', 'repatriat* year:2007..2016'];

/** Build the page from URL parameters. A bad query becomes `error` (and a 400), never an exception. */
export function searchPage(library: Library, params: Record<string, unknown>, origin: string): SearchPage {
  const { request, response, error } = runSearch(library, params, origin);
  const state = stateOf(request);
  const home = !error && isEmptySearch(state);
  const facetGroups = facetLinks(state, response);
  return {
    title: state.q ? `${state.q} – search` : 'Search',
    state,
    home,
    error: error ? pointAt(state.q, error) : null,
    total: response?.total ?? 0,
    results: home ? [] : resultViews(library, state, response?.results ?? []),
    yearGroups: response?.years
      ? response.years.map((group) => ({ ...group, allUrl: searchUrl({ ...only(state, 'years', group.year), sort: 'relevance' }), results: resultViews(library, state, group.results) }))
      : null,
    partial: response?.partial?.total ? { total: response.partial.total, results: resultViews(library, state, response.partial.results) } : null,
    ...paging(state, response, home),
    facetGroups,
    chips: chipsFor(state, library),
    corrected: response?.corrected ? { query: response.corrected.query, literalUrl: searchUrl({ ...state, q: response.corrected.literal }) } : null,
    interpreted: response?.interpreted
      ? {
          filters: response.interpreted.filters.join(' '),
          words: response.interpreted.words,
          literalUrl: searchUrl({ ...state, q: response.interpreted.literal }),
          outside: response.interpreted.outside,
          unfilteredUrl: searchUrl({ ...state, q: response.interpreted.unfiltered }),
        }
      : null,
    clearUrl: hasFilters(state) ? searchUrl(withoutFilters(state)) : null,
    chart: yearChart(
      (response?.facets.year ?? []).map((f) => ({ year: f.value, count: f.count, selected: f.selected, url: searchUrl(only(state, 'years', f.value)) })),
      state.q ? `“${state.q}”` : home ? 'the whole corpus' : 'these filters',
    ),
    hints: response?.hints ? hintLinks(response.hints, state, library) : null,
    links: {
      trends: trendsUrl({ queries: [state.q], strict: state.strict }),
      eachYear: state.q && state.sort !== 'each-year' ? searchUrl({ ...state, sort: 'each-year' }) : null,
      kwic: kwicUrl(state),
      csv: exportUrl(state, 'csv'),
      exportJson: exportUrl(state, 'json'),
      jsonl: exportUrl(state, 'jsonl'),
    },
    examples: EXAMPLES.map((example) => ({ label: example, url: searchUrl({ ...EMPTY_SEARCH, q: example }) })),
    exportCap: EXPORT_CAP,
  };
}

/** Validate and run the search; a request or query the user can fix comes back as `error`. */
function runSearch(library: Library, params: Record<string, unknown>, origin: string) {
  try {
    const request = parseSearchRequest(params, library.documents.map((d) => d.id));
    try {
      return { request, response: search(library, request, { permalink: (id) => permalink(origin, id) }), error: null };
    } catch (caught) {
      if (!(caught instanceof AppError)) throw caught;
      return { request, response: null, error: caught };
    }
  } catch (caught) {
    if (!(caught instanceof AppError)) throw caught;
    // Keep what can be kept (the query box shows the query again).
    const request: SearchRequest = { ...EMPTY_SEARCH, q: typeof params.q === 'string' ? params.q : '', page: 1, size: DEFAULT_PAGE_SIZE };
    return { request, response: null, error: caught };
  }
}

/** Each facet's values as links that switch them on or off. */
function facetLinks(state: SearchState, response: SearchResponse | null): SearchPage['facetGroups'] {
  const links = <V extends string | number>(values: FacetValue<V>[] | undefined, key: 'years' | 'sections' | 'docs' | 'countries'): FacetLink[] =>
    (values ?? []).map((value) => ({ label: value.label, count: value.count, selected: value.selected, url: searchUrl(toggled(state, key, value.value as never)) }));
  return [
    { title: 'Country', items: links(response?.facets.country, 'countries') },
    { title: 'Report year', items: links(response?.facets.year, 'years') },
    { title: 'Section', items: links(response?.facets.section, 'sections') },
    { title: 'Document', items: links(response?.facets.doc, 'docs') },
  ].filter((group) => group.title !== 'Country' || group.items.length > 0);
}

function resultViews<R extends SearchResultItem>(library: Library, state: SearchState, results: R[]): Array<Omit<R, 'section'> & ResultView> {
  return results.map((result) => ({
    ...result,
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
    firstShown: response && response.results.length ? (response.page - 1) * response.size + 1 : 0,
    lastShown: shownTo,
    // The best of each year is one screen; each year links to all of its passages instead.
    moreUrl: response && !home && !response.years && response.results.length > 0 && shownTo < response.total ? searchUrl(state, response.page + 1, response.size) : null,
    previousUrl: response && response.page > 1 ? searchUrl(state, Math.min(response.page - 1, lastPage(response)), response.size) : null,
    pastTheEnd: Boolean(response && response.total > 0 && response.results.length === 0),
    firstPageUrl: searchUrl(state, 1, response?.size),
  };
}

function lastPage(response: SearchResponse): number {
  return Math.max(1, Math.ceil(response.total / response.size));
}

/** Active filters as removable chips. */
function chipsFor(state: SearchState, library: Library): SearchPage['chips'] {
  return [
    ...state.years.map((year) => ({ label: `Year ${year}`, url: searchUrl(toggled(state, 'years', year)) })),
    ...state.sections.map((section) => ({ label: SECTION_LABELS[section], url: searchUrl(toggled(state, 'sections', section)) })),
    ...state.docs.map((doc) => ({ label: library.document(doc)?.label ?? doc, url: searchUrl(toggled(state, 'docs', doc)) })),
    ...state.countries.map((code) => ({ label: countryByCode(code)?.name ?? code, url: searchUrl(toggled(state, 'countries', code)) })),
  ];
}

function hintLinks(hints: NonNullable<SearchResponse['hints']>, state: SearchState, library: Library): NonNullable<SearchPage['hints']> {
  const label = (facet: string, value: string | number) =>
    facet === 'year'
      ? `year ${value}`
      : facet === 'section'
        ? SECTION_LABELS[value as Section]
        : facet === 'country'
          ? countryByCode(String(value))?.name ?? String(value)
          : library.document(String(value))?.label ?? String(value);
  return {
    unquoted: hints.unquoted ? { ...hints.unquoted, url: searchUrl({ ...state, q: hints.unquoted.query }) } : null,
    withoutFilter: hints.withoutFilter.map((hint) => {
      const key = hint.facet === 'year' ? 'years' : hint.facet === 'section' ? 'sections' : hint.facet === 'country' ? 'countries' : 'docs';
      return { label: label(hint.facet, hint.value), total: hint.total, url: searchUrl(toggled(state, key, hint.value as never)) };
    }),
  };
}

/** The query split around the error position, so the page can point at the problem. */
function pointAt(q: string, error: AppError): NonNullable<SearchPage['error']> {
  const position = error.position ?? null;
  if (position === null || position > q.length) return { message: error.message, position, before: q, at: '', after: '' };
  return { message: error.message, position, before: q.slice(0, position), at: q.slice(position, position + 1) || ' ', after: q.slice(position + 1) };
}
