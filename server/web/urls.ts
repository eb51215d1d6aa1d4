// Every URL the site links to is built here, so a page's links, facets, chart bars and exports agree,
// and a search URL always has the same canonical shape (parameters in one order, defaults omitted).

import { isPrivateHost } from '../config.ts';
import { DEFAULT_PAGE_SIZE, type SearchRequest, type SortOrder, type TrendsRequest } from '../search/query/request.ts';
import { DIMENSIONS, selects, type DimensionName, type DimensionValue, type Selection } from '../search/dimensions.ts';

/** The part of a search that lives in the URL. */
export interface SearchState {
  q: string;
  /** Each dimension's selected values, one URL parameter per dimension (dimensions.ts). */
  filters: Selection;
  sort: SortOrder;
  strict: boolean;
}

export const EMPTY_SEARCH: SearchState = { q: '', filters: {}, sort: 'relevance', strict: false };

export function hasFilters(state: SearchState): boolean {
  return selects(state.filters);
}

/** No query and no filters. */
export function isEmptySearch(state: SearchState): boolean {
  return state.q.trim() === '' && !hasFilters(state);
}

/** The URL state of a validated request. */
export function stateOf(request: SearchRequest): SearchState {
  return { q: request.q, filters: request.filters, sort: request.sort, strict: request.strict };
}

function query(pairs: Array<[string, string | number]>): string {
  const params = new URLSearchParams(pairs.map(([key, value]) => [key, String(value)]));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Each selected value as a URL parameter, dimension by dimension: also the hidden inputs that carry the filters in a form. */
export function filterPairs(filters: Selection): Array<[string, string]> {
  return DIMENSIONS.flatMap((dimension) =>
    (filters[dimension.name] ?? []).map((value): [string, string] => [dimension.name, String(value)]),
  );
}

function searchPairs(state: SearchState): Array<[string, string | number]> {
  const pairs: Array<[string, string | number]> = [];
  if (state.q) pairs.push(['q', state.q]);
  // One push each: a URL may carry hundreds of filter values, too many to spread into one call.
  for (const pair of filterPairs(state.filters)) pairs.push(pair);
  if (state.sort !== 'relevance') pairs.push(['sort', state.sort]);
  if (state.strict) pairs.push(['strict', 1]);
  return pairs;
}

/** `/search?q=...&year=...` for a state, and optionally a page and a page size other than the default. */
export function searchUrl(state: SearchState, page = 1, size?: number): string {
  const paging: Array<[string, number]> = [];
  if (page > 1) paging.push(['page', page]);
  if (size !== undefined && size !== DEFAULT_PAGE_SIZE) paging.push(['size', size]);
  return `/search${query([...searchPairs(state), ...paging])}`;
}

/** The search as an Atom feed, newest report first (so its order is not part of the address). */
export function feedUrl(state: SearchState): string {
  return `/search.atom${query(searchPairs({ ...state, sort: 'relevance' }))}`;
}

/** The same search's every match, as a file: `/export.csv?q=...`. */
export function exportUrl(state: SearchState, format: 'csv' | 'json' | 'jsonl'): string {
  return `/export.${format}${query(searchPairs(state))}`;
}

/** The concordance of a search, sorted, as a page or a CSV file. */
export function kwicUrl(state: SearchState, sort?: 'left' | 'right' | 'year', format?: 'csv'): string {
  return `/kwic${format ? `.${format}` : ''}${query([...searchPairs({ ...state, sort: 'relevance' }), ...(sort ? [['sort', sort] as [string, string]] : [])])}`;
}

/** The state with one facet value switched on or off. */
export function toggled(state: SearchState, name: DimensionName, value: DimensionValue): SearchState {
  const values = state.filters[name] ?? [];
  const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
  return { ...state, filters: { ...state.filters, [name]: next } };
}

/** The state with only this one value selected for the facet (a chart bar: "just 2016"). */
export function only(state: SearchState, name: DimensionName, value: DimensionValue): SearchState {
  return { ...state, filters: { ...state.filters, [name]: [value] } };
}

export function withoutFilters(state: SearchState): SearchState {
  return { ...state, filters: {} };
}

/** A passage's permalink; with a search state, the link from that search's results (for "← Search"). */
export function passageUrl(id: string, from?: SearchState): string {
  return `/p/${encodeURIComponent(id)}${from ? query(searchPairs(from)) : ''}`;
}

/** A passage's citation as a file to download. */
export function citationFileUrl(id: string, format: 'bib' | 'ris'): string {
  return `/p/${encodeURIComponent(id)}.${format}`;
}

export function apiPassageUrl(id: string): string {
  return `/api/passages/${encodeURIComponent(id)}`;
}

/** The reader at a passage, with the query's matches marked (strictly, when the search was strict). */
export function readerUrl(doc: string, options: { q?: string; strict?: boolean; anchor?: string } = {}): string {
  const pairs: Array<[string, string | number]> = [];
  if (options.q) pairs.push(['q', options.q]);
  if (options.q && options.strict) pairs.push(['strict', 1]);
  return `/docs/${encodeURIComponent(doc)}${query(pairs)}${options.anchor ? `#${encodeURIComponent(options.anchor)}` : ''}`;
}

function trendsPairs(request: Partial<TrendsRequest> & { queries: string[] }): Array<[string, string | number]> {
  const pairs: Array<[string, string | number]> = request.queries.filter(Boolean).map((q) => ['q', q]);
  if (request.strict) pairs.push(['strict', 1]);
  if (request.bySection) pairs.push(['by', 'section']);
  if (request.byCountry) pairs.push(['by', 'country']);
  if (request.measure === 'per1000') pairs.push(['measure', 'per1000']);
  return pairs;
}

export function trendsUrl(request: Partial<TrendsRequest> & { queries: string[] }): string {
  return `/trends${query(trendsPairs(request))}`;
}

/** The trends as JSON (the measure is a display choice: both are in the JSON). */
export function apiTrendsUrl(request: Partial<TrendsRequest> & { queries: string[] }): string {
  return `/api/trends${query(trendsPairs({ ...request, measure: 'count' }))}`;
}

/** The formats a reading list exports as: BibTeX, RIS, CSL-JSON, and the quotes document (Markdown, Word). */
export type ListFormat = 'bib' | 'ris' | 'json' | 'md' | 'docx';

/**
 * A reading list as a URL: the list page, or one of its exports. The ids travel in order, comma-separated
 * (passage ids hold no commas), so the URL reproduces the list wherever it is opened.
 * @example listUrl(['2025-tip-overview-p1-s1', '2016-tip-protection-p2-s1']) // -> '/list?ids=2025-tip-overview-p1-s1,2016-tip-protection-p2-s1'
 */
export function listUrl(ids: string[], format?: ListFormat): string {
  return `/list${format ? `.${format}` : ''}${ids.length ? `?ids=${ids.map(encodeURIComponent).join(',')}` : ''}`;
}

/** The recommendations tracker, of one country's chapters (North Korea's when none is given). */
export function recommendationsUrl(country?: string): string {
  return `/recommendations${query(country ? [['country', country]] : [])}`;
}

/** What changed between two years of one country's chapters (North Korea's when none is given). */
export function compareUrl(from?: number, to?: number, country?: string): string {
  return `/compare${query([...(from ? [['from', from] as [string, number]] : []), ...(to ? [['to', to] as [string, number]] : []), ...(country ? [['country', country] as [string, string]] : [])])}`;
}

/** A passage's absolute address on this site (`origin` may carry a path, as PUBLIC_URL may). */
export function permalink(origin: string, id: string): string {
  return `${origin.replace(/\/+$/, '')}${passageUrl(id)}`;
}

/**
 * The permalink a citation may carry: built on PUBLIC_URL, and never on an address a reader elsewhere
 * cannot reach (none set, loopback or private). Null means: cite the original publication only.
 * @example publicPermalink('https://tip.example.org', '2025-tip-trafficking-profile-p6-s3') // -> 'https://tip.example.org/p/2025-tip-trafficking-profile-p6-s3'
 * @example publicPermalink(null, '2025-tip-trafficking-profile-p6-s3') // -> null
 */
export function publicPermalink(publicUrl: string | null, id: string): string | null {
  return publicUrl && !isPrivateHost(new URL(publicUrl).hostname) ? permalink(publicUrl, id) : null;
}

/** An absolute URL for a path of this site, given its origin (which may carry a path, as PUBLIC_URL may). */
export function absolute(origin: string, path: string): string {
  return `${origin.replace(/\/+$/, '')}${path}`;
}
