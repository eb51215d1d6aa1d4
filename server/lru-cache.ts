// A least-recently-used cache bounded in bytes: what decoded postings (index-storage.ts) or folded page
// texts (cite/citation-input.ts) may hold, whatever the traffic.
// A Map keeps insertion order, so the first key is the least recently used once every hit re-inserts.

export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  private held = 0;

  /**
   * @example new LruCache<Postings>(96 << 20, (postings) => 8 * postings.positions.length)
   */
  constructor(
    readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.held;
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** Keep `value`, dropping the least recently used entries past the bound; a value larger than the bound is not kept. */
  set(key: string, value: V): void {
    const size = this.sizeOf(value);
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.entries.delete(key);
      this.held -= this.sizeOf(previous);
    }
    if (size > this.maxBytes) return;
    this.entries.set(key, value);
    this.held += size;
    for (const [oldest, evicted] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.held -= this.sizeOf(evicted);
    }
  }
}
