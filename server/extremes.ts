// The largest and smallest of a list of any length. `Math.max(...values)` passes every value as an
// argument and overflows the call stack past about 120,000 of them (one country's sentences in a large
// collection are more than that), so nothing here spreads a list into a call.

/**
 * The largest value, or `empty` when there are none.
 * @example largest([3, 9, 4], 0) // -> 9
 * @example largest([], 1) // -> 1
 */
export function largest(values: Iterable<number>, empty: number): number {
  let best = empty;
  let seen = false;
  for (const value of values) {
    if (!seen || value > best) best = value;
    seen = true;
  }
  return best;
}

/**
 * The smallest value, or `empty` when there are none.
 * @example smallest([3, 9, 4], 0) // -> 3
 */
export function smallest(values: Iterable<number>, empty: number): number {
  let best = empty;
  let seen = false;
  for (const value of values) {
    if (!seen || value < best) best = value;
    seen = true;
  }
  return best;
}

/** Append every item of `items` to `target` (a loop: `push(...items)` overflows the stack on long lists). */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
