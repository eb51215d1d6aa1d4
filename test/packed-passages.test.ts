// Packed passages: a part read back gives the passages that were packed, field for field.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, openSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PackedPassages, packPassages, textsStart, unpackPassages } from '../server/indexer/packed-passages.ts';
import { PartOnDisk, readAt } from '../server/search/storage/part-on-disk.ts';
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

  describe('with their texts left on disk', () => {
    /** The part written to a file and read as a loaded index reads it: the bytes before the texts, the texts on disk. */
    const loaded = (passages: Passage[]) => {
      const bytes = packPassages(passages);
      const file = join(mkdtempSync(join(tmpdir(), 'passages-')), 'passages-000.bin');
      writeFileSync(file, bytes);
      const fd = openSync(file, 'r');
      const at = textsStart((from, to) => readAt(fd, file, from, to), bytes.length);
      const texts = new PartOnDisk(fd, file, at!, bytes.length - at!);
      return {
        file,
        at: at!,
        bytes,
        texts,
        part: new PackedPassages({ bytes: bytes.subarray(0, at!), source: file }, texts),
      };
    };

    it('read back equal to the passages packed, holding no text', () => {
      const { passages } = realCorpus();
      const { part, at, bytes, texts } = loaded(passages);
      expect(Array.from({ length: part.count }, (_, row) => part.passage(row))).toEqual(passages);
      const textBytes = passages.reduce((sum, passage) => sum + Buffer.byteLength(passage.text), 0);
      expect(bytes.length - at).toBe(textBytes);
      texts.close();
    });

    it('find where the texts begin behind a head longer than the first read (thousands of headings)', () => {
      const [first] = realCorpus().passages;
      const many = Array.from({ length: 3000 }, (_, i) => ({
        ...first!,
        id: `x-${i}`,
        heading: `A heading of some length, number ${i}, to make the head of the part longer than 64 KB`,
        text: `Sentence ${i}.`,
      }));
      const { part, texts } = loaded(many);
      expect(part.passage(2999)).toEqual(many[2999]);
      texts.close();
    });

    it('fail, naming the part, when the kept bytes do not end where the texts begin', () => {
      const bytes = packPassages(realCorpus().passages.slice(0, 20));
      const read = (from: number, to: number) => bytes.subarray(from, to);
      const at = textsStart(read, bytes.length)!;
      const texts = { length: bytes.length - at, source: '/x/passages-003.bin', bytes: read };
      expect(
        () => new PackedPassages({ bytes: bytes.subarray(0, at - 1), source: '/x/passages-003.bin' }, texts),
      ).toThrow(/^\/x\/passages-003\.bin is not a readable index part \(.+\); run `npm run index`/);
    });

    it('fail, naming the part, when a text no longer reads (the file cut short after the load)', () => {
      const { passages } = realCorpus();
      const { part, file, at, texts } = loaded(passages);
      truncateSync(file, at + Buffer.byteLength(passages[0]!.text));
      expect(part.text(0)).toBe(passages[0]!.text);
      expect(() => part.text(passages.length - 1)).toThrow(
        /passages-000\.bin is not a readable index part \(cut short/,
      );
      texts.close();
    });
  });
});
