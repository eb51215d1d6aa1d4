// A Library over the real corpus, built in memory (no index file), once per test file.
import { readFileSync } from 'node:fs';
import { Library } from '../../server/library.ts';
import { buildSearchIndex } from '../../server/search/storage/search-index.ts';
import { parseSynonyms } from '../../server/search/words/synonyms.ts';
import { parseSearchRequest, type SearchRequest } from '../../server/search/query/request.ts';
import { search, type SearchResponse } from '../../server/search/search.ts';
import { SYNONYMS, realCorpus } from './corpus.ts';

let library: Library | undefined;

export function realLibrary(): Library {
  if (!library) {
    const { documents, passages } = realCorpus();
    const synonyms = parseSynonyms(readFileSync(SYNONYMS, 'utf8'), 'words/synonyms.json');
    library = new Library({ documents, passages, synonyms, index: buildSearchIndex(passages), builtAt: 'test' });
  }
  return library;
}

/** Run a search with URL-style parameters, as the API would. */
export function searchFor(params: Record<string, string | string[]>): SearchResponse {
  const lib = realLibrary();
  const request: SearchRequest = parseSearchRequest(params, lib.vocabulary);
  return search(lib, request, { permalink: (id) => `/p/${id}` });
}

/** Ids of every match, in order. */
export function idsFor(q: string, extra: Record<string, string | string[]> = {}): string[] {
  return searchFor({ q, size: '100', ...extra }).results.map((r) => r.id);
}
