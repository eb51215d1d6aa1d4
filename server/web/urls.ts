// Every URL the site links to is built here, so a page's links, facets, chart bars and exports agree,
// and a search URL always has the same canonical shape (parameters in one order, defaults omitted).

import type { Section } from '../corpus/types.ts';

/** The part of a search that lives in the URL. */
export interface SearchState {
  q: string;
  years: number[];
  sections: Section[];
  docs: string[];
  sort: 'relevance' | 'year';
  strict: boolean;
}

export const EMPTY_SEARCH: SearchState = { q: '', years: [], sections: [], docs: [], sort: 'relevance', strict: false };

function query(pairs: Array<[string, string | number]>): string {
  const params = new URLSearchParams(pairs.map(([key, value]) => [key, String(value)]));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function searchPairs(state: SearchState): Array<[string, string | number]> {
  const pairs: Array<[string, string | number]> = [];
  if (state.q) pairs.push(['q', state.q]);
  for (const year of state.years) pairs.push(['year', year]);
  for (const section of state.sections) pairs.push(['section', section]);
  for (const doc of state.docs) pairs.push(['doc', doc]);
  if (state.sort !== 'relevance') pairs.push(['sort', state.sort]);
  if (state.strict) pairs.push(['strict', 1]);
  return pairs;
}

/** `/search?q=...&year=...` for a state (and optionally a page). */
export function searchUrl(state: SearchState, page = 1): string {
  return `/search${query([...searchPairs(state), ...(page > 1 ? [['page', page] as [string, number]] : [])])}`;
}

/** The same search, as JSON. */
export function apiSearchUrl(state: SearchState): string {
  return `/api/search${query(searchPairs(state))}`;
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
export function toggled<K extends 'years' | 'sections' | 'docs'>(state: SearchState, key: K, value: SearchState[K][number]): SearchState {
  const values = state[key] as Array<SearchState[K][number]>;
  const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
  return { ...state, [key]: next };
}

/** The state with only this one value selected for the facet (a chart bar: "just 2016"). */
export function only<K extends 'years' | 'sections' | 'docs'>(state: SearchState, key: K, value: SearchState[K][number]): SearchState {
  return { ...state, [key]: [value] };
}

export function withoutFilters(state: SearchState): SearchState {
  return { ...state, years: [], sections: [], docs: [] };
}

export function passageUrl(id: string): string {
  return `/p/${encodeURIComponent(id)}`;
}

export function apiPassageUrl(id: string): string {
  return `/api/passages/${encodeURIComponent(id)}`;
}

/** The reader at a passage, with the query's matches marked. */
export function readerUrl(doc: string, options: { q?: string; anchor?: string } = {}): string {
  return `/docs/${encodeURIComponent(doc)}${query(options.q ? [['q', options.q]] : [])}${options.anchor ? `#${encodeURIComponent(options.anchor)}` : ''}`;
}

export function trendsUrl(queries: string[], options: { strict?: boolean } = {}): string {
  return `/trends${query([...queries.filter(Boolean).map((q): [string, string] => ['q', q]), ...(options.strict ? [['strict', 1] as [string, number]] : [])])}`;
}

export function compareUrl(from?: number, to?: number): string {
  return `/compare${query([...(from ? [['from', from] as [string, number]] : []), ...(to ? [['to', to] as [string, number]] : [])])}`;
}

/** An absolute URL for a path, given the request's origin. */
export function absolute(origin: string, path: string): string {
  return new URL(path, origin).toString();
}
