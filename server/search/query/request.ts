// Requests from URL parameters (or the CLI's flags), validated once: a search (used by the JSON API, the
// HTML pages, exports and the command line alike) and a trends request. Every page reads its repeated
// and yes/no parameters through listParam and flagParam, so they mean the same everywhere.

import { badRequest } from '../../errors.ts';
import {
  DIMENSIONS,
  type DimensionName,
  type DimensionValue,
  type QueryVocabulary,
  type Selection,
} from '../dimensions.ts';

/** `each-year`: year by year, best first within each year (the across-the-years view). */
export type SortOrder = 'relevance' | 'year' | 'each-year';

export interface SearchRequest {
  q: string;
  /** Each dimension's selected values (`year=2016&section=protection`): what the facets show as selected. */
  filters: Selection;
  sort: SortOrder;
  /** 1-based. */
  page: number;
  size: number;
  /** No stemming, no synonyms. */
  strict: boolean;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/**
 * Values one filter parameter may list. Far more than a user selects, and a bound on the work a URL can
 * ask for (each value is one "without this filter" hint to count).
 */
export const MAX_FILTER_VALUES = 50;

/** Query-string values as Express gives them: a string, repeated strings, or nothing. */
export type ParamValue = string | string[] | undefined;

/**
 * Validate request parameters. Each dimension's parameter (dimensions.ts) may be repeated or
 * comma-separated: `year=2016&year=2025` and `year=2016,2025` both work.
 * @example parseSearchRequest({ q: 'Dandong', year: '2025' }, vocabulary) // -> { q: 'Dandong', filters: { year: [2025] }, ... }
 */
export function parseSearchRequest(params: Record<string, unknown>, vocabulary: QueryVocabulary): SearchRequest {
  const q = single(params.q as ParamValue, 'q') ?? '';
  const sort = single(params.sort as ParamValue, 'sort') ?? 'relevance';
  if (sort !== 'relevance' && sort !== 'year' && sort !== 'each-year')
    throw badRequest(`sort must be "relevance", "year" or "each-year", not "${sort}".`);
  return {
    q,
    filters: parseSelection(params, vocabulary),
    sort,
    page: positiveInteger(params.page as ParamValue, 'page', 1, 10_000),
    size: positiveInteger(params.size as ParamValue, 'size', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    strict: flagParam(single(params.strict as ParamValue, 'strict')),
  };
}

/** Each dimension's values from its parameter, read as the query language reads them, without repeats. */
export function parseSelection(params: Record<string, unknown>, vocabulary: QueryVocabulary): Selection {
  const selection: { [N in DimensionName]?: DimensionValue[] } = {};
  for (const dimension of DIMENSIONS) {
    const values = [
      ...new Set(listParam(params[dimension.name]).flatMap((value) => dimension.parse(value, vocabulary))),
    ];
    if (values.length > MAX_FILTER_VALUES)
      throw badRequest(`Choose at most ${MAX_FILTER_VALUES} values of ${dimension.name}; ${values.length} were given.`);
    if (values.length > 0) selection[dimension.name] = values;
  }
  return selection;
}

/**
 * Every value of a repeatable parameter (`year=2016&year=2025`), comma-separated values split unless
 * `split` is false (a query may hold commas).
 */
export function listParam(value: unknown, split = true): string[] {
  const raw = value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (!raw.every((item) => typeof item === 'string')) throw badRequest('Parameters must be plain values.');
  return raw
    .flatMap((item: string) => (split ? item.split(',') : [item]))
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Refuse `q[]=x`, `q[a]=b`, `year[]=2016`: the query parser takes brackets literally, so such a parameter
 * would be silently ignored and the request would answer as if it had no query or filter.
 * @example rejectBracketedParams({ 'q[]': 'x' }) // throws a 400: Parameter "q[]": ...
 */
export function rejectBracketedParams(params: Record<string, unknown>): void {
  const bracketed = Object.keys(params).find((name) => /[[\]]/.test(name));
  if (!bracketed) return;
  const name = bracketed.replace(/\[.*$/, '');
  throw badRequest(
    `Parameter "${bracketed}": give ${name} as a plain value (${name}=...), repeated for several values; brackets are not understood.`,
  );
}

/** A yes/no parameter: `1`, `true` and `on` (a ticked checkbox) mean yes. */
export function flagParam(value: unknown): boolean {
  return typeof value === 'string' && ['1', 'true', 'on'].includes(value);
}

export type TrendMeasure = 'count' | 'per1000';

export interface TrendsRequest {
  queries: string[];
  strict: boolean;
  bySection: boolean;
  /** One series per query and country (`by=country`), when the collection holds several countries. */
  byCountry: boolean;
  measure: TrendMeasure;
}

/** `/trends?q=...&q=...&strict=1&by=section&by=country&measure=per1000` (and its JSON twin). */
export function parseTrendsRequest(params: Record<string, unknown>): TrendsRequest {
  const by = listParam(params.by);
  return {
    queries: listParam(params.q, false),
    strict: flagParam(params.strict),
    bySection: by.includes('section'),
    byCountry: by.includes('country'),
    measure: params.measure === 'per1000' ? 'per1000' : 'count',
  };
}

function single(value: ParamValue, name: string): string | undefined {
  if (Array.isArray(value)) throw badRequest(`Give "${name}" once.`);
  if (value !== undefined && typeof value !== 'string') throw badRequest(`"${name}" must be a plain value.`);
  return value;
}

function positiveInteger(value: ParamValue, name: string, fallback: number, max: number): number {
  const text = single(value, name);
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw badRequest(`${name} must be a whole number from 1, not "${text}".`);
  if (Number(text) > max) throw badRequest(`${name} can be at most ${max}.`);
  return Number(text);
}
