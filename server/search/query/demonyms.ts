// Demonyms and the countries they name, both ways: "North Korean workers" are the reports' "DPRK workers",
// and what "China" does the reports often say "Chinese authorities" do ("how does China treat refugees":
// "If found by Chinese authorities, victims are often forcibly repatriated"). Read as thesaurus entries (a
// passage using the other word is found at a lower weight than one using the word typed), built from the
// country table's demonyms (world-countries' plus the reports' own, server/corpus/countries.ts). A capital
// reaches its country the same way ("Pyongyang" for the government of North Korea).

import { COUNTRIES, type Country } from '../../corpus/countries.ts';

const demonymsOf = (country: Country): readonly string[] => country.demonyms;

/**
 * Thesaurus entries from demonyms to the names of their country as the reports write them (the inverted
 * catalog names, "Korea, Democratic People's Republic of", are no sentence's words and are left out).
 * @example demonymEntries()['Chinese'] // -> ['China', "People's Republic of China", 'PRC', 'P.R.C.']
 */
export function demonymEntries(countries: readonly Country[] = COUNTRIES): Record<string, string[]> {
  const entries: Record<string, string[]> = {};
  for (const country of countries) {
    const names = [country.name, ...country.aliases.filter((alias) => !/[,(]/.test(alias))];
    // A shared word ("Congolese") names every country it belongs to.
    for (const demonym of demonymsOf(country)) entries[demonym] = [...new Set([...(entries[demonym] ?? []), ...names])];
  }
  return entries;
}

/**
 * Thesaurus entries from the names of a country as the reports write them to its demonyms.
 * @example countryEntries()['China'] // -> ['Chinese']
 */
export function countryEntries(countries: readonly Country[] = COUNTRIES): Record<string, string[]> {
  const entries: Record<string, string[]> = {};
  for (const country of countries) {
    const demonyms = demonymsOf(country);
    if (demonyms.length === 0) continue;
    for (const name of [country.name, ...country.aliases.filter((alias) => !/[,(]/.test(alias))])
      entries[name] = [...new Set([...(entries[name] ?? []), ...demonyms])];
  }
  return entries;
}

/**
 * Thesaurus entries from a capital to its country's names and demonyms: a capital stands for the
 * government that sits there ("does Beijing return refugees": "Chinese authorities", "the PRC").
 * @example capitalEntries()['Pyongyang'] // -> ['North Korea', 'DPRK', ..., 'North Korean']
 */
export function capitalEntries(countries: readonly Country[] = COUNTRIES): Record<string, string[]> {
  const entries: Record<string, string[]> = {};
  for (const country of countries) {
    const names = [country.name, ...country.aliases.filter((alias) => !/[,(]/.test(alias)), ...demonymsOf(country)];
    for (const capital of country.capitals) entries[capital] = [...new Set([...(entries[capital] ?? []), ...names])];
  }
  return entries;
}
