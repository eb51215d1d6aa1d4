import { describe, expect, it } from 'vitest';
import { idChanges, resolveAlias, updateAliases } from '../server/indexer/id-changes.ts';

const p = (id: string, text: string, doc = 'd') => ({ id, doc, text });

describe('idChanges', () => {
  const cases = [
    { name: 'nothing changed', previous: [p('a', 'X'), p('b', 'Y')], current: [p('a', 'X'), p('b', 'Y')], expected: { moved: [], gone: [], reused: [] } },
    { name: 'whitespace does not count', previous: [p('a', 'X  Y')], current: [p('a', 'X Y')], expected: { moved: [], gone: [], reused: [] } },
    { name: 'a sentence moved to a new id', previous: [p('a', 'X'), p('b', 'Y')], current: [p('a', 'Y')], expected: { moved: [{ from: 'b', to: 'a' }], gone: [], reused: ['a'] } },
    { name: 'a sentence removed', previous: [p('a', 'X'), p('b', 'Y')], current: [p('a', 'X')], expected: { moved: [], gone: ['b'], reused: [] } },
    { name: 'the same text in another document is not the same sentence', previous: [p('a', 'X', 'd1')], current: [p('b', 'X', 'd2')], expected: { moved: [], gone: ['a'], reused: [] } },
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
