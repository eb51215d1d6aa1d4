// The passages' tokens as ids: the same tokens and adjacency answers as the tokenizer's, saved and loaded.
import { describe, expect, it } from 'vitest';
import { TokenStore } from '../server/search/storage/token-store.ts';
import { findSequence } from '../server/search/evaluation/engine.ts';
import { tokenize } from '../server/search/words/tokenize.ts';
import { realCorpus } from './support/corpus.ts';

const texts = realCorpus().passages.map((passage) => passage.text);
const built = TokenStore.of(texts);
const saved = built.toBuffer();
// A saved store read at an offset that is not a multiple of 4 (a part read into a larger buffer).
const unaligned = new Uint8Array(saved.byteLength + 1).subarray(1);
unaligned.set(saved);

const sequences: Array<{ key: 'stem' | 'term'; values: string[] }> = [
  { key: 'stem', values: ['forc', 'labor'] },
  { key: 'term', values: ['prison', 'camps'] },
  { key: 'stem', values: ['republ', 'of', 'korea'] },
  { key: 'term', values: ['dprk'] },
  { key: 'stem', values: ['not', 'a', 'word', 'zzzq'] },
];

describe('TokenStore', () => {
  const stores = [
    { name: 'as built', store: built },
    { name: 'loaded from its bytes', store: TokenStore.fromBuffer(saved, texts.length) },
    { name: 'loaded from unaligned bytes', store: TokenStore.fromBuffer(unaligned, texts.length) },
  ];
  for (const { name, store } of stores) {
    it.each(sequences)(
      `${name}: finds $values ($key) where the tokens hold it, in every passage`,
      ({ key, values }) => {
        const pattern = store.pattern(key, values);
        for (const [position, text] of texts.entries()) {
          expect(store.findSequence(position, pattern)).toEqual(findSequence(tokenize(text), key, values));
        }
      },
    );
    it(`${name}: gives every passage's tokens as the tokenizer does, offsets included`, () => {
      for (const [position, text] of texts.entries()) expect(store.tokensOf(position)).toEqual(tokenize(text));
    });
  }

  it('finds any of a set of terms where the tokens hold one', () => {
    const pattern = built.pattern('term', ['workers', 'laborers', 'zzzq']);
    for (const [position, text] of texts.entries()) {
      expect(built.findAny(position, pattern)).toEqual(
        tokenize(text).flatMap((token, i) => (['workers', 'laborers'].includes(token.term) ? [i] : [])),
      );
    }
  });

  it('refuses bytes that are not a saved store, or one of other passages', () => {
    expect(() => TokenStore.fromBuffer(Buffer.from('{"passages": []}'), texts.length)).toThrow(
      /not a token store of this version; run `npm run index`/,
    );
    expect(() => TokenStore.fromBuffer(saved, texts.length + 1)).toThrow(/do not hold/);
  });
});
