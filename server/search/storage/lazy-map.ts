// A Map whose entries are put in by a function the first time anything reads or changes it: how the
// packed search index hands MiniSearch the Maps it expects without building them at load
// (packed-index.ts, packed-postings.ts). A real Map (`instanceof Map` holds), each of whose methods
// fills it first, so whatever MiniSearch's code does with it, it does to the full Map.

export type Fill<K, V> = (set: (key: K, value: V) => void) => void;

export class LazyMap<K, V> extends Map<K, V> {
  private fill: Fill<K, V> | null;

  constructor(fill: Fill<K, V>) {
    super();
    this.fill = fill;
  }

  /** True until anything has read or changed the map. */
  get pending(): boolean {
    return this.fill !== null;
  }

  override get size(): number {
    this.filled();
    return super.size;
  }
  override get(key: K): V | undefined {
    this.filled();
    return super.get(key);
  }
  override has(key: K): boolean {
    this.filled();
    return super.has(key);
  }
  override set(key: K, value: V): this {
    this.filled();
    return super.set(key, value);
  }
  override delete(key: K): boolean {
    this.filled();
    return super.delete(key);
  }
  override clear(): void {
    this.fill = null;
    super.clear();
  }
  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.filled();
    super.forEach(callback, thisArg);
  }
  override keys(): MapIterator<K> {
    this.filled();
    return super.keys();
  }
  override values(): MapIterator<V> {
    this.filled();
    return super.values();
  }
  override entries(): MapIterator<[K, V]> {
    this.filled();
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  private filled(): void {
    if (this.fill === null) return;
    const fill = this.fill;
    this.fill = null;
    fill((key, value) => super.set(key, value));
  }
}
