// Contexts for "what changed": one year against another, section by section, and the recommendations
// tracker. Both read the alignment computed at index time.
import type { Library } from '../../library.ts';
import type { Passage } from '../../corpus/types.ts';
import { SECTION_LABELS } from '../../corpus/types.ts';
import { badRequest } from '../../errors.ts';
import { compareYears, comparableYears } from '../../analysis/compare.ts';
import { recommendationThreads, type ThreadStatus } from '../../analysis/recommendations.ts';
import { wordDiff, type DiffPart } from '../../analysis/word-diff.ts';
import { compareUrl, passageUrl, recommendationsUrl } from '../urls.ts';
import { DEFAULT_COUNTRY, countryByCode } from '../../corpus/countries.ts';
import { parseCountry } from '../../search/dimensions.ts';

/** `country=` (a name, alias or code): whose chapters are compared across years; North Korea's by default. */
export function countryParam(params: Record<string, unknown>): string {
  const value = params.country;
  if (value === undefined || value === '') return DEFAULT_COUNTRY;
  if (typeof value !== 'string') throw badRequest('Give "country" once.');
  return parseCountry(value);
}

/** Validate `from`/`to`; by default the two latest years that can be compared. */
export function parseYearPair(
  library: Library,
  params: Record<string, unknown>,
): { from: number; to: number; years: number[] } {
  const years = comparableYears(library.alignment, library.passagesOfCountry(countryParam(params)));
  const year = (name: 'from' | 'to', fallback: number) => {
    const value = params[name];
    if (value === undefined || value === '') return fallback;
    if (typeof value !== 'string' || !/^\d{4}$/.test(value))
      throw badRequest(`${name} must be a report year such as 2016.`);
    if (!years.includes(Number(value)))
      throw badRequest(`${name}=${value}: the years that can be compared are ${years.join(', ')}.`);
    return Number(value);
  };
  const from = year('from', years[years.length - 2] ?? years[0]!);
  const to = year('to', years[years.length - 1]!);
  if (from === to) throw badRequest('Choose two different years to compare.');
  return { from, to, years };
}

/** What /api/compare returns: unchanged sentences as a count (the page lists them). */
export function comparison(library: Library, params: Record<string, unknown>) {
  const { from, to } = parseYearPair(library, params);
  const result = compareYears(library.alignment, library.passagesOfCountry(countryParam(params)), from, to);
  return { ...result, sections: result.sections.map(({ identical: _identical, ...section }) => section) };
}

interface LinkedPassage {
  id: string;
  text: string;
  url: string;
}

/** The countries whose chapters can be compared, as a menu; null while the collection holds one country. */
export type CountryChoice = Array<{ code: string; name: string; selected: boolean }> | null;

function countryChoice(library: Library, selected: string): CountryChoice {
  const codes = [...new Set(library.documents.map((d) => d.country))];
  return codes.length < 2
    ? null
    : codes.map((code) => ({ code, name: countryByCode(code)?.name ?? code, selected: code === selected }));
}

export interface ComparePage {
  title: string;
  from: number;
  to: number;
  years: number[];
  /** Whose chapters are compared (alpha-3), its name, and the other countries to choose from. */
  country: string;
  countryName: string;
  countries: CountryChoice;
  swapUrl: string;
  formAction: string;
  recommendationsUrl: string;
  summary: Array<{
    label: string;
    anchor: string;
    added: number;
    dropped: number;
    revised: number;
    unchanged: number;
    missing: string | null;
  }>;
  sections: Array<{
    label: string;
    anchor: string;
    missing: string | null;
    added: LinkedPassage[];
    dropped: LinkedPassage[];
    revised: Array<{ from: LinkedPassage; to: LinkedPassage; similarity: number; diff: DiffPart[] }>;
    unchanged: LinkedPassage[];
  }>;
}

export function comparePage(library: Library, params: Record<string, unknown>): ComparePage {
  const { from, to, years } = parseYearPair(library, params);
  const country = countryParam(params);
  // North Korea's chapters are the default: their URLs stay without country=.
  const countryInUrl = country === DEFAULT_COUNTRY ? undefined : country;
  const result = compareYears(library.alignment, library.passagesOfCountry(country), from, to);
  const link = (passage: Passage): LinkedPassage => ({
    id: passage.id,
    text: passage.text,
    url: passageUrl(passage.id),
  });
  const missingNote = (missing: 'from' | 'to' | null, label: string) => {
    if (!missing) return null;
    const year = missing === 'from' ? from : to;
    const held = library.documents.filter((d) => d.year === year && d.country === countryParam(params));
    const excerpt = held.some((d) => d.type === 'excerpt') && !held.some((d) => d.type === 'report');
    return excerpt
      ? `The ${year} text in this collection is an excerpt without a ${label} section: “added” and “dropped” here mean “not in that excerpt”, not “not in that report”.`
      : `The ${year} report has no ${label} section.`;
  };
  const sections = result.sections.map((s) => ({
    label: SECTION_LABELS[s.section],
    anchor: `changes-${s.section}`,
    missing: missingNote(s.missing, SECTION_LABELS[s.section]),
    added: s.added.map(link),
    dropped: s.dropped.map(link),
    revised: s.revised.map((pair) => ({
      from: link(pair.from),
      to: link(pair.to),
      similarity: pair.similarity,
      diff: pair.diff,
    })),
    unchanged: s.identical.map(link),
  }));
  const countryName = countryByCode(country)?.name ?? country;
  const countries = countryChoice(library, country);
  return {
    title: `What changed from ${from} to ${to}${countries ? `: ${countryName}` : ''}`,
    from,
    to,
    years,
    country,
    countryName,
    countries,
    swapUrl: compareUrl(to, from, countryInUrl),
    formAction: compareUrl(),
    recommendationsUrl: recommendationsUrl(countryInUrl),
    summary: sections.map((s, i) => ({
      label: s.label,
      anchor: s.anchor,
      added: s.added.length,
      dropped: s.dropped.length,
      revised: s.revised.length,
      unchanged: result.sections[i]!.unchanged,
      missing: result.sections[i]!.missing ? `none in ${result.sections[i]!.missing === 'from' ? from : to}` : null,
    })),
    sections,
  };
}

const STATUS_LABELS: Record<ThreadStatus, string> = {
  new: 'new',
  repeated: 'repeated',
  revised: 'revised',
  dropped: 'dropped',
  absent: '–',
};

export interface RecommendationsPage {
  title: string;
  compareUrl: string;
  countryName: string;
  countries: CountryChoice;
  years: number[];
  threads: Array<{
    text: string;
    url: string;
    droppedAfter: number | null;
    cells: Array<{
      year: number;
      status: ThreadStatus;
      label: string;
      links: Array<{ url: string; text: string }>;
      diff: DiffPart[] | null;
    }>;
  }>;
  counts: Record<'current' | 'dropped', number>;
}

export function recommendationsPage(library: Library, params: Record<string, unknown>): RecommendationsPage {
  const country = countryParam(params);
  const threads = recommendationThreads(library.alignment, library.passagesOfCountry(country));
  const years = threads[0]?.years.map((y) => y.year) ?? [];
  const countries = countryChoice(library, country);
  const countryName = countryByCode(country)?.name ?? country;
  return {
    title: `Recommendations across the years${countries ? `: ${countryName}` : ''}`,
    compareUrl: compareUrl(undefined, undefined, country === DEFAULT_COUNTRY ? undefined : country),
    countryName,
    countries,
    years,
    counts: {
      current: threads.filter((t) => t.droppedAfter === null).length,
      dropped: threads.filter((t) => t.droppedAfter !== null).length,
    },
    threads: threads.map((thread) => {
      const latest = library.passage(thread.years.find((y) => y.year === thread.lastYear)!.ids[0]!)!;
      let previous: Passage | undefined;
      return {
        text: latest.text,
        url: passageUrl(latest.id),
        droppedAfter: thread.droppedAfter,
        cells: thread.years.map((y) => {
          const current = y.ids.map((id) => library.passage(id)!);
          const diff =
            y.status === 'revised' && previous && current[0] ? wordDiff(previous.text, current[0].text) : null;
          if (current[0]) previous = current[0];
          return {
            year: y.year,
            status: y.status,
            label: STATUS_LABELS[y.status],
            links: current.map((p) => ({ url: passageUrl(p.id), text: p.text })),
            diff,
          };
        }),
      };
    }),
  };
}

/** "Also in" for a passage page: its counterparts in other years, each with the word diff between them. */
export function alsoInView(library: Library, passage: Passage) {
  return library.alsoIn(passage.id).map((match) => {
    const other = library.passage(match.id)!;
    const [older, newer] = match.year < passage.year ? [other, passage] : [passage, other];
    return {
      ...match,
      url: passageUrl(match.id),
      direction:
        match.year < passage.year
          ? `changes from ${match.year} to ${passage.year}`
          : `changes from ${passage.year} to ${match.year}`,
      diff: match.status === 'revised' ? wordDiff(older.text, newer.text) : null,
    };
  });
}
