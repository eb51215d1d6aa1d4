// The country table: ISO 3166-1 alpha-3 codes with the names the TIP reports, their archive copies and
// researchers use for each country. One table for the catalog, the importer and the `country:` filter.
// The reports list chapters under inverted names ("KOREA, DEMOCRATIC PEOPLE'S REPUBLIC OF") since about
// 2010 and under common names ("NORTH KOREA") before; both are here.

export interface Country {
  /** ISO 3166-1 alpha-3 code, e.g. `PRK`. */
  code: string;
  /** The name shown in facets and badges. */
  name: string;
  /** The readable part of document ids for this country (`2025-tip-china`); North Korea's ids have none. */
  slug: string;
  /** Other names, including the inverted chapter names and initialisms; matched case- and punctuation-blind. */
  aliases: string[];
}

/** The collection's own country: documents without a stated country belong to it, and its ids carry no slug. */
export const DEFAULT_COUNTRY = 'PRK';

export const COUNTRIES: Country[] = [
  {
    code: 'PRK',
    name: 'North Korea',
    slug: 'north-korea',
    aliases: ["Democratic People's Republic of Korea", "Korea, Democratic People's Republic of", "Korea, Democratic People's Rep.", 'DPRK', 'D.P.R.K.', 'Korea, North', 'N. Korea'],
  },
  { code: 'CHN', name: 'China', slug: 'china', aliases: ["People's Republic of China", "China, People's Republic of", 'PRC', 'P.R.C.', 'China (includes Tibet, Hong Kong, and Macau)', 'China (includes Tibet, Hong Kong, and Macao)'] },
  { code: 'RUS', name: 'Russia', slug: 'russia', aliases: ['Russian Federation', 'Russia Federation'] },
  { code: 'KOR', name: 'South Korea', slug: 'south-korea', aliases: ['Republic of Korea', 'Korea, Republic of', 'ROK', 'R.O.K.', 'Korea, South'] },
  { code: 'JPN', name: 'Japan', slug: 'japan', aliases: [] },
  { code: 'MNG', name: 'Mongolia', slug: 'mongolia', aliases: [] },
  { code: 'VNM', name: 'Vietnam', slug: 'vietnam', aliases: ['Viet Nam', 'Socialist Republic of Vietnam'] },
  { code: 'LAO', name: 'Laos', slug: 'laos', aliases: ["Lao People's Democratic Republic", 'Lao PDR'] },
  { code: 'THA', name: 'Thailand', slug: 'thailand', aliases: [] },
  { code: 'KHM', name: 'Cambodia', slug: 'cambodia', aliases: [] },
  { code: 'MMR', name: 'Burma', slug: 'burma', aliases: ['Myanmar'] },
  { code: 'MYS', name: 'Malaysia', slug: 'malaysia', aliases: [] },
  { code: 'SGP', name: 'Singapore', slug: 'singapore', aliases: [] },
  { code: 'TWN', name: 'Taiwan', slug: 'taiwan', aliases: [] },
  { code: 'KWT', name: 'Kuwait', slug: 'kuwait', aliases: [] },
  { code: 'QAT', name: 'Qatar', slug: 'qatar', aliases: [] },
  { code: 'ARE', name: 'United Arab Emirates', slug: 'uae', aliases: ['UAE', 'U.A.E.'] },
  { code: 'POL', name: 'Poland', slug: 'poland', aliases: [] },
  { code: 'NPL', name: 'Nepal', slug: 'nepal', aliases: [] },
  { code: 'KAZ', name: 'Kazakhstan', slug: 'kazakhstan', aliases: [] },
  { code: 'UZB', name: 'Uzbekistan', slug: 'uzbekistan', aliases: [] },
  { code: 'AFG', name: 'Afghanistan', slug: 'afghanistan', aliases: [] },
  { code: 'IND', name: 'India', slug: 'india', aliases: [] },
  { code: 'USA', name: 'United States', slug: 'united-states', aliases: ['United States of America', 'USA', 'U.S.'] },
];

/** Case, curly apostrophes, full stops and "the" do not distinguish names. */
export function normalizeCountryName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/\./g, '')
    .replace(/^the\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const byName = new Map<string, Country>();
for (const country of COUNTRIES) {
  for (const name of [country.code, country.name, country.slug, ...country.aliases]) byName.set(normalizeCountryName(name), country);
}

/**
 * The country a name, alias or code stands for.
 * @example findCountry('DPRK')?.code // -> 'PRK'
 * @example findCountry("KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF")?.code // -> 'PRK'
 */
export function findCountry(name: string): Country | undefined {
  return byName.get(normalizeCountryName(name));
}

/** The country with this alpha-3 code; undefined for codes not in the table. */
export function countryByCode(code: string): Country | undefined {
  return COUNTRIES.find((country) => country.code === code);
}
