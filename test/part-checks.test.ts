// Checksums of the saved index: a part's length and CRC-32, and the manifest sealed by its own CRC-32.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkOf,
  DamagedIndexError,
  openSealedJson,
  PartChecks,
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

describe('PartChecks: parts read whole, their CRC-32s computed on another thread', () => {
  const parts = Array.from({ length: 5 }, (_, i) => {
    const bytes = Buffer.alloc(3_000_000 + i, i + 1);
    const file = join(folder, `part-${i}.bin`);
    writeFileSync(file, bytes);
    return { file, bytes, check: checkOf(bytes) };
  });

  it('return the bytes as written and pass when every part matches', () => {
    const checks = new PartChecks(parts.length);
    for (const { file, bytes, check } of parts) expect(checks.read(file, check).equals(bytes)).toBe(true);
    expect(() => checks.finish()).not.toThrow();
  });

  it('read parts on the other thread too (later), whole once finished', () => {
    const checks = new PartChecks(parts.length);
    const read = parts.map(({ file, check }, i) => checks.read(file, check, i % 2 === 0));
    checks.finish();
    for (const [i, { bytes }] of parts.entries()) expect(read[i]!.equals(bytes)).toBe(true);
  });

  it('name a damaged part read on the other thread', () => {
    const damaged = parts[2]!;
    writeFileSync(damaged.file, Buffer.from(damaged.bytes).fill(0, 100, 116));
    const checks = new PartChecks(parts.length);
    for (const { file, check } of parts) checks.read(file, check, true);
    expect(() => checks.finish()).toThrow(/part-2\.bin .*checksum differs/);
    writeFileSync(damaged.file, damaged.bytes);
  });

  it('name the part whose checksum differs once finished, not before', () => {
    const checks = new PartChecks(parts.length);
    const damaged = parts[3]!;
    writeFileSync(damaged.file, Buffer.from(damaged.bytes).fill(0, 100, 116));
    for (const { file, check } of parts) checks.read(file, check);
    expect(() => checks.finish()).toThrow(DamagedIndexError);
    const again = new PartChecks(1);
    again.read(damaged.file, damaged.check);
    expect(() => again.finish()).toThrow(/part-3\.bin .*checksum differs/);
    writeFileSync(damaged.file, damaged.bytes);
  });

  it('name a part cut short at once', () => {
    const { file, bytes, check } = parts[0]!;
    writeFileSync(file, bytes.subarray(0, 1000));
    expect(() => new PartChecks(1).read(file, check)).toThrow(/part-0\.bin .*1000 bytes, the manifest says 3000000/);
    writeFileSync(file, bytes);
  });
});

describe('PartChecks under `npm start`: the CRC-32s computed while the server loads (scripts/early-checks.mjs)', () => {
  const index = join(folder, 'early', 'index.json');
  const parts = Array.from({ length: 4 }, (_, i) => {
    const bytes = Buffer.alloc(2_000_000 + i, i + 7);
    const name = `part-${i}.bin`;
    return { name, file: join(folder, 'early', 'parts-x', name), bytes, check: checkOf(bytes) };
  });
  mkdirSync(join(folder, 'early', 'parts-x'), { recursive: true });
  for (const { file, bytes } of parts) writeFileSync(file, bytes);
  writeFileSync(
    index,
    JSON.stringify({
      parts: 'parts-x',
      // Parts 0, 1 and 2 as the search index's, which the reader keeps whole: read early into memory it takes over.
      files: { postings: ['part-0.bin', 'part-2.bin'], searchDocuments: 'part-1.bin', searchTerms: 'part-9.bin' },
      checks: Object.fromEntries(parts.map(({ name, check }) => [name, check])),
    }),
  );
  const earlyChecks = () =>
    (globalThis as Record<symbol, { files: Map<string, number>; results: Int32Array; held: Map<string, unknown> }>)[
      Symbol.for('tip-search.early-checks')
    ]!;
  const startEarlyChecks = async () =>
    (
      (await import('../scripts/early-checks.mjs' as string)) as { startEarlyChecks: (file: string) => void }
    ).startEarlyChecks(index);
  const flip = (file: string, bytes: Buffer) => writeFileSync(file, Buffer.from(bytes).fill(0, 100, 116));

  it('are compared instead: the parts read as written, with or without the other thread', async () => {
    await startEarlyChecks();
    const { held } = earlyChecks();
    const checks = new PartChecks(parts.length);
    const read = parts.map(({ file, check }, i) => checks.read(file, check, i % 2 === 0, i === 3 ? 1000 : undefined));
    checks.finish();
    for (const [i, { bytes }] of parts.entries())
      expect(read[i]!.equals(i === 3 ? bytes.subarray(0, 1000) : bytes)).toBe(true);
    // Read whole on the other thread (later), as the search index's parts are: the early read's memory.
    expect(read[0]!.buffer).toBe(held.get(parts[0]!.file));
    expect(read[2]!.buffer).toBe(held.get(parts[2]!.file));
    // Read on this thread, or in part: read here.
    expect(read[1]!.buffer).not.toBe(held.get(parts[1]!.file));
  });

  it('name a part that was damaged when they were computed (even if mended before the read)', async () => {
    const damaged = parts[1]!;
    flip(damaged.file, damaged.bytes);
    await startEarlyChecks();
    // Once the early check has read it, the part is mended: its result, not the bytes read now, is compared.
    const early = earlyChecks();
    const slot = early.files.get(damaged.file)!;
    while (Atomics.load(early.results, 3 * slot) === 0) Atomics.wait(early.results, 3 * slot, 0, 100);
    writeFileSync(damaged.file, damaged.bytes);
    const checks = new PartChecks(parts.length);
    for (const { file, check } of parts) checks.read(file, check, true);
    expect(() => checks.finish()).toThrow(/part-1\.bin .*checksum differs/);
  });

  it('are taken by the first reader only: the next checks for itself', async () => {
    await startEarlyChecks();
    const first = new PartChecks(parts.length);
    for (const { file, check } of parts) first.read(file, check);
    first.finish();
    const damaged = parts[2]!;
    flip(damaged.file, damaged.bytes);
    const next = new PartChecks(parts.length);
    for (const { file, check } of parts) next.read(file, check);
    expect(() => next.finish()).toThrow(/part-2\.bin .*checksum differs/);
    writeFileSync(damaged.file, damaged.bytes);
  });
});
