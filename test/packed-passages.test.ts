// Packed passages: a part read back gives the passages that were packed, field for field.
import { describe, expect, it } from 'vitest';
import { packPassages, unpackPassages } from '../server/indexer/packed-passages.ts';
import type { Passage } from '../server/corpus/types.ts';
import { realCorpus } from './support/corpus.ts';

const part = (passages: Passage[], source = 'passages-000.bin') => ({ bytes: packPassages(passages), source });

describe('packed passages', () => {
  it('read back equal to the passages packed, keys in the same order (the JSON API shows them so)', () => {
    const { passages } = realCorpus();
    const unpacked = unpackPassages(part(passages));
    expect(unpacked).toEqual(passages);
    expect(JSON.stringify(unpacked)).toBe(JSON.stringify(passages));
  });

  it('keep what text, headings and ids may hold: accents, quotes, symbols, a null heading, an empty part', () => {
    const [first] = realCorpus().passages;
    const odd: Passage[] = [
      { ...first!, id: 'x-1', heading: null, text: '“Kŏngch’ŏn” — 80,000 wön; 日本; emoji 🙂' },
      { ...first!, id: 'x-2', heading: 'Trafficking Profile', text: '', start: 0, end: 0 },
    ];
    expect(unpackPassages(part(odd))).toEqual(odd);
    expect(unpackPassages(part([]))).toEqual([]);
  });

  it('fail, naming the part and what to do, when a part is cut short', () => {
    const bytes = packPassages(realCorpus().passages.slice(0, 20));
    expect(() => unpackPassages({ bytes: bytes.subarray(0, bytes.length - 5), source: '/x/passages-003.bin' })).toThrow(
      /^\/x\/passages-003\.bin is not a readable index part \(.+\); run `npm run index`/,
    );
  });
});
