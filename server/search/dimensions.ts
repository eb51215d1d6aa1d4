// The dimensions a search is narrowed and counted by, each declared once. From a declaration follow:
//   - the query language's field (`year:2016`), the URL parameter (`year=2016`) and the CLI flag
//     (`--year 2016`), all read by its `parse`;
//   - the filter and the facet: a column of value ids per passage, with a position list per value for
//     filters and a count array per search for the facet (dimension-columns.ts), laid out by facets.ts;
//   - the facet's title, its values' labels and order, how many it lists, the chips of active filters;
//   - the field of every search result (API, CLI) and the column of every export.
//
// Adding a dimension is adding a declaration to DIMENSIONS: nothing else in the search path, the web
// layer or the CLI names dimensions one by one. A value read from the document (year, country, tier)
// needs nothing more; a passage's own value (section) is read from the passage table's columns.

import {
  SECTIONS,
  SECTION_LABELS,
  TIERS,
  TIER_LABELS,
  type DocumentRecord,
  type Section,
  type Tier,
} from '../corpus/types.ts';
import { countryByCode, findCountry } from '../corpus/countries.ts';
import { badRequest } from '../errors.ts';

export type DimensionValue = string | number;

/** What values are read against: the collection's documents (in corpus order) and its report years. */
export interface DimensionContext {
  readonly documents: readonly DocumentRecord[];
  /** Ascending. */
  readonly years: readonly number[];
}

/** What a query or URL may name: document ids, and the report years a range is clamped to. */
export interface QueryVocabulary {
  docs: readonly string[];
  /** When given, a year range is clamped to these years, so `year:0000..9999` costs what `year:2007..2025` does. */
  years?: readonly number[];
}

/** The columns a passage's own value is read from (the passage table's). */
export interface PassageColumns {
  readonly length: number;
  /** Each passage's section, as an index into SECTIONS. */
  section(position: number): Section;
}

export interface Dimension<V extends DimensionValue = DimensionValue, N extends string = string> {
  /** The facet's key, the query field (`year:`), the URL parameter (`year=`), the CLI flag (`--year`) and every result's field. */
  readonly name: N;
  /** The facet's title. */
  readonly title: string;
  /** The export column's header, when it is not the name. */
  readonly column?: string;
  /**
   * A passage's value: its document's (year, country) or its own (section); null when it has none (a
   * commentary has no tier).
   */
  readonly read:
    | { document(document: DocumentRecord): V | null }
    | { passage(passages: PassageColumns, position: number): V | null };
  /** Every value the collection holds, in the order its facet lists them. */
  values(context: DimensionContext): V[];
  /**
   * One value as typed in a query, a URL or a flag (`2007..2016`, `Protection`, `PRC`): the values it
   * stands for; a 400 saying what to write instead otherwise.
   * @example DIMENSION.year.parse('2007..2016', { docs: [], years: [2007, 2016, 2025] }) // -> [2007, ..., 2016]
   */
  parse(text: string, vocabulary: QueryVocabulary, position?: number): V[];
  /** A value as its facet names it. */
  label(value: V, context: DimensionContext): string;
  /** An active filter's chip, when it must say more than the value's label ("Year 2016"). */
  chip?(value: V, context: DimensionContext): string;
  /**
   * Which values the facet lists: `every` value, zeros included (a handful: years, sections), or the
   * `top` values with a match, most matches first (documents and countries: thousands at scale, where
   * listing every one made a search's answer hundreds of kilobytes). Selected values are always listed.
   */
  readonly facet: { list: 'every' } | { list: 'top'; top: number };
  /** The facet is listed once the collection holds this many values (a collection of one country needs no country facet). */
  readonly listedFrom: number;
}

/** Values a `top` facet lists at most: Datasette's default facet size. */
export const FACET_TOP = 30;

const year: Dimension<number, 'year'> = {
  name: 'year',
  title: 'Report year',
  read: { document: (document) => document.year },
  values: (context) => [...context.years],
  parse: (text, vocabulary, position) => parseYears(text, vocabulary.years, position),
  label: (value) => String(value),
  chip: (value) => `Year ${value}`,
  facet: { list: 'every' },
  listedFrom: 1,
};

const section: Dimension<Section, 'section'> = {
  name: 'section',
  title: 'Section',
  read: { passage: (passages, position) => passages.section(position) },
  values: (context) => SECTIONS.filter((name) => context.documents.some((document) => document.sectionCounts[name])),
  parse: (text, _, position) => [parseSection(text, position)],
  label: (value) => SECTION_LABELS[value],
  facet: { list: 'every' },
  listedFrom: 1,
};

const doc: Dimension<string, 'doc'> = {
  name: 'doc',
  title: 'Document',
  column: 'document',
  read: { document: (document) => document.id },
  values: (context) => context.documents.map((document) => document.id),
  parse: (text, vocabulary, position) => {
    if (!vocabulary.docs.includes(text))
      throw badRequest(`There is no document "${text}". Documents: ${vocabulary.docs.join(', ')}.`, position);
    return [text];
  },
  label: (value, context) => context.documents.find((document) => document.id === value)?.label ?? value,
  facet: { list: 'top', top: FACET_TOP },
  listedFrom: 1,
};

const country: Dimension<string, 'country'> = {
  name: 'country',
  title: 'Country',
  read: { document: (document) => document.country },
  values: (context) => [...new Set(context.documents.map((document) => document.country))],
  parse: (text, _, position) => [parseCountry(text, position)],
  label: (value) => countryByCode(value)?.name ?? value,
  facet: { list: 'top', top: FACET_TOP },
  listedFrom: 2,
};

const tier: Dimension<Tier, 'tier'> = {
  name: 'tier',
  title: 'Tier',
  read: { document: (document) => document.tier },
  values: (context) => TIERS.filter((placement) => context.documents.some((document) => document.tier === placement)),
  parse: (text, _, position) => [parseTier(text, position)],
  label: (value) => TIER_LABELS[value],
  facet: { list: 'every' },
  listedFrom: 2,
};

const DECLARED = [year, country, section, doc, tier] as const;

export type DimensionName = (typeof DECLARED)[number]['name'];

/** Every dimension, in the order the page lists their facets and chips and exports list their columns. */
export const DIMENSIONS: ReadonlyArray<Dimension<DimensionValue, DimensionName>> = DECLARED;

/** A dimension by name. */
export const DIMENSION = Object.fromEntries(DIMENSIONS.map((dimension) => [dimension.name, dimension])) as {
  readonly [N in DimensionName]: Dimension<DimensionValue, N>;
};

/** The selected values of each dimension: a URL's, a request's, or a query's filters. A dimension absent or empty does not narrow. */
export type Selection = { readonly [N in DimensionName]?: readonly DimensionValue[] };

/** The dimension a query field or parameter names, or undefined. */
export function dimensionNamed(name: string): Dimension | undefined {
  return DIMENSIONS.find((dimension) => dimension.name === name.toLowerCase());
}

/** How an active filter names a value: its chip ("Year 2016"), else its label ("Protection", "China"). */
export function filterLabel(name: DimensionName, value: DimensionValue, context: DimensionContext): string {
  const dimension = DIMENSION[name];
  return dimension.chip ? dimension.chip(value, context) : dimension.label(value, context);
}

/** Whether a selection narrows anything. */
export function selects(selection: Selection): boolean {
  return DIMENSIONS.some((dimension) => (selection[dimension.name]?.length ?? 0) > 0);
}

/** A country's name, alias or ISO code (`China`, `PRC`, `CHN`) -> its alpha-3 code. */
export function parseCountry(value: string, position?: number): string {
  const found = findCountry(value);
  if (!found)
    throw badRequest(
      `There is no country "${value}". Give a country's name, another name for it or its ISO code (China, PRC or CHN).`,
      position,
    );
  return found.code;
}

/** Sections by slug or label, any case: "trafficking-profile", "Trafficking Profile", "profile". */
export function parseSection(value: string, position?: number): Section {
  const slug = value
    .toLowerCase()
    .trim()
    .replace(/[\s_]+/g, '-');
  const found = SECTIONS.find(
    (name) =>
      name === slug || name === `trafficking-${slug}` || SECTION_LABELS[name].toLowerCase() === value.toLowerCase(),
  );
  if (!found) throw badRequest(`There is no section "${value}". Sections: ${SECTIONS.join(', ')}.`, position);
  return found;
}

/**
 * A tier placement as people write it: `3`, `Tier 3`, `2WL`, `2 watch list`, `watch list`, `special`,
 * `special case`, any case.
 */
export function parseTier(value: string, position?: number): Tier {
  const words = value
    .toLowerCase()
    .replace(/[\s_-]+/g, '')
    .replace(/^tier/, '');
  const found =
    TIERS.find((placement) => String(placement).replace(/-/g, '') === words) ??
    (['2wl', 'watchlist', 'wl'].includes(words) ? '2-watch-list' : words === 'special' ? 'special-case' : undefined);
  if (found === undefined)
    throw badRequest(
      `There is no tier "${value}". Tiers: ${TIERS.map((placement) => TIER_LABELS[placement]).join(', ')} (tier:3, tier:2WL, tier:special).`,
      position,
    );
  return found;
}

/** `2016`, or a range `2007..2016` (clamped to the collection's years when they are given). */
function parseYears(value: string, collectionYears: readonly number[] | undefined, position?: number): number[] {
  const range = /^(\d{4})\s*\.\.\s*(\d{4})$/.exec(value);
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (from > to) throw badRequest(`The year range ${value} runs backwards; write ${to}..${from}.`, position);
    const first = Math.max(from, collectionYears?.[0] ?? from);
    const last = Math.min(to, collectionYears?.at(-1) ?? to);
    return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
  }
  if (!/^\d{4}$/.test(value))
    throw badRequest(`"${value}" is not a year: write 2016, a range 2007..2016, or several years 2016,2025.`, position);
  return [Number(value)];
}
