// A Map whose entries are put in by a function the first time anything reads or changes it: how the
// packed search index hands MiniSearch the Maps it expects without building them at load
// (packed-index.ts, packed-postings.ts). Each of its methods fills it first, so whatever MiniSearch's
// code does with it, it does to the full Map.
//
// Not a subclass of Map: a Map allocates its table when made, about 230 bytes, and the term tree of
// a million passages has a LazyMap per term (74,000): 17 MB of a 78 MB heap at start, which V8 copied
// between its generations while the index loaded. This one makes its Map on first use. MiniSearch's
// code only calls a term's methods (it never tests `instanceof Map`); test/passage-index.test.ts runs
// its searches, adds, removes, discards, vacuums and `toJSON` on a loaded index.

export type Fill<K, V> = (set: (key: K, value: V) => void) => void;

export class LazyMap<K, V> implements Map<K, V> {
  /** Null until first use. */
  private map: Map<K, V> | null = null;

  /** `fill`: puts the entries in; a subclass may instead override `load`. */
  constructor(private fill: Fill<K, V> | null = null) {}

  /** True until anything has read or changed the map. */
  get pending(): boolean {
    return this.map === null;
  }

  get size(): number {
    return this.filled().size;
  }
  get(key: K): V | undefined {
    return this.filled().get(key);
  }
  has(key: K): boolean {
    return this.filled().has(key);
  }
  set(key: K, value: V): this {
    this.filled().set(key, value);
    return this;
  }
  delete(key: K): boolean {
    return this.filled().delete(key);
  }
  clear(): void {
    this.fill = null;
    this.map = new Map();
  }
  forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.filled().forEach((value, key) => {
      callback.call(thisArg, value, key, this);
    });
  }
  keys(): MapIterator<K> {
    return this.filled().keys();
  }
  values(): MapIterator<V> {
    return this.filled().values();
  }
  entries(): MapIterator<[K, V]> {
    return this.filled().entries();
  }
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
  get [Symbol.toStringTag](): string {
    return 'Map';
  }

  /** Puts the entries in, once, at first use. */
  protected load(set: (key: K, value: V) => void): void {
    this.fill?.(set);
  }

  private filled(): Map<K, V> {
    if (this.map !== null) return this.map;
    const map = new Map<K, V>();
    this.map = map;
    this.load((key, value) => map.set(key, value));
    this.fill = null;
    return map;
  }
}
