import { describe, expect, it } from 'vitest';
import { checkMetadata, detectMetadata } from '../server/corpus/detect.ts';
import { realCorpus } from './support/corpus.ts';
import type { CatalogEntry } from '../server/corpus/types.ts';
import { catalogEntry } from './support/catalog-entry.ts';

const report = { type: 'report', publisher: 'U.S. Department of State' } as const;
const entry = (overrides: Partial<CatalogEntry>): CatalogEntry =>
  catalogEntry({ file: 'x.txt', title: 't', country: 'PRK', report: 'r', ...overrides }) as CatalogEntry;

describe('detectMetadata', () => {
  const cases = [
    { input: 'U.S. Department of State 2007 Trafficking in Persons Report - North Korea', year: 2007 },
    { input: 'NORTH KOREA (Tier 3) Extracted in part from the U.S. State Dept 2023 TIP Report', year: 2023 },
    { input: '### **2016 Trafficking in Persons Report**', year: 2016 },
    { input: 'The Trafficking in Persons Report 2024 says', year: 2024 },
  ];
  it.each(cases)('reads the year from "$input"', ({ input, year }) => {
    expect(detectMetadata(input, report).year).toEqual({ value: year, line: 1 });
  });

  it('reads publication dates written day-first and month-first', () => {
    expect(detectMetadata('x\nPublication Date 12 June 2007', report).published).toEqual({
      value: '2007-06-12',
      line: 2,
    });
    expect(detectMetadata('Published July 24, 2019', report).published).toEqual({ value: '2019-07-24', line: 1 });
  });

  it('reads a tier from a narrative, never from a commentary that discusses all tiers', () => {
    expect(detectMetadata("KOREA, DEMOCRATIC PEOPLE'S REPUBLIC OF (Tier 3)", report).tier?.value).toBe(3);
    expect(
      detectMetadata('Tier 1 countries are fully meeting minimum standards.', { type: 'commentary', publisher: 'KEI' })
        .tier,
    ).toBeUndefined();
  });

  it('tells the Tier 2 Watch List from Tier 2, and a special case from the tier its history names', () => {
    expect(detectMetadata('MONGOLIA: TIER 2 WATCH LIST', report).tier?.value).toBe('2-watch-list');
    expect(detectMetadata('MONGOLIA (Tier 2)', report).tier?.value).toBe(2);
    expect(detectMetadata('LIBYA: SPECIAL CASE\nIn earlier reports Libya was placed on Tier 3.', report).tier).toEqual({
      value: 'special-case',
      line: 1,
    });
  });

  it('finds the publisher under the names the reports use', () => {
    expect(detectMetadata('Office To Monitor and Combat Trafficking in Persons', report).publisher?.value).toBe(
      'U.S. Department of State',
    );
    expect(detectMetadata('U.S. DEPARTMENT *of* STATE', report).publisher?.line).toBe(1);
  });
});

describe('checkMetadata', () => {
  it('reports a year, tier or date contradiction with the line it was read from', () => {
    const detected = {
      year: { value: 2023, line: 3 },
      tier: { value: 2 as const, line: 4 },
      published: { value: '2023-06-15', line: 9 },
    };
    expect(checkMetadata(detected, entry({ year: 2024, tier: 3, published: '2023-06-16' })).errors).toEqual([
      { line: 3, message: 'the text is the 2023 report but the catalog gives year 2024' },
      { line: 4, message: 'the text places the country on Tier 2 but the catalog gives tier 3' },
      { line: 9, message: 'the text gives the publication date 2023-06-15 but the catalog gives 2023-06-16' },
    ]);
  });

  it('accepts a catalog written before the Watch List and special cases were told apart, and nothing else', () => {
    const watchList = { tier: { value: '2-watch-list' as const, line: 2 } };
    expect(checkMetadata(watchList, entry({ tier: 2, year: 2024 })).errors.filter((e) => e.line === 2)).toEqual([]);
    expect(checkMetadata(watchList, entry({ tier: 3 })).errors.filter((e) => e.line === 2)).toEqual([
      { line: 2, message: 'the text places the country on Tier 2 Watch List but the catalog gives tier 3' },
    ]);
    expect(
      checkMetadata({ tier: { value: 'special-case', line: 1 } }, entry({ tier: null })).errors.filter(
        (e) => e.line === 1,
      ),
    ).toEqual([]);
    expect(
      checkMetadata({ tier: { value: 2, line: 1 } }, entry({ tier: '2-watch-list' })).errors.filter(
        (e) => e.line === 1,
      ),
    ).toHaveLength(1);
  });

  it('warns, without failing, when the text states no year, tier or publisher', () => {
    const check = checkMetadata({}, entry({}));
    expect(check.errors).toEqual([]);
    expect(check.warnings).toHaveLength(3);
  });

  it('agrees with the catalog for all five seeds', () => {
    const corpus = realCorpus();
    expect(corpus.warnings).toEqual([]);
    expect(
      corpus.documents.map((d) => [
        d.id,
        d.detected.year?.value,
        d.detected.tier?.value ?? null,
        d.detected.published?.value ?? null,
      ]),
    ).toEqual([
      ['2007-tip', 2007, 3, '2007-06-12'],
      ['2016-tip', 2016, 3, null],
      ['2019-king-keia', 2019, null, '2019-07-24'],
      ['2023-tip-excerpt', 2023, 3, null],
      ['2025-tip', 2025, 3, null],
    ]);
  });
});
