// The engine's one door into MiniSearch: a query in, passage positions with BM25 scores out.
//
// It calls MiniSearch's internal `executeQuery` rather than `search`. `search` turns every raw result
// into an object (id, terms, match) and sorts them all by score; the engine needs neither: it keys hits
// by passage position and sorts only what it shows. At 100k passages that was about half of the time
// `search` took for a common word. The scores are the same numbers: `search` multiplies the raw score by
// the count of distinct query terms matched ("quality"), which `scored` below does too, and
// test/engine-equivalence.test.ts pins every score against the engine that called `search`.

import type MiniSearch from 'minisearch';
import type { Query, SearchOptions } from 'minisearch';
import type { Passage } from '../corpus/types.ts';
import type { SearchField } from './search-index.ts';

/** What MiniSearch's executeQuery gives per document (its short id): the score before "quality". */
interface RawResult {
  score: number;
  /** The distinct query terms matched. */
  terms: string[];
  /** Index term matched -> fields (several index terms for a prefix or fuzzy term). */
  match: Record<string, string[]>;
}

interface MiniSearchInternals {
  executeQuery(query: Query, options: SearchOptions): Map<number, RawResult>;
  _documentIds: Map<number, string>;
}

/** Raw results by passage position. */
export type RawResults = ReadonlyMap<number, RawResult>;

/** Document frequencies remembered at most: a query can bring any number of new words. */
const MAX_FREQUENCIES = 50_000;

export class IndexReader {
  /** MiniSearch's short document id -> passage position. */
  private readonly positionOfShortId: Int32Array;
  private readonly frequencies = new Map<string, number>();
  /**
   * Results of the current evaluation, by query: one query often asks the same thing twice (the words
   * typed loosely and as a sequence; a synonym alternative equal to the typed words). Emptied by
   * `startEvaluation`, so it holds one query's results at most; the index never changes under it.
   */
  private memo = new Map<string, RawResults>();

  constructor(
    readonly index: MiniSearch<Passage>,
    positionById: ReadonlyMap<string, number>,
  ) {
    const ids = this.internals()._documentIds;
    let largest = 0;
    for (const shortId of ids.keys()) largest = Math.max(largest, shortId);
    this.positionOfShortId = new Int32Array(largest + 1).fill(-1);
    for (const [shortId, id] of ids) this.positionOfShortId[shortId] = positionById.get(id) ?? -1;
  }

  startEvaluation(): void {
    this.memo = new Map();
  }

  /** Passages holding every value (AND) in one field, or one value expanded by prefix or fuzzy. */
  query(values: string[], field: SearchField, expand: { prefix?: boolean; fuzzy?: number } = {}): RawResults {
    const key = JSON.stringify([values, field, expand.prefix ?? false, expand.fuzzy ?? 0]);
    let results = this.memo.get(key);
    if (!results) {
      const query: Query = values.length === 1 ? values[0]! : { queries: values, combineWith: 'AND' };
      const raw = this.internals().executeQuery(query, { fields: [field], prefix: expand.prefix ?? false, fuzzy: expand.fuzzy ?? 0 });
      const byPosition = new Map<number, RawResult>();
      for (const [shortId, result] of raw) byPosition.set(this.positionOfShortId[shortId]!, result);
      this.memo.set(key, (results = byPosition));
    }
    return results;
  }

  /** How many passages hold the stem: the DF of BM25's IDF. Counted once per stem. */
  documentFrequency(stem: string): number {
    let frequency = this.frequencies.get(stem);
    if (frequency === undefined) {
      frequency = this.internals().executeQuery(stem, { fields: ['text'] }).size;
      if (this.frequencies.size >= MAX_FREQUENCIES) this.frequencies.clear();
      this.frequencies.set(stem, frequency);
    }
    return frequency;
  }

  private internals(): MiniSearchInternals {
    return this.index as unknown as MiniSearchInternals;
  }
}

/** The score MiniSearch's `search` gives a raw result. */
export function scored(result: RawResult): number {
  return result.score * (result.terms.length || 1);
}
