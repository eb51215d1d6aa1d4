// Every passage's tokens as numbers, for the checks a query makes on candidate passages (are the words
// adjacent? is the match outside a longer name?) without keeping a Token object per word: at a million
// passages the objects took about 2.3 GB, this takes 4 bytes a token.
//
//   terms:       ['forced', 'labor', 'in', ...]         the vocabulary, one folded term per id
//   stemOfTerm:  [7, 12, 3, ...]                        term id -> stem id (stems: ['forc', 'labor', 'in', ...])
//   tokens:      Uint32Array [0, 1, 2, 0, 1, ...]       the term ids of every passage, in corpus order
//   starts:      Uint32Array [0, 17, 42, ...]           passage position -> its first token (length passages + 1)
//
// Offsets are not kept: highlighting tokenizes the few passages it shows (TokenStore answers which
// tokens match; the tokenizer says where they are).

import { tokenize } from './tokenize.ts';

/** A word sequence or a set of words, as ids of the key it compares (term or stem); -1: not in the corpus. */
export interface IdPattern {
  key: 'stem' | 'term';
  ids: Int32Array;
}

export class TokenStore {
  private readonly termIds = new Map<string, number>();
  private readonly stemIds = new Map<string, number>();
  private readonly stemOfTerm: number[] = [];
  private tokens: Uint32Array;
  private readonly starts: Uint32Array;

  constructor(texts: readonly string[]) {
    this.starts = new Uint32Array(texts.length + 1);
    this.tokens = new Uint32Array(Math.max(1024, texts.length * 32));
    let length = 0;
    texts.forEach((text, position) => {
      for (const token of tokenize(text)) {
        if (length === this.tokens.length) this.tokens = grow(this.tokens);
        this.tokens[length++] = this.termId(token.term, token.stem);
      }
      this.starts[position + 1] = length;
    });
    this.tokens = this.tokens.slice(0, length);
  }

  /** Ids of the values under a key; a value the corpus never holds gets -1, which no token has. */
  pattern(key: 'stem' | 'term', values: readonly string[]): IdPattern {
    const ids = key === 'term' ? this.termIds : this.stemIds;
    return { key, ids: Int32Array.from(values, (value) => ids.get(value) ?? -1) };
  }

  /** Start indexes (in the passage's tokens) of every occurrence of the sequence. */
  findSequence(position: number, sequence: IdPattern): number[] {
    const from = this.starts[position]!;
    const to = this.starts[position + 1]!;
    const { ids } = sequence;
    const found: number[] = [];
    if (ids.includes(-1)) return found;
    for (let i = from; i + ids.length <= to; i++) {
      let k = 0;
      while (k < ids.length && this.idAt(i + k, sequence.key) === ids[k]) k++;
      if (k === ids.length) found.push(i - from);
    }
    return found;
  }

  /** Indexes of the passage's tokens whose id is one of the set's. */
  findAny(position: number, set: IdPattern): number[] {
    const from = this.starts[position]!;
    const to = this.starts[position + 1]!;
    const found: number[] = [];
    for (let i = from; i < to; i++) if (set.ids.includes(this.idAt(i, set.key))) found.push(i - from);
    return found;
  }

  private idAt(index: number, key: 'stem' | 'term'): number {
    const term = this.tokens[index]!;
    return key === 'term' ? term : this.stemOfTerm[term]!;
  }

  private termId(term: string, stem: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.stemOfTerm.length;
      this.termIds.set(term, id);
      let stemId = this.stemIds.get(stem);
      if (stemId === undefined) this.stemIds.set(stem, (stemId = this.stemIds.size));
      this.stemOfTerm.push(stemId);
    }
    return id;
  }
}

function grow(array: Uint32Array): Uint32Array {
  const bigger = new Uint32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
