// Demonyms and the countries they name: "North Korean workers" are the reports' "DPRK workers", "Chinese
// authorities" are China's. Read as thesaurus entries (a passage naming the country is found at a lower
// weight than one using the demonym typed), built from the country table. The country library of issue 17
// will carry demonyms itself: switching to it changes `demonymsOf` below and nothing else.

import { COUNTRIES, type Country } from '../corpus/countries.ts';

/** Demonyms of the table's countries (plural forms are found by stem). */
const DEMONYMS: Record<string, string[]> = {
  PRK: ['North Korean'],
  CHN: ['Chinese'],
  RUS: ['Russian'],
  KOR: ['South Korean'],
  JPN: ['Japanese'],
  MNG: ['Mongolian'],
  VNM: ['Vietnamese'],
  LAO: ['Laotian'],
  THA: ['Thai'],
  KHM: ['Cambodian'],
  MMR: ['Burmese'],
  MYS: ['Malaysian'],
  SGP: ['Singaporean'],
  TWN: ['Taiwanese'],
  KWT: ['Kuwaiti'],
  QAT: ['Qatari'],
  ARE: ['Emirati'],
  POL: ['Polish'],
  NPL: ['Nepali', 'Nepalese'],
  KAZ: ['Kazakh', 'Kazakhstani'],
  UZB: ['Uzbek'],
  AFG: ['Afghan'],
  IND: ['Indian'],
  USA: ['American'],
};

const demonymsOf = (country: Country): string[] => DEMONYMS[country.code] ?? [];

/**
 * Thesaurus entries from demonyms to the names of their country as the reports write them (the inverted
 * catalog names, "Korea, Democratic People's Republic of", are no sentence's words and are left out).
 * @example demonymEntries()['Chinese'] // -> ['China', "People's Republic of China", 'PRC', 'P.R.C.']
 */
export function demonymEntries(countries: Country[] = COUNTRIES): Record<string, string[]> {
  const entries: Record<string, string[]> = {};
  for (const country of countries) {
    const names = [country.name, ...country.aliases.filter((alias) => !/[,(]/.test(alias))];
    for (const demonym of demonymsOf(country)) entries[demonym] = names;
  }
  return entries;
}
