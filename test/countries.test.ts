// The country table: every chapter heading of a recent report finds its ISO code, in the reports' own
// name forms (inverted names, "Burma", "Côte d'Ivoire", "Curaçao", "Macau"/"Macao", "Timor-Leste"); codes
// and id slugs are unique and the slugs documents already use never move; demonyms lead to countries for
// search; `--country` lists are read even when a name holds a comma.
import { describe, expect, it } from 'vitest';
import { COUNTRIES, countriesOfDemonym, countryByCode, findCountry } from '../server/corpus/countries.ts';
import { chapterRequest } from '../server/import/chapters.ts';
import reportChapters from './fixtures/report-chapters.json' with { type: 'json' };

describe('every chapter heading of a recent report', () => {
  const names = [...reportChapters.chapters, ...reportChapters.specialCases];

  it(`finds a country for each of the ${names.length} chapters of the ${reportChapters.year} report, and a different one for each`, () => {
    const missing = names.filter((name) => !findCountry(name));
    expect(missing).toEqual([]);
    const codes = names.map((name) => findCountry(name)!.code);
    expect(new Set(codes).size).toBe(names.length);
  });

  it('finds the names earlier reports used, for countries since renamed or dissolved', () => {
    expect(reportChapters.earlier.map((name) => [name, findCountry(name)?.code])).toEqual([
      ['NORTH KOREA', 'PRK'],
      ['SERBIA AND MONTENEGRO', 'SCG'],
      ['NETHERLANDS ANTILLES', 'ANT'],
      ['MACEDONIA', 'MKD'],
      ['SWAZILAND', 'SWZ'],
      ['TURKEY', 'TUR'],
      ['CZECH REPUBLIC', 'CZE'],
      ['CHINA (INCLUDES TIBET, HONG KONG, AND MACAU)', 'CHN'],
      ['ST. VINCENT AND THE GRENADINES', 'VCT'],
      ['SLOVAKIA', 'SVK'],
      ['YUGOSLAVIA, FEDERAL REPUBLIC OF', 'YUG'],
      ['EAST TIMOR', 'TLS'],
      ["COTE D'IVOIRE", 'CIV'],
      ['KOREA, SOUTH', 'KOR'],
      ['CONGO (DRC)', 'COD'],
    ]);
  });
});

describe('findCountry', () => {
  const cases: Array<[string, string | undefined]> = [
    ['KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF', 'PRK'],
    ["Korea, Democratic People's Republic of", 'PRK'],
    ['DPRK', 'PRK'],
    ['D.P.R.K.', 'PRK'],
    ['prk', 'PRK'],
    ['KOREA, REPUBLIC OF', 'KOR'],
    ['Republic of Korea', 'KOR'],
    ['CONGO, DEMOCRATIC REPUBLIC OF THE', 'COD'],
    ['CONGO, REPUBLIC OF THE', 'COG'],
    ['BAHAMAS, THE', 'BHS'],
    ['The Bahamas', 'BHS'],
    ['GAMBIA, THE', 'GMB'],
    ['MICRONESIA, FEDERATED STATES OF', 'FSM'],
    ['Burma', 'MMR'],
    ['Myanmar', 'MMR'],
    ['Côte d’Ivoire', 'CIV'],
    ['COTE D’IVOIRE', 'CIV'],
    ['Ivory Coast', 'CIV'],
    ['Curaçao', 'CUW'],
    ['CURACAO', 'CUW'],
    ['Macau', 'MAC'],
    ['Macao', 'MAC'],
    ['Timor-Leste', 'TLS'],
    ['TIMOR LESTE', 'TLS'],
    ['Cabo Verde', 'CPV'],
    ['Cape Verde', 'CPV'],
    ['TÜRKİYE', 'TUR'],
    ['Türkiye', 'TUR'],
    ['KYRGYZ REPUBLIC', 'KGZ'],
    ['Kosovo', 'XKX'],
    ['GUINEA-BISSAU', 'GNB'],
    ['SAINT VINCENT AND THE GRENADINES', 'VCT'],
    ['China (includes Tibet, Hong Kong, and Macau)', 'CHN'],
    ['PRC', 'CHN'],
    ['Russian Federation', 'RUS'],
    ['UAE', 'ARE'],
    // Not countries: a fragment of a wrapped heading, or a name two countries share.
    ['Korea', undefined],
    ['OF', undefined],
    ['THE', undefined],
    ['MACAU)', undefined],
    ['Atlantis', undefined],
  ];
  it.each(cases)('finds %s as %s', (name, code) => {
    expect(findCountry(name)?.code).toBe(code);
  });
});

describe('the table', () => {
  it('holds every ISO 3166-1 country, each under a unique three-letter code and a unique id slug', () => {
    expect(COUNTRIES.length).toBeGreaterThanOrEqual(249);
    expect(COUNTRIES.every((country) => /^[A-Z]{3}$/.test(country.code))).toBe(true);
    expect(new Set(COUNTRIES.map((c) => c.code)).size).toBe(COUNTRIES.length);
    expect(new Set(COUNTRIES.map((c) => c.slug)).size).toBe(COUNTRIES.length);
    expect(COUNTRIES.every((country) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(country.slug))).toBe(true);
  });

  it('keeps the names and id slugs documents already use, so no permalink moves', () => {
    const before: Record<string, [string, string]> = {
      PRK: ['North Korea', 'north-korea'],
      CHN: ['China', 'china'],
      RUS: ['Russia', 'russia'],
      KOR: ['South Korea', 'south-korea'],
      JPN: ['Japan', 'japan'],
      MNG: ['Mongolia', 'mongolia'],
      VNM: ['Vietnam', 'vietnam'],
      LAO: ['Laos', 'laos'],
      THA: ['Thailand', 'thailand'],
      KHM: ['Cambodia', 'cambodia'],
      MMR: ['Burma', 'burma'],
      MYS: ['Malaysia', 'malaysia'],
      SGP: ['Singapore', 'singapore'],
      TWN: ['Taiwan', 'taiwan'],
      KWT: ['Kuwait', 'kuwait'],
      QAT: ['Qatar', 'qatar'],
      ARE: ['United Arab Emirates', 'uae'],
      POL: ['Poland', 'poland'],
      NPL: ['Nepal', 'nepal'],
      KAZ: ['Kazakhstan', 'kazakhstan'],
      UZB: ['Uzbekistan', 'uzbekistan'],
      AFG: ['Afghanistan', 'afghanistan'],
      IND: ['India', 'india'],
      USA: ['United States', 'united-states'],
    };
    for (const [code, [name, slug]] of Object.entries(before))
      expect([countryByCode(code)?.name, countryByCode(code)?.slug]).toEqual([name, slug]);
  });

  it('gives every country its names, aliases and demonyms for search to use', () => {
    expect(countryByCode('PRK')).toMatchObject({ name: 'North Korea', demonyms: ['North Korean'] });
    expect(countryByCode('PRK')!.aliases).toEqual(
      expect.arrayContaining([
        "Democratic People's Republic of Korea",
        'DPRK',
        "Korea, Democratic People's Republic of",
      ]),
    );
    expect(countryByCode('MMR')!.aliases).toContain('Myanmar');
  });
});

describe('countriesOfDemonym', () => {
  const cases: Array<[string, string[]]> = [
    ['Chinese', ['CHN']],
    ['South Korean', ['KOR']],
    ['South Koreans', ['KOR']],
    ['North Korean', ['PRK']],
    ['north koreans', ['PRK']],
    ['Burmese', ['MMR']],
    ['Russian', ['RUS']],
    ['Filipinos', ['PHL']],
    ['Congolese', ['COD', 'COG']],
    ['Korean', []],
    ['Martian', []],
  ];
  it.each(cases)('reads %s as %j', (word, codes) => {
    expect(countriesOfDemonym(word).map((c) => c.code)).toEqual(codes);
  });
});

describe('chapterRequest (--country)', () => {
  const code = (request: ReturnType<typeof chapterRequest>) =>
    Array.isArray(request) ? request.map((c) => c.code) : request;
  const cases: Array<[string, unknown]> = [
    ['all', 'all'],
    ['ALL', 'all'],
    ['China,Russia,North Korea', ['CHN', 'RUS', 'PRK']],
    ['China, Russia, DPRK', ['CHN', 'RUS', 'PRK']],
    ['Korea, Republic of, China', ['KOR', 'CHN']],
    ['Congo, Democratic Republic of the, Congo, Republic of the', ['COD', 'COG']],
    ['China, China', ['CHN']],
    ['China, Atlantis', { unknown: 'Atlantis' }],
  ];
  it.each(cases)('reads %s', (value, expected) => {
    expect(code(chapterRequest(value))).toEqual(expected);
  });
});
