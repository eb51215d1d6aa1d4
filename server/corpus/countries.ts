// The country table: every ISO 3166-1 country with the names the TIP reports, their archive copies and
// researchers use for it, and the words for its people. One table for the catalog, the importer (chapter
// headings, running heads, `--country`), the `country:` filter and query expansion ("Chinese" -> China).
//
//   world-countries (ISO 3166-1 alpha-3 codes, common and official names, spellings, demonyms; ODbL)
//   + tip-country-names.json (the reports' names: "Burma", "Cabo Verde", "Korea, Democratic People's
//     Republic of" ...; codes withdrawn since the early reports: Serbia and Montenegro, Yugoslavia,
//     Netherlands Antilles)
//   -> Country[], and lookups by name and by demonym.
//
// Names are matched case-, accent- and punctuation-blind, and the reports' inverted chapter names are
// read the right way round ("Congo, Republic of the" is "Republic of the Congo"), so the table needs no
// entry for each inverted form. See docs/import.md, "Countries, ids and permalinks", for the choice of library.

import worldCountries from 'world-countries/countries.json' with { type: 'json' };
import tipNames from './tip-country-names.json' with { type: 'json' };

export interface Country {
  /** ISO 3166-1 alpha-3 code, e.g. `PRK` (ISO 3166-3 for withdrawn ones such as `SCG`; `XKX` for Kosovo). */
  code: string;
  /** The name shown in facets and badges, as the TIP reports write it: "North Korea", "Burma". */
  name: string;
  /** The readable part of document ids for this country (`2025-tip-china`); North Korea's ids have none. */
  slug: string;
  /** Other names: official and inverted forms, initialisms, other spellings (Latin script only). */
  aliases: string[];
  /** Words for its people, singular: "North Korean", "Chinese". Shared words ("Congolese") name several countries. */
  demonyms: string[];
  /** Its capitals, which journalists write for its government ("Pyongyang denies", "Beijing's policy"). */
  capitals: string[];
  /** A country of the early reports whose code ISO has withdrawn (Serbia and Montenegro, Yugoslavia). */
  former: boolean;
}

/** The collection's own country: documents without a stated country belong to it, and its ids carry no slug. */
export const DEFAULT_COUNTRY = 'PRK';

interface TipEntry {
  code?: string;
  name?: string;
  slug?: string;
  aliases?: string[];
  demonyms?: string[];
}

interface WorldCountry {
  cca2: string;
  cca3: string;
  name: { common: string; official: string };
  altSpellings: string[];
  demonyms?: { eng?: { m: string; f: string } };
  capital?: string[];
}

/** Every country, ISO 3166-1 order by code, the withdrawn ones last. */
export const COUNTRIES: readonly Country[] = buildTable(
  worldCountries as WorldCountry[],
  tipNames as { countries: Record<string, TipEntry>; former: Array<Required<Omit<TipEntry, 'slug'>>> },
);

/**
 * Case, accents, full stops, curly apostrophes, "St." for "Saint", "&" for "and", hyphens, a leading "the"
 * and the inversion of the reports' chapter names do not distinguish names.
 * @example normalizeCountryName("KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF") // -> "democratic people's republic of korea"
 * @example normalizeCountryName('Bahamas, The') // -> 'bahamas'
 */
export function normalizeCountryName(name: string): string {
  const folded = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/\./g, '')
    .replace(/&/g, ' and ')
    .replace(/[-–—]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return uninvert(folded)
    .replace(/\bst\b/g, 'saint')
    .replace(/^the\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "korea, republic of" -> "republic of korea": one comma outside brackets turns the name round. */
function uninvert(name: string): string {
  let depth = 0;
  let comma = -1;
  for (let i = 0; i < name.length; i++) {
    const char = name[i];
    if (char === '(') depth++;
    else if (char === ')') depth = Math.max(0, depth - 1);
    else if (char === ',' && depth === 0) {
      if (comma !== -1) return name;
      comma = i;
    }
  }
  return comma === -1 ? name : `${name.slice(comma + 1).trim()} ${name.slice(0, comma).trim()}`;
}

const byCode = new Map(COUNTRIES.map((country) => [country.code, country]));
const byName = nameIndex(COUNTRIES);
const byDemonym = demonymIndex(COUNTRIES);

/**
 * The country a name, alias or code stands for; a bracketed remark ("CHINA (INCLUDES TIBET, ...)") is
 * tried without when the whole is not a name.
 * @example findCountry('DPRK')?.code // -> 'PRK'
 * @example findCountry("KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF")?.code // -> 'PRK'
 * @example findCountry('Congo, Democratic Republic of the')?.code // -> 'COD'
 */
export function findCountry(name: string): Country | undefined {
  const found = byName.get(normalizeCountryName(name));
  if (found || !/\(.*\)/.test(name)) return found;
  return byName.get(normalizeCountryName(name.replace(/\s*\([^)]*\)\s*/g, ' ')));
}

/** The country with this alpha-3 code; undefined for codes not in the table. */
export function countryByCode(code: string): Country | undefined {
  return byCode.get(code);
}

/**
 * The countries whose people a word names, singular or plural; several for a shared word.
 * @example countriesOfDemonym('Chinese').map((c) => c.code) // -> ['CHN']
 * @example countriesOfDemonym('South Koreans').map((c) => c.code) // -> ['KOR']
 * @example countriesOfDemonym('Congolese').map((c) => c.code) // -> ['COD', 'COG']
 */
export function countriesOfDemonym(word: string): Country[] {
  const key = normalizeCountryName(word);
  return byDemonym.get(key) ?? (key.endsWith('s') ? byDemonym.get(key.slice(0, -1)) : undefined) ?? [];
}

function buildTable(
  world: WorldCountry[],
  tip: { countries: Record<string, TipEntry>; former: Array<Required<Omit<TipEntry, 'slug'>>> },
): Country[] {
  const countries = world.map((entry) => {
    const extra = tip.countries[entry.cca3] ?? {};
    const name = extra.name ?? entry.name.common;
    const spellings = entry.altSpellings.filter((spelling) => spelling !== entry.cca2);
    const demonyms = entry.demonyms?.eng
      ? [entry.demonyms.eng.m, entry.demonyms.eng.f].flatMap((word) => word.split(/\s+or\s+/))
      : [];
    return {
      code: extra.code ?? entry.cca3,
      name,
      slug: extra.slug ?? slugOf(name),
      aliases: unique(
        [entry.name.common, entry.name.official, ...spellings, ...(extra.aliases ?? [])].filter(
          (alias) => alias !== name && isLatin(alias),
        ),
      ),
      demonyms: unique([...demonyms, ...(extra.demonyms ?? [])].filter((word) => word.trim() !== '')),
      capitals: (entry.capital ?? []).filter(isLatin),
      former: false,
    };
  });
  const former = tip.former.map((entry) => ({ ...entry, slug: slugOf(entry.name), capitals: [], former: true }));
  return [...countries.sort((a, b) => (a.code < b.code ? -1 : 1)), ...former];
}

/**
 * Names to countries. Where two countries share a normalized name, the stronger claim keeps it (the
 * displayed name over the reports' aliases over world-countries' spellings); an equal claim leaves it
 * to neither, since guessing would file a chapter under the wrong country.
 */
function nameIndex(countries: readonly Country[]): Map<string, Country> {
  const claims = new Map<string, { country: Country; strength: number } | null>();
  const claim = (name: string, country: Country, strength: number) => {
    const key = normalizeCountryName(name);
    if (key.length < 2) return;
    const held = claims.get(key);
    if (held === undefined || (held !== null && strength > held.strength)) claims.set(key, { country, strength });
    else if (held !== null && held.country !== country && strength === held.strength) claims.set(key, null);
  };
  for (const country of countries) {
    claim(country.code, country, 3);
    claim(country.name, country, 3);
    claim(country.slug, country, 2);
    for (const alias of country.aliases) claim(alias, country, 1);
  }
  const index = new Map<string, Country>();
  for (const [key, held] of claims) if (held) index.set(key, held.country);
  return index;
}

function demonymIndex(countries: readonly Country[]): Map<string, Country[]> {
  const index = new Map<string, Country[]>();
  for (const country of countries) {
    for (const demonym of country.demonyms) {
      const key = normalizeCountryName(demonym);
      const held = index.get(key) ?? [];
      if (!held.includes(country)) index.set(key, [...held, country]);
    }
  }
  return index;
}

/** "Côte d'Ivoire" -> "cote-divoire"; "The Bahamas" -> "bahamas". */
function slugOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^the-/, '');
}

function isLatin(name: string): boolean {
  return /^[\p{Script=Latin}\p{M}\s'’.,()&-]+$/u.test(name);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
