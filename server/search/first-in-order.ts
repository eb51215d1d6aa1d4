// The first k items of a list in a given order, without sorting the whole list: a page of 20 out of
// 300,000 matches costs one comparison for most matches (is it better than the 20th so far?) instead of
// a sort's n log n.

/**
 * The first `k` items in `order`, sorted; the same as `[...items].sort(order).slice(0, k)` for an order
 * that never ties (the engine's orders end on the passage position).
 * @example firstInOrder([5, 1, 4, 2], 2, (a, b) => a - b) // -> [1, 2]
 */
export function firstInOrder<T>(items: readonly T[], k: number, order: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  // Past a quarter of the list, insertion into the kept few costs more than a sort.
  if (k * 4 >= items.length) return [...items].sort(order).slice(0, k);
  const kept: T[] = [];
  for (const item of items) {
    if (kept.length === k && order(item, kept[k - 1]!) >= 0) continue;
    let low = 0;
    let high = kept.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (order(kept[middle]!, item) <= 0) low = middle + 1;
      else high = middle;
    }
    kept.splice(low, 0, item);
    if (kept.length > k) kept.pop();
  }
  return kept;
}
