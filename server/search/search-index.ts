// The MiniSearch index: its options live here only, and are used both to build and to load, as
// MiniSearch requires ("should be given the same options used when serializing the index").
//
// Two fields are indexed from each passage's text with the one tokenizer:
//   text  - stems, for ordinary words ("repatriated" finds "repatriation");
//   exact - folded terms without stemming, for quoted phrases, prefix and fuzzy terms, and strict mode.
//
// Saved and loaded packed (packed-index.ts), not with MiniSearch's toJSON/loadJS: loading then costs
// the postings' bytes, not a Map entry per posting.

import MiniSearch, { type Options } from 'minisearch';
import type { Passage } from '../corpus/types.ts';
import { stemTerm, tokenize } from './tokenize.ts';
import { packSearchIndex, unpackSearchIndex, type PackedSearchIndex } from './packed-index.ts';

export type SearchField = 'text' | 'exact';

export const MINISEARCH_OPTIONS: Options<Passage> = {
  idField: 'id',
  fields: ['text', 'exact'],
  storeFields: [],
  extractField: (passage, field) => (field === 'id' ? passage.id : passage.text),
  tokenize: (text) => tokenize(text).map((token) => token.term),
  processTerm: (term, field) => (field === 'text' ? stemTerm(term) : term),
  // Queries reach MiniSearch already tokenized and processed by the engine.
  searchOptions: { tokenize: (query) => [query], processTerm: (term) => term },
};

export function buildSearchIndex(passages: Passage[]): MiniSearch<Passage> {
  const index = new MiniSearch<Passage>(MINISEARCH_OPTIONS);
  index.addAll(passages);
  return index;
}

/** The saved index's form: binary parts whose postings are decoded term by term on first use. */
export function packedSearchIndex(index: MiniSearch<Passage>, postingsPartBytes?: number): PackedSearchIndex {
  return packSearchIndex(index, postingsPartBytes);
}

export function loadSearchIndex(packed: PackedSearchIndex): MiniSearch<Passage> {
  return unpackSearchIndex<Passage>(packed, MINISEARCH_OPTIONS);
}
