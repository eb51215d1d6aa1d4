// Checksums of the saved index: a part's length and CRC-32, and the manifest sealed by its own CRC-32.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkOf,
  DamagedIndexError,
  openSealedJson,
  readCheckedPart,
  sealJson,
} from '../server/indexer/part-checks.ts';

const folder = mkdtempSync(join(tmpdir(), 'tip-part-checks-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('sealJson and openSealedJson', () => {
  const manifest = {
    format: 6,
    parts: 'parts-x-1',
    counts: { passages: 281 },
    title: 'North Korea (Tier 3)',
    aliases: { 'a-p1-s1': 'a-p1-s2' },
  };

  it('round-trip an object, the seal at the end and gone once opened', () => {
    const text = sealJson(manifest);
    expect(text).toMatch(/,"crc32":\d+\}$/);
    expect(openSealedJson(text, 'index.json')).toEqual(manifest);
  });

  it('find any one character changed, even where the JSON stays valid', () => {
    const text = sealJson(manifest);
    const cases = [
      { change: 'a count', edited: text.replace('281', '280') },
      { change: 'a word', edited: text.replace('Tier 3', 'Tier 2') },
      {
        change: 'the seal itself',
        edited: text.replace(/(\d)\}$/, (_, digit: string) => `${(Number(digit) + 1) % 10}}`),
      },
    ];
    for (const { change, edited } of cases) {
      expect(edited, change).not.toBe(text);
      expect(() => openSealedJson(edited, 'index.json'), change).toThrow(
        /index\.json is not a readable index part \(its checksum does not match its content\)/,
      );
    }
  });

  it('refuse a text without a seal (written by code before checksums)', () => {
    expect(() => openSealedJson(JSON.stringify(manifest), 'index.json')).toThrow(DamagedIndexError);
    expect(() => openSealedJson(JSON.stringify(manifest), 'index.json')).toThrow(/it has no checksum/);
  });
});

describe('readCheckedPart', () => {
  const content = Buffer.from('[{"title":"North Korea (Tier 3)"}]');
  const file = join(folder, 'documents.json');
  const cases = [
    { what: 'the part as written', bytes: content, problem: null },
    {
      what: 'one byte changed',
      bytes: Buffer.from(content.toString().replace('3', '2')),
      problem: "its checksum differs from the manifest's",
    },
    { what: 'cut short', bytes: content.subarray(0, 10), problem: `10 bytes, the manifest says ${content.length}` },
  ];
  for (const { what, bytes, problem } of cases) {
    it(`${problem ? 'fails' : 'reads'} on ${what}`, () => {
      writeFileSync(file, bytes);
      if (problem === null) expect(readCheckedPart(file, checkOf(content))).toEqual(content);
      else
        expect(() => readCheckedPart(file, checkOf(content))).toThrow(
          `${file} is not a readable index part (${problem}); run \`npm run index\` to rebuild the index`,
        );
    });
  }

  it('fails, naming the file, on a part missing or not in the manifest', () => {
    expect(() => readCheckedPart(join(folder, 'nowhere.bin'), checkOf(content))).toThrow(
      /nowhere\.bin is not a readable index part \(ENOENT/,
    );
    writeFileSync(file, content);
    expect(() => readCheckedPart(file, undefined)).toThrow('(not in the manifest)');
  });
});
