// BM25 as MiniSearch defines it (its calcBM25Score: BM25+ with k, b and d), over the statistics the
// storage gives. The same operations in the same order as MiniSearch's, so scores equal its to the bit:
// the equivalence tests compare every score with the engine that called MiniSearch's `search`.
//
// A ranking model reads a term's postings from the storage and scores them here, one passage at a time
// (`TermScorer.score`) or one posting list at a time.

import type { SearchField } from './search-index.ts';
import type { IndexStorage, Postings } from './index-storage.ts';

/** BM25's inverse document frequency of a term held by `matching` of `total` passages. */
export function inverseDocumentFrequency(matching: number, total: number): number {
  return Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
}

/** Scores one term's postings in one field: its IDF and the field's statistics, worked out once. */
export class TermScorer {
  private readonly idf: number;
  private readonly lengths: Uint32Array;
  private readonly average: number;
  private readonly k: number;
  private readonly b: number;
  private readonly d: number;

  constructor(
    storage: IndexStorage,
    readonly postings: Postings,
    field: SearchField,
  ) {
    this.idf = inverseDocumentFrequency(postings.positions.length, storage.passageCount);
    this.lengths = storage.lengths(field);
    this.average = storage.averageLength(field);
    ({ k: this.k, b: this.b, d: this.d } = storage.bm25);
  }

  /** The score of the i-th posting (MiniSearch's calcBM25Score, same operations in the same order). */
  score(i: number): number {
    const termFreq = this.postings.frequencies[i]!;
    const fieldLength = this.lengths[this.postings.positions[i]!]!;
    const { k, b, d } = this;
    return this.idf * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / this.average)));
  }
}
