// The scale benchmark's mixed query set, each query's raw MiniSearch counterpart, and the answers the
// benchmark compares across ways of serving the same passages.

import type MiniSearch from 'minisearch';
import type { Query } from 'minisearch';
import type { Passage } from '../server/corpus/types.ts';
import type { Library } from '../server/library.ts';
import { parseSearchRequest } from '../server/search/request.ts';
import { search, type SearchResponse } from '../server/search/search.ts';
import { fuzzyDistance } from '../server/search/engine.ts';
import { tokenize } from '../server/search/tokenize.ts';

export type QueryKind = 'rare' | 'common' | 'topic' | 'phrase' | 'prefix' | 'fuzzy' | 'synonym' | 'or-not' | 'filter';

/** Every kind of query the issue names, on words the generated narratives hold at every size. */
export const SCALE_QUERIES: Array<{ q: string; kind: QueryKind }> = [
  { q: 'Dandong', kind: 'rare' },
  { q: 'trafficking', kind: 'common' },
  { q: 'government', kind: 'common' },
  { q: 'forced labor', kind: 'topic' },
  { q: 'overseas workers', kind: 'topic' },
  { q: 'law enforcement efforts', kind: 'topic' },
  { q: '"prison camps"', kind: 'phrase' },
  { q: '"minimum standards"', kind: 'phrase' },
  { q: 'traffick*', kind: 'prefix' },
  { q: 'repatri*', kind: 'prefix' },
  { q: 'Dandog~', kind: 'fuzzy' },
  { q: 'goverment~', kind: 'fuzzy' },
  { q: 'DPRK', kind: 'synonym' },
  { q: 'forced repatriation', kind: 'synonym' },
  { q: '(wages OR salaries) -China', kind: 'or-not' },
  { q: 'camps -prison', kind: 'or-not' },
  { q: 'labor year:2025', kind: 'filter' },
  { q: 'victims year:2016..2020', kind: 'filter' },
  { q: 'section:prosecution year:2016..2025', kind: 'filter' },
];

/** What must not change when the index is saved, loaded, or served: counts, the first page, the year facet. */
export interface Answer {
  total: number;
  page: string[];
  years: string;
}

export function answerOf(response: Pick<SearchResponse, 'total' | 'results' | 'facets'>): Answer {
  return { total: response.total, page: response.results.map((r) => r.id), years: response.facets.year.map((f) => `${f.value}:${f.count}`).join(' ') };
}

export function searchLibrary(library: Library, q: string): SearchResponse {
  return search(library, parseSearchRequest({ q }, library.documents.map((d) => d.id)), { permalink: (id) => `/p/${id}` });
}

/**
 * The query's positive words as one MiniSearch AND query, the way the engine hands words to MiniSearch
 * (stems in `text`; prefix and fuzzy terms in `exact`): the floor the engine's own work sits on.
 * Null for a query with no words (filters only). Negated words, operators and filters are dropped.
 * @example rawQuery('(wages OR salaries) -China') // AND of the stems "wage", "salari"
 */
export function rawQuery(q: string): Query | null {
  const words = q
    .replace(/\b(?:year|section|doc):\S+/g, ' ')
    .replace(/(?:^|\s)-\S+/g, ' ')
    .replace(/\b(?:OR|AND|NOT)\b/g, ' ')
    .replace(/["()]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const queries: Query[] = words.flatMap((word) => {
    const prefix = word.endsWith('*');
    const fuzzy = word.endsWith('~');
    const tokens = tokenize(word.replace(/[*~]$/, ''));
    return tokens.map((token) =>
      prefix ? { queries: [token.term], fields: ['exact'], prefix: true }
      : fuzzy ? { queries: [token.term], fields: ['exact'], fuzzy: fuzzyDistance(token.term) }
      : { queries: [token.stem], fields: ['text'] },
    );
  });
  return queries.length > 0 ? { queries, combineWith: 'AND' } : null;
}

export function rawSearch(index: MiniSearch<Passage>, query: Query): number {
  return index.search(query).length;
}
