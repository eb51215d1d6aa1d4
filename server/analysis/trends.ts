// Term trends: for each query, how many passages match in each report year, as counts and per 1,000
// passages of that year's documents (the reports differ in length: 36 passages in 2007, 93 in 2025).
// Once the collection holds several countries, a series' denominators count only the chapters of the
// countries it matched in, so "Dandong country:China" is a rate within China's chapters.
// Counts come from the same matching as search (matchAll), so a trend point and the search it links to
// always agree.

import type { Library } from '../library.ts';
import type { Section } from '../corpus/types.ts';
import { SECTIONS, SECTION_LABELS } from '../corpus/types.ts';
import { AppError, badRequest } from '../errors.ts';
import { matchAll, readingOf } from '../search/search.ts';
import type { QueryNode } from '../search/query/query.ts';
import { countryByCode } from '../corpus/countries.ts';

export interface TrendPoint {
  year: number;
  /** Null when the series' countries have no document of that year: a gap, not a zero. */
  count: number | null;
  /** Matching passages per 1,000 passages of that year's documents, one decimal; null as `count`. */
  per1000: number | null;
}

export interface TrendSeries {
  query: string;
  /** What a legend calls the series: the query, and its country when split by country ("Dandong — China"). */
  label: string;
  /** The country a split series counts (alpha-3), or null. */
  country: string | null;
  /** How the query was read, as search reads it (a spelling correction, years or sections as filters); null: as typed. */
  searchedAs: string | null;
  total: number;
  points: TrendPoint[];
  /** With `by=section`: the same counts per section (same denominators as the totals). */
  bySection?: Array<{ section: Section; label: string; points: TrendPoint[] }>;
}

export interface Trends {
  /** Every report year of the corpus, ascending: each series has a point for each. */
  years: number[];
  passagesPerYear: Record<number, number>;
  strict: boolean;
  series: TrendSeries[];
}

export const MAX_TREND_QUERIES = 6;

/**
 * @example trends(library, ['Dandong'], { strict: false, bySection: false }).series[0].points
 *   // -> [{ year: 2007, count: 0, per1000: 0 }, ..., { year: 2025, count: 1, per1000: 10.8 }]
 */
export function trends(
  library: Library,
  queries: string[],
  options: { strict: boolean; bySection: boolean; byCountry?: boolean },
): Trends {
  const typed = queries.map((q) => q.trim()).filter(Boolean);
  if (typed.length > MAX_TREND_QUERIES)
    throw badRequest(`Compare at most ${MAX_TREND_QUERIES} queries at once; ${typed.length} were given.`);
  const asked = options.byCountry
    ? perCountry(typed, library)
    : typed.map((query) => ({ query, label: query, country: null }));
  if (asked.length > MAX_TREND_QUERIES)
    throw badRequest(
      `Split by country, these queries make ${asked.length} lines; at most ${MAX_TREND_QUERIES} fit. Give fewer queries.`,
    );
  const { years, passagesPerYear } = library;
  // Passages per year of the countries a series matched in (counted once, at load, by the library).
  const denominators = (countries: Set<string>): Map<number, number> => {
    const totals = new Map<number, number>();
    for (const [country, perYear] of library.passagesPerCountryYear) {
      if (countries.size > 0 && !countries.has(country)) continue;
      for (const [year, count] of perYear) totals.set(year, (totals.get(year) ?? 0) + count);
    }
    return totals;
  };
  const series = asked.map(({ query, label, country }, index) => {
    let matches: ReturnType<typeof matchAll>['matches'];
    let searchedAs: string | null;
    let scope: Set<string>;
    try {
      const found = matchAll(library, { q: query, strict: options.strict, sort: 'year', filters: {} });
      matches = found.matches;
      searchedAs = country ? null : readingOf(found);
      scope = new Set(country ? [country] : countriesFilteredBy(found.tree));
    } catch (error) {
      if (error instanceof AppError)
        throw new AppError(error.status, `Query ${index + 1} (“${query}”): ${error.message}`, error.position);
      throw error;
    }
    const perYear = denominators(scope.size ? scope : new Set(matches.map(({ passage }) => passage.country)));
    // A year none of the series' countries has a document of is a gap: "0" would read as "not mentioned".
    const covered = denominators(scope);
    const pointsFor = (counts: Map<number, number>): TrendPoint[] =>
      years.map((year) => {
        if (!covered.get(year)) return { year, count: null, per1000: null };
        const count = counts.get(year) ?? 0;
        const of = perYear.get(year) ?? 0;
        return { year, count, per1000: of === 0 ? 0 : Math.round((count / of) * 10000) / 10 };
      });
    const byYear = new Map<number, number>();
    for (const { passage } of matches) byYear.set(passage.year, (byYear.get(passage.year) ?? 0) + 1);
    const result: TrendSeries = { query, label, country, searchedAs, total: matches.length, points: pointsFor(byYear) };
    if (options.bySection) {
      result.bySection = SECTIONS.filter((section) => matches.some((m) => m.passage.section === section)).map(
        (section) => {
          const counts = new Map<number, number>();
          for (const { passage } of matches)
            if (passage.section === section) counts.set(passage.year, (counts.get(passage.year) ?? 0) + 1);
          return { section, label: SECTION_LABELS[section], points: pointsFor(counts) };
        },
      );
    }
    return result;
  });
  return { years, passagesPerYear, strict: options.strict, series };
}

/**
 * Each query once per country of the collection, side by side: "Dandong" -> "(Dandong) country:PRK"
 * labelled "Dandong — North Korea", and the same for China. A collection of one country has nothing to split.
 */
function perCountry(
  queries: string[],
  library: Library,
): Array<{ query: string; label: string; country: string | null }> {
  const countries = [...new Set(library.documents.map((d) => d.country))];
  if (countries.length < 2) return queries.map((query) => ({ query, label: query, country: null }));
  return queries.flatMap((query) =>
    countries.map((code) => ({
      query: `(${query}) country:${code}`,
      label: `${query} — ${countryByCode(code)?.name ?? code}`,
      country: code,
    })),
  );
}

/** The countries a query's own `country:` filter keeps (at its top level); empty when it keeps all. */
function countriesFilteredBy(tree: QueryNode | null): string[] {
  if (!tree) return [];
  if (tree.type === 'filter') return tree.field === 'country' ? (tree.values as string[]) : [];
  if (tree.type !== 'and') return [];
  return tree.children.flatMap((child) =>
    child.type === 'filter' && child.field === 'country' ? (child.values as string[]) : [],
  );
}
