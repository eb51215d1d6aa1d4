// LazyMap: filled on first use, whichever method comes first, then a plain Map.
import { describe, expect, it } from 'vitest';
import { LazyMap } from '../server/search/storage/lazy-map.ts';

const fresh = () => {
  let fills = 0;
  const map = new LazyMap<string, number>((set) => {
    fills++;
    set('a', 1);
    set('b', 2);
  });
  return { map, fills: () => fills };
};

const FIRST_USES: Array<{
  name: string;
  use: (map: Map<string, number>) => unknown;
  entries: Array<[string, number]>;
}> = [
  {
    name: 'get',
    use: (map) => map.get('a'),
    entries: [
      ['a', 1],
      ['b', 2],
    ],
  },
  {
    name: 'has',
    use: (map) => map.has('z'),
    entries: [
      ['a', 1],
      ['b', 2],
    ],
  },
  {
    name: 'size',
    use: (map) => map.size,
    entries: [
      ['a', 1],
      ['b', 2],
    ],
  },
  {
    name: 'set',
    use: (map) => map.set('c', 3),
    entries: [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ],
  },
  {
    name: 'set over a filled key',
    use: (map) => map.set('a', 9),
    entries: [
      ['a', 9],
      ['b', 2],
    ],
  },
  { name: 'delete', use: (map) => map.delete('a'), entries: [['b', 2]] },
  {
    name: 'iteration',
    use: (map) => [...map],
    entries: [
      ['a', 1],
      ['b', 2],
    ],
  },
  {
    name: 'forEach',
    use: (map) => map.forEach(() => {}),
    entries: [
      ['a', 1],
      ['b', 2],
    ],
  },
  {
    name: 'keys',
    use: (map) => [...map.keys()],
    entries: [
      ['a', 1],
      ['b', 2],
    ],
  },
  {
    name: 'values',
    use: (map) => [...map.values()],
    entries: [
      ['a', 1],
      ['b', 2],
    ],
  },
  { name: 'clear', use: (map) => map.clear(), entries: [] },
];

describe('LazyMap', () => {
  for (const { name, use, entries } of FIRST_USES) {
    it(`is filled once, before ${name} acts, when ${name} is its first use`, () => {
      const { map, fills } = fresh();
      expect(map.pending).toBe(true);
      use(map);
      expect([...map.entries()]).toEqual(entries);
      expect(map.pending).toBe(false);
      expect(fills()).toBe(name === 'clear' ? 0 : 1);
    });
  }

  it('passes for a Map wherever one is read: its entries copied, its tag, forEach naming it', () => {
    const { map } = fresh();
    expect(new Map(map)).toEqual(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    );
    expect(Object.prototype.toString.call(fresh().map)).toBe('[object Map]');
    const seen: unknown[] = [];
    map.forEach(function (this: unknown, value, key, self) {
      seen.push([key, value, self === map, this]);
    }, 'this');
    expect(seen).toEqual([
      ['a', 1, true, 'this'],
      ['b', 2, true, 'this'],
    ]);
  });

  it('a subclass may fill it through load instead of a function', () => {
    class Squares extends LazyMap<number, number> {
      protected override load(set: (key: number, value: number) => void): void {
        for (let i = 1; i <= 3; i++) set(i, i * i);
      }
    }
    const squares = new Squares();
    expect(squares.pending).toBe(true);
    expect(squares.get(3)).toBe(9);
    expect([...squares.keys()]).toEqual([1, 2, 3]);
  });
});
