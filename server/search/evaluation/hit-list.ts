// The matches of (part of) a query as parallel typed arrays, positions ascending, and the set
// operations the engine evaluates a query tree with: merges of sorted arrays, no Map entry or object
// per match. At a million passages a common word has hundreds of thousands of matches; each costs
// 16 bytes here.
//
//   positions   Int32Array    passage positions, ascending
//   scores      Float64Array  each match's score
//   matcherIds  Int32Array    each match's matchers, as an id in the evaluation's MatcherTable
//
// Which words matched (for highlighting) is shared: hits from one leaf share one set of matchers, and a
// match of two parts gets the two sets joined, memoised by id pair, so there are a handful of distinct
// sets per query however many matches.

import type { Hit, Matcher } from './engine.ts';

/** The distinct matcher sets of one evaluation; id 0 is the empty set (a filter, every passage). */
export class MatcherTable {
  private readonly sets: Matcher[][] = [[]];
  private readonly joins = new Map<number, number>();

  add(matchers: Matcher[]): number {
    if (matchers.length === 0) return 0;
    this.sets.push(matchers);
    return this.sets.length - 1;
  }

  get(id: number): Matcher[] {
    return this.sets[id]!;
  }

  /** The id of set `a`'s matchers followed by set `b`'s. */
  join(a: number, b: number): number {
    if (b === 0) return a;
    if (a === 0) return b;
    const key = a * 0x200000 + b;
    let joined = this.joins.get(key);
    if (joined === undefined) this.joins.set(key, (joined = this.add([...this.sets[a]!, ...this.sets[b]!])));
    return joined;
  }
}

export class HitList {
  constructor(
    readonly positions: Int32Array,
    readonly scores: Float64Array,
    readonly matcherIds: Int32Array,
    readonly table: MatcherTable,
  ) {}

  static empty(table: MatcherTable): HitList {
    return new HitList(new Int32Array(0), new Float64Array(0), new Int32Array(0), table);
  }

  /** Every position in [0, count), score 0, no matchers. */
  static all(count: number, table: MatcherTable): HitList {
    const positions = new Int32Array(count);
    for (let i = 0; i < count; i++) positions[i] = i;
    return new HitList(positions, new Float64Array(count), new Int32Array(count), table);
  }

  get size(): number {
    return this.positions.length;
  }

  /** The index of a position in the list, or -1. */
  indexOf(position: number): number {
    const { positions } = this;
    let low = 0;
    let high = positions.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const at = positions[middle]!;
      if (at === position) return middle;
      if (at < position) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** The i-th match's score and matchers. */
  hit(i: number): Hit {
    return { score: this.scores[i]!, matchers: this.table.get(this.matcherIds[i]!) };
  }

  /**
   * The matches whose passage's value (its id in `ids`, a dimension's column) the mask marks `wanted`: 1
   * for a filter, 0 for its negation. Counted first (a year's filter keeps a few of a million); the
   * test is written out, not a callback, as it runs once per match of a query.
   */
  /** The matches whose passage passes a test: for the few lists of a page, not for a query's every match. */
  where(test: (position: number) => boolean): HitList {
    const kept: number[] = [];
    for (let i = 0; i < this.positions.length; i++) if (test(this.positions[i]!)) kept.push(i);
    if (kept.length === this.positions.length) return this;
    const out = new Builder(kept.length, this.table);
    for (const i of kept) out.push(this.positions[i]!, this.scores[i]!, this.matcherIds[i]!);
    return out.build();
  }

  whereMarked(ids: Uint32Array, mask: Uint8Array, wanted: 0 | 1): HitList {
    const { positions } = this;
    let kept = 0;
    for (let i = 0; i < positions.length; i++) if (mask[ids[positions[i]!]!] === wanted) kept++;
    if (kept === positions.length) return this;
    const out = new Builder(kept, this.table);
    for (let i = 0; i < positions.length; i++) {
      const position = positions[i]!;
      if (mask[ids[position]!] === wanted) out.push(position, this.scores[i]!, this.matcherIds[i]!);
    }
    return out.build();
  }
}

export class Builder {
  private readonly positions: Int32Array;
  private readonly scores: Float64Array;
  private readonly matcherIds: Int32Array;
  private length = 0;

  constructor(
    capacity: number,
    private readonly table: MatcherTable,
  ) {
    this.positions = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
    this.matcherIds = new Int32Array(capacity);
  }

  push(position: number, score: number, matcherId: number): void {
    this.positions[this.length] = position;
    this.scores[this.length] = score;
    this.matcherIds[this.length++] = matcherId;
  }

  /**
   * The filled part, as views of the arrays (no copy: a copy is a second allocation of the same size,
   * and at a million passages what a query allocates outside V8's heap is what sets off its full
   * collections; a hit list lives for one query).
   */
  build(): HitList {
    const n = this.length;
    if (n === this.positions.length) return new HitList(this.positions, this.scores, this.matcherIds, this.table);
    return new HitList(
      this.positions.subarray(0, n),
      this.scores.subarray(0, n),
      this.matcherIds.subarray(0, n),
      this.table,
    );
  }
}

/** AND: matches in both, scores added, matchers joined. */
export function intersect(a: HitList, b: HitList): HitList {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const out = new Builder(small.size, a.table);
  let j = 0;
  for (let i = 0; i < small.size && j < large.size; i++) {
    const position = small.positions[i]!;
    j = seek(large.positions, j, position);
    if (j < large.size && large.positions[j] === position) {
      // Scores add a's first, as the tree reads: a + b, not b + a (equal, but keep the old order exact).
      const [x, y] = small === a ? [i, j] : [j, i];
      out.push(position, a.scores[x]! + b.scores[y]!, a.table.join(a.matcherIds[x]!, b.matcherIds[y]!));
    }
  }
  return out.build();
}

/** A union that combines the scores of a passage in both with `combine`, keeping all matchers. */
export function unionWith(combine: (a: number, b: number) => number): (a: HitList, b: HitList) => HitList {
  return (a, b) => {
    const out = new Builder(a.size + b.size, a.table);
    let i = 0;
    let j = 0;
    while (i < a.size || j < b.size) {
      const pa = i < a.size ? a.positions[i]! : Infinity;
      const pb = j < b.size ? b.positions[j]! : Infinity;
      if (pa < pb) {
        out.push(pa, a.scores[i]!, a.matcherIds[i]!);
        i++;
      } else if (pb < pa) {
        out.push(pb, b.scores[j]!, b.matcherIds[j]!);
        j++;
      } else {
        out.push(pa, combine(a.scores[i]!, b.scores[j]!), a.table.join(a.matcherIds[i]!, b.matcherIds[j]!));
        i++;
        j++;
      }
    }
    return out.build();
  };
}

/** OR: scores add up. */
export const union = unionWith((a, b) => a + b);

/** Alternatives of one thing (synonyms): the better score counts. */
export const unionBest = unionWith(Math.max);

/** NOT: the matches of `a` not in `b`. */
/**
 * The matches of `a` whose position `b` holds too, with a's own scores and matchers: what a negated part
 * of a query is worth checking further (`b` the matches it is subtracted from).
 */
export function among(a: HitList, b: HitList): HitList {
  const out = new Builder(Math.min(a.size, b.size), a.table);
  let j = 0;
  for (let i = 0; i < a.size && j < b.size; i++) {
    const position = a.positions[i]!;
    j = seek(b.positions, j, position);
    if (j < b.size && b.positions[j] === position) out.push(position, a.scores[i]!, a.matcherIds[i]!);
  }
  return out.build();
}

export function subtract(a: HitList, b: HitList): HitList {
  const out = new Builder(a.size, a.table);
  let j = 0;
  for (let i = 0; i < a.size; i++) {
    const position = a.positions[i]!;
    j = seek(b.positions, j, position);
    if (j < b.size && b.positions[j] === position) continue;
    out.push(position, a.scores[i]!, a.matcherIds[i]!);
  }
  return out.build();
}

/**
 * The first index at or after `from` whose position is at least `target`: a step when the lists are
 * alike, galloping (doubling, then binary search) when one is much longer ("Dandong" AND a common word).
 */
export function seek(positions: Int32Array, from: number, target: number): number {
  if (from >= positions.length || positions[from]! >= target) return from;
  let step = 1;
  let low = from;
  let high = from + 1;
  while (high < positions.length && positions[high]! < target) {
    low = high;
    step *= 2;
    high = from + step;
  }
  high = Math.min(high, positions.length);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (positions[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}
