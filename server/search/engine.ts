// Evaluating a parsed query over the corpus: which passages match, with what score, and which tokens
// matched (as matchers that highlighting replays on the passage's tokens).
//
//   QueryNode --expandSynonyms--> tree with synonym nodes --evaluate--> Map<passage, Hit>
//
// Leaves go to MiniSearch for candidates and BM25 scores (index-reader.ts); word sequences (phrases,
// multi-word synonyms, hyphenated words) are then checked for adjacency on the passage's own tokens, as
// ids (token-store.ts). Highlighting replays the matchers on the tokens of the passages it shows.

import type MiniSearch from 'minisearch';
import type { Passage } from '../corpus/types.ts';
import type { FilterNode, PhraseNode, QueryNode, TermNode } from './query.ts';
import type { SynonymGroup } from './synonyms.ts';
import { FILLERS, STOPWORDS, tokenize, type Token } from './tokenize.ts';
import { readAmounts } from './amounts.ts';
import type { SearchField } from './search-index.ts';
import { badRequest } from '../errors.ts';
import { IndexReader, scored, type RawResults } from './index-reader.ts';
import { TokenStore, type IdPattern } from './token-store.ts';
import { appendAll } from '../extremes.ts';

/**
 * What a leaf matched, replayable on any passage's tokens: a set of terms, or a word sequence. `outside`
 * lists longer names the match must not lie inside ("Republic of Korea" in "Democratic People's Republic
 * of Korea" is not the ROK).
 */
export type Matcher = (
  | { kind: 'terms'; key: 'stem' | 'term'; values: Set<string> }
  | { kind: 'sequence'; key: 'stem' | 'term'; values: string[] }
) & { outside?: string[][] };

export interface Hit {
  score: number;
  matchers: Matcher[];
}

/** Passage position (in corpus order) -> hit. */
export type Hits = Map<number, Hit>;

export interface EvaluateOptions {
  /** Strict: no stemming and no synonyms; every word must match as written (case and accents aside). */
  strict: boolean;
}

/**
 * Consecutive plain words typed: they match loosely (all present, anywhere), and a passage holding them
 * as a sequence ranks higher. The sequences are the words themselves or, when the words spell a member
 * of a synonym group, every member of the group.
 */
export interface WordsNode {
  type: 'words';
  words: TermNode[];
  alternatives: string[][];
  /** Longer names (stem sequences) of other synonym groups that contain an alternative: see Matcher. */
  outside: string[][];
}

type NotEval = { type: 'not'; child: EvalNode };
/** A query tree as evaluated: the parser's nodes plus synonym nodes. */
export type EvalNode = TermNode | PhraseNode | FilterNode | WordsNode | NotEval | { type: 'and' | 'or'; children: EvalNode[] };

/** A passage holding the words as a sequence (or a synonym of them) ranks above loose matches. */
const SEQUENCE_BOOST = 2;

export interface EngineCorpus {
  passages: Passage[];
  /** Passage id -> position in `passages` (the library's own map). */
  positionById: ReadonlyMap<string, number>;
  index: MiniSearch<Passage>;
  synonyms: SynonymGroup[];
  /** The passages' tokens as saved by `npm run index`; tokenized here when not given (an index built in memory). */
  tokens?: TokenStore;
}

export class QueryEngine {
  readonly index: MiniSearch<Passage>;
  /** Every passage's tokens as ids: what adjacency and `outside` checks read. */
  readonly store: TokenStore;
  private readonly reader: IndexReader;
  /** The IDF weight of every synonym alternative, computed once: they are the same for every query. */
  private readonly alternativeWeights: Map<string, number>;

  constructor(private readonly corpus: EngineCorpus) {
    this.index = corpus.index;
    this.reader = new IndexReader(corpus.index, corpus.positionById, corpus.passages);
    this.alternativeWeights = new Map(corpus.synonyms.flat().map(({ stems }) => [stems.join(' '), this.weight(stems)]));
    this.store = corpus.tokens ?? TokenStore.of(corpus.passages.map((passage) => passage.text));
  }

  /** A passage's tokens with their offsets, for highlighting it (as `tokenize` gives them). */
  tokensOf(position: number): Token[] {
    return this.store.tokensOf(position);
  }

  /** Evaluate a query tree (null: every passage, unscored). */
  evaluate(tree: QueryNode | null, options: EvaluateOptions): Hits {
    this.reader.startEvaluation();
    return tree ? this.run(this.prepare(tree, options), options) : this.all();
  }

  /** The tree as evaluated: synonym runs grouped (unless strict), unquoted stopwords dropped. */
  prepare(tree: QueryNode, options: EvaluateOptions): EvalNode {
    return prepareQuery(tree, this.corpus.synonyms, options);
  }

  /** Evaluate one node of a prepared tree (partial matches evaluate the required parts one by one). */
  run(node: EvalNode, options: EvaluateOptions): Hits {
    switch (node.type) {
      case 'term':
        return this.term(node, options);
      case 'phrase':
        return this.sequence(tokenize(node.text).map((token) => token.term), 'exact', 1);
      case 'filter':
        return this.filter(node);
      case 'words':
        return this.words(node, options);
      case 'not':
        return subtract(this.all(), this.run(node.child, options));
      case 'or':
        return node.children.map((child) => this.run(child, options)).reduce(union);
      case 'and': {
        // Filters (and negated filters) narrow the other parts' hits, tested passage by passage, rather
        // than listing every passage of a year to intersect with. A filter adds 0 to a score and no
        // matchers, so the hits are those of intersecting them.
        const isFilter = (child: EvalNode) => child.type === 'filter' || (child.type === 'not' && child.child.type === 'filter');
        const positives = node.children.filter((child) => child.type !== 'not' && !isFilter(child));
        const negatives = node.children.filter((child): child is NotEval => child.type === 'not' && !isFilter(child));
        const filters = node.children.filter(isFilter).map((child) => (child.type === 'not' ? negate(this.filterTest(child.child as FilterNode)) : this.filterTest(child as FilterNode)));
        let hits = positives.length ? positives.map((child) => this.run(child, options)).reduce(intersect) : this.all();
        if (filters.length) hits = keepWhere(hits, (position) => filters.every((passes) => passes(position)));
        for (const negative of negatives) hits = subtract(hits, this.run(negative.child, options));
        return hits;
      }
    }
  }

  private term(node: TermNode, { strict }: EvaluateOptions): Hits {
    const tokens = tokenize(node.word);
    if (tokens.length === 0) return new Map();
    if (tokens.length > 1) {
      if (node.prefix || node.fuzzy) throw badRequest('Prefix (*) and fuzzy (~) searches work on single words.', node.position);
      return strict ? this.sequence(tokens.map((t) => t.term), 'exact', 1) : this.sequence(tokens.map((t) => t.stem), 'text', 1);
    }
    const token = tokens[0]!;
    if (node.prefix) return this.lookup(token.term, 'exact', { prefix: true });
    if (node.fuzzy) return this.lookup(token.term, 'exact', { fuzzy: fuzzyDistance(token.term) });
    return strict ? this.lookup(token.term, 'exact', {}) : this.lookup(token.stem, 'text', {});
  }

  /** One term in one field via MiniSearch; the matcher holds every index term it expanded to. */
  private lookup(value: string, field: SearchField, expand: { prefix?: boolean; fuzzy?: number }): Hits {
    const results = this.reader.query([value], field, expand);
    // Only a prefix or fuzzy term expands; a plain one matches itself wherever it matches.
    const matched = new Set<string>();
    if (expand.prefix || expand.fuzzy) for (const result of results.values()) for (const term in result.match) matched.add(term);
    else if (results.size > 0) matched.add(value);
    // One matchers array shared by every hit: hits never change their matchers.
    const matchers: Matcher[] = [{ kind: 'terms', key: field === 'text' ? 'stem' : 'term', values: matched }];
    const hits: Hits = new Map();
    for (const [position, result] of results) hits.set(position, { score: scored(result), matchers });
    return hits;
  }

  /**
   * Plain one-token words, all present anywhere: one MiniSearch AND query rather than one full search a
   * word and their intersection. A passage scores the sum of its words' scores, as the intersection
   * summed them (the raw score, without `search`'s "quality" factor, which is 1 for one word).
   */
  private allOf(stems: string[]): Hits {
    const results = this.reader.query(stems, 'text');
    const matchers: Matcher[] = stems.map((stem) => ({ kind: 'terms', key: 'stem', values: new Set(results.size > 0 ? [stem] : []) }));
    const hits: Hits = new Map();
    for (const [position, result] of results) hits.set(position, { score: result.score, matchers });
    return hits;
  }

  /** Words that must appear next to each other, in order: candidates from MiniSearch, adjacency checked here. */
  private sequence(values: string[], field: SearchField, boost: number): Hits {
    if (values.length === 0) return new Map();
    const key = field === 'text' ? 'stem' : 'term';
    const pattern = this.store.pattern(key, values);
    const matchers: Matcher[] = [{ kind: 'sequence', key, values }];
    const hits: Hits = new Map();
    // One word is its own sequence wherever MiniSearch finds it (the field holds the same tokens).
    const adjacent = (position: number) => values.length === 1 || this.store.findSequence(position, pattern).length > 0;
    for (const [position, result] of this.reader.query(values, field)) {
      if (!adjacent(position)) continue;
      hits.set(position, { score: scored(result) * boost, matchers });
    }
    return hits;
  }

  /**
   * The words as typed (all present, anywhere) or any alternative as a sequence, boosted.
   * Saying the same thing twice is not twice as relevant: a passage scores its best alternative. And
   * every alternative weighs what the typed words weigh: its BM25 score is scaled by the ratio of the
   * typed words' IDF to the alternative's, so neither a five-word alternative ("Democratic People's
   * Republic of Korea" for "DPRK") nor one with rarer words outranks the words the user typed.
   */
  private words(node: WordsNode, options: EvaluateOptions): Hits {
    const oneTokenEach = node.words.map((word) => tokenize(word.word)).every((tokens) => tokens.length === 1);
    const loose = oneTokenEach ? this.allOf(node.words.map((word) => tokenize(word.word)[0]!.stem)) : node.words.map((word) => this.term(word, options)).reduce(intersect);
    const typedStems = node.words.flatMap((word) => tokenize(word.word).map((token) => token.stem));
    const typed = this.weight(typedStems);
    // A synonym's weight was computed at load; a run of plain words is usually its own one alternative.
    const typedKey = typedStems.join(' ');
    const weightOf = (stems: string[]) => {
      const key = stems.join(' ');
      return this.alternativeWeights.get(key) ?? (key === typedKey ? typed : this.weight(stems));
    };
    return node.alternatives
      .map((stems) => this.outside(this.sequence(stems, 'text', (SEQUENCE_BOOST * typed) / weightOf(stems)), node.outside))
      .reduce(unionBest, this.outside(loose, node.outside));
  }

  /** Keep the hits whose every matcher still matches outside the longer names; their marks skip them too. */
  private outside(hits: Hits, names: string[][]): Hits {
    if (names.length === 0) return hits;
    const covers = names.map((name) => this.store.pattern('stem', name));
    // Hits share matcher arrays; each array gets its one copy with the names, compiled to ids once.
    const withNames = new Map<Matcher[], { matchers: Matcher[]; patterns: IdPattern[] }>();
    const out: Hits = new Map();
    for (const [position, hit] of hits) {
      let named = withNames.get(hit.matchers);
      if (!named) {
        const matchers = hit.matchers.map((matcher) => ({ ...matcher, outside: names }));
        withNames.set(hit.matchers, (named = { matchers, patterns: matchers.map((matcher) => this.store.pattern(matcher.key, [...matcher.values])) }));
      }
      const { matchers, patterns } = named;
      if (matchers.every((matcher, i) => this.matchesOutside(position, matcher.kind, patterns[i]!, covers))) out.set(position, { ...hit, matchers });
    }
    return out;
  }

  /** Does the passage hold the pattern somewhere not wholly inside one of the longer names? (matchedSpans, on ids) */
  private matchesOutside(position: number, kind: Matcher['kind'], pattern: IdPattern, covers: IdPattern[]): boolean {
    const length = kind === 'terms' ? 1 : pattern.ids.length;
    const starts = kind === 'terms' ? this.store.findAny(position, pattern) : this.store.findSequence(position, pattern);
    if (starts.length === 0) return false;
    const covered = covers.flatMap((name) => this.store.findSequence(position, name).map((from) => [from, from + name.ids.length - 1] as const));
    return starts.some((first) => !covered.some(([from, to]) => from <= first && first + length - 1 <= to));
  }

  /** Sum of the stems' inverse document frequencies (BM25's IDF), the weight of a word sequence. */
  private weight(stems: string[]): number {
    const total = this.corpus.passages.length;
    return stems.reduce((sum, stem) => {
      const frequency = this.reader.documentFrequency(stem);
      return sum + Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
    }, 0) || 1;
  }

  private filter(node: FilterNode): Hits {
    const passes = this.filterTest(node);
    const hits: Hits = new Map();
    for (let position = 0; position < this.corpus.passages.length; position++) if (passes(position)) hits.set(position, { score: 0, matchers: NO_MATCHERS });
    return hits;
  }

  /** One set lookup per passage, so the cost does not grow with the years a range spells out (0000..9999). */
  private filterTest(node: FilterNode): (position: number) => boolean {
    const wanted = new Set<string | number>(node.field === 'year' ? node.years : node.field === 'section' ? node.sections : node.field === 'country' ? node.countries : node.docs);
    const { passages } = this.corpus;
    switch (node.field) {
      case 'year':
        return (position) => wanted.has(passages[position]!.year);
      case 'section':
        return (position) => wanted.has(passages[position]!.section);
      case 'country':
        return (position) => wanted.has(passages[position]!.country);
      case 'doc':
        return (position) => wanted.has(passages[position]!.doc);
    }
  }

  private all(): Hits {
    const hits: Hits = new Map();
    for (let position = 0; position < this.corpus.passages.length; position++) hits.set(position, { score: 0, matchers: NO_MATCHERS });
    return hits;
  }
}

/**
 * The token spans ([first, last], inclusive) a matcher marks in a passage: every token in its set, or
 * every occurrence of its sequence, except those lying wholly inside one of its `outside` names.
 */
export function matchedSpans(tokens: Token[], matcher: Matcher): Array<[number, number]> {
  const spans: Array<[number, number]> =
    matcher.kind === 'terms'
      ? tokens.flatMap((token, i) => (matcher.values.has(token[matcher.key]) ? [[i, i] as [number, number]] : []))
      : findSequence(tokens, matcher.key, matcher.values).map((first) => [first, first + matcher.values.length - 1]);
  if (!matcher.outside?.length) return spans;
  const covers = matcher.outside.flatMap((name) => findSequence(tokens, 'stem', name).map((first) => [first, first + name.length - 1]));
  return spans.filter(([first, last]) => !covers.some(([from, to]) => from! <= first && last <= to!));
}

/** Start indexes of every occurrence of `values` in `tokens`, comparing the given key. */
export function findSequence(tokens: Token[], key: 'stem' | 'term', values: string[]): number[] {
  const starts: number[] = [];
  for (let i = 0; i + values.length <= tokens.length; i++) {
    if (values.every((value, k) => tokens[i + k]![key] === value)) starts.push(i);
  }
  return starts;
}

/** Edit distance allowed for a fuzzy term, scaled to its length. */
export function fuzzyDistance(term: string): number {
  return term.length <= 3 ? 0 : term.length <= 6 ? 1 : 2;
}

/**
 * A parsed query as evaluated: unless strict, amounts read in all their forms and synonym runs grouped;
 * unquoted stopwords dropped (and, unless strict, question words, auxiliaries and light verbs: FILLERS).
 */
export function prepareQuery(tree: QueryNode, synonyms: SynonymGroup[], { strict }: EvaluateOptions): EvalNode {
  return dropStopwords(strict ? tree : expandSynonyms(readAmounts(tree), synonyms), strict);
}

/**
 * Turn runs of consecutive plain words into words nodes: a run that spells a synonym group member (by
 * stems, longest first) gets the whole group as alternatives ("forced repatriation" -> forcibly
 * repatriated | forcibly returned | ...); other runs of two or more words get their own sequence.
 */
function expandSynonyms(node: QueryNode, groups: SynonymGroup[]): EvalNode {
  if (node.type === 'not') return { type: 'not', child: expandSynonyms(node.child, groups) };
  if (node.type === 'or') return { type: 'or', children: node.children.map((child) => expandSynonyms(child, groups)) };
  if (node.type === 'term') return expandRun([node], groups)[0]!;
  if (node.type !== 'and') return node;
  const children: EvalNode[] = [];
  let run: TermNode[] = [];
  const flush = () => {
    appendAll(children, expandRun(run, groups));
    run = [];
  };
  for (const child of node.children) {
    if (child.type === 'term' && !child.prefix && !child.fuzzy) run.push(child);
    else {
      flush();
      children.push(expandSynonyms(child, groups));
    }
  }
  flush();
  return children.length === 1 ? children[0]! : { type: 'and', children };
}

function expandRun(run: TermNode[], groups: SynonymGroup[]): EvalNode[] {
  const stemsOf = run.map((term) => tokenize(term.word).map((token) => token.stem));
  const candidates = longestFirst(groups);
  const out: EvalNode[] = [];
  let plain: TermNode[] = [];
  // Stopwords are not required loosely, but stay inside the sequence ("labor in camps").
  const flushPlain = () => {
    const content = plain.filter((term) => !isStopword(term));
    if (content.length < 2) appendAll(out, plain);
    else {
      const first = plain.indexOf(content[0]!);
      const last = plain.indexOf(content[content.length - 1]!);
      const sequence = plain.slice(first, last + 1).flatMap((term) => tokenize(term.word).map((t) => t.stem));
      out.push({ type: 'words', words: content, alternatives: [sequence], outside: [] });
    }
    plain = [];
  };
  let i = 0;
  while (i < run.length) {
    const match = candidates
      .map(({ alternative, group }) => ({ group, words: wordsSpelling(stemsOf, i, alternative.stems) }))
      .find(({ words }) => words > 0);
    if (match) {
      flushPlain();
      // A name keeps its words that only ask elsewhere ("TIP Report"); only stop words are left loose.
      const words = run.slice(i, i + match.words).filter((term) => !isStopword(term, true));
      out.push({ type: 'words', words, alternatives: match.group.map((alt) => alt.stems), outside: longerNames(match.group, groups) });
      i += match.words;
    } else {
      plain.push(run[i]!);
      i++;
    }
  }
  flushPlain();
  return out;
}

/** Every synonym alternative with its group, longest first; worked out once per loaded list of groups. */
function longestFirst(groups: SynonymGroup[]): Array<{ alternative: SynonymGroup[number]; group: SynonymGroup }> {
  let candidates = candidatesOf.get(groups);
  if (!candidates) {
    candidates = groups.flatMap((group) => group.map((alternative) => ({ alternative, group }))).sort((a, b) => b.alternative.stems.length - a.alternative.stems.length);
    candidatesOf.set(groups, candidates);
  }
  return candidates;
}

const candidatesOf = new WeakMap<SynonymGroup[], Array<{ alternative: SynonymGroup[number]; group: SynonymGroup }>>();

/**
 * The names of other groups that contain one of this group's names: a multi-word synonym must not match
 * inside a longer name (longest match wins), so "Republic of Korea" (ROK) skips "Democratic People's
 * Republic of Korea" (DPRK).
 */
function longerNames(group: SynonymGroup, groups: SynonymGroup[]): string[][] {
  // The groups are fixed for a loaded library: compare every name with every other once, not per query.
  const known = longerNamesOf.get(group);
  if (known) return known;
  const contains = (long: string[], short: string[]) => long.length > short.length && long.some((_, i) => short.every((stem, k) => long[i + k] === stem));
  const names = groups
    .filter((other) => other !== group)
    .flatMap((other) => other.map((alternative) => alternative.stems))
    .filter((long) => group.some((alternative) => contains(long, alternative.stems)));
  longerNamesOf.set(group, names);
  return names;
}

const longerNamesOf = new WeakMap<SynonymGroup, string[][]>();

/** How many whole query words, starting at word `from`, spell exactly `stems` (0 when they do not). */
function wordsSpelling(stemsOf: string[][], from: number, stems: string[]): number {
  let offset = 0;
  for (let word = from; word < stemsOf.length; word++) {
    for (const stem of stemsOf[word]!) {
      if (stems[offset] !== stem) return 0;
      offset++;
    }
    if (offset === stems.length) return word - from + 1;
  }
  return 0;
}

/** Unquoted stopwords narrow nothing: drop them from an AND that has other words. */
function dropStopwords(node: EvalNode, strict: boolean): EvalNode {
  const drop = (child: EvalNode) => dropStopwords(child, strict);
  if (node.type === 'not') return { type: 'not', child: drop(node.child) };
  if (node.type === 'or') return { type: 'or', children: node.children.map(drop) };
  if (node.type !== 'and') return node;
  // Only when other positive words remain: "The -R" must mean passages with "the" minus R, not
  // every passage minus R.
  const content = node.children.some((child) => child.type !== 'not' && !isStopword(child, strict));
  if (!content) return { type: 'and', children: node.children.map(drop) };
  const kept = node.children.filter((child) => !isStopword(child, strict)).map(drop);
  return kept.length === 1 ? kept[0]! : { type: 'and', children: kept };
}

/** A stop word, or (unless strict: the words exactly as typed) a question word, auxiliary or light verb. */
function isStopword(node: EvalNode, strict = false): boolean {
  if (node.type !== 'term' || node.prefix || node.fuzzy) return false;
  const word = node.word.toLowerCase();
  return STOPWORDS.has(word) || (!strict && FILLERS.has(word));
}

/** The matchers of a hit that matched no words (a filter, every passage): shared, never changed. */
const NO_MATCHERS: Matcher[] = [];

/**
 * Two hits' matchers, one after the other. Hits from one leaf share one array, so the same two arrays
 * meet again and again: joined once, the result shared too (nothing changes a hit's matchers).
 */
function joined(first: Matcher[], second: Matcher[]): Matcher[] {
  if (second.length === 0) return first;
  if (first.length === 0) return second;
  let withFirst = joinedArrays.get(first);
  if (!withFirst) joinedArrays.set(first, (withFirst = new WeakMap()));
  let both = withFirst.get(second);
  if (!both) withFirst.set(second, (both = [...first, ...second]));
  return both;
}

const joinedArrays = new WeakMap<Matcher[], WeakMap<Matcher[], Matcher[]>>();

function negate(test: (position: number) => boolean): (position: number) => boolean {
  return (position) => !test(position);
}

function keepWhere(hits: Hits, keep: (position: number) => boolean): Hits {
  const out: Hits = new Map();
  for (const [position, hit] of hits) if (keep(position)) out.set(position, hit);
  return out;
}

function intersect(a: Hits, b: Hits): Hits {
  const out: Hits = new Map();
  for (const [position, hit] of a) {
    const other = b.get(position);
    if (other) out.set(position, { score: hit.score + other.score, matchers: joined(hit.matchers, other.matchers) });
  }
  return out;
}

/** A union of hits that combines the scores of a passage in both with `combine`, keeping all matchers. */
function unionWith(combine: (a: number, b: number) => number): (a: Hits, b: Hits) => Hits {
  return (a, b) => {
    const out: Hits = new Map(a);
    for (const [position, hit] of b) {
      const existing = out.get(position);
      out.set(position, existing ? { score: combine(existing.score, hit.score), matchers: joined(existing.matchers, hit.matchers) } : hit);
    }
    return out;
  };
}

/** OR: scores add up. */
const union = unionWith((a, b) => a + b);

/** Alternatives of one thing (synonyms): the better score counts. */
const unionBest = unionWith(Math.max);

function subtract(a: Hits, b: Hits): Hits {
  const out: Hits = new Map();
  for (const [position, hit] of a) if (!b.has(position)) out.set(position, hit);
  return out;
}
