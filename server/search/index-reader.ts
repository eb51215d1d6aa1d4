// The engine's one door into MiniSearch: a query in, passage positions with BM25 scores out.
//
// It reads MiniSearch's internals rather than calling `search`:
// - Plain terms, one or an AND of several (words typed loosely, a phrase, a synonym alternative), are
//   scored here from the index's postings: starting from the term with the fewest passages, only the
//   passages that hold every term, each term's frequency read from the index. MiniSearch would score
//   every passage of every term first (a phrase with "of" in it scored nearly every passage of the
//   collection), build result objects for them, and `search` would then sort them all by score; the
//   engine keys hits by passage position and sorts only what it shows.
// - A prefix or fuzzy term goes to the internal `executeQuery` (MiniSearch expands it), as does every
//   query while the index holds discarded documents (`_dirtCount`), whose postings MiniSearch skips
//   and counts out as it meets them.
// The scores are MiniSearch's numbers: `bm25` below is its formula over its own statistics, an AND adds
// its terms' scores left to right as its AND combinator does, and `search` multiplies the raw score by
// the count of distinct query terms matched ("quality"), which `scored` does too.
// test/engine-equivalence.test.ts pins every score against the engine that called `search`; an upgrade
// of MiniSearch that changes these internals fails it.

import { PackedTermData } from './packed-postings.ts';
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
  _documentCount: number;
  _dirtCount: number;
  /** Term -> field id -> short document id -> the term's frequency in that field. */
  _index: { get(term: string): Map<number, Map<number, number>> | undefined };
  _fieldIds: Record<string, number>;
  /** Short document id -> field id -> the field's length in terms. */
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _options: { searchOptions: { bm25: BM25Parameters } };
}

interface BM25Parameters {
  k: number;
  b: number;
  d: number;
}

/** Raw results by passage position. Shared between queries of one evaluation: never to be changed. */
export type RawResults = ReadonlyMap<number, RawResult>;

/** Document frequencies remembered at most: a query can bring any number of new words. */
const MAX_FREQUENCIES = 50_000;

export class IndexReader {
  /** MiniSearch's short document id -> passage position. */
  private readonly positionOfShortId: Int32Array;
  private readonly frequencies = new Map<string, number>();
  /**
   * Results of the current evaluation, by query. Emptied by `startEvaluation`, so it holds one query's
   * results at most; the index never changes under it.
   */
  private memo = new Map<string, RawResults>();

  constructor(
    readonly index: MiniSearch<Passage>,
    positionById: ReadonlyMap<string, number>,
    passages: ReadonlyArray<{ id: string }>,
  ) {
    const ids = this.internals()._documentIds;
    let largest = 0;
    for (const shortId of ids.keys()) largest = Math.max(largest, shortId);
    this.positionOfShortId = new Int32Array(largest + 1).fill(-1);
    // A full build adds the passages in corpus order, so a short id is mostly the position itself: one
    // string comparison instead of a hash lookup per passage (a second of a cold start at 1M).
    for (const [shortId, id] of ids) this.positionOfShortId[shortId] = passages[shortId]?.id === id ? shortId : (positionById.get(id) ?? -1);
  }

  startEvaluation(): void {
    this.memo = new Map();
  }

  /** Passages holding every value (AND) in one field, or one value expanded by prefix or fuzzy. */
  query(values: string[], field: SearchField, expand: { prefix?: boolean; fuzzy?: number } = {}): RawResults {
    const key = JSON.stringify([values, field, expand.prefix ?? false, expand.fuzzy ?? 0]);
    let results = this.memo.get(key);
    if (!results) {
      const plain = !expand.prefix && !expand.fuzzy && this.internals()._dirtCount === 0;
      results = plain ? this.allOf(values, field) : this.viaMiniSearch(values, field, expand);
      this.memo.set(key, results);
    }
    return results;
  }

  private viaMiniSearch(values: string[], field: SearchField, expand: { prefix?: boolean; fuzzy?: number }): RawResults {
    const query: Query = values.length === 1 ? values[0]! : { queries: values, combineWith: 'AND' };
    const raw = this.internals().executeQuery(query, { fields: [field], prefix: expand.prefix ?? false, fuzzy: expand.fuzzy ?? 0 });
    const byPosition = new Map<number, RawResult>();
    for (const [shortId, result] of raw) byPosition.set(this.positionOfShortId[shortId]!, result);
    return byPosition;
  }

  /** Passages holding every value in the field (MiniSearch's AND of the values), scored only where all are. */
  private allOf(values: string[], field: SearchField): RawResults {
    const index = this.internals();
    const fieldId = index._fieldIds[field]!;
    const postings = values.map((value) => index._index.get(value)?.get(fieldId));
    const combined = new Map<number, RawResult>();
    if (postings.some((posting) => !posting)) return combined;
    const present = postings as Array<Map<number, number>>;
    const rarest = present.reduce((a, b) => (b.size < a.size ? b : a));
    const terms = [...new Set(values)];
    const average = index._avgFieldLength[fieldId]!;
    const { bm25: parameters } = index._options.searchOptions;
    for (const shortId of rarest.keys()) {
      if (!present.every((posting) => posting.has(shortId))) continue;
      const length = index._fieldLength.get(shortId)![fieldId]!;
      let score = 0;
      for (const posting of present) score += bm25(posting.get(shortId)!, posting.size, index._documentCount, length, average, parameters);
      // `match` (which index terms matched) is read only for prefix and fuzzy terms, never scored here.
      combined.set(this.positionOfShortId[shortId]!, { score, terms, match: NO_MATCH });
    }
    return combined;
  }

  /** How many passages hold the stem: the DF of BM25's IDF. Counted once per stem. */
  documentFrequency(stem: string): number {
    let frequency = this.frequencies.get(stem);
    if (frequency === undefined) {
      frequency = this.textFrequency(stem);
      if (this.frequencies.size >= MAX_FREQUENCIES) this.frequencies.clear();
      this.frequencies.set(stem, frequency);
    }
    return frequency;
  }

  /**
   * The number of passages whose `text` field holds the stem, as MiniSearch's executeQuery would count
   * them, without scoring every one: a posting's size (read from a packed entry's header, not decoded).
   * An index holding discarded documents still lists them in postings: there MiniSearch counts.
   */
  private textFrequency(stem: string): number {
    const index = this.internals();
    if (index._dirtCount > 0) return index.executeQuery(stem, { fields: ['text'] }).size;
    const data = index._index.get(stem);
    if (data === undefined) return 0;
    const field = index._fieldIds.text!;
    return data instanceof PackedTermData ? data.documentCount(field) : (data.get(field)?.size ?? 0);
  }

  private internals(): MiniSearchInternals {
    return this.index as unknown as MiniSearchInternals;
  }
}

const NO_MATCH: Record<string, string[]> = {};

/** MiniSearch's BM25+ score of one term in one document (its calcBM25Score, same operations in the same order). */
function bm25(termFrequency: number, matching: number, total: number, fieldLength: number, averageLength: number, { k, b, d }: BM25Parameters): number {
  const inverseDocumentFrequency = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return inverseDocumentFrequency * (d + (termFrequency * (k + 1)) / (termFrequency + k * (1 - b + (b * fieldLength) / averageLength)));
}

/** The score MiniSearch's `search` gives a raw result. */
export function scored(result: RawResult): number {
  return result.score * (result.terms.length || 1);
}
