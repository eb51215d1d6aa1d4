// Partial matches: passages holding some but not all of a query's parts (query-parts.ts), or holding them
// only in other words (the reviewed thesaurus) or in the sentence before (the same paragraph: "these
// camps", "he") or, weaker, the sentence after (the paragraph's opening sentence, which the next one
// explains: "Reuters reported on one mobilization." before the sentence naming it), shown after the full
// matches and never counted with them. Every part weighs by its
// rarity: passages holding the rarer parts come first ("Dandong wages": the one Dandong passage before the
// many that only say "wages"), then the higher BM25 score (docs/relevance.md, "Ranking partial matches: the study").
//
// The first page is found without scoring every passage that holds a word of the query (MaxScore, with
// the rarity held as the first key):
//
//   each part's sources: its typed word, the synonym it belongs to, its thesaurus words (position lists)
//     -> read the shortest lists first, marking which parts each passage holds (a bit per part), and the
//        passages after and before it in the same paragraph as holding it by context
//     -> stop once `limit` admitted passages hold more rarity than all parts whose lists are still unread
//        together weigh: no passage outside those read can pass them
//     -> the passages found: scored exactly (the unread lists looked up by galloping), best `limit` kept
//
// So a common word's long list is only looked into for passages already found, unless fewer than `limit`
// passages hold anything rarer. When the lists together are short (EXACT_COUNT_UP_TO) they are all read,
// for an exact count: every passage is counted from the parts it holds, and scored only if it can reach
// the page; otherwise the count is a lower bound, and says so.

import type { EvalNode, EvaluateOptions, Hit, Matcher, QueryEngine } from './engine.ts';
import { seek, type HitList } from './hit-list.ts';
import { inverseDocumentFrequency, TermScorer } from '../storage/bm25.ts';
import type { QueryNode } from '../query/query.ts';
import { tokenize } from '../words/tokenize.ts';
import type { Thesaurus } from '../words/thesaurus.ts';
import { queryParts, type Part } from '../query/query-parts.ts';
import { appendAll } from '../../extremes.ts';

/** What a word found only through the thesaurus is worth, against the word typed. */
export const EXPANDED_WEIGHT = 0.5;
/** What a part held only by the sentence before is worth (its rarity and score), against holding it. */
export const CONTEXT_WEIGHT = 0.5;
/**
 * What a part held only by the sentence after is worth: half the sentence before's. A sentence refers back
 * ("these camps", "he", "the legislation"), so the one before a match is less surely about its words.
 */
export const FOLLOWING_WEIGHT = CONTEXT_WEIGHT / 2;
/** Positions in all of a query's lists together up to which they are all read, for an exact count. */
export const EXACT_COUNT_UP_TO = 50_000;
/** Parts a query can have: one bit each in a passage's mask (queries are limited to 32 terms). */
const MAX_PARTS = 32;

export interface PartialHit {
  position: number;
  hit: Hit;
  /** The parts of the query this passage lacks, as typed. */
  missing: string[];
  /** Parts found only in other words: the word typed and the word of the passage that stood for it. */
  via: Array<{ typed: string; found: string }>;
  /** Parts this passage lacks but the sentence before it, in the same paragraph, holds. */
  context: string[];
  /** Parts this passage lacks, and the sentence before too, but the sentence after it, in the same paragraph, holds. */
  following: string[];
  /** What the question asks for that this passage gives, which ranked it up: "a figure", "the Prosecution section". */
  answers: string[];
}

export interface PartialOptions extends EvaluateOptions {
  /** Passages not to list (the full matches shown above them), positions ascending. */
  exclude?: ArrayLike<number>;
  /** The request's own filters (year, section... chosen beside the query). */
  passes?: (position: number) => boolean;
  /** The reviewed thesaurus (none: typed words only). */
  thesaurus?: Thesaurus;
  /** Read every list, for an exact count, when they hold this many positions together or fewer (default EXACT_COUNT_UP_TO). */
  exactCountUpTo?: number;
}

export interface PartialMatches {
  hits: PartialHit[];
  /** Passages holding some of the parts: all of them, or (`atLeast`) those found before the page was certain. */
  total: number;
  atLeast: boolean;
}

/** One position list that can give a part: the word typed, the synonym it is a word of, or a thesaurus word. */
interface Source {
  part: number;
  kind: 'typed' | 'whole' | 'expansion';
  /** The thesaurus word, for an expansion. */
  word: string;
  /** Held by the passages next to one that holds it, in the same paragraph (words are; an answer asked for is not). */
  carries: boolean;
  positions: Int32Array;
  /** The i-th position's score, weighted. */
  score(i: number): number;
  matchers(i: number): Matcher[];
}

/**
 * The best `limit` passages matching some but not all parts of the query (or parts only through the
 * thesaurus or a sentence next to it), and every exclusion and filter in it, best first; null when the
 * query has no part (a filter alone).
 * @example partialHits(engine, parseQuery('Russia logging', v), { strict: false }, 20)
 *   // -> { hits: [{ position, hit, missing: ['logging'], via: [], context: [], following: [] }, ...], total: 14, atLeast: false }
 */
export function partialHits(
  engine: QueryEngine,
  tree: QueryNode | null,
  options: PartialOptions,
  limit: number,
): PartialMatches | null {
  const query = queryParts(engine, tree, options);
  if (!query) return null;
  const { parts, constraints, runs } = query;
  if (parts.length > MAX_PARTS)
    throw new Error(`partial matching weighs at most ${MAX_PARTS} parts of a query; this one has ${parts.length}`);
  // A synonym's words share its list ("workers abroad": both words are held wherever one of its five
  // names is): evaluated once.
  const evaluated = new Map<EvalNode, HitList>();
  const sources = parts.flatMap((part, i) => sourcesOf(engine, part, i, options, evaluated));
  const rarity = parts.map((part, i) =>
    part.whole
      ? inverseDocumentFrequency(
          sources.find((s) => s.part === i && s.kind === 'whole')!.positions.length,
          engine.storage.passageCount,
        ) * part.whole.share
      : part.byExpansions
        ? // No passage holds the word typed: it is as rare as what stands for it (at most every passage).
          inverseDocumentFrequency(
            Math.min(
              engine.storage.passageCount,
              sources.reduce((sum, s) => sum + (s.part === i ? s.positions.length : 0), 0),
            ),
            engine.storage.passageCount,
          )
        : inverseDocumentFrequency(
            typedCount(sources.filter((s) => s.part === i && s.kind !== 'expansion')),
            engine.storage.passageCount,
          ),
  );
  const admits = admission(engine, constraints, options);
  const follows = engine.followsInParagraph();
  const scratch = scratchOf(engine, follows.length);
  try {
    const runLists = runs.map((run) => ({
      run,
      partOf: run.words.map((word) => parts.findIndex((part) => part.node === word)),
      list: () => engine.run(run, options),
    }));
    return new TopK(scratch, follows, parts, sources, rarity, admits, runLists).run(
      limit,
      options.exactCountUpTo ?? EXACT_COUNT_UP_TO,
    );
  } finally {
    scratch.clear();
  }
}

/** The lists of one part, in the order a passage's best among them is chosen: typed, synonym, thesaurus words. */
function sourcesOf(
  engine: QueryEngine,
  part: Part,
  index: number,
  options: EvaluateOptions,
  evaluated: Map<EvalNode, HitList>,
): Source[] {
  // An answer asked for weighs by its rarity alone: a number or a country adds nothing to the BM25 of the words.
  if (part.answer) {
    const positions = engine.positionsAnswering(part.answer, part.section);
    return [{ part: index, kind: 'typed', word: '', carries: false, positions, score: () => 0, matchers: () => [] }];
  }
  const sources = [listOf(engine, part.node, 1, options, index, 'typed', '', evaluated)];
  if (part.whole)
    sources.push(listOf(engine, part.whole.node, part.whole.share, options, index, 'whole', '', evaluated));
  for (const { word, node } of part.expansions)
    sources.push(listOf(engine, node, EXPANDED_WEIGHT, options, index, 'expansion', word, evaluated));
  return sources;
}

/**
 * A node's positions and scores. A plain word is its posting list, scored only where looked at (a common
 * word's hundreds of thousands of postings are not scored for a page of 20); anything else is evaluated.
 */
function listOf(
  engine: QueryEngine,
  node: EvalNode,
  weight: number,
  options: EvaluateOptions,
  part: number,
  kind: Source['kind'],
  word: string,
  evaluated: Map<EvalNode, HitList>,
): Source {
  const tokens = node.type === 'term' && !node.prefix && !node.fuzzy ? tokenize(node.word) : [];
  if (tokens.length === 1) {
    const field = options.strict ? 'exact' : 'text';
    const term = options.strict ? tokens[0]!.term : tokens[0]!.stem;
    const postings = engine.storage.postings(term, field);
    if (!postings)
      return { part, kind, word, carries: true, positions: new Int32Array(0), score: () => 0, matchers: () => [] };
    const scorer = new TermScorer(engine.storage, postings, field);
    const matchers: Matcher[] = [{ kind: 'terms', key: field === 'text' ? 'stem' : 'term', values: new Set([term]) }];
    return {
      part,
      kind,
      word,
      carries: true,
      positions: postings.positions,
      score: (i) => scorer.score(i) * weight,
      matchers: () => matchers,
    };
  }
  let list = evaluated.get(node);
  if (!list) evaluated.set(node, (list = engine.run(node, options)));
  return {
    part,
    kind,
    word,
    carries: true,
    positions: list.positions,
    score: (i) => list.scores[i]! * weight,
    matchers: (i) => list.table.get(list.matcherIds[i]!),
  };
}

/** Passages in any of the lists (a word and its synonym): the part's document frequency. */
function typedCount(lists: Source[]): number {
  if (lists.length === 1) return lists[0]!.positions.length;
  const [a, b] = [lists[0]!.positions, lists[1]!.positions];
  let count = 0;
  for (let i = 0, j = 0; i < a.length || j < b.length; count++) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) i++;
    else if (i >= a.length || b[j]! < a[i]!) j++;
    else {
      i++;
      j++;
    }
  }
  return count;
}

/** Whether a passage may be listed: not a full match, within the query's exclusions and filters and the request's. */
function admission(
  engine: QueryEngine,
  constraints: EvalNode[],
  options: PartialOptions,
): (position: number) => boolean {
  const tests = constraints.map((node): ((position: number) => boolean) => {
    if (node.type === 'filter') return engine.filterTest(node);
    if (node.type === 'not' && node.child.type === 'filter') {
      const test = engine.filterTest(node.child);
      return (position) => !test(position);
    }
    const excluded = engine.run((node as Extract<EvalNode, { type: 'not' }>).child, options).positions;
    return (position) => !holds(excluded, position);
  });
  const { exclude = [], passes } = options;
  // Asked of every passage next to a word of the query (tens of thousands for a question at 1M): only the
  // tests there are.
  const checks = [
    ...(exclude.length > 0 ? [(position: number) => !holds(exclude, position)] : []),
    ...(passes ? [passes] : []),
    ...tests,
  ];
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0]!;
  return (position) => checks.every((test) => test(position));
}

/** The index of a position in an ascending list, or -1. */
function locate(list: Int32Array, position: number): number {
  const j = seek(list, 0, position);
  return list[j] === position ? j : -1;
}

function holds(sorted: ArrayLike<number>, position: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const at = sorted[middle]!;
    if (at === position) return true;
    if (at < position) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/** Dense arrays by position, made once per engine and left cleared after each query (like the engine's sums). */
class Scratch {
  /** 0: not seen; 1: a candidate; 2: seen, not admitted. */
  readonly state: Uint8Array;
  /** Parts held, a bit each. */
  readonly held: Uint32Array;
  /** Parts held as typed (the word typed or its synonym, an answer asked for), and through a thesaurus word. */
  readonly typed: Uint32Array;
  readonly expanded: Uint32Array;
  /** Parts held by the sentence before. */
  readonly near: Uint32Array;
  /** Parts held by the sentence after. */
  readonly ahead: Uint32Array;
  /** Positions whose state is set, in the order first seen. */
  seen = new Int32Array(1024);
  seenCount = 0;

  constructor(size: number) {
    this.state = new Uint8Array(size);
    this.held = new Uint32Array(size);
    this.typed = new Uint32Array(size);
    this.expanded = new Uint32Array(size);
    this.near = new Uint32Array(size);
    this.ahead = new Uint32Array(size);
  }

  /** select's arrays by candidate, kept from query to query (grown when short) and handed out as views. */
  private candidates = { admitted: new Int32Array(1024), levels: new Int32Array(1024), keys: new Float64Array(1024) };

  /**
   * Arrays for `count` candidates. Kept rather than made for each query: a question at 20k has 16,000
   * candidates, 256 KB of arrays outside V8's heap each time, and memory allocated there is what sets off
   * V8's full collections (the pauses that made a question's p99 over HTTP 5-10 times its median).
   */
  candidateArrays(count: number): { admitted: Int32Array; levels: Int32Array; keys: Float64Array } {
    if (this.candidates.admitted.length < count) {
      const size = Math.max(count, this.candidates.admitted.length * 2);
      this.candidates = { admitted: new Int32Array(size), levels: new Int32Array(size), keys: new Float64Array(size) };
    }
    const { admitted, levels, keys } = this.candidates;
    return { admitted: admitted.subarray(0, count), levels: levels.subarray(0, count), keys: keys.subarray(0, count) };
  }

  mark(position: number, state: 1 | 2): void {
    if (this.seenCount === this.seen.length) {
      const grown = new Int32Array(this.seen.length * 2);
      grown.set(this.seen);
      this.seen = grown;
    }
    this.seen[this.seenCount++] = position;
    this.state[position] = state;
  }

  clear(): void {
    for (let i = 0; i < this.seenCount; i++) {
      const position = this.seen[i]!;
      // Only an admitted candidate has bits (TopK sets them on admitted positions alone): an outside
      // list's ring admits few of the passages its lists hold, and these are arrays of a million.
      if (this.state[position] === 1) {
        this.held[position] = 0;
        this.typed[position] = 0;
        this.expanded[position] = 0;
        this.near[position] = 0;
        this.ahead[position] = 0;
      }
      this.state[position] = 0;
    }
    this.seenCount = 0;
  }
}

const scratches = new WeakMap<QueryEngine, Scratch>();

function scratchOf(engine: QueryEngine, size: number): Scratch {
  let scratch = scratches.get(engine);
  if (!scratch || scratch.state.length !== size) scratches.set(engine, (scratch = new Scratch(size)));
  return scratch;
}

/** Rarity compared to a thousandth, so that sums in another order tie. */
const level = (rarity: number) => Math.round(rarity * 1000);
/** Above any level (32 parts' rarity), so that LEVELS - level orders candidates highest first. */
const LEVELS = 2 ** 30;
/** A candidate's key is (LEVELS - level) * KEY_INDEX + its index (fewer than KEY_INDEX candidates). */
const KEY_INDEX = 2 ** 22;
/**
 * The index in a key. Not `key % KEY_INDEX`: a modulo of doubles is a call to fmod, 10 times the cost of
 * this; it was the dearest line of a question's partial matches, read for each of 16,000 candidates.
 */
const indexOfKey = (key: number) => key - Math.floor(key / KEY_INDEX) * KEY_INDEX;

/**
 * A min-heap over the keys' own array: `pop` takes the smallest left, `push` puts back the one last
 * taken. The keys not taken are `keys[0..size)`, in no order. Ordering only the few candidates assessed,
 * not all of them (16,000 at 20k for a question, of which about 100 are assessed).
 */
class KeyHeap {
  size: number;

  constructor(private readonly keys: Float64Array) {
    this.size = keys.length;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.down(i);
  }

  pop(): number {
    const { keys } = this;
    const smallest = keys[0]!;
    keys[0] = keys[--this.size]!;
    keys[this.size] = smallest;
    this.down(0);
    return smallest;
  }

  /** Put back the key last popped (it is just past the heap's end). */
  push(): void {
    const { keys } = this;
    let i = this.size++;
    const key = keys[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      i = parent;
    }
    keys[i] = key;
  }

  private down(from: number): void {
    const { keys, size } = this;
    const key = keys[from]!;
    let i = from;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && keys[child + 1]! < keys[child]!) child++;
      if (keys[child]! >= key) break;
      keys[i] = keys[child]!;
      i = child;
    }
    keys[i] = key;
  }
}

interface Run {
  run: Extract<EvalNode, { type: 'words' }>;
  /** The part of each of its words (-1: none). */
  partOf: number[];
  list: () => { positions: Int32Array; scores: Float64Array };
}

/** An assessed candidate. */
interface Scored {
  position: number;
  rarity: number;
  score: number;
}

/** The page's order: more rarity held (to a thousandth), then the higher score, then the earlier passage. */
function better(a: Scored, b: Scored): boolean {
  return (
    level(a.rarity) > level(b.rarity) ||
    (level(a.rarity) === level(b.rarity) && (a.score > b.score || (a.score === b.score && a.position < b.position)))
  );
}

type Detail = Omit<PartialHit, 'position' | 'hit'> & { matchers: Matcher[] };

/** One query's top-k evaluation over its sources. */
class TopK {
  /** Sources by length: the rarest lists first. */
  private readonly order: number[];
  private next = 0;
  /** Unread sources per part; a part with none left no longer adds to what an unseen passage can hold. */
  private readonly unread: number[];
  /** Each part's sources, in the order its best is chosen. */
  private readonly byPart: number[][];
  private runLists: Array<{ positions: Int32Array; scores: Float64Array }> | null = null;
  /** Each part's score held directly at the passage being assessed (NaN: not held). */
  private readonly direct: Float64Array;
  /** Where the passage being assessed, and the one before it, are in each source (-1: not there), and in each run. */
  private readonly here: Int32Array;
  private readonly before: Int32Array;
  private readonly after: Int32Array;
  private runHere = new Int32Array(0);
  /** Bits of every part, and of the parts that are words (not an answer asked for). */
  private readonly all: number;
  private readonly words: number;

  constructor(
    private readonly scratch: Scratch,
    private readonly follows: Uint8Array,
    private readonly parts: Part[],
    private readonly sources: Source[],
    private readonly rarity: number[],
    private readonly admits: (position: number) => boolean,
    private readonly runs: Run[],
  ) {
    this.order = sources
      .map((_, i) => i)
      .sort((a, b) => sources[a]!.positions.length - sources[b]!.positions.length || a - b);
    this.byPart = parts.map((_, p) => sources.flatMap((source, s) => (source.part === p ? [s] : [])));
    this.unread = this.byPart.map((list) => list.length);
    this.direct = new Float64Array(parts.length);
    this.here = new Int32Array(sources.length);
    this.before = new Int32Array(sources.length);
    this.after = new Int32Array(sources.length);
    this.all = parts.reduce((mask, _, p) => mask | (1 << p), 0);
    this.words = parts.reduce((mask, part, p) => (part.answer ? mask : mask | (1 << p)), 0);
  }

  run(limit: number, exactUpTo: number): PartialMatches {
    // Lists short enough are read whole and every candidate counted: the count is then exact.
    const exact = this.sources.reduce((sum, source) => sum + source.positions.length, 0) <= exactUpTo;
    for (;;) {
      this.readUntilCertain(exact ? Infinity : limit);
      const done = this.next === this.order.length;
      const { best, total, passedOver } = this.select(limit, exact);
      // A candidate dropped on assessment (it holds every word as typed) may leave fewer than `limit` above the bound.
      if (!done && (best.length < limit || level(best[limit - 1]!.rarity) <= level(this.unseenBound()))) continue;
      return { hits: best.map(({ position }) => this.describe(position)), total, atLeast: !done || passedOver };
    }
  }

  /** The most rarity a passage no read list holds can have: every part with a list still unread. */
  private unseenBound(): number {
    return this.rarity.reduce((sum, rarity, i) => sum + (this.unread[i]! > 0 ? rarity : 0), 0);
  }

  /** Read lists, shortest first, until `limit` candidates certainly hold more than any passage not seen. */
  private readUntilCertain(limit: number): void {
    const { held, near, ahead } = this.scratch;
    while (this.next < this.order.length) {
      const source = this.sources[this.order[this.next++]!]!;
      const bit = 1 << source.part;
      const { positions } = source;
      const how = source.kind === 'expansion' ? this.scratch.expanded : this.scratch.typed;
      for (let i = 0; i < positions.length; i++) {
        const position = positions[i]!;
        if (this.admitted(position)) {
          held[position]! |= bit;
          how[position]! |= bit;
        }
        if (source.carries && this.follows[position + 1] && this.admitted(position + 1)) near[position + 1]! |= bit;
        if (source.carries && this.follows[position] && this.admitted(position - 1)) ahead[position - 1]! |= bit;
      }
      this.unread[source.part]!--;
      if (this.scratch.seenCount < limit) continue;
      // Candidates above the bound are counted as they are; one that turns out to hold every word as typed
      // is found on assessment, and reading goes on (run).
      const bound = level(this.unseenBound());
      let certain = 0;
      for (let i = 0; i < this.scratch.seenCount && certain < limit; i++) {
        const position = this.scratch.seen[i]!;
        if (this.scratch.state[position] === 1 && level(this.heldAtLeast(position)) > bound) certain++;
      }
      if (certain >= limit) return;
    }
  }

  private admitted(position: number): boolean {
    const { state } = this.scratch;
    if (state[position] === 0) this.scratch.mark(position, this.admits(position) ? 1 : 2);
    return state[position] === 1;
  }

  /** Parts whose every list has been read, a bit each. */
  private readParts(): number {
    return this.unread.reduce((mask, unread, p) => (unread === 0 ? mask | (1 << p) : mask), 0);
  }

  /**
   * An admitted candidate that will be a partial match whatever the unread lists hold: it holds a word (or
   * a sentence next to it does) and lacks, as typed, a part whose lists are all read.
   */
  private surelyListed(position: number, read: number): boolean {
    const { state, held, near, ahead } = this.scratch;
    return (
      state[position] === 1 &&
      ((held[position]! & this.words) !== 0 || near[position] !== 0 || ahead[position] !== 0) &&
      (read & ~held[position]!) !== 0
    );
  }

  /** The rarity the lists read so far give a passage (what it holds in the end can only be more). */
  private heldAtLeast(position: number): number {
    let sum = 0;
    const direct = this.scratch.held[position]!;
    for (let mask = direct; mask !== 0; mask &= mask - 1) sum += this.rarity[31 - Math.clz32(mask & -mask)]!;
    const near = this.scratch.near[position]! & ~direct;
    for (let mask = near; mask !== 0; mask &= mask - 1)
      sum += this.rarity[31 - Math.clz32(mask & -mask)]! * CONTEXT_WEIGHT;
    for (let mask = this.scratch.ahead[position]! & ~direct & ~near; mask !== 0; mask &= mask - 1)
      sum += this.rarity[31 - Math.clz32(mask & -mask)]! * FOLLOWING_WEIGHT;
    return sum;
  }

  /** The most rarity it can hold in the end: what it holds, and every part with unread lists it does not hold yet. */
  private heldAtMost(position: number, read: number): number {
    let sum = this.heldAtLeast(position);
    const direct = this.scratch.held[position]!;
    const near = this.scratch.near[position]!;
    const ahead = this.scratch.ahead[position]!;
    for (let mask = ~read & ~direct & this.all; mask !== 0; mask &= mask - 1) {
      const p = 31 - Math.clz32(mask & -mask);
      sum += this.rarity[p]! * ((near >>> p) & 1 ? 1 - CONTEXT_WEIGHT : (ahead >>> p) & 1 ? 1 - FOLLOWING_WEIGHT : 1);
    }
    return sum;
  }

  /**
   * The best `limit` candidates, assessed in the order of the most rarity each can hold, until the next can
   * hold less than the `limit`-th best holds (MaxScore's second half: the unread lists are only looked up
   * for the passages that can still make the page). `total` counts those assessed that list, and those
   * passed over that surely would.
   */
  private select(limit: number, every: boolean): { best: Scored[]; total: number; passedOver: boolean } {
    const { seen, seenCount, state } = this.scratch;
    const read = this.readParts();
    let count = 0;
    for (let k = 0; k < seenCount; k++) if (state[seen[k]!] === 1) count++;
    const { admitted, levels, keys } = this.scratch.candidateArrays(count);
    count = 0;
    for (let k = 0; k < seenCount; k++) if (state[seen[k]!] === 1) admitted[count++] = seen[k]!;
    // Candidates by the most rarity they can hold, highest first: a key ordered as numbers (level, then
    // index), taken from a heap as needed, since most are never assessed.
    for (let i = 0; i < count; i++) {
      levels[i] = level(this.heldAtMost(admitted[i]!, read));
      keys[i] = (LEVELS - levels[i]!) * KEY_INDEX + i;
    }
    const order = new KeyHeap(keys);
    this.runLists ??= this.runs.map((run) => run.list());
    this.runHere = new Int32Array(this.runs.length);
    const best: Scored[] = [];
    let total = 0;
    let assessed = 0;
    for (; assessed < count; assessed++) {
      const i = indexOfKey(order.pop());
      if (best.length === limit && levels[i]! < level(best[limit - 1]!.rarity)) {
        order.push();
        break;
      }
      const position = admitted[i]!;
      const { rarity, score, valid } = this.assessAt(position, null);
      if (!valid) continue;
      total++;
      if (best.length === limit && !better({ position, rarity, score }, best[limit - 1]!)) continue;
      const scored = { position, rarity, score };
      const at = best.findIndex((other) => better(scored, other));
      if (at >= 0) best.splice(at, 0, scored);
      else best.push(scored);
      if (best.length > limit) best.pop();
    }
    let passedOver = 0;
    if (every) {
      // Every list read: what each passage passed over holds is known, so whether it lists is too (and
      // the count stays exact) without scoring it, but where only the scores can tell.
      for (let k = 0; k < order.size; k++) {
        const position = admitted[indexOfKey(keys[k]!)]!;
        if (this.listedOnceRead(position) ?? this.assessAt(position, null).valid) passedOver++;
      }
      return { best, total: total + passedOver, passedOver: false };
    }
    for (let k = 0; k < order.size; k++) if (this.surelyListed(admitted[indexOfKey(keys[k]!)]!, read)) passedOver++;
    return { best, total: total + passedOver, passedOver: order.size > 0 };
  }

  /**
   * Whether an admitted candidate is a partial match (assess's `valid`) from the parts it holds once every
   * list is read, or null where only the scores tell: it holds every word as typed, and one of them through
   * a thesaurus word too (listed if that word scores higher than the word typed).
   */
  private listedOnceRead(position: number): boolean | null {
    const { held, typed, expanded, near, ahead } = this.scratch;
    const direct = held[position]!;
    const nearby = (near[position]! | ahead[position]!) & ~direct;
    // No word of the query, held or next to it: only an answer asked for.
    if ((direct & this.words) === 0 && nearby === 0) return false;
    // A word lacking, one held only by a sentence next to it, or one held only through a thesaurus word.
    if ((this.words & ~direct & ~nearby) !== 0 || nearby !== 0 || (direct & ~typed[position]!) !== 0) return true;
    return (typed[position]! & expanded[position]!) !== 0 ? null : false;
  }

  /** Rarity held, score and validity of one passage, its sources looked up by galloping. */
  private assessAt(position: number, detail: Detail | null): { rarity: number; score: number; valid: boolean } {
    const { here, before, after } = this;
    const follows = this.follows[position] === 1;
    const followed = this.follows[position + 1] === 1;
    // One search a source, not three: the passage before, this one and the one after are neighbours in
    // the sorted list when there (a third of a question's time at 20k was these searches).
    for (let s = 0; s < this.sources.length; s++) {
      const list = this.sources[s]!.positions;
      let at = seek(list, 0, follows ? position - 1 : position);
      before[s] = follows && list[at] === position - 1 ? at++ : -1;
      here[s] = list[at] === position ? at++ : -1;
      after[s] = followed && list[at] === position + 1 ? at : -1;
    }
    for (let r = 0; r < this.runLists!.length; r++) this.runHere[r] = locate(this.runLists![r]!.positions, position);
    return this.assess(here, before, after, this.runHere, detail);
  }

  /** The page's passage in full: what it holds, lacks, and why it was found. */
  private describe(position: number): PartialHit {
    const detail: Detail = { missing: [], via: [], context: [], following: [], answers: [], matchers: [] };
    const { score } = this.assessAt(position, detail);
    return {
      position,
      hit: { score, matchers: detail.matchers },
      missing: detail.missing,
      via: detail.via,
      context: detail.context,
      following: detail.following,
      answers: detail.answers,
    };
  }

  /**
   * A passage's rarity held and score, parts in query order, from the index of the passage (`here`) and of
   * the ones before and after it (`before`, `after`) in each source (-1: not there). A part counts its best
   * source: the word typed (or its synonym), else a thesaurus word at its weight; a part only the sentence
   * before holds counts at CONTEXT_WEIGHT, one only the sentence after holds at FOLLOWING_WEIGHT. Not
   * valid: it holds every part as typed (a full match in other terms), or no word of the query (only a
   * answer asked for).
   */
  private assess(
    here: Int32Array,
    before: Int32Array,
    after: Int32Array,
    runHere: Int32Array,
    detail: Detail | null,
  ): { rarity: number; score: number; valid: boolean } {
    let rarity = 0;
    let score = 0;
    let lacking = 0;
    let other = 0;
    let words = 0;
    for (let p = 0; p < this.parts.length; p++) {
      this.direct[p] = Number.NaN;
      const own = this.best(p, here);
      if (own >= 0) {
        const source = this.sources[own]!;
        const value = source.score(here[own]!);
        this.direct[p] = value;
        score += value;
        rarity += this.rarity[p]!;
        if (!this.parts[p]!.answer) words++;
        if (source.kind === 'expansion') other++;
        if (detail) {
          if (this.parts[p]!.answer) detail.answers.push(this.parts[p]!.label);
          appendAll(detail.matchers, source.matchers(here[own]!));
          if (source.kind === 'expansion') detail.via.push({ typed: this.parts[p]!.label, found: source.word });
        }
        continue;
      }
      // An answer asked for is no word the passage lacks: it only ranks those that give one first.
      if (this.parts[p]!.answer) continue;
      const near = this.best(p, before);
      if (near >= 0) {
        score += this.sources[near]!.score(before[near]!) * CONTEXT_WEIGHT;
        rarity += this.rarity[p]! * CONTEXT_WEIGHT;
        other++;
        words++;
        detail?.context.push(this.parts[p]!.label);
        continue;
      }
      const next = this.best(p, after);
      if (next >= 0) {
        score += this.sources[next]!.score(after[next]!) * FOLLOWING_WEIGHT;
        rarity += this.rarity[p]! * FOLLOWING_WEIGHT;
        other++;
        words++;
        detail?.following.push(this.parts[p]!.label);
        continue;
      }
      lacking++;
      detail?.missing.push(this.parts[p]!.label);
    }
    for (let r = 0; r < this.runs.length; r++) {
      if (runHere[r]! < 0) continue;
      const apart = this.runs[r]!.partOf.reduce(
        (sum, p) => sum + (p >= 0 && !Number.isNaN(this.direct[p]!) ? this.direct[p]! : 0),
        0,
      );
      score += Math.max(0, this.runLists![r]!.scores[runHere[r]!]! - apart);
    }
    return { rarity, score, valid: words > 0 && (lacking > 0 || other > 0) };
  }

  /** A part's best source at the given indexes (-1: none): typed first, its synonym if better, a thesaurus word if strictly better. */
  private best(part: number, at: Int32Array): number {
    let best = -1;
    let bestScore = 0;
    for (const s of this.byPart[part]!) {
      const i = at[s]!;
      if (i < 0) continue;
      const source = this.sources[s]!;
      const score = source.score(i);
      if (best >= 0 && (source.kind === 'expansion' ? bestScore >= score : !(bestScore < score))) continue;
      best = s;
      bestScore = score;
    }
    return best;
  }
}
