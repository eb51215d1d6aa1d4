// The straightforward evaluation, frozen: the query engine's evaluation, matchAll's sorting and the facet
// counts exactly as they were before the query path was made fast for a million passages (issue 12).
// test/engine-equivalence.test.ts and `npm run bench:scale` compare the real engine with this one.
// What the fast path did not change is shared with the engine rather than copied: preparing the query
// (synonyms, stopwords: prepareQuery), matching a matcher on a passage's Token[] and marking it
// (matchedSpans, findSequence, markRanges). Change this file only when answers are meant to change, and
// say so in the commit.

import type { Passage } from '../../server/corpus/types.ts';
import type { Library } from '../../server/library.ts';
import {
  DIMENSIONS,
  type Dimension,
  type DimensionName,
  type DimensionValue,
  type Selection,
} from '../../server/search/dimensions.ts';
import { parseQuery } from '../../server/search/query/query.ts';
import { interpretQuery } from '../../server/search/query/interpret.ts';
import { spellingCorrection, type Vocabulary } from '../../server/search/query/suggest.ts';
import { highlightHtml, markRanges } from '../../server/search/results/highlight.ts';
import {
  findSequence,
  fuzzyDistance,
  matchedSpans,
  prepareQuery,
  type EvalNode,
  type EvaluateOptions,
  type Hit,
  type Matcher,
  type WordsNode,
} from '../../server/search/evaluation/engine.ts';
import type MiniSearch from 'minisearch';
import type { FilterNode, QueryNode, TermNode } from '../../server/search/query/query.ts';
import type { SynonymGroup } from '../../server/search/words/synonyms.ts';
import { tokenize, type Token } from '../../server/search/words/tokenize.ts';
import type { SearchField } from '../../server/search/storage/search-index.ts';
import { badRequest } from '../../server/errors.ts';

/**
 * What a leaf matched, replayable on any passage's tokens: a set of terms, or a word sequence. `outside`
 * lists longer names the match must not lie inside ("Republic of Korea" in "Democratic People's Republic
 * of Korea" is not the ROK).
 */
const SEQUENCE_BOOST = 2;

/** Passage position (in corpus order) -> hit. */
type Hits = Map<number, Hit>;

export interface EngineCorpus {
  passages: Passage[];
  /** A passage's document (what the dimensions of year, country... read). */
  documentOf: (passage: Passage) => Library['documents'][number];
  /** Passage id -> position in `passages` (the library's own map). */
  positionById: ReadonlyMap<string, number>;
  index: MiniSearch<Passage>;
  synonyms: SynonymGroup[];
}

export class ReferenceEngine {
  /** Tokens of every passage, computed once: adjacency checks and highlighting read them. */
  readonly tokens: Token[][];
  readonly index: MiniSearch<Passage>;
  /** The IDF weight of every synonym alternative, computed once: they are the same for every query. */
  private readonly alternativeWeights: Map<string, number>;

  constructor(private readonly corpus: EngineCorpus) {
    this.index = corpus.index;
    this.alternativeWeights = new Map(corpus.synonyms.flat().map(({ stems }) => [stems.join(' '), this.weight(stems)]));
    this.tokens = corpus.passages.map((passage) => tokenize(passage.text));
  }

  /** Evaluate a query tree (null: every passage, unscored). */
  evaluate(tree: QueryNode | null, options: EvaluateOptions): Hits {
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
        return this.sequence(
          tokenize(node.text).map((token) => token.term),
          'exact',
          1,
        );
      case 'filter':
        return this.filter(node);
      case 'words':
        return this.words(node, options);
      case 'not':
        return subtract(this.all(), this.run(node.child, options));
      case 'or':
        return node.children.map((child) => this.run(child, options)).reduce(union);
      case 'and': {
        const positives = node.children.filter((child) => child.type !== 'not');
        const negatives = node.children.filter(
          (child): child is Extract<EvalNode, { type: 'not' }> => child.type === 'not',
        );
        let hits = positives.length ? positives.map((child) => this.run(child, options)).reduce(intersect) : this.all();
        for (const negative of negatives) hits = subtract(hits, this.run(negative.child, options));
        return hits;
      }
    }
  }

  private term(node: TermNode, { strict }: EvaluateOptions): Hits {
    const tokens = tokenize(node.word);
    if (tokens.length === 0) return new Map();
    if (tokens.length > 1) {
      if (node.prefix || node.fuzzy)
        throw badRequest('Prefix (*) and fuzzy (~) searches work on single words.', node.position);
      return strict
        ? this.sequence(
            tokens.map((t) => t.term),
            'exact',
            1,
          )
        : this.sequence(
            tokens.map((t) => t.stem),
            'text',
            1,
          );
    }
    const token = tokens[0]!;
    if (node.prefix) return this.lookup(token.term, 'exact', { prefix: true });
    if (node.fuzzy) return this.lookup(token.term, 'exact', { fuzzy: fuzzyDistance(token.term) });
    return strict ? this.lookup(token.term, 'exact', {}) : this.lookup(token.stem, 'text', {});
  }

  /** One term in one field via MiniSearch; the matcher holds every index term it expanded to. */
  private lookup(value: string, field: SearchField, expand: { prefix?: boolean; fuzzy?: number }): Hits {
    const results = this.corpus.index.search(value, {
      fields: [field],
      prefix: expand.prefix ?? false,
      fuzzy: expand.fuzzy ?? 0,
    });
    const matched = new Set(results.flatMap((result) => result.terms));
    const matcher: Matcher = { kind: 'terms', key: field === 'text' ? 'stem' : 'term', values: matched };
    return new Map(
      results.map((result) => [this.corpus.positionById.get(result.id)!, { score: result.score, matchers: [matcher] }]),
    );
  }

  /** Words that must appear next to each other, in order: candidates from MiniSearch, adjacency checked here. */
  private sequence(values: string[], field: SearchField, boost: number): Hits {
    if (values.length === 0) return new Map();
    const key = field === 'text' ? 'stem' : 'term';
    const results = this.corpus.index.search({ queries: values, combineWith: 'AND' }, { fields: [field] });
    const hits: Hits = new Map();
    for (const result of results) {
      const position = this.corpus.positionById.get(result.id)!;
      if (findSequence(this.tokens[position]!, key, values).length === 0) continue;
      hits.set(position, { score: result.score * boost, matchers: [{ kind: 'sequence', key, values }] });
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
    const loose = node.words.map((word) => this.term(word, options)).reduce(intersect);
    const typedStems = node.words.flatMap((word) => tokenize(word.word).map((token) => token.stem));
    const typed = this.weight(typedStems);
    // A synonym's weight was computed at load; a run of plain words is usually its own one alternative.
    const typedKey = typedStems.join(' ');
    const weightOf = (stems: string[]) => {
      const key = stems.join(' ');
      return this.alternativeWeights.get(key) ?? (key === typedKey ? typed : this.weight(stems));
    };
    return node.alternatives
      .map((stems) =>
        this.outside(this.sequence(stems, 'text', (SEQUENCE_BOOST * typed) / weightOf(stems)), node.outside),
      )
      .reduce(unionBest, this.outside(loose, node.outside));
  }

  /** Keep the hits whose every matcher still matches outside the longer names; their marks skip them too. */
  private outside(hits: Hits, names: string[][]): Hits {
    if (names.length === 0) return hits;
    const out: Hits = new Map();
    for (const [position, hit] of hits) {
      const matchers = hit.matchers.map((matcher) => ({ ...matcher, outside: names }));
      if (matchers.every((matcher) => matchedSpans(this.tokens[position]!, matcher).length > 0))
        out.set(position, { ...hit, matchers });
    }
    return out;
  }

  /** Sum of the stems' inverse document frequencies (BM25's IDF), the weight of a word sequence. */
  private weight(stems: string[]): number {
    const total = this.corpus.passages.length;
    return (
      stems.reduce((sum, stem) => {
        const frequency = this.corpus.index.search(stem, { fields: ['text'] }).length;
        return sum + Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
      }, 0) || 1
    );
  }

  /** One set lookup per passage, so the cost does not grow with the years a range spells out (0000..9999). */
  private filter(node: FilterNode): Hits {
    const wanted = new Set<DimensionValue>(node.values);
    const dimension = DIMENSIONS.find((d) => d.name === node.field)!;
    const hits: Hits = new Map();
    this.corpus.passages.forEach((passage, position) => {
      const value = dimensionValueOf(dimension, passage, this.corpus.documentOf(passage));
      if (value !== null && wanted.has(value)) hits.set(position, { score: 0, matchers: [] });
    });
    return hits;
  }

  private all(): Hits {
    return new Map(this.corpus.passages.map((_, position) => [position, { score: 0, matchers: [] }]));
  }
}

function intersect(a: Hits, b: Hits): Hits {
  const out: Hits = new Map();
  for (const [position, hit] of a) {
    const other = b.get(position);
    if (other) out.set(position, { score: hit.score + other.score, matchers: [...hit.matchers, ...other.matchers] });
  }
  return out;
}

/** A union of hits that combines the scores of a passage in both with `combine`, keeping all matchers. */
function unionWith(combine: (a: number, b: number) => number): (a: Hits, b: Hits) => Hits {
  return (a, b) => {
    const out: Hits = new Map(a);
    for (const [position, hit] of b) {
      const existing = out.get(position);
      out.set(
        position,
        existing
          ? { score: combine(existing.score, hit.score), matchers: [...existing.matchers, ...hit.matchers] }
          : hit,
      );
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

/** What the equivalence test compares: everything a user sees of a search, before paging. */
export interface ReferenceAnswer {
  corrected: string | null;
  /** Every match after the filters, in the requested order. */
  ids: string[];
  scores: number[];
  facets: ReturnType<typeof referenceFacets>;
  /** Highlight HTML of the first `page` matches. */
  highlights: string[];
}

export interface ReferenceRequest {
  q: string;
  sort: 'relevance' | 'year' | 'each-year';
  strict: boolean;
  filters: Selection;
}

interface ReferenceMatch {
  passage: Passage;
  position: number;
  hit: Hit;
}

/** matchAll as it was: evaluate, filter, sort; a query finding nothing is searched as corrected. */
export function referenceSearch(
  library: Library,
  engine: ReferenceEngine,
  request: ReferenceRequest,
  page: number,
): ReferenceAnswer {
  let found = referenceMatch(library, engine, request);
  let corrected: string | null = null;
  if (found.matches.length === 0 && !request.strict) {
    const correction = spellingCorrection(
      request.q,
      found.tree,
      vocabularyOf(engine.index),
      (q) => referenceMatch(library, engine, { ...request, q }).matches.length > 0,
    );
    if (correction) {
      corrected = correction.query;
      found = referenceMatch(library, engine, { ...request, q: correction.query });
    }
  }
  return {
    corrected,
    ids: found.matches.map((match) => match.passage.id),
    scores: found.matches.map((match) => match.hit.score),
    facets: referenceFacets(
      found.unfiltered.map((match) => match.passage),
      request.filters,
      library,
    ),
    highlights: found.matches
      .slice(0, page)
      .map((match) =>
        highlightHtml(match.passage.text, markRanges(engine.tokens[match.position]!, match.hit.matchers)),
      ),
  };
}

function referenceMatch(library: Library, engine: ReferenceEngine, request: ReferenceRequest) {
  const parsed = parseQuery(request.q, { docs: library.documents.map((d) => d.id), years: library.years });
  const documentOf = (passage: Passage) => library.document(passage.doc)!;
  const { tree } = request.strict ? { tree: parsed } : interpretQuery(request.q, parsed, library.years);
  const hits = engine.evaluate(tree, { strict: request.strict });
  const unfiltered: ReferenceMatch[] = [];
  for (const [position, hit] of hits) unfiltered.push({ passage: library.passages.at(position), position, hit });
  const matches = unfiltered.filter((match) => passes(match.passage, documentOf(match.passage), request.filters));
  const byPosition = (a: ReferenceMatch, b: ReferenceMatch) => a.position - b.position;
  const byRelevance = (a: ReferenceMatch, b: ReferenceMatch) => b.hit.score - a.hit.score || byPosition(a, b);
  const byYearThenRelevance = (a: ReferenceMatch, b: ReferenceMatch) =>
    a.passage.year - b.passage.year || byRelevance(a, b);
  matches.sort(
    !tree || request.sort === 'year' ? byPosition : request.sort === 'each-year' ? byYearThenRelevance : byRelevance,
  );
  return { tree, unfiltered, matches };
}

/** A passage's value of a dimension, read as its declaration says: from its document, or from the passage. */
function dimensionValueOf(
  dimension: Dimension,
  passage: Passage,
  document: Library['documents'][number],
): DimensionValue | null {
  return 'document' in dimension.read
    ? dimension.read.document(document)
    : dimension.read.passage({ length: 1, section: () => passage.section }, 0);
}

function passes(
  passage: Passage,
  document: Library['documents'][number],
  selection: Selection,
  ignore?: DimensionName,
): boolean {
  return DIMENSIONS.every((dimension) => {
    const selected = selection[dimension.name] ?? [];
    if (dimension.name === ignore || selected.length === 0) return true;
    const value = dimensionValueOf(dimension, passage, document);
    return value !== null && selected.includes(value);
  });
}

/** Each dimension's facet: every value (zeros included), or the top values with a match, most first, and every selected value. */
function referenceFacets(matched: Passage[], selection: Selection, library: Library) {
  const facets: Record<string, Array<{ value: DimensionValue; label: string; count: number; selected: boolean }>> = {};
  for (const dimension of DIMENSIONS) {
    const tally = new Map<DimensionValue, number>();
    for (const passage of matched) {
      const document = library.document(passage.doc)!;
      const value = dimensionValueOf(dimension, passage, document);
      if (value !== null && passes(passage, document, selection, dimension.name))
        tally.set(value, (tally.get(value) ?? 0) + 1);
    }
    const values = dimension.values(library);
    const selected = selection[dimension.name] ?? [];
    const entry = (value: DimensionValue) => ({
      value,
      label: dimension.label(value, library),
      count: tally.get(value) ?? 0,
      selected: selected.includes(value),
    });
    if (values.length < dimension.listedFrom) facets[dimension.name] = [];
    else if (dimension.facet.list === 'every') facets[dimension.name] = values.map(entry);
    else {
      const order = new Map(values.map((value, i) => [value, i]));
      const listed = values
        .filter((value) => tally.has(value) || selected.includes(value))
        .map(entry)
        .sort((a, b) => b.count - a.count || order.get(a.value)! - order.get(b.value)!);
      const top = dimension.facet.top;
      facets[dimension.name] = [...listed.slice(0, top), ...listed.slice(top).filter((facet) => facet.selected)];
    }
  }
  return facets;
}

/** Spelling correction's questions answered by MiniSearch's own search, as the engine asked them before. */
function vocabularyOf(index: MiniSearch<Passage>): Vocabulary {
  return {
    documentFrequency: (term, field) => index.search(term, { fields: [field] }).length,
    near: (term, distance) => [
      ...new Set(index.search(term, { fields: ['exact'], fuzzy: distance }).flatMap((result) => result.terms)),
    ],
  };
}
