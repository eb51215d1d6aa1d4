import { describe, expect, it } from 'vitest';
import { firstInOrder } from '../server/search/evaluation/first-in-order.ts';

// Scores with ties broken by position, as the engine orders matches.
const items = Array.from({ length: 500 }, (_, position) => ({ position, score: (position * 7919) % 37 }));
const byScoreThenPosition = (a: (typeof items)[number], b: (typeof items)[number]) =>
  b.score - a.score || a.position - b.position;
const sorted = [...items].sort(byScoreThenPosition);

describe('firstInOrder', () => {
  const cases = [0, 1, 3, 20, 124, 125, 499, 500, 600];
  it.each(cases)('gives the first %i items a full sort would give, in order', (k) => {
    expect(firstInOrder(items, k, byScoreThenPosition)).toEqual(sorted.slice(0, k));
  });

  it('leaves the list it was given as it was', () => {
    const copy = [...items];
    firstInOrder(items, 10, byScoreThenPosition);
    expect(items).toEqual(copy);
  });
});
