// The judged set (`eval/judgments.json`) and the ways of searching it is run against: the engine as a
// researcher sees it (full matches, then partial ones), the engine's full matches alone, strict mode,
// and MiniSearch with its default options over the same passages.

import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import type { Library } from '../server/library.ts';
import { parseSearchRequest } from '../server/search/request.ts';
import { search } from '../server/search/search.ts';
import { ndcgAt, precisionAt, recallAt, type Grades } from './metrics.ts';

export interface Judgment {
  query: string;
  /** topic, name, figure, phrase, topic year, misspelling, form not in text, synonym. */
  kind: string;
  relevant: Grades;
  note?: string;
}

export const CUTOFF = 10;

export interface QueryFigures {
  query: string;
  kind: string;
  precision: number;
  recall: number;
  ndcg: number;
  /** Passages shown at all (0: a zero-result query). */
  shown: number;
}

export interface ModeFigures {
  mode: string;
  queries: QueryFigures[];
  precision: number;
  recall: number;
  ndcg: number;
  /** Share of queries that show nothing. */
  zeroResultRate: number;
}

/** A way of searching: the ranked passage ids shown for a query (at least the first CUTOFF). */
export type Ranker = (query: string) => string[];

export function readJudgments(path: string): Judgment[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { queries: Judgment[] }).queries;
}

/** The engine and its baselines over one library, by name, in the order they are reported. */
export function rankers(library: Library): Array<{ mode: string; rank: Ranker }> {
  const docs = library.documents.map((d) => d.id);
  const engine = (params: Record<string, string>) => search(library, parseSearchRequest({ size: String(CUTOFF), ...params }, docs), { permalink: (id) => id });
  const raw = new MiniSearch({ fields: ['text'], storeFields: [] });
  raw.addAll(library.passages.map((passage) => ({ id: passage.id, text: passage.text })));
  return [
    {
      mode: 'engine (full, then partial matches)',
      rank: (q) => {
        const response = engine({ q });
        return [...response.results, ...(response.partial?.results ?? [])].map((r) => r.id);
      },
    },
    { mode: 'engine (full matches only)', rank: (q) => engine({ q }).results.map((r) => r.id) },
    { mode: 'strict mode', rank: (q) => engine({ q, strict: '1' }).results.map((r) => r.id) },
    { mode: 'MiniSearch defaults', rank: (q) => raw.search(q).slice(0, CUTOFF).map((r) => String(r.id)) },
  ];
}

/** Figures of one way of searching over the judged set; `progress` is told each query as it is done. */
export function evaluateMode(mode: string, rank: Ranker, judgments: Judgment[], progress: (done: number) => void = () => {}): ModeFigures {
  const queries = judgments.map((judgment, i) => {
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
  const mean = (pick: (q: QueryFigures) => number) => queries.reduce((sum, q) => sum + pick(q), 0) / queries.length;
  return {
    mode,
    queries,
    precision: mean((q) => q.precision),
    recall: mean((q) => q.recall),
    ndcg: mean((q) => q.ndcg),
    zeroResultRate: mean((q) => (q.shown === 0 ? 1 : 0)),
  };
}
