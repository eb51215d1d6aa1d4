// Contexts for the across-years pages: term trends and the concordance.
import type { Library } from '../../library.ts';
import { AppError, badRequest } from '../../errors.ts';
import { SECTION_LABELS } from '../../corpus/types.ts';
import { countryByCode } from '../../corpus/countries.ts';
import { MAX_TREND_QUERIES, trends, type Trends } from '../../analysis/trends.ts';
import { concordance, KWIC_MAX_LINES, KWIC_WINDOW, type KwicLine, type KwicSort } from '../../analysis/kwic.ts';
import { parseSearchRequest, parseTrendsRequest, type TrendMeasure } from '../../search/query/request.ts';
import { trendChart, type TrendChart } from '../trend-chart.ts';
import {
  EMPTY_SEARCH,
  apiTrendsUrl,
  filterPairs,
  kwicUrl,
  passageUrl,
  searchUrl,
  stateOf,
  trendsUrl,
} from '../urls.ts';

export interface TrendsPage {
  title: string;
  /** The query boxes: the queries given plus one empty box while there is room. */
  inputs: string[];
  measure: TrendMeasure;
  strict: boolean;
  bySection: boolean;
  byCountry: boolean;
  /** Whether to offer "Split by country": only when the collection holds more than one country. */
  countrySplit: boolean;
  error: string | null;
  trends: Trends | null;
  chart: TrendChart | null;
  /** Table twin of the chart: one row per query, a linked cell per year. */
  rows: Array<{
    index: number;
    query: string;
    searchedAs: string | null;
    total: number;
    cells: Array<{ year: number; count: number | null; per1000: number | null; url: string }>;
    sections: Array<{ label: string; cells: Array<{ year: number; count: number | null; url: string }> }>;
  }>;
  /** Whether some series has years without a document of its country (the page explains the gaps). */
  gaps: boolean;
  jsonUrl: string;
  measureUrls: Record<TrendMeasure, string>;
  /** "2007: 36, 2016: 62, ...": passages per year, the per-1,000 denominators. */
  denominators: string;
  maxQueries: number;
}

export function trendsPage(library: Library, params: Record<string, unknown>): TrendsPage {
  const request = parseTrendsRequest(params);
  const { queries, strict, bySection, byCountry, measure } = request;
  let result: Trends | null = null;
  let error: string | null = null;
  try {
    result = queries.length ? trends(library, queries, { strict, bySection, byCountry }) : null;
  } catch (caught) {
    if (!(caught instanceof AppError)) throw caught;
    error = caught.message;
  }
  const pointUrl = (q: string, year: number, section?: string) =>
    searchUrl({ ...EMPTY_SEARCH, q, filters: { year: [year], ...(section ? { section: [section] } : {}) }, strict });
  const unit = (value: number) =>
    measure === 'count' ? `${value} passage${value === 1 ? '' : 's'}` : `${value} per 1,000 passages`;
  const chart = result
    ? trendChart(
        result.series.map((s) => ({
          query: s.label,
          points: s.points.map((p) => ({
            year: p.year,
            value: measure === 'count' ? p.count : p.per1000,
            url: pointUrl(s.query, p.year),
          })),
        })),
        result.years,
        measure === 'count' ? 'Matching passages' : 'Matching passages per 1,000 passages of that year',
        unit,
      )
    : null;
  return {
    title: queries.length ? `Trends: ${queries.join(', ')}` : 'Trends',
    inputs: queries.length < MAX_TREND_QUERIES ? [...queries, ''] : queries,
    measure,
    strict,
    bySection,
    byCountry,
    countrySplit: new Set(library.documents.map((d) => d.country)).size > 1,
    error,
    trends: result,
    chart,
    gaps: (result?.series ?? []).some((s) => s.points.some((p) => p.count === null)),
    rows: (result?.series ?? []).map((s, index) => ({
      index,
      query: s.label,
      searchedAs: s.searchedAs,
      total: s.total,
      cells: s.points.map((p) => ({ ...p, url: pointUrl(s.query, p.year) })),
      sections: (s.bySection ?? []).map((row) => ({
        label: row.label,
        cells: row.points.map((p) => ({ year: p.year, count: p.count, url: pointUrl(s.query, p.year, row.section) })),
      })),
    })),
    jsonUrl: apiTrendsUrl(request),
    measureUrls: {
      count: trendsUrl({ ...request, measure: 'count' }),
      per1000: trendsUrl({ ...request, measure: 'per1000' }),
    },
    denominators: result ? denominatorsText(library, result) : '',
    maxQueries: MAX_TREND_QUERIES,
  };
}

/** "2007: 36, 2016: 62, ..."; with several countries, per country ("North Korea 2007: 36, ...; China 2025: 33"). */
function denominatorsText(library: Library, result: Trends): string {
  const countries = [...new Set(library.documents.map((d) => d.country))];
  if (countries.length < 2) return result.years.map((year) => `${year}: ${result.passagesPerYear[year]}`).join(', ');
  return countries
    .map((code) => {
      const counts = new Map<number, number>();
      for (const passage of library.passagesOfCountry(code))
        counts.set(passage.year, (counts.get(passage.year) ?? 0) + 1);
      return `${countryByCode(code)?.name ?? code} ${[...counts].map(([year, count]) => `${year}: ${count}`).join(', ')}`;
    })
    .join('; ');
}

export interface KwicPage {
  title: string;
  q: string;
  sort: KwicSort;
  error: string | null;
  /** How the query was read, when not as typed (search's spelling correction, years or sections as filters). */
  searchedAs: string | null;
  /** The first KWIC_MAX_LINES lines in the chosen order. */
  lines: Array<KwicLine & { url: string; sectionLabel: string; leftWords: string[]; rightWords: string[] }>;
  /** Every line the query gives, shown or not. */
  total: number;
  window: number;
  sorts: Array<{ label: string; url: string; current: boolean }>;
  csvUrl: string;
  searchUrl: string;
  /** Filters carried over from the search (year, section, doc, strict) as hidden form fields. */
  hidden: Array<{ name: string; value: string }>;
}

export const KWIC_SORTS: KwicSort[] = ['left', 'right', 'year'];
const KWIC_SORT_LABELS: Record<KwicSort, string> = { left: 'left context', right: 'right context', year: 'year' };

export function kwicPage(library: Library, params: Record<string, unknown>): KwicPage {
  const sort = (params.sort ?? 'right') as KwicSort;
  if (!KWIC_SORTS.includes(sort)) throw badRequest(`sort must be left, right or year, not "${String(params.sort)}".`);
  const request = parseSearchRequest({ ...params, sort: undefined }, library.vocabulary);
  let lines: KwicLine[] = [];
  let searchedAs: string | null = null;
  let error: string | null = null;
  if (request.q.trim()) {
    try {
      ({ lines, searchedAs } = concordance(library, request, sort));
    } catch (caught) {
      if (!(caught instanceof AppError)) throw caught;
      error = caught.message;
    }
  }
  const state = stateOf(request);
  return {
    title: request.q ? `Concordance: ${request.q}` : 'Concordance',
    q: request.q,
    sort,
    error,
    searchedAs,
    lines: lines.slice(0, KWIC_MAX_LINES).map((line) => ({
      ...line,
      url: passageUrl(line.id),
      sectionLabel: SECTION_LABELS[line.section],
      // Nearest the match first, each side: the order the page lays them out from the match outwards.
      leftWords: [...(line.leftTruncated ? ['…'] : []), ...line.left.split(' ').filter(Boolean)].reverse(),
      rightWords: [...line.right.split(' ').filter(Boolean), ...(line.rightTruncated ? ['…'] : [])],
    })),
    total: lines.length,
    window: KWIC_WINDOW,
    sorts: KWIC_SORTS.map((option) => ({
      label: KWIC_SORT_LABELS[option],
      url: kwicUrl(state, option),
      current: option === sort,
    })),
    csvUrl: kwicUrl(state, sort, 'csv'),
    searchUrl: searchUrl(state),
    hidden: [
      ...filterPairs(request.filters).map(([name, value]) => ({ name, value })),
      ...(request.strict ? [{ name: 'strict', value: '1' }] : []),
    ],
  };
}
