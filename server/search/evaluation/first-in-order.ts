// The first k items of a list in a given order, without sorting the whole list: a page of 20 out of
// 300,000 matches keeps the 20 best seen so far in a binary heap whose root is the worst of them, so
// most matches cost one comparison (is it better than the 20th so far?) and the rest log k.

/**
 * The first `k` items in `order`, sorted; the same as `[...items].sort(order).slice(0, k)` for an order
 * that never ties (the engine's orders end on the passage position).
 * @example firstInOrder([5, 1, 4, 2], 2, (a, b) => a - b) // -> [1, 2]
 */
export function firstInOrder<T>(items: ArrayLike<T>, k: number, order: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  // The kept items, worst first: heap[0] is the one a better item replaces.
  const heap: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (heap.length < k) {
      heap.push(item);
      siftUp(heap, heap.length - 1, order);
    } else if (order(item, heap[0]!) < 0) {
      heap[0] = item;
      siftDown(heap, order);
    }
  }
  return heap.sort(order);
}

/** Move the item at `at` up while it comes after its parent (the worst rises to the root). */
function siftUp<T>(heap: T[], at: number, order: (a: T, b: T) => number): void {
  const item = heap[at]!;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (order(item, heap[parent]!) <= 0) break;
    heap[at] = heap[parent]!;
    at = parent;
  }
  heap[at] = item;
}

/** Move the root down while a child comes after it. */
function siftDown<T>(heap: T[], order: (a: T, b: T) => number): void {
  const item = heap[0]!;
  let at = 0;
  for (;;) {
    const left = 2 * at + 1;
    if (left >= heap.length) break;
    const right = left + 1;
    const later = right < heap.length && order(heap[right]!, heap[left]!) > 0 ? right : left;
    if (order(heap[later]!, item) <= 0) break;
    heap[at] = heap[later]!;
    at = later;
  }
  heap[at] = item;
}
