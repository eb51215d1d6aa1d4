// The MiniSearch index: its options live here only, and are used both to build and to load, as
// MiniSearch requires ("should be given the same options used when serializing the index").
//
// Two fields are indexed from each passage's text with the one tokenizer:
//   text  - stems, for ordinary words ("repatriated" finds "repatriation");
//   exact - folded terms without stemming, for quoted phrases, prefix and fuzzy terms, and strict mode.
//
// Saved and loaded packed (storage/passage-index.ts), not with MiniSearch's toJSON/loadJS: loading then
// costs the postings' bytes, not a Map entry per posting.

import type { Options } from 'minisearch';
import type { Passage } from '../../corpus/types.ts';
import { stemTerm, tokenize, type Token } from '../words/tokenize.ts';
import { PassageIndex, type PackedSearchIndex } from './passage-index.ts';

/** The search index of passages: MiniSearch, subclassed in the one module that reads its internals. */
export type SearchIndex = PassageIndex<Passage>;

export type SearchField = 'text' | 'exact';

export const MINISEARCH_OPTIONS: Options<Passage> = {
  idField: 'id',
  fields: ['text', 'exact'],
  storeFields: [],
  extractField: (passage, field) => (field === 'id' ? passage.id : passage.text),
  tokenize: (text) => passageTerms(text),
  processTerm: (term, field) => (field === 'text' ? stemTerm(term) : term),
  // Queries reach MiniSearch already tokenized and processed by the engine.
  searchOptions: { tokenize: (query) => [query], processTerm: (term) => term },
};

/**
 * Index the passages. `keep`, when given, receives each passage's terms in order (the build hands them
 * to alignment rather than tokenizing every passage again there).
 */
export function buildSearchIndex(
  passages: Passage[],
  keep?: (terms: readonly string[], tokens: readonly Token[]) => void,
): SearchIndex {
  // MiniSearch tokenizes each field on its own, and both fields are the passage's text: the second call
  // is answered with the first's terms. Any tokenizer giving the same terms may build the index.
  let last = { text: '', tokens: [] as Token[], terms: [] as string[] };
  const tokenizeOnce = (text: string, field?: string): string[] => {
    if (text !== last.text) {
      const tokens = tokenize(text);
      last = { text, tokens, terms: tokens.map((token) => token.term) };
    }
    if (field === 'text') keep?.(last.terms, last.tokens);
    return last.terms;
  };
  const index = new PassageIndex<Passage>({ ...MINISEARCH_OPTIONS, tokenize: tokenizeOnce });
  index.addAll(passages);
  return index;
}

/** A passage's terms as MiniSearch indexes them: the one tokenizer's, folded, in text order. */
function passageTerms(text: string): string[] {
  return tokenize(text).map((token) => token.term);
}

/** The saved index's form: binary parts whose postings are decoded term by term on first use. */
export function packedSearchIndex(index: SearchIndex, postingsPartBytes?: number): PackedSearchIndex {
  return index.pack(postingsPartBytes);
}

/** A working index over packed parts; `idAt` gives the document ids when the header holds none (the passages', in corpus order). */
export function loadSearchIndex(packed: PackedSearchIndex, idAt?: (i: number) => string): SearchIndex {
  return PassageIndex.unpack<Passage>(packed, MINISEARCH_OPTIONS, idAt);
}
