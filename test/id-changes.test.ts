import { describe, expect, it } from 'vitest';
import { idChanges, resolveAlias, updateAliases } from '../server/indexer/id-changes.ts';

const p = (id: string, text: string, doc = 'd', year = 2025, country = 'PRK') => ({ id, doc, year, country, text });

describe('idChanges', () => {
  const cases = [
    {
      name: 'nothing changed',
      previous: [p('a', 'X'), p('b', 'Y')],
      current: [p('a', 'X'), p('b', 'Y')],
      expected: { moved: [], gone: [], reused: [] },
    },
    {
      name: 'whitespace does not count',
      previous: [p('a', 'X  Y')],
      current: [p('a', 'X Y')],
      expected: { moved: [], gone: [], reused: [] },
    },
    {
      name: 'a sentence moved to a new id',
      previous: [p('a', 'X'), p('b', 'Y')],
      current: [p('a', 'Y')],
      expected: { moved: [{ from: 'b', to: 'a' }], gone: [], reused: ['a'] },
    },
    {
      name: 'a sentence removed',
      previous: [p('a', 'X'), p('b', 'Y')],
      current: [p('a', 'X')],
      expected: { moved: [], gone: ['b'], reused: [] },
    },
    {
      name: 'the same text in another document is not the same sentence',
      previous: [p('a', 'X', 'd1'), p('c', 'Z', 'd2')],
      current: [p('a', 'Y', 'd1'), p('b', 'X', 'd2')],
      expected: { moved: [], gone: ['c'], reused: ['a'] },
    },
    {
      name: 'a replaced document hands its sentences to its replacement',
      previous: [p('excerpt-s1', 'X', 'excerpt')],
      current: [p('report-s4', 'X', 'report')],
      expected: { moved: [{ from: 'excerpt-s1', to: 'report-s4' }], gone: [], reused: [] },
    },
    {
      name: 'but not to another year’s document',
      previous: [p('a', 'X', 'd1', 2023)],
      current: [p('b', 'X', 'd2', 2025)],
      expected: { moved: [], gone: ['a'], reused: [] },
    },
    {
      name: 'nor to another country’s',
      previous: [p('a', 'X', 'd1', 2025, 'PRK')],
      current: [p('b', 'X', 'd2', 2025, 'CHN')],
      expected: { moved: [], gone: ['a'], reused: [] },
    },
  ];
  it.each(cases)('$name', ({ previous, current, expected }) => expect(idChanges(previous, current)).toEqual(expected));
});

describe('updateAliases and resolveAlias', () => {
  it('adds moved ids and re-points chains to a current id', () => {
    const aliases = updateAliases({ old: 'middle' }, [{ from: 'middle', to: 'now' }], new Set(['now']));
    expect(aliases).toEqual({ middle: 'now', old: 'now' });
  });

  it('drops an alias whose id is in use again, and one that leads nowhere', () => {
    expect(updateAliases({ back: 'x', lost: 'nowhere' }, [], new Set(['back', 'x']))).toEqual({});
  });

  it('survives a cycle', () => {
    expect(resolveAlias({ a: 'b', b: 'a' }, 'a', new Set(['c']))).toBeUndefined();
  });
});
