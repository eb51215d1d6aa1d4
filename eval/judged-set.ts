// The judged sets (`eval/sets/*.json`) and the ways of searching they are run against: the engine as a
// researcher sees it (the page's list), the engine's full matches alone, strict mode, and two baselines a
// developer would get out of the box over the same passages: MiniSearch (prefix and fuzzy 0.2, words
// ORed) and SQLite FTS5 (porter, bm25, words ORed).
//
//   eval/sets/self.json      65 queries judged by the engine's builders (docs/relevance.md, "Measured relevance: the judged set")
//   eval/sets/dev.json       40 queries written and graded blind (every passage graded; eval/blind-instructions.md), tuned on
//   eval/sets/dev2-dev4      45 each, blind the same way: held out, run once, then tuned on
//   eval/sets/dev5-dev8      45 each, the fourth to seventh blind sets, run once, then studied
//   eval/sets/dev9, dev10    43 and 44, the ninth and tenth blind sets, studied from their first run
//   eval/sets/dev11.json     43, the eighth, held out until its one run, then studied
//   eval/sets/heldout.json   44, the eleventh, blind the same way, run once on the final ranking and never tuned on
//   eval/sets/<name>.json    any further set: same shape, reported on its own, per kind of query and over
//                            the queries that repeat no other set's (repeatedQueries)

import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import MiniSearch from 'minisearch';
import type { Library } from '../server/library.ts';
import { parseSearchRequest } from '../server/search/query/request.ts';
import { search } from '../server/search/search.ts';
import { ndcgAt, precisionAt, recallAt, type Grades } from './metrics.ts';
import { fts5OrQuery, runFts5 } from '../bench/fts5.ts';
import { tokenize } from '../server/search/words/tokenize.ts';

export interface Judgment {
  query: string;
  /** What kind of query it is: self set topic, name, figure...; blind sets question, description, keywords... */
  kind: string;
  relevant: Grades;
  note?: string;
}

/** One file of eval/sets: who judged it and how (`about`), and its queries. */
export interface JudgedSet {
  /** The file's name without .json: "self", "dev". */
  name: string;
  about: string;
  queries: Judgment[];
}

export const CUTOFF = 10;
/** No blind query should fall below this nDCG@10 (issue 18's target). */
export const WEAK_QUERY = 0.4;

export interface QueryFigures {
  query: string;
  kind: string;
  precision: number;
  recall: number;
  ndcg: number;
  /** Passages shown at all (0: a zero-result query). */
  shown: number;
}

/** Means over a group of queries (a whole set, or one kind of query in it). */
export interface Means {
  queries: number;
  precision: number;
  recall: number;
  ndcg: number;
  /** Share of queries that show nothing. */
  zeroResultRate: number;
  /** Queries under WEAK_QUERY nDCG@10. */
  weak: number;
}

export interface ModeFigures extends Means {
  mode: string;
  perQuery: QueryFigures[];
  byKind: Record<string, Means>;
  /** The queries that repeat none of another set's (repeatedQueries): what a held-out set measures unseen. */
  unrepeated: Means;
}

/** Share of words two queries have in common (Jaccard, on stems) from which one counts as the other's repeat. */
export const REPEAT_SIMILARITY = 0.6;

/**
 * The queries of a set that repeat, or nearly repeat, a query of another set ("how many North Korean workers
 * in China" and "how many North Koreans work in China"; "2023 recommendations on overseas workers" and the
 * same for 2016). Blind writers given the same corpus and users write many of the same queries, so a rule
 * tuned on one set reaches the repeats in another: a held-out set measures unseen queries only on the rest.
 * @example repeatedQueries(heldout, [dev, self]) // -> Set { 'Dandong', 'TVPA', ... }
 */
export function repeatedQueries(set: JudgedSet, others: JudgedSet[]): Set<string> {
  const words = (query: string) => new Set(tokenize(query).map((token) => token.stem));
  const theirs = others
    .filter((other) => other.name !== set.name)
    .flatMap((other) => other.queries.map((q) => words(q.query)));
  const similarity = (a: Set<string>, b: Set<string>) => {
    let shared = 0;
    for (const word of a) if (b.has(word)) shared++;
    return shared / (a.size + b.size - shared || 1);
  };
  return new Set(
    set.queries
      .filter((q) => {
        const mine = words(q.query);
        return theirs.some((other) => similarity(mine, other) >= REPEAT_SIMILARITY);
      })
      .map((q) => q.query),
  );
}

/** A way of searching: the ranked passage ids shown for a query (at least the first CUTOFF). */
export type Ranker = (query: string) => string[];

export interface Mode {
  mode: string;
  rank: Ranker;
  /** A baseline the engine is compared with (ratios to the better one are reported). */
  baseline?: boolean;
}

/** Every judged set in a folder, by file name. Errors name the file and say what it must hold. */
export function readJudgedSets(folder: string): JudgedSet[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => readJudgedSet(join(folder, file)));
}

export function readJudgedSet(path: string): JudgedSet {
  const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<JudgedSet>;
  const valid =
    typeof data.about === 'string' &&
    Array.isArray(data.queries) &&
    data.queries.every(
      (q) => typeof q.query === 'string' && typeof q.kind === 'string' && q.relevant && typeof q.relevant === 'object',
    );
  if (!valid)
    throw new Error(
      `${path}: a judged set is {"about": "...", "queries": [{"query", "kind", "relevant": {passage id: grade}}]}`,
    );
  return { name: basename(path, '.json'), about: data.about!, queries: data.queries! };
}

/**
 * The engine and its baselines over one library, in the order they are reported. FTS5 answers every
 * query of `queries` in one python3 run, made here.
 */
export async function modes(library: Library, queries: string[]): Promise<Mode[]> {
  const engine = (params: Record<string, string>) =>
    search(library, parseSearchRequest({ size: String(CUTOFF), ...params }, library.vocabulary), {
      permalink: (id) => id,
    });
  const minisearch = new MiniSearch({
    fields: ['text'],
    storeFields: [],
    searchOptions: { prefix: true, fuzzy: 0.2, combineWith: 'OR' },
  });
  minisearch.addAll([...library.passages].map((passage) => ({ id: passage.id, text: passage.text })));
  const unique = [...new Set(queries)];
  const fts5 = (
    await runFts5(
      library.passages,
      unique.map((q) => ({ q, match: fts5OrQuery(q) || null, where: null })),
      { limit: CUTOFF, timed: false },
    )
  ).answers;
  const fts5Ids = new Map(unique.map((q) => [q, fts5.get(q)!.top.map((position) => library.passages.id(position))]));
  return [
    { mode: 'engine (the page)', rank: (q) => pageOf(engine({ q })) },
    { mode: 'engine (full matches only)', rank: (q) => engine({ q }).results.map((r) => r.id) },
    { mode: 'strict mode', rank: (q) => engine({ q, strict: '1' }).results.map((r) => r.id) },
    {
      mode: 'MiniSearch (prefix, fuzzy 0.2, OR)',
      rank: (q) =>
        minisearch
          .search(q)
          .slice(0, CUTOFF)
          .map((r) => String(r.id)),
      baseline: true,
    },
    { mode: 'SQLite FTS5 (porter, bm25, OR)', rank: (q) => fts5Ids.get(q) ?? [], baseline: true },
  ];
}

/** The passages the page lists, in order: its results, its partial matches, then those just outside the filters read. */
export function pageOf(response: ReturnType<typeof search>): string[] {
  return [...response.results, ...(response.partial?.results ?? []), ...(response.outside?.results ?? [])].map(
    (r) => r.id,
  );
}

/** Figures of one way of searching over one judged set; `progress` is told each query as it is done. */
export function evaluateMode(
  { mode, rank }: Mode,
  judgments: Judgment[],
  progress: (done: number) => void = () => {},
  repeated: Set<string> = new Set(),
): ModeFigures {
  const perQuery = judgments.map((judgment, i) => {
    const ranked = rank(judgment.query);
    progress(i + 1);
    return {
      query: judgment.query,
      kind: judgment.kind,
      precision: precisionAt(ranked, judgment.relevant, CUTOFF),
      recall: recallAt(ranked, judgment.relevant, CUTOFF),
      ndcg: ndcgAt(ranked, judgment.relevant, CUTOFF),
      shown: ranked.length,
    };
  });
  const kinds = [...new Set(perQuery.map((q) => q.kind))];
  return {
    mode,
    perQuery,
    ...meansOf(perQuery),
    byKind: Object.fromEntries(kinds.map((kind) => [kind, meansOf(perQuery.filter((q) => q.kind === kind))])),
    unrepeated: meansOf(perQuery.filter((q) => !repeated.has(q.query))),
  };
}

function meansOf(queries: QueryFigures[]): Means {
  const mean = (pick: (q: QueryFigures) => number) => queries.reduce((sum, q) => sum + pick(q), 0) / queries.length;
  return {
    queries: queries.length,
    precision: mean((q) => q.precision),
    recall: mean((q) => q.recall),
    ndcg: mean((q) => q.ndcg),
    zeroResultRate: mean((q) => (q.shown === 0 ? 1 : 0)),
    weak: queries.filter((q) => q.ndcg < WEAK_QUERY).length,
  };
}
