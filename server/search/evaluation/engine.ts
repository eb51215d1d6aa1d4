// Evaluating a parsed query over the corpus: which passages match, with what score, and which tokens
// matched (as matchers that highlighting replays on the passage's tokens).
//
//   QueryNode --prepareQuery--> tree with synonym nodes --evaluate--> HitList (positions, scores, matchers)
//
// Leaves read postings from the index storage (storage/index-storage.ts) as typed arrays and score them
// with MiniSearch's BM25 (storage/bm25.ts); word sequences (phrases, multi-word synonyms, hyphenated
// words) are then checked for adjacency on the passage's own tokens, as ids (token-store.ts). AND, OR
// and NOT are merges of sorted arrays (hit-list.ts). Highlighting replays the matchers on the tokens of
// the passages it shows.

import { dictionary } from '../words/wordnet.ts';
import type { PassageTable } from '../../passage-table.ts';
import { COUNTRIES } from '../../corpus/countries.ts';
import { SECTION_LABELS, type Section } from '../../corpus/types.ts';
import type { FilterNode, PhraseNode, QueryNode, TermNode } from '../query/query.ts';
import type { AnswerType } from '../query/query-parts.ts';
import type { SynonymGroup } from '../words/synonyms.ts';
import { FILLERS, STOPWORDS, tokenize, type Token } from '../words/tokenize.ts';
import { readAmounts } from '../query/amounts.ts';
import type { SearchField, SearchIndex } from '../storage/search-index.ts';
import { badRequest } from '../../errors.ts';
import { appendAll } from '../../extremes.ts';
import { TokenStore, type IdPattern } from '../storage/token-store.ts';
import { IndexStorage, type Expansion, type Postings } from '../storage/index-storage.ts';
import { inverseDocumentFrequency, TermScorer } from '../storage/bm25.ts';
import type { DimensionColumns } from '../dimension-columns.ts';
import { among, Builder, HitList, intersect, MatcherTable, seek, subtract, union, unionBest } from './hit-list.ts';

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
export type EvalNode =
  | TermNode
  | PhraseNode
  | FilterNode
  | WordsNode
  | NotEval
  | { type: 'and' | 'or'; children: EvalNode[] };

/** A year is a date, not a figure. */
const YEAR = /^(?:1[89]|20)\d\d$/;
/** Numbers in words. */
/**
 * What marks a passage as giving the answer a question asks for. Examples ("what kinds of"): "including",
 * "included", "such as" ("in a range of industries overseas, including, but not limited to, apparel...").
 * A reason ("why"): "because", "due to", "as a result", "in order to", "if" (what brings a punishment: "if
 * they are suspected of..."), "fear", "lack", "prompts", "vulnerable"/"vulnerability" (how the reports
 * state what exposes people to trafficking: "increasing their vulnerability to coercion").
 */
export const ANSWER_MARKERS = {
  kinds: { words: ['including'], phrases: ['such as'] },
  reason: {
    words: [
      'because',
      'cause',
      'reason',
      'if',
      'fear',
      'lack',
      'prompt',
      'vulnerable',
      'drive',
      'driven',
      'contribute',
      'fuel',
      'increase',
      'exacerbate',
      'worsen',
    ],
    phrases: [
      'due to',
      'as a result',
      'in order to',
      'so that',
      'lead to',
      'leads to',
      'led to',
      'result in',
      'resulted in',
      'results in',
    ],
  },
};

const NUMBER_WORDS =
  'two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty hundred hundreds thousand thousands million millions billion billions dozen dozens percent half majority'.split(
    ' ',
  );

/** A passage holding the words as a sequence (or a synonym of them) ranks above loose matches. */
const SEQUENCE_BOOST = 2;

/** Document frequencies remembered at most: a query can bring any number of new words. */
const MAX_WEIGHTS = 50_000;

export interface EngineCorpus {
  passages: PassageTable;
  index: SearchIndex;
  synonyms: SynonymGroup[];
  /** The passages' tokens as saved by `npm run index`; tokenized here when not given (an index built in memory). */
  tokens?: TokenStore;
  /** Each passage's value of every dimension, as numbers: what filters read. */
  columns: DimensionColumns;
}

/** One evaluation's state: the matcher sets its hit lists share, and the ANDs of terms already found. */
interface Evaluation {
  table: MatcherTable;
  strict: boolean;
  /** "field terms..." -> allOf's result: the typed words are both the loose match and their own sequence. */
  found: Map<string, AllOf | null>;
  /**
   * Only matches among these matter (the part is negated, and subtracted from them): the costly checks,
   * adjacency and longer names, are made on these positions alone. A part's hits may hold others.
   */
  within?: HitList;
}

/** Passages holding every one of some terms, with the sum of their BM25 scores. */
interface AllOf {
  positions: Int32Array;
  scores: Float64Array;
  /** How many distinct terms. */
  unique: number;
}

export class QueryEngine {
  readonly index: SearchIndex;
  /** What the engine reads of the index: terms, postings as typed arrays, lengths, BM25 statistics. */
  readonly storage: IndexStorage;
  /** Every passage's tokens as ids: what adjacency and `outside` checks read. */
  readonly store: TokenStore;
  /** The IDF weight of every synonym alternative, computed once: they are the same for every query. */
  private readonly alternativeWeights: Map<string, number>;
  /** IDF weights of other word runs, remembered (bounded). */
  private readonly weights = new Map<string, number>();
  private everyPassage: HitList | null = null;
  /** sumOf's dense arrays by position, zeroed between uses. */
  private scratch: { sums: Float64Array; held: Uint8Array } | null = null;
  private follows: Uint8Array | null = null;
  /** The passages giving each answer a question can ask for (positionsAnswering), made on first use. */
  private readonly answers = new Map<string, Int32Array>();
  /** Answer lists prepareAnswers has begun: the rest of their steps. */
  private readonly answerBuilds = new Map<string, Generator<void, Int32Array>>();

  constructor(private readonly corpus: EngineCorpus) {
    this.index = corpus.index;
    this.storage = new IndexStorage(corpus.index, corpus.passages);
    this.alternativeWeights = new Map(corpus.synonyms.flat().map(({ stems }) => [stems.join(' '), this.weight(stems)]));
    this.store =
      corpus.tokens ??
      TokenStore.of(Array.from({ length: corpus.passages.length }, (_, position) => corpus.passages.text(position)));
  }

  /** A passage's tokens with their offsets, for highlighting it (as `tokenize` gives them). */
  tokensOf(position: number): Token[] {
    return this.store.tokensOf(position);
  }

  /** Evaluate a query tree (null: every passage, unscored). */
  evaluate(tree: QueryNode | null, options: EvaluateOptions): HitList {
    if (!tree) return this.all({ table: new MatcherTable(), strict: options.strict, found: new Map() });
    return this.run(this.prepare(tree, options), options);
  }

  /** The tree as evaluated: synonym runs grouped (unless strict), unquoted stopwords dropped. */
  prepare(tree: QueryNode, options: EvaluateOptions): EvalNode {
    return prepareQuery(options.strict ? tree : splitCompounds(tree, this.knownWord), this.corpus.synonyms, options);
  }

  /** A word some passage holds (by stem) or WordNet knows. */
  private readonly knownWord = (word: string): boolean => {
    const tokens = tokenize(word);
    return (
      tokens.length === 1 && (this.storage.documentFrequency(tokens[0]!.stem, 'text') > 0 || dictionary().has(word))
    );
  };

  /** Evaluate one node of a prepared tree (partial matches evaluate the required parts one by one). */
  run(node: EvalNode, options: EvaluateOptions): HitList {
    return this.node(node, { table: new MatcherTable(), strict: options.strict, found: new Map() });
  }

  private node(node: EvalNode, at: Evaluation): HitList {
    switch (node.type) {
      case 'term':
        return this.term(node, at);
      case 'phrase':
        return this.sequence(
          tokenize(node.text).map((token) => token.term),
          'exact',
          1,
          at,
        );
      case 'filter':
        return this.corpus.columns.select(node.field, node.values, at.table);
      case 'words':
        return this.words(node, at);
      case 'not': {
        const base = at.within ?? this.all(at);
        return subtract(base, this.node(node.child, { ...at, within: base }));
      }
      case 'or':
        // An OR of nothing holds nothing: a part that only its thesaurus words stand for (query-parts.ts).
        if (node.children.length === 0) return HitList.empty(at.table);
        return node.children.map((child) => this.node(child, at)).reduce(union);
      case 'and': {
        // Filters (and negated filters) narrow the other parts' hits (dimension-columns.ts: tested
        // passage by passage, or intersected with the filter's positions when those are fewer). A
        // filter adds 0 to a score and no matchers, so the hits are those of intersecting them. With
        // nothing else to narrow, the first filter's own positions are the start, not every passage.
        const isFilter = (child: EvalNode) =>
          child.type === 'filter' || (child.type === 'not' && child.child.type === 'filter');
        const positives = node.children.filter((child) => child.type !== 'not' && !isFilter(child));
        const negatives = node.children.filter((child): child is NotEval => child.type === 'not' && !isFilter(child));
        const filters = node.children
          .filter(isFilter)
          .map((child) =>
            child.type === 'not'
              ? { filter: child.child as FilterNode, keep: false }
              : { filter: child as FilterNode, keep: true },
          );
        const first = positives.length === 0 ? filters.findIndex(({ keep }) => keep) : -1;
        let hits = positives.length
          ? this.allPositives(positives, at)
          : first >= 0
            ? this.node(filters.splice(first, 1)[0]!.filter, at)
            : this.all(at);
        for (const { filter, keep } of filters)
          hits = this.corpus.columns.narrow(hits, filter.field, filter.values, keep);
        for (const negative of negatives) hits = subtract(hits, this.node(negative.child, { ...at, within: hits }));
        return hits;
      }
    }
  }

  /**
   * The AND of an AND's positive parts. Plain words are read first; the parts that check adjacency or
   * longer names on the passages' tokens (a phrase, a run of words, a synonym's names) come after, those
   * that can match fewest passages first, and each checks only the passages every part read before it
   * holds (`within`): "workers abroad watched by minders" checked the five names of "workers abroad" in
   * every passage holding their words, to intersect them with none. The lists are then intersected in
   * the query's order, so scores add up and matchers join in the same order.
   */
  private allPositives(children: EvalNode[], at: Evaluation): HitList {
    const lists: HitList[] = new Array(children.length);
    const costs = children.map((child) => (checksTokens(child) ? this.mostMatches(child) : -1));
    const order = children.map((_, i) => i).sort((a, b) => costs[a]! - costs[b]! || a - b);
    let within = at.within;
    let read: HitList[] = [];
    for (const i of order) {
      if (costs[i]! >= 0 && read.length) {
        // What the parts read so far all hold, as positions alone (score 0, no matchers: what `within` is
        // to a NOT below, which subtracts from it).
        within = read.reduce((narrowed, list) => positionsIn(narrowed, list), within ?? read[0]!);
        read = [];
      }
      lists[i] = this.node(children[i]!, within === at.within ? at : { ...at, within });
      read.push(lists[i]);
    }
    return lists.reduce(intersect);
  }

  /**
   * At most how many passages a part that checks tokens can match, from document frequencies alone (no
   * postings decoded): a word sequence, at most its rarest word's; a run of words, its loose match or any
   * of its names. What allPositives orders those parts by.
   */
  private mostMatches(node: EvalNode): number {
    const rarest = (values: string[], field: SearchField) =>
      values.reduce((least, value) => Math.min(least, this.storage.documentFrequency(value, field)), Infinity);
    switch (node.type) {
      case 'phrase':
        return rarest(
          tokenize(node.text).map((token) => token.term),
          'exact',
        );
      case 'words':
        return node.alternatives.reduce(
          (sum, alternative) => sum + rarest(alternative, 'text'),
          rarest(
            node.words.flatMap((word) => tokenize(word.word).map((token) => token.stem)),
            'text',
          ),
        );
      default:
        return Infinity;
    }
  }

  private term(node: TermNode, at: Evaluation): HitList {
    const tokens = tokenize(node.word);
    if (tokens.length === 0) return HitList.empty(at.table);
    if (tokens.length > 1) {
      if (node.prefix || node.fuzzy)
        throw badRequest('Prefix (*) and fuzzy (~) searches work on single words.', node.position);
      return at.strict
        ? this.sequence(
            tokens.map((t) => t.term),
            'exact',
            1,
            at,
          )
        : this.sequence(
            tokens.map((t) => t.stem),
            'text',
            1,
            at,
          );
    }
    const token = tokens[0]!;
    if (node.prefix) return this.lookup(token.term, 'exact', { prefix: true }, at);
    if (node.fuzzy) return this.lookup(token.term, 'exact', { fuzzy: fuzzyDistance(token.term) }, at);
    return at.strict ? this.lookup(token.term, 'exact', {}, at) : this.lookup(token.stem, 'text', {}, at);
  }

  /**
   * One term in one field, expanded by prefix or fuzzy as MiniSearch expands it; a passage scores the
   * weighted BM25 of every expanded term it holds, added in MiniSearch's order. The matcher holds every
   * index term the query term expanded to.
   */
  private lookup(value: string, field: SearchField, expand: Expansion, at: Evaluation): HitList {
    const expanded =
      expand.prefix || expand.fuzzy ? this.storage.expand(value, field, expand) : [{ term: value, weight: 1 }];
    const lists = expanded.flatMap(({ term, weight }) => {
      const postings = this.storage.postings(term, field);
      return postings ? [{ term, weight, postings }] : [];
    });
    if (lists.length === 0) return HitList.empty(at.table);
    const matcherId = at.table.add([
      { kind: 'terms', key: field === 'text' ? 'stem' : 'term', values: new Set(lists.map(({ term }) => term)) },
    ]);
    if (lists.length === 1) {
      const { weight, postings } = lists[0]!;
      const scorer = new TermScorer(this.storage, postings, field);
      const scores = new Float64Array(postings.positions.length);
      for (let i = 0; i < scores.length; i++) scores[i] = weight * scorer.score(i);
      return new HitList(postings.positions, scores, new Int32Array(scores.length).fill(matcherId), at.table);
    }
    return this.sumOf(lists, field, matcherId, at);
  }

  /**
   * Several terms' postings added into one list (a prefix's or a fuzzy term's expansions), in the given
   * order, in a dense array by position made once per engine and left zeroed after each use.
   */
  private sumOf(
    lists: Array<{ weight: number; postings: Postings }>,
    field: SearchField,
    matcherId: number,
    at: Evaluation,
  ): HitList {
    const count = this.corpus.passages.length;
    this.scratch ??= { sums: new Float64Array(count), held: new Uint8Array(count) };
    const { sums, held } = this.scratch;
    let matches = 0;
    for (const { weight, postings } of lists) {
      const scorer = new TermScorer(this.storage, postings, field);
      const { positions } = postings;
      for (let i = 0; i < positions.length; i++) {
        const position = positions[i]!;
        sums[position]! += weight * scorer.score(i);
        if (held[position] === 0) {
          held[position] = 1;
          matches++;
        }
      }
    }
    const out = new Builder(matches, at.table);
    for (let position = 0; position < count; position++) {
      if (held[position] === 0) continue;
      out.push(position, sums[position]!, matcherId);
      held[position] = 0;
      sums[position] = 0;
    }
    return out.build();
  }

  /**
   * Passages holding every value in the field (a loose AND of words, or a sequence's candidates),
   * starting from the rarest: each scores the sum of its values' BM25, in the values' order, as
   * MiniSearch's AND adds them. `unique` is how many distinct values there are.
   */
  private allOf(values: string[], field: SearchField, at: Evaluation): AllOf | null {
    const key = `${field} ${values.join(' ')}`;
    if (!at.found.has(key)) at.found.set(key, this.intersection(values, field));
    return at.found.get(key)!;
  }

  private intersection(values: string[], field: SearchField): AllOf | null {
    const lists: Postings[] = [];
    for (const value of values) {
      const postings = this.storage.postings(value, field);
      if (!postings) return null;
      lists.push(postings);
    }
    const scorers = lists.map((postings) => new TermScorer(this.storage, postings, field));
    const order = lists.map((_, i) => i).sort((a, b) => lists[a]!.positions.length - lists[b]!.positions.length);
    const rarest = lists[order[0]!]!.positions;
    const cursors = new Int32Array(lists.length);
    const positions = new Int32Array(rarest.length);
    const scores = new Float64Array(rarest.length);
    let found = 0;
    candidates: for (let i = 0; i < rarest.length; i++) {
      const position = rarest[i]!;
      cursors[order[0]!] = i;
      for (let k = 1; k < order.length; k++) {
        const list = order[k]!;
        const other = lists[list]!.positions;
        const j = (cursors[list] = seek(other, cursors[list]!, position));
        if (j >= other.length) break candidates;
        if (other[j] !== position) continue candidates;
      }
      let score = 0;
      for (let k = 0; k < lists.length; k++) score += scorers[k]!.score(cursors[k]!);
      positions[found] = position;
      scores[found++] = score;
    }
    return { positions: positions.subarray(0, found), scores: scores.subarray(0, found), unique: new Set(values).size };
  }

  /** Plain one-token words, all present anywhere: a passage scores the sum of its words' scores. */
  private allWords(stems: string[], at: Evaluation): HitList {
    const found = this.allOf(stems, 'text', at);
    const matcherId = at.table.add(
      stems.map((stem) => ({
        kind: 'terms',
        key: 'stem',
        values: new Set(found && found.positions.length > 0 ? [stem] : []),
      })),
    );
    if (!found) return HitList.empty(at.table);
    return new HitList(found.positions, found.scores, new Int32Array(found.positions.length).fill(matcherId), at.table);
  }

  /**
   * Words that must appear next to each other, in order: candidates from the postings, adjacency checked
   * on the tokens. A candidate scores its BM25 sum times the distinct words matched (MiniSearch's
   * `search` "quality"), times `boost`.
   */
  private sequence(values: string[], field: SearchField, boost: number, at: Evaluation): HitList {
    if (values.length === 0) return HitList.empty(at.table);
    const found = this.allOf(values, field, at);
    if (!found) return HitList.empty(at.table);
    const key = field === 'text' ? 'stem' : 'term';
    const pattern = this.store.pattern(key, values);
    const matcherId = at.table.add([{ kind: 'sequence', key, values }]);
    const out = new Builder(found.positions.length, at.table);
    const within = at.within?.positions;
    for (let i = 0, j = 0; i < found.positions.length; i++) {
      const position = found.positions[i]!;
      if (within) {
        j = seek(within, j, position);
        if (j >= within.length) break;
        if (within[j] !== position) continue;
      }
      // One word is its own sequence wherever it is found (the field holds the same tokens).
      if (values.length > 1 && !this.store.holdsSequence(position, pattern)) continue;
      out.push(position, found.scores[i]! * found.unique * boost, matcherId);
    }
    return out.build();
  }

  /**
   * The words as typed (all present, anywhere) or any alternative as a sequence, boosted.
   * Saying the same thing twice is not twice as relevant: a passage scores its best alternative. And
   * every alternative weighs what the typed words weigh: its BM25 score is scaled by the ratio of the
   * typed words' IDF to the alternative's, so neither a five-word alternative ("Democratic People's
   * Republic of Korea" for "DPRK") nor one with rarer words outranks the words the user typed.
   */
  private words(node: WordsNode, at: Evaluation): HitList {
    const oneTokenEach = node.words.map((word) => tokenize(word.word)).every((tokens) => tokens.length === 1);
    const loose = oneTokenEach
      ? this.allWords(
          node.words.map((word) => tokenize(word.word)[0]!.stem),
          at,
        )
      : node.words.map((word) => this.term(word, at)).reduce(intersect);
    const typedStems = node.words.flatMap((word) => tokenize(word.word).map((token) => token.stem));
    const typed = this.weight(typedStems);
    const weightOf = (stems: string[]) => this.alternativeWeights.get(stems.join(' ')) ?? this.weight(stems);
    return node.alternatives
      .map((stems) =>
        this.outside(this.sequence(stems, 'text', (SEQUENCE_BOOST * typed) / weightOf(stems), at), node.outside, at),
      )
      .reduce(unionBest, this.outside(loose, node.outside, at));
  }

  /** Keep the hits whose every matcher still matches outside the longer names; their marks skip them too. */
  private outside(all: HitList, names: string[][], at: Evaluation): HitList {
    if (names.length === 0) return all;
    const hits = at.within ? among(all, at.within) : all;
    const covers = names.map((name) => this.store.pattern('stem', name));
    const { table } = hits;
    // Hits share matcher sets; each set gets its one copy with the names, compiled to ids once.
    const withNames = new Map<number, { id: number; matchers: Matcher[]; patterns: IdPattern[] }>();
    const out = new Builder(hits.size, table);
    for (let i = 0; i < hits.size; i++) {
      const position = hits.positions[i]!;
      const setId = hits.matcherIds[i]!;
      let named = withNames.get(setId);
      if (!named) {
        const matchers = table.get(setId).map((matcher) => ({ ...matcher, outside: names }));
        withNames.set(
          setId,
          (named = {
            id: table.add(matchers),
            matchers,
            patterns: matchers.map((matcher) => this.store.pattern(matcher.key, [...matcher.values])),
          }),
        );
      }
      const { id, matchers, patterns } = named;
      if (matchers.every((matcher, k) => this.matchesOutside(position, matcher.kind, patterns[k]!, covers)))
        out.push(position, hits.scores[i]!, id);
    }
    return out.build();
  }

  /** Does the passage hold the pattern somewhere not wholly inside one of the longer names? (matchedSpans, on ids) */
  private matchesOutside(position: number, kind: Matcher['kind'], pattern: IdPattern, covers: IdPattern[]): boolean {
    const length = kind === 'terms' ? 1 : pattern.ids.length;
    const starts =
      kind === 'terms' ? this.store.findAny(position, pattern) : this.store.findSequence(position, pattern);
    if (starts.length === 0) return false;
    const covered = covers.flatMap((name) =>
      this.store.findSequence(position, name).map((from) => [from, from + name.ids.length - 1] as const),
    );
    return starts.some((first) => !covered.some(([from, to]) => from <= first && first + length - 1 <= to));
  }

  /** Sum of the stems' inverse document frequencies (BM25's IDF), the weight of a word sequence. */
  private weight(stems: string[]): number {
    const key = stems.join(' ');
    let weight = this.weights.get(key);
    if (weight === undefined) {
      const total = this.corpus.passages.length;
      weight =
        stems.reduce(
          (sum, stem) => sum + inverseDocumentFrequency(this.storage.documentFrequency(stem, 'text'), total),
          0,
        ) || 1;
      if (this.weights.size >= MAX_WEIGHTS) this.weights.clear();
      this.weights.set(key, weight);
    }
    return weight;
  }

  /**
   * By position: 1 when the passage is the next sentence of the same paragraph as the one before it
   * (partial matches read a sentence's words in the sentence before: "these camps", "he").
   */
  followsInParagraph(): Uint8Array {
    if (!this.follows) {
      // From the passage table's columns: no passage is made into an object (a million at 1M).
      const { passages } = this.corpus;
      const { documentOf } = passages;
      this.follows = new Uint8Array(passages.length + 1);
      for (let i = 1; i < passages.length; i++)
        this.follows[i] =
          documentOf[i] === documentOf[i - 1] && passages.paragraph(i) === passages.paragraph(i - 1) ? 1 : 0;
    }
    return this.follows;
  }

  /**
   * Positions of the passages giving what a question asks for (query-parts.ts, Part.answer): a figure, a
   * country, examples, a reason, or (a section cued) that section's passages. Worked out once per engine:
   * on first use, or before it between requests (prepareAnswers).
   */
  positionsAnswering(answer: AnswerType, section?: Section): Int32Array {
    const key = answerKey(answer, section);
    // The rest of a list prepareAnswers has begun, or all of it.
    while (!this.answers.has(key)) this.buildAnswerStep(answer, section);
    return this.answers.get(key)!;
  }

  /** One step of an answer list's build (begun if it was not); the list is kept once its last step is done. */
  private buildAnswerStep(answer: AnswerType, section?: Section): void {
    const key = answerKey(answer, section);
    let build = this.answerBuilds.get(key);
    if (!build) this.answerBuilds.set(key, (build = this.answerBuild(answer, section)));
    const step = build.next();
    if (step.done) {
      this.answers.set(key, step.value);
      this.answerBuilds.delete(key);
    }
  }

  /**
   * Work out every answer list a question can ask for (positionsAnswering) before a question does, a few
   * milliseconds at a time between requests: the first "which countries ..." question at a million
   * passages otherwise waited 1.7 s for its list. Called once the server listens; a question that comes
   * first finishes its list at once.
   */
  prepareAnswers(sliceMs = 5): void {
    const wanted: Array<[AnswerType, Section?]> = [
      ['country'],
      ['figure'],
      ['reason'],
      ['kinds'],
      ...(Object.keys(SECTION_LABELS) as Section[]).map((section): [AnswerType, Section] => ['section', section]),
    ];
    const slice = () => {
      const until = performance.now() + sliceMs;
      while (performance.now() < until) {
        const next = wanted.find(([answer, section]) => !this.answers.has(answerKey(answer, section)));
        if (!next) return;
        this.buildAnswerStep(...next);
      }
      setImmediate(slice).unref();
    };
    setImmediate(slice).unref();
  }

  /** One answer list, worked out in steps: each yield is a point where a request may be served. */
  private *answerBuild(answer: AnswerType, section?: Section): Generator<void, Int32Array> {
    const held = new Uint8Array(this.corpus.passages.length);
    if (answer === 'figure') yield* this.markFigures(held);
    else if (answer === 'country') yield* this.markCountriesNamed(held);
    else if (answer === 'kinds' || answer === 'reason') yield* this.markWords(held, ANSWER_MARKERS[answer]);
    else yield* this.markSection(held, section!);
    let count = 0;
    for (let position = 0; position < held.length; position++) count += held[position]!;
    const positions = new Int32Array(count);
    for (let position = 0, i = 0; position < held.length; position++) if (held[position]) positions[i++] = position;
    return positions;
  }

  /** A figure: a number (80,000; 2.6; $146; ¥5,000; 90 percent) or a number in words (thousands, a dozen), not a year. */
  private *markFigures(held: Uint8Array): Generator<void> {
    const terms = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '$', '¥', '€', '£', '₩'].flatMap((start) =>
      this.storage.expand(start, 'exact', { prefix: true }).map(({ term }) => term),
    );
    yield;
    for (const term of [...terms.filter((term) => !YEAR.test(term) && /\d/.test(term)), ...NUMBER_WORDS]) {
      const postings = this.storage.postings(term, 'exact');
      if (postings) for (const position of postings.positions) held[position] = 1;
      yield;
    }
  }

  /**
   * Positions of the passages that name a country other than their own narrative's ("the majority work in
   * Russia and China"): each name of the country table as a phrase, not where it is only part of a longer
   * name ("Republic of Korea" inside "Democratic People's Republic of Korea").
   */
  private *markCountriesNamed(held: Uint8Array): Generator<void> {
    const allNames = COUNTRIES.flatMap(countryNamesSpelt);
    // "of", "republic", "islands" are words of dozens of names: their frequencies are looked up once.
    const frequencies = new Map<string, number>();
    const found = new Map<string, Int32Array>();
    for (const name of allNames) {
      if (found.has(name)) continue;
      found.set(name, this.phrasePositions(name.trim().split(' '), frequencies));
      yield;
    }
    const phrase = (name: string) => found.get(name)!;
    for (const country of COUNTRIES) {
      const own = this.corpus.columns.test({ country: [country.code] });
      for (const name of countryNamesSpelt(country)) {
        const positions = phrase(name);
        if (positions.length === 0) continue;
        // The longer names holding this one, as sorted lists looked up by galloping (no set of their
        // positions: at 1M "Democratic People's Republic of Korea" alone is in most passages).
        const longer = allNames
          .filter((other) => other !== name && other.includes(name))
          .map(phrase)
          .filter((list) => list.length > 0);
        const at = new Int32Array(longer.length);
        for (const position of positions) {
          if (held[position] || own(position)) continue;
          let inside = false;
          for (let k = 0; k < longer.length && !inside; k++) {
            at[k] = seek(longer[k]!, at[k]!, position);
            inside = longer[k]![at[k]!] === position;
          }
          if (!inside) held[position] = 1;
        }
        yield;
      }
    }
  }

  /** Whether a passage holds one of a filter's values (dimension-columns.ts: one array read per passage). */
  filterTest(node: FilterNode): (position: number) => boolean {
    return this.corpus.columns.test({ [node.field]: node.values });
  }

  /**
   * Passages holding one of the words (by stem: "included", "caused") or one of the phrases (as written) of
   * an answer's markers (ANSWER_MARKERS).
   */
  private *markWords(held: Uint8Array, { words, phrases }: { words: string[]; phrases: string[] }): Generator<void> {
    for (const word of words) {
      const postings = this.storage.postings(tokenize(word)[0]!.stem, 'text');
      if (postings) for (const position of postings.positions) held[position] = 1;
      yield;
    }
    for (const text of phrases) {
      for (const position of this.phrasePositions(tokenize(text).map((token) => token.term))) held[position] = 1;
      yield;
    }
  }

  /**
   * The passages holding the terms as a sequence (a phrase, strict), positions alone: the rarest term's
   * passages whose tokens hold the sequence. What a phrase query matches, without reading the other
   * terms' postings or scoring: the answer lists look up some 500 names and markers, and at a million
   * passages decoding and intersecting the postings of "of", "republic" and "korea" was most of the
   * 0.7-1.4 s a first "which countries" question waited for its list. A term no passage holds (most
   * names) ends the look-up before any postings are read.
   */
  private phrasePositions(terms: string[], frequencies = new Map<string, number>()): Int32Array {
    let rarest = '';
    let fewest = Infinity;
    for (const term of terms) {
      let count = frequencies.get(term);
      if (count === undefined) frequencies.set(term, (count = this.storage.documentFrequency(term, 'exact')));
      if (count === 0) return new Int32Array(0);
      if (count < fewest) [rarest, fewest] = [term, count];
    }
    const candidates = this.storage.postings(rarest, 'exact')?.positions ?? new Int32Array(0);
    if (terms.length === 1) return candidates;
    const pattern = this.store.pattern('term', terms);
    const out = new Int32Array(candidates.length);
    let found = 0;
    for (const position of candidates) if (this.store.holdsSequence(position, pattern)) out[found++] = position;
    return out.subarray(0, found);
  }

  private *markSection(held: Uint8Array, section: Section): Generator<void> {
    const test = this.filterTest({ type: 'filter', field: 'section', values: [section], position: 0 });
    for (let position = 0; position < held.length; position++) {
      if (test(position)) held[position] = 1;
      if (position % 100_000 === 99_999) yield;
    }
  }

  /** Every passage, score 0, no matchers: the arrays made once and shared (hit lists are never changed). */
  private all(at: Evaluation): HitList {
    this.everyPassage ??= HitList.all(this.corpus.passages.length, at.table);
    const { positions, scores, matcherIds } = this.everyPassage;
    return new HitList(positions, scores, matcherIds, at.table);
  }
}

/**
 * A country's names as the index spells them, each padded with spaces so that a name is found inside a
 * longer one by `includes` ("Republic of Korea" in "Democratic People's Republic of Korea"); names with a
 * comma or bracket ("Korea, North") are catalog forms, not what a passage writes.
 * @example countryNamesSpelt(china) // -> [' china ', ' people republic of china ', ' zhongguo ', ..., ' prc ', ' mainland china ']
 */
export function countryNamesSpelt(country: (typeof COUNTRIES)[number]): string[] {
  const spelt = (name: string) =>
    ` ${tokenize(name)
      .map((token) => token.term)
      .join(' ')} `;
  return [...new Set([country.name, ...country.aliases].filter((name) => !/[,(]/.test(name)).map(spelt))].filter(
    (name) => name.trim(),
  );
}

/** Where an answer list is kept: a section's by its name. */
function answerKey(answer: AnswerType, section?: Section): string {
  return answer === 'section' ? `section:${section}` : answer;
}

/** 1 for a part whose evaluation checks the passages' tokens (adjacency, longer names), 0 for a plain word or a filter. */
function checksTokens(node: EvalNode): number {
  return node.type === 'term' || node.type === 'filter' ? 0 : 1;
}

/** The positions of `a` that `b` holds too, score 0 and no matchers. */
function positionsIn(a: HitList, b: HitList): HitList {
  const positions = new Int32Array(Math.min(a.size, b.size));
  let found = 0;
  for (let i = 0, j = 0; i < a.size && j < b.size; i++) {
    const position = a.positions[i]!;
    j = seek(b.positions, j, position);
    if (j < b.size && b.positions[j] === position) positions[found++] = position;
  }
  return new HitList(positions.subarray(0, found), new Float64Array(found), new Int32Array(found), a.table);
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
  const covers = matcher.outside.flatMap((name) =>
    findSequence(tokens, 'stem', name).map((first) => [first, first + name.length - 1]),
  );
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
  return dropStopwords(
    strict ? tree : expandSynonyms(readAmounts(dropSourceAsked(dropMeasureAsked(dropEndUp(tree)))), synonyms),
    strict,
  );
}

/** A top-level plain word as typed, lowercased; "" for anything else (a phrase, a prefix, none). */
function plainWord(node: QueryNode | undefined): string {
  return node?.type === 'term' && !node.prefix && !node.fuzzy ? node.word.toLowerCase() : '';
}

/**
 * The query without the top-level children `picked` chooses, by index, from their plain words (plainWord):
 * what each reading below drops. Unchanged when it picks none, or every one (a query is never emptied).
 */
function dropTopLevel(tree: QueryNode, picked: (words: string[]) => Iterable<number>): QueryNode {
  if (tree.type !== 'and') return tree;
  const dropped = new Set(picked(tree.children.map(plainWord)));
  if (dropped.size === 0 || dropped.size === tree.children.length) return tree;
  return { ...tree, children: tree.children.filter((_, i) => !dropped.has(i)) };
}

/** The publisher of every report, named as the one speaking: "does the State Department say...". */
const SOURCES_ASKED = [
  ['state', 'department'],
  ['department', 'of', 'state'],
];
/** Verbs of saying or judging after which the publisher named is the source asked about, not a topic. */
const SAYING = new Set(
  'say says said call calls called consider considers considered describe describes described find finds found conclude concludes concluded label labels labeled labelled rate rates rated rank ranks ranked regard regards regarded view views viewed accuse accuses accused classify classifies classified count counts counted name names named list lists listed'.split(
    ' ',
  ),
);
/** Words that may stand between the publisher and its verb ("the State Department actually says"). */
const BETWEEN_SOURCE_AND_SAYING = new Set(['actually', 'really', 'ever', 'still', 'also', 'officially', 'now']);

/**
 * "does the State Department say the North Korean state is itself a trafficker": every report is the State
 * Department's, so naming it as the one saying is no word the answer holds (it would rank the one commentary
 * that names the Department first). Dropped, like "report" and "say" (FILLERS), where a verb of saying
 * follows it; "State Department office to combat trafficking" keeps it.
 * @example dropSourceAsked(parseQuery('does the State Department say X', v)) // -> and(does, the, say, X)
 */
function dropSourceAsked(tree: QueryNode): QueryNode {
  return dropTopLevel(tree, function* (typed) {
    const words = typed.map((word) => word.replace(/^u\.?s\.?$/, 'us'));
    for (let i = 0; i < words.length; i++)
      for (const source of SOURCES_ASKED) {
        if (!source.every((word, k) => words[i + k] === word)) continue;
        let next = i + source.length;
        while (BETWEEN_SOURCE_AND_SAYING.has(words[next] ?? '')) next++;
        if (!SAYING.has(words[next] ?? '')) continue;
        for (let k = 0; k < source.length; k++) yield i + k;
        if (words[i - 1] === 'us') yield i - 1;
      }
  });
}

/** Verbs that, before "up", only say where something lands: "who ends up with the paychecks". */
const LANDING = new Set(['end', 'ends', 'ended', 'ending', 'wind', 'winds', 'wound', 'winding']);

/**
 * "who ends up with the paychecks": *end up* is a light verb, no topic; as a word, *ends* would reach the
 * reports' "cease" and "eliminate" (the Recommendations' "End the use of..."). Dropped with its "up";
 * "end forced labor" keeps its verb.
 * @example dropEndUp(parseQuery('who ends up with the paychecks', v)) // -> and(who, with, the, paychecks)
 */
function dropEndUp(tree: QueryNode): QueryNode {
  return dropTopLevel(tree, function* (words) {
    for (let i = 0; i + 1 < words.length; i++) if (LANDING.has(words[i]!) && words[i + 1] === 'up') yield* [i, i + 1];
  });
}

/** Letters each half of a split compound has at least ("schoolkids": school + kids). */
const COMPOUND_PART = 3;

/**
 * A word that is no word at all (no passage holds it, WordNet does not know it) but two words written
 * together ("schoolkids", "prisonlabor") is those two words, as if typed apart: each then finds its own
 * forms and thesaurus words (kids -> children). The split keeps the longest first word both of whose
 * halves are words; a word that splits no such way stays as typed (spelling correction may take it).
 * @example splitCompounds(parseQuery('schoolkids', v), known) // -> and(school, kids)
 */
export function splitCompounds(tree: QueryNode, known: (word: string) => boolean): QueryNode {
  const split = (node: QueryNode): QueryNode[] => {
    if (node.type !== 'term' || node.prefix || node.fuzzy || !/^\p{L}+$/u.test(node.word) || known(node.word))
      return [node];
    // Stop words and fillers are words already, though WordNet lists no pronoun ("anyone" is not any + one).
    const lower = node.word.toLowerCase();
    if (STOPWORDS.has(lower) || FILLERS.has(lower)) return [node];
    for (let at = node.word.length - COMPOUND_PART; at >= COMPOUND_PART; at--) {
      const [first, second] = [node.word.slice(0, at), node.word.slice(at)];
      if (known(first) && known(second))
        return [
          { ...node, word: first },
          { ...node, word: second, position: node.position + at },
        ];
    }
    return [node];
  };
  if (tree.type === 'term') {
    const words = split(tree);
    return words.length === 1 ? tree : { type: 'and', children: words };
  }
  if (tree.type !== 'and') return tree;
  const children = tree.children.flatMap(split);
  return children.length === tree.children.length ? tree : { ...tree, children };
}

/** Words that, after "how", ask for a measure rather than name a topic: "how long a sentence", "how often". */
const MEASURES_ASKED = new Set(['long', 'often', 'old', 'far', 'soon', 'large', 'big', 'severe', 'harsh']);

/**
 * "how long a sentence do you get": *long* is what is asked (a figure: query-parts.ts reads it), not a word
 * the answer holds ("indefinite terms of imprisonment"). Dropped from the top-level words after "how", as
 * a measure noun before "of" (MEASURE_NOUNS) is.
 * @example dropMeasureAsked(parseQuery('how long a sentence', v)) // -> and(how, a, sentence)
 */
function dropMeasureAsked(tree: QueryNode): QueryNode {
  return dropTopLevel(tree, function* (words) {
    for (let i = 0; i < words.length; i++)
      if (
        (MEASURES_ASKED.has(words[i]!) && words[i - 1] === 'how') ||
        (MEASURE_NOUNS.has(words[i]!) && words[i + 1] === 'of' && i + 2 < words.length)
      )
        yield i;
  });
}

/**
 * Nouns that, before "of", name the measure asked for rather than a topic: "number of North Korean laborers
 * in China", "size of the gulag population" (a figure: query-parts.ts reads it). The reports' "an
 * undetermined number of persons" is no answer to them.
 */
const MEASURE_NOUNS = new Set([
  'number',
  'numbers',
  'amount',
  'amounts',
  'size',
  'headcount',
  'count',
  'total',
  'tally',
]);

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
      out.push({
        type: 'words',
        words,
        alternatives: match.group.map((alt) => alt.stems),
        outside: longerNames(match.group, groups),
      });
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
    candidates = groups
      .flatMap((group) => group.map((alternative) => ({ alternative, group })))
      .sort((a, b) => b.alternative.stems.length - a.alternative.stems.length);
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
  const contains = (long: string[], short: string[]) =>
    long.length > short.length && long.some((_, i) => short.every((stem, k) => long[i + k] === stem));
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
