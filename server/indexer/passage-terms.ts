// Every passage's terms, kept from the search-index stage for the alignment stage, so that the build
// tokenizes each passage once rather than three times (MiniSearch's two fields, then alignment).
//
// Terms are held as numbers into one dictionary of distinct terms: 4 bytes a token, about 90 MB at a
// million passages, where arrays of strings would be several times that and slow the garbage collector.

export class PassageTerms {
  private readonly ids = new Map<string, number>();
  private readonly dictionary: string[] = [];
  private tokens: Int32Array = new Int32Array(1 << 16);
  private length = 0;
  private offsets: Int32Array = new Int32Array(1 << 12);
  private count = 0;

  /** Append the next passage's terms (passages are added in order, and read back by position). */
  add(terms: readonly string[]): void {
    if (this.length + terms.length > this.tokens.length) this.tokens = grown(this.tokens, this.length + terms.length);
    for (const term of terms) {
      let id = this.ids.get(term);
      if (id === undefined) {
        id = this.dictionary.length;
        this.ids.set(term, id);
        this.dictionary.push(term);
      }
      this.tokens[this.length++] = id;
    }
    if (this.count + 2 > this.offsets.length) this.offsets = grown(this.offsets, this.count + 2);
    this.offsets[++this.count] = this.length;
  }

  /** The terms of the passage added at `position`, in text order. */
  termsAt(position: number): string[] {
    if (position >= this.count) throw new RangeError(`PassageTerms holds ${this.count} passages, not ${position + 1}`);
    return Array.from(
      this.tokens.subarray(this.offsets[position]!, this.offsets[position + 1]!),
      (id) => this.dictionary[id]!,
    );
  }
}

function grown(array: Int32Array, needed: number): Int32Array {
  const bigger = new Int32Array(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}
