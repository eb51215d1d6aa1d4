// Hit lists: AND, OR and NOT as merges of sorted typed arrays give what the Map-based evaluation gave:
// the same positions, scores added (OR, AND) or the better kept (synonyms), matchers joined in order.
import { describe, expect, it } from 'vitest';
import {
  HitList,
  intersect,
  MatcherTable,
  seek,
  subtract,
  union,
  unionBest,
} from '../server/search/evaluation/hit-list.ts';
import type { Matcher } from '../server/search/evaluation/engine.ts';
import { mulberry32 } from '../bench/corpus-generator.ts';

type Plain = Map<number, { score: number; matchers: Matcher[] }>;

const table = new MatcherTable();
const matcher = (word: string): Matcher[] => [{ kind: 'terms', key: 'stem', values: new Set([word]) }];
const [a, b] = [table.add(matcher('a')), table.add(matcher('b'))];

/** A pseudo-random sorted list of positions below `range`, with scores, all matched by one matcher set. */
function list(seed: number, count: number, range: number, matcherId: number): HitList {
  const random = mulberry32(seed);
  const positions = new Set<number>();
  while (positions.size < count) positions.add(Math.floor(random() * range));
  const sorted = Int32Array.from([...positions].sort((p, q) => p - q));
  return new HitList(
    sorted,
    Float64Array.from(sorted, (p) => (p % 7) + 0.5),
    new Int32Array(sorted.length).fill(matcherId),
    table,
  );
}

const plain = (hits: HitList): Plain => new Map(Array.from(hits.positions, (position, i) => [position, hits.hit(i)]));

const cases = [
  { name: 'lists of like sizes', left: list(1, 300, 1000, a), right: list(2, 300, 1000, b) },
  { name: 'a short list and a long one (galloping)', left: list(3, 5, 100_000, a), right: list(4, 20_000, 100_000, b) },
  { name: 'a long list and a short one', left: list(5, 20_000, 100_000, a), right: list(6, 5, 100_000, b) },
  { name: 'an empty list', left: list(7, 100, 1000, a), right: HitList.empty(table) },
];

describe('hit lists', () => {
  it.each(cases)('AND of $name: positions in both, scores added left first, matchers joined', ({ left, right }) => {
    const expected = [...plain(left)]
      .filter(([position]) => plain(right).has(position))
      .map(([position, hit]) => [
        position,
        hit.score + plain(right).get(position)!.score,
        [...hit.matchers, ...plain(right).get(position)!.matchers],
      ]);
    const found = intersect(left, right);
    expect(Array.from(found.positions, (position, i) => [position, found.scores[i], found.hit(i).matchers])).toEqual(
      expected,
    );
  });

  it.each(cases)('OR of $name: every position once, ascending, scores added where both hold it', ({ left, right }) => {
    const expected = new Map(plain(left));
    for (const [position, hit] of plain(right)) {
      const other = expected.get(position);
      expected.set(
        position,
        other ? { score: other.score + hit.score, matchers: [...other.matchers, ...hit.matchers] } : hit,
      );
    }
    const found = union(left, right);
    expect([...found.positions]).toEqual([...expected.keys()].sort((p, q) => p - q));
    expect(plain(found)).toEqual(expected);
    expect(plain(unionBest(left, right)).get(found.positions[0]!)!.score).toBe(
      Math.max(...[left, right].map((hits) => plain(hits).get(found.positions[0]!)?.score ?? -Infinity)),
    );
  });

  it.each(cases)('NOT of $name: the left positions the right lacks, as they were', ({ left, right }) => {
    expect(plain(subtract(left, right))).toEqual(
      new Map([...plain(left)].filter(([position]) => !plain(right).has(position))),
    );
  });

  it('whereMarked keeps the positions whose value the mask marks (or does not), and is the list itself when all pass', () => {
    const hits = list(8, 500, 10_000, a);
    // Value id = position mod 3; the mask marks value 0.
    const ids = Uint32Array.from({ length: 10_000 }, (_, position) => position % 3);
    const mask = Uint8Array.from([1, 0, 0]);
    const kept = hits.whereMarked(ids, mask, 1);
    expect([...kept.positions]).toEqual([...hits.positions].filter((position) => position % 3 === 0));
    expect([...kept.scores]).toEqual(
      [...hits.positions].flatMap((position, i) => (position % 3 === 0 ? [hits.scores[i]] : [])),
    );
    expect([...hits.whereMarked(ids, mask, 0).positions]).toEqual(
      [...hits.positions].filter((position) => position % 3 !== 0),
    );
    expect(hits.whereMarked(ids, Uint8Array.from([1, 1, 1]), 1)).toBe(hits);
  });

  it('finds a position by binary search, -1 when absent', () => {
    const hits = list(9, 50, 1000, a);
    hits.positions.forEach((position, i) => {
      expect(hits.indexOf(position)).toBe(i);
    });
    expect(hits.indexOf(-5)).toBe(-1);
    expect(hits.indexOf(1001)).toBe(-1);
  });

  const seeks = [
    { from: 0, target: 0, expected: 0 },
    { from: 0, target: 5, expected: 2 },
    { from: 2, target: 5, expected: 2 },
    { from: 0, target: 6, expected: 3 },
    { from: 1, target: 100, expected: 6 },
    { from: 6, target: 1, expected: 6 },
  ];
  it.each(seeks)('seek from $from to the first position at least $target: $expected', ({ from, target, expected }) => {
    expect(seek(Int32Array.from([0, 3, 5, 8, 13, 21]), from, target)).toBe(expected);
  });
});
