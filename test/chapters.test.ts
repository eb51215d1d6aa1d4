// Chapter headings of the full reports in both styles, where chapters end, and the country table behind them.
import { describe, expect, it } from 'vitest';
import { findChapters, parseChapterHeading, selectChapter } from '../server/import/chapters.ts';
import { findCountry } from '../server/corpus/countries.ts';

describe('parseChapterHeading', () => {
  const cases = [
    {
      line: 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF: TIER 3',
      name: 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF',
      tier: 3,
      country: 'PRK',
    },
    { line: 'NORTH KOREA (Tier 3)', name: 'NORTH KOREA', tier: 3, country: 'PRK' },
    {
      line: "## KOREA, DEMOCRATIC PEOPLE'S REPUBLIC OF (Tier 3)",
      name: "KOREA, DEMOCRATIC PEOPLE'S REPUBLIC OF",
      tier: 3,
      country: 'PRK',
    },
    {
      line: 'CHINA (includes Tibet, Hong Kong, and Macau): TIER 3',
      name: 'CHINA (includes Tibet, Hong Kong, and Macau)',
      tier: 3,
      country: 'CHN',
    },
    { line: 'RUSSIA: TIER 3', name: 'RUSSIA', tier: 3, country: 'RUS' },
    { line: 'KOREA, REPUBLIC OF: TIER 1', name: 'KOREA, REPUBLIC OF', tier: 1, country: 'KOR' },
    { line: 'MONGOLIA: TIER 2 WATCH LIST', name: 'MONGOLIA', tier: '2-watch-list', country: 'MNG' },
    { line: 'LIBYA: SPECIAL CASE', name: 'LIBYA', tier: 'special-case', country: 'LBY' },
  ];
  it.each(cases)('reads "$line"', ({ line, name, tier, country }) => {
    const heading = parseChapterHeading(line);
    expect(heading).toMatchObject({ name, tier });
    expect(heading?.country?.code).toBe(country);
  });

  const notHeadings = [
    'The DPRK remained on Tier 3.',
    'NORTH KOREA (Tier 3) Extracted from the U.S. State Dept 2023 TIP Report',
    'PROSECUTION',
    'PRIORITIZED RECOMMENDATIONS:',
    'Tier 3 countries do not meet minimum standards',
  ];
  it.each(notHeadings)('does not take "%s" for a chapter heading', (line) => {
    expect(parseChapterHeading(line)).toBeNull();
  });
});

describe('findChapters and selectChapter', () => {
  const lines = [
    '2025 TRAFFICKING IN PERSONS REPORT',
    'KIRIBATI: TIER 2',
    'text',
    'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF: TIER 3',
    'text',
    'PROSECUTION',
    'text',
    'ZIMBABWE: TIER 2',
    'text',
    'RELEVANT INTERNATIONAL CONVENTIONS',
    'table',
  ];

  it('ends each chapter at the next chapter heading, and the last one at the back matter', () => {
    expect(findChapters(lines).map(({ name, start, end }) => ({ name, start, end }))).toEqual([
      { name: 'KIRIBATI', start: 1, end: 3 },
      { name: 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF', start: 3, end: 7 },
      { name: 'ZIMBABWE', start: 7, end: 9 },
    ]);
  });

  it('selects a chapter by the country an alias names, and lists the chapters found when there is none', () => {
    expect(selectChapter(findChapters(lines), findCountry('DPRK')!, 'report.pdf').start).toBe(3);
    expect(() => selectChapter(findChapters(lines), findCountry('PRC')!, 'report.pdf')).toThrow(
      'report.pdf: has no chapter for China; chapters found: KIRIBATI; KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF; ZIMBABWE',
    );
  });
});

describe('the country table', () => {
  const cases = [
    ['North Korea', 'PRK'],
    ['DPRK', 'PRK'],
    ['D.P.R.K.', 'PRK'],
    ['the Democratic People’s Republic of Korea', 'PRK'],
    ['prk', 'PRK'],
    ['China', 'CHN'],
    ['PRC', 'CHN'],
    ["People's Republic of China", 'CHN'],
    ['Russia', 'RUS'],
    ['Russian Federation', 'RUS'],
    ['South Korea', 'KOR'],
    ['Korea, Republic of', 'KOR'],
    ['Burma', 'MMR'],
    ['Myanmar', 'MMR'],
  ];
  it.each(cases)('finds %s as %s', (name, code) => {
    expect(findCountry(name!)?.code).toBe(code);
  });

  it('does not guess: "Korea" alone is no country', () => {
    expect(findCountry('Korea')).toBeUndefined();
  });
});
