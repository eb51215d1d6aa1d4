import { describe, expect, it } from 'vitest';
import { alignPassages, type Alignment } from '../server/analysis/align.ts';
import { comparableYears, compareYears, type YearComparison } from '../server/analysis/compare.ts';
import { SECTIONS, type Passage } from '../server/corpus/types.ts';
import { realCorpus } from './support/corpus.ts';

let real: Alignment | undefined;
const alignment = () => (real ??= alignPassages(realCorpus().passages, realCorpus().documents));
const compare = (from: number, to: number) => compareYears(alignment(), realCorpus().passages, from, to);
const section = (comparison: YearComparison, name: string) => comparison.sections.find((s) => s.section === name)!;
const reportPassagesOf = (year: number) =>
  realCorpus().passages.filter((p) => p.year === year && alignment()[p.id] !== undefined);

describe('compareYears on the real reports', () => {
  it('finds the 2025 recommendations mostly unchanged from 2023, three revised, none added or dropped', () => {
    const recommendations = section(compare(2023, 2025), 'recommendations');
    expect(recommendations).toMatchObject({ added: [], dropped: [], unchanged: 8, missing: null });
    expect(recommendations.revised.map((pair) => pair.to.text.slice(0, 40))).toEqual([
      'End the use of state-sponsored forced la',
      'Eliminate coercive tactics used to monit',
      'Cease garnishing wages of overseas worke',
    ]);
  });

  it('finds the 2025 overview revised from 2023, with a word diff of each pair', () => {
    const overview = section(compare(2023, 2025), 'overview');
    expect(overview.unchanged).toBe(1);
    expect(overview.revised.map((pair) => pair.from.id)).toEqual([
      '2023-tip-excerpt-overview-p1-s1',
      '2023-tip-excerpt-overview-p1-s2',
      '2023-tip-excerpt-overview-p1-s3',
    ]);
    const meaningful = overview.revised[1]!;
    expect(meaningful.diff).toEqual([
      { op: 'same', text: 'The government did not demonstrate any ' },
      { op: 'added', text: 'meaningful' },
      { op: 'same', text: ' efforts to address human trafficking.' },
    ]);
    expect(overview.added.map((p) => p.text)).toEqual(['The DPRK remained on Tier 3.']);
  });

  it('says which sections the 2023 excerpt lacks, rather than presenting them as new in 2025', () => {
    const comparison = compare(2023, 2025);
    expect(comparison.sections.map((s) => [s.section, s.missing])).toEqual([
      ['overview', null],
      ['recommendations', null],
      ['prosecution', 'from'],
      ['protection', 'from'],
      ['prevention', 'from'],
      ['trafficking-profile', 'from'],
    ]);
  });

  for (const [from, to] of [
    [2023, 2025],
    [2016, 2025],
    [2007, 2016],
    [2025, 2016],
    [2007, 2025],
  ] as const) {
    it(`accounts for every passage of ${from} and ${to} exactly once`, () => {
      const comparison = compare(from, to);
      const toIds = comparison.sections.flatMap((s) => [
        ...s.added.map((p) => p.id),
        ...s.revised.map((pair) => pair.to.id),
      ]);
      const fromIds = comparison.sections.flatMap((s) => [
        ...s.dropped.map((p) => p.id),
        ...s.revised.map((pair) => pair.from.id),
      ]);
      const unchanged = comparison.sections.reduce((n, s) => n + s.unchanged, 0);
      expect(new Set(toIds).size).toBe(toIds.length);
      expect(new Set(fromIds).size).toBe(fromIds.length);
      expect(toIds.length + unchanged).toBe(reportPassagesOf(to).length);
      expect(fromIds.length + unchanged).toBe(reportPassagesOf(from).length);
    });
  }

  it('lists sections in canonical order', () => {
    const order = compare(2016, 2025).sections.map((s) => SECTIONS.indexOf(s.section));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('files a sentence that moved sections under its newer section', () => {
    const profile = section(compare(2016, 2025), 'trafficking-profile');
    const stateless = profile.revised.find((pair) => pair.to.id === '2025-tip-trafficking-profile-p7-s8')!;
    expect(stateless.from.section).toBe('protection');
    expect(stateless.from.text).toContain('rendering them stateless');
  });

  it('swaps added and dropped when the years are swapped', () => {
    const forward = compare(2016, 2025);
    const backward = compare(2025, 2016);
    const ids = (passages: Passage[]) => passages.map((p) => p.id).sort();
    expect(ids(backward.sections.flatMap((s) => s.dropped))).toEqual(ids(forward.sections.flatMap((s) => s.added)));
    expect(ids(backward.sections.flatMap((s) => s.added))).toEqual(ids(forward.sections.flatMap((s) => s.dropped)));
  });

  it('compares only report years: commentary takes no part', () => {
    expect(comparableYears(alignment(), realCorpus().passages)).toEqual([2007, 2016, 2023, 2025]);
    const withCommentaryYear = compare(2016, 2019);
    expect(withCommentaryYear.sections.every((s) => s.missing === 'to' && s.added.length === 0)).toBe(true);
  });
});
