// Everything the query engine reads from the search index, behind one small interface: terms (with
// prefix and fuzzy expansion), postings as typed arrays, passage lengths and the BM25 statistics.
// A ranking model is written against this (bm25.ts scores a posting list with it), not against
// MiniSearch: passage-index.ts is the only module that knows MiniSearch's internals.
//
//   postings(term, field)   positions: Int32Array  ascending passage positions holding the term
//                           frequencies: Uint32Array  the term's count in each of those passages' field
//   lengths(field)          Uint32Array: passage position -> the field's length in terms
//   documentFrequency       read from a packed term's header, never decoding its postings
//
// Postings are decoded straight from the packed bytes into typed arrays (MiniSearch's Map per term is
// never built), and kept in a cache bounded in bytes: whatever the traffic (10,000 distinct prefixes,
// say), decoded postings never hold more than `cacheBytes`. The index never changes under a storage:
// a reload builds a new library, storage and cache beside the serving one.

import type { Passage } from '../../corpus/types.ts';
import type { PassageTable } from '../../passage-table.ts';
import type { SearchField } from './search-index.ts';
import type { Bm25Parameters, PassageIndex } from './passage-index.ts';
import { PackedTermData, fieldPostingsOf, type TermData } from './packed-postings.ts';
import { LruCache } from '../../lru-cache.ts';
import type { Vocabulary } from '../query/suggest.ts';

export interface Postings {
  /** Passage positions (corpus order) holding the term, ascending. */
  readonly positions: Int32Array;
  /** The term's frequency in each of those passages' field. */
  readonly frequencies: Uint32Array;
}

/** A term a query term expanded to, with the weight MiniSearch gives such a match (1 for the term itself). */
export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface Expansion {
  prefix?: boolean;
  /** Edits allowed (0: none). */
  fuzzy?: number;
}

/** Decoded postings kept at most, in bytes (8 a posting): the bound on what varied traffic can pin. */
export const POSTINGS_CACHE_BYTES = 96 * 1024 * 1024;

/**
 * The postings cache's bound for an index of `passages`: POSTINGS_CACHE_BYTES at a million passages and
 * above, in proportion below (about twelve lists holding every passage), at least 4 MB. A fixed 96 MB
 * was a third of the server's memory at 200k passages, which varied traffic filled (issue 19's soak).
 */
export function postingsCacheBytes(passages: number): number {
  return Math.max(4 * 1024 * 1024, Math.round((POSTINGS_CACHE_BYTES * Math.min(passages, 1_000_000)) / 1_000_000));
}

export class IndexStorage implements Vocabulary {
  /** Passages the index holds: BM25's N. */
  readonly passageCount: number;
  readonly bm25: Bm25Parameters;
  private readonly positionOfShortId: Int32Array;
  private readonly fieldLengths = new Map<SearchField, Uint32Array>();
  private readonly cache: LruCache<Postings>;
  private readonly weights: { prefix: number; fuzzy: number };

  constructor(
    private readonly index: PassageIndex<Passage>,
    passages: Pick<PassageTable, 'length' | 'positionOf'>,
    cacheBytes = postingsCacheBytes(index.documentTotal),
  ) {
    this.passageCount = index.documentTotal;
    this.bm25 = index.bm25;
    this.weights = index.expansionWeights;
    this.cache = new LruCache(cacheBytes, (postings) => 8 * postings.positions.length + 64);
    const table = index.documentTable();
    let largest = -1;
    let inOrder = table.ids === null && table.shortIds.length === passages.length;
    for (let i = 0; i < table.shortIds.length; i++) {
      const shortId = table.shortIds[i]!;
      if (shortId > largest) largest = shortId;
      if (shortId !== i) inOrder = false;
    }
    // A full build's index as loaded: short id i is passage i, and the table's lengths are by position
    // already. Taken as they are (never written), not copied passage by passage at a cold start.
    if (inOrder) {
      this.positionOfShortId = new Int32Array(largest + 1);
      for (let i = 0; i <= largest; i++) this.positionOfShortId[i] = i;
      for (const field of ['text', 'exact'] as const)
        this.fieldLengths.set(field, table.lengths[index.fieldId(field)]!);
      return;
    }
    this.positionOfShortId = new Int32Array(largest + 1).fill(-1);
    const lengths = (['text', 'exact'] as const).map((field) => {
      const byPosition = new Uint32Array(passages.length);
      this.fieldLengths.set(field, byPosition);
      return { byPosition, byDocument: table.lengths[index.fieldId(field)]! };
    });
    // A full build adds the passages in corpus order: its table holds no ids, document i is passage i
    // (no id read or looked up at a cold start). After delta segments the ids are looked up.
    table.shortIds.forEach((shortId, i) => {
      const position = table.ids === null ? i : (passages.positionOf(table.ids[i]!) ?? -1);
      this.positionOfShortId[shortId] = position;
      if (position >= 0) for (const { byPosition, byDocument } of lengths) byPosition[position] = byDocument[i]!;
    });
  }

  /** Each passage's length in the field (terms), by position. */
  lengths(field: SearchField): Uint32Array {
    return this.fieldLengths.get(field)!;
  }

  /** The field's mean length, as MiniSearch keeps it (BM25's avgdl). */
  averageLength(field: SearchField): number {
    return this.index.averageFieldLength(this.index.fieldId(field));
  }

  /**
   * How many passages hold the term in the field: BM25's document frequency. Read from a packed term's
   * header (a common word's million postings are not decoded for it). On an index holding discarded
   * documents, only live ones count.
   */
  documentFrequency(term: string, field: SearchField): number {
    const data = this.index.termData(term);
    if (data === undefined) return 0;
    if (this.index.dirty) return this.postings(term, field)?.positions.length ?? 0;
    const fieldId = this.index.fieldId(field);
    return data instanceof PackedTermData ? data.documentCount(fieldId) : (data.get(fieldId)?.size ?? 0);
  }

  /** The term's postings in the field, decoded once and cached (bounded); null when no passage holds it there. */
  postings(term: string, field: SearchField): Postings | null {
    const key = `${field}\u0000${term}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const data = this.index.termData(term);
    const postings = data === undefined ? null : this.decode(data, field);
    if (postings) this.cache.set(key, postings);
    return postings;
  }

  /**
   * The terms a query term expands to in the field, with MiniSearch's weights, in the order it scores
   * them: the term itself (1), longer terms with the prefix (prefix weight x length / (length + 0.3 x
   * extra letters)), terms within the edit distance (fuzzy weight x length / (length + edits)). Only
   * terms the field holds.
   */
  expand(term: string, field: SearchField, { prefix = false, fuzzy = 0 }: Expansion): WeightedTerm[] {
    const fieldId = this.index.fieldId(field);
    const out: WeightedTerm[] = [];
    for (const { term: found, data, distance, kind } of this.index.expand(term, { prefix, fuzzy })) {
      if (!holds(data, fieldId)) continue;
      const weight =
        kind === 'exact'
          ? 1
          : kind === 'prefix'
            ? (this.weights.prefix * found.length) / (found.length + 0.3 * distance)
            : (this.weights.fuzzy * found.length) / (found.length + distance);
      out.push({ term: found, weight });
    }
    return out;
  }

  /** The field `exact`'s words within `distance` edits of the term, itself included if held (spelling correction). */
  near(term: string, distance: number): string[] {
    return this.expand(term, 'exact', { fuzzy: distance }).map(({ term: word }) => word);
  }

  /** Bytes of decoded postings held now (at most the cache's bound). */
  get cachedBytes(): number {
    return this.cache.bytes;
  }

  /** The most bytes of decoded postings kept. */
  get cacheBound(): number {
    return this.cache.maxBytes;
  }

  private decode(data: TermData, field: SearchField): Postings | null {
    const fieldId = this.index.fieldId(field);
    const raw = data instanceof PackedTermData ? data.fieldPostings(fieldId) : fieldPostingsOf(data, fieldId);
    if (!raw) return null;
    const { shortIds, frequencies } = raw;
    const positions = new Int32Array(shortIds.length);
    let live = 0;
    let ascending = true;
    for (let i = 0; i < shortIds.length; i++) {
      const position = this.positionOfShortId[shortIds[i]!] ?? -1;
      // A discarded document's postings stay until MiniSearch cleans them: not a match.
      if (position < 0) continue;
      if (live > 0 && position <= positions[live - 1]!) ascending = false;
      positions[live] = position;
      frequencies[live++] = frequencies[i]!;
    }
    if (live === 0) return null;
    const postings =
      live === positions.length
        ? { positions, frequencies }
        : { positions: positions.slice(0, live), frequencies: frequencies.slice(0, live) };
    // Documents added after a build (delta segments) have later short ids than their corpus position.
    return ascending ? postings : sortedByPosition(postings);
  }
}

function holds(data: TermData, fieldId: number): boolean {
  return data instanceof PackedTermData ? data.documentCount(fieldId) > 0 : (data.get(fieldId)?.size ?? 0) > 0;
}

function sortedByPosition({ positions, frequencies }: Postings): Postings {
  const order = Array.from(positions.keys()).sort((a, b) => positions[a]! - positions[b]!);
  return {
    positions: Int32Array.from(order, (i) => positions[i]!),
    frequencies: Uint32Array.from(order, (i) => frequencies[i]!),
  };
}
