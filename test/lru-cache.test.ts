// The LRU cache (decoded postings, folded page texts) holds at most its bound in bytes, dropping the least recently used first.
import { describe, expect, it } from 'vitest';
import { LruCache } from '../server/lru-cache.ts';

const cache = () => new LruCache<number[]>(100, (value) => value.length * 10);

describe('the LRU cache', () => {
  it('drops the least recently used entries past its bound in bytes', () => {
    const held = cache();
    held.set('a', [1, 2, 3]);
    held.set('b', [1, 2, 3]);
    held.set('c', [1, 2, 3]);
    expect(held.bytes).toBe(90);
    held.get('a');
    held.set('d', [1, 2]);
    expect(held.get('b')).toBeUndefined();
    expect([held.get('a'), held.get('c'), held.get('d')].every(Boolean)).toBe(true);
    expect(held.bytes).toBe(80);
  });

  it('never holds more than its bound, whatever is put in', () => {
    const held = cache();
    for (let i = 0; i < 1000; i++) {
      held.set(`key ${i}`, new Array(1 + (i % 7)).fill(i));
      expect(held.bytes).toBeLessThanOrEqual(100);
    }
  });

  it('keeps nothing larger than its bound, and counts a replaced entry once', () => {
    const held = cache();
    held.set('huge', new Array(11).fill(0));
    expect(held.get('huge')).toBeUndefined();
    held.set('a', [1]);
    held.set('a', [1, 2]);
    expect(held.bytes).toBe(20);
  });
});
