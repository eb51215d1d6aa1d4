// The scale benchmark's mixed query set, each query's raw MiniSearch counterpart, and the answers the
// benchmark compares across ways of serving the same passages.

import type MiniSearch from 'minisearch';
import type { Query } from 'minisearch';
import type { Passage } from '../server/corpus/types.ts';
import type { Library } from '../server/library.ts';
import { parseSearchRequest } from '../server/search/query/request.ts';
import { search, type SearchResponse } from '../server/search/search.ts';
import { fuzzyDistance } from '../server/search/evaluation/engine.ts';
import { FILLERS, STOPWORDS, tokenize } from '../server/search/words/tokenize.ts';
import type { Fts5Request } from './fts5.ts';

export type QueryKind =
  | 'rare'
  | 'common'
  | 'topic'
  | 'phrase'
  | 'prefix'
  | 'fuzzy'
  | 'synonym'
  | 'or-not'
  | 'filter'
  | 'question'
  | 'description';

/**
 * The same query for SQLite FTS5 (porter tokenizer): what a user of FTS5 would type to get the same
 * passages. `match` is an FTS5 query; `where` is SQL over the year and section columns (filters); `fuzzy`
 * is a word FTS5 cannot expand (it has no fuzzy search): it is given, as an OR, the words our index
 * expands it to, and that expansion is not timed. Synonym groups (words/synonyms.json) are spelt out. A
 * question or a description is its content words: ANDed for the count and facet (our total counts full
 * matches), ORed for the first page ranked by bm25 (our page lists passages holding some of the words).
 */
export interface Fts5Query {
  match?: string;
  /** What ranks the first page, when not `match`: a question's words ORed (`match` ANDs them for the count). */
  page?: string;
  where?: string;
  fuzzy?: string;
}

/** Every kind of query the issue names, on words the generated narratives hold at every size. */
export const SCALE_QUERIES: Array<{ q: string; kind: QueryKind; fts5: Fts5Query }> = [
  { q: 'Dandong', kind: 'rare', fts5: { match: 'dandong' } },
  { q: 'trafficking', kind: 'common', fts5: { match: 'trafficking' } },
  { q: 'government', kind: 'common', fts5: { match: 'government' } },
  { q: 'forced labor', kind: 'topic', fts5: { match: 'forced labor' } },
  {
    q: 'overseas workers',
    kind: 'topic',
    fts5: {
      match:
        '(overseas workers) OR "workers abroad" OR "workers overseas" OR "laborers abroad" OR "workers employed abroad"',
    },
  },
  { q: 'law enforcement efforts', kind: 'topic', fts5: { match: 'law enforcement efforts' } },
  { q: '"prison camps"', kind: 'phrase', fts5: { match: '"prison camps"' } },
  { q: '"minimum standards"', kind: 'phrase', fts5: { match: '"minimum standards"' } },
  { q: 'traffick*', kind: 'prefix', fts5: { match: 'traffick*' } },
  { q: 'repatri*', kind: 'prefix', fts5: { match: 'repatri*' } },
  { q: 'Dandog~', kind: 'fuzzy', fts5: { fuzzy: 'dandog' } },
  { q: 'goverment~', kind: 'fuzzy', fts5: { fuzzy: 'goverment' } },
  { q: 'DPRK', kind: 'synonym', fts5: { match: `dprk OR "north korea" OR "democratic people's republic of korea"` } },
  {
    q: 'forced repatriation',
    kind: 'synonym',
    fts5: {
      match:
        '(forced repatriation) OR "forcibly repatriated" OR "forcibly returned" OR "involuntarily repatriated" OR "forcible repatriation"',
    },
  },
  {
    q: '(wages OR salaries) -China',
    kind: 'or-not',
    fts5: { match: `(wages OR salaries OR earnings) NOT (china OR prc OR "people's republic of china")` },
  },
  { q: 'camps -prison', kind: 'or-not', fts5: { match: 'camps NOT prison' } },
  { q: 'labor year:2025', kind: 'filter', fts5: { match: 'labor', where: 'year = 2025' } },
  { q: 'victims year:2016..2020', kind: 'filter', fts5: { match: 'victims', where: 'year BETWEEN 2016 AND 2020' } },
  {
    q: 'section:prosecution year:2016..2025',
    kind: 'filter',
    fts5: { where: "section = 'prosecution' AND year BETWEEN 2016 AND 2025" },
  },
  ...[
    {
      q: 'how does the regime make money from forced labor',
      kind: 'question' as const,
      words: 'regime money forced labor',
    },
    {
      q: 'what happens to women sent back to North Korea',
      kind: 'question' as const,
      words: 'women sent back north korea',
    },
    {
      q: 'does the government punish trafficking victims',
      kind: 'question' as const,
      words: 'government punish trafficking victims',
    },
    {
      q: 'schoolchildren made to work on farms and building sites',
      kind: 'description' as const,
      words: 'schoolchildren work farms building sites',
    },
    {
      q: 'workers abroad watched by minders and passports taken',
      kind: 'description' as const,
      words: 'workers abroad watched minders passports taken',
    },
    { q: 'Dandong wages withheld from workers', kind: 'description' as const, words: 'dandong wages withheld workers' },
  ].map(({ q, kind, words }) => ({ q, kind, fts5: { match: words, page: words.split(' ').join(' OR ') } })),
];

/** What must not change when the index is saved, loaded, or served: counts, the first page, the year facet. */
/**
 * The queries as FTS5 is asked them (bench/fts5.ts): a fuzzy word given, as an OR, the words our index
 * expands it to (quoted, so FTS5 reads them as words), worked out here, untimed.
 */
export function fts5Requests(library: Library, queries: Array<{ q: string; fts5: Fts5Query }>): Fts5Request[] {
  const expanded = (word: string) => {
    const words = library.engine.storage
      .expand(word, 'exact', { fuzzy: fuzzyDistance(word) })
      .map(({ term }) => `"${term.replace(/"/g, '""')}"`);
    return words.length > 0 ? words.join(' OR ') : `"${word}"`;
  };
  return queries.map(({ q, fts5 }) => ({
    q,
    match: fts5.fuzzy ? expanded(fts5.fuzzy) : (fts5.match ?? null),
    where: fts5.where ?? null,
    page: fts5.page ?? null,
  }));
}

export interface Answer {
  total: number;
  page: string[];
  years: string;
}

export function answerOf(response: Pick<SearchResponse, 'total' | 'results' | 'facets'>): Answer {
  return {
    total: response.total,
    page: response.results.map((r) => r.id),
    years: response.facets.year.map((f) => `${f.value}:${f.count}`).join(' '),
  };
}

export function searchLibrary(library: Library, q: string): SearchResponse {
  return search(library, parseSearchRequest({ q }, library.vocabulary), { permalink: (id) => `/p/${id}` });
}

/**
 * The query's positive words as one MiniSearch AND query, the way the engine hands words to MiniSearch
 * (stems in `text`; prefix and fuzzy terms in `exact`): the floor the engine's own work sits on.
 * Null for a query with no words (filters only). Negated words, operators and filters are dropped, and so
 * are the words the engine does not require (stop words; a question's words, auxiliaries, light verbs).
 * @example rawQuery('(wages OR salaries) -China') // AND of the stems "wage", "salari"
 */
export function rawQuery(q: string): Query | null {
  const words = q
    .replace(/\b(?:year|section|doc):\S+/g, ' ')
    .replace(/(?:^|\s)-\S+/g, ' ')
    .replace(/\b(?:OR|AND|NOT)\b/g, ' ')
    .replace(/["()]/g, ' ')
    .split(/\s+/)
    .filter((word) => word && !STOPWORDS.has(word.toLowerCase()) && !FILLERS.has(word.toLowerCase()));
  const queries: Query[] = words.flatMap((word) => {
    const prefix = word.endsWith('*');
    const fuzzy = word.endsWith('~');
    const tokens = tokenize(word.replace(/[*~]$/, ''));
    return tokens.map((token) =>
      prefix
        ? { queries: [token.term], fields: ['exact'], prefix: true }
        : fuzzy
          ? { queries: [token.term], fields: ['exact'], fuzzy: fuzzyDistance(token.term) }
          : { queries: [token.stem], fields: ['text'] },
    );
  });
  return queries.length > 0 ? { queries, combineWith: 'AND' } : null;
}

export function rawSearch(index: MiniSearch<Passage>, query: Query): number {
  return index.search(query).length;
}
