// The saved index: a manifest and a folder of parts, read back to the same answers, replaced atomically.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildIndex, type BuildPaths } from '../server/indexer/build-index.ts';
import {
  libraryFrom,
  readIndexFile,
  readSavedIds,
  saveIndexFile,
  textDigest,
  type IndexFile,
} from '../server/indexer/index-file.ts';
import { fingerprint, fingerprintOf, inputDigests } from '../server/indexer/build-inputs.ts';
import { search } from '../server/search/search.ts';
import { buildSearchIndex, packedSearchIndex } from '../server/search/storage/search-index.ts';
import { parseSearchRequest } from '../server/search/query/request.ts';
import type { Library } from '../server/library.ts';
import { realLibrary } from './support/library.ts';
import { temporaryCollection } from './support/narratives.ts';
import { PassageTable } from '../server/passage-table.ts';
import { TokenStore } from '../server/search/storage/token-store.ts';

let collection: ReturnType<typeof temporaryCollection>;
let root: string;
let paths: BuildPaths;
let built: IndexFile;

beforeEach(() => {
  collection = temporaryCollection();
  paths = collection.paths;
  root = paths.root;
  built = buildIndex(paths);
});
afterEach(() => collection.remove());

const partsFolders = () =>
  readdirSync(join(root, 'index/build'))
    .filter((name) => name.startsWith('parts-'))
    .sort();
const answers = (library: Library) =>
  ['Dandong', 'forced labor', 'traffick*', '"prison camps"', 'DPRK', 'labor year:2025'].map((q) => {
    const response = search(library, parseSearchRequest({ q, size: '100' }, library.vocabulary), {
      permalink: (id) => id,
    });
    return { q, total: response.total, ids: response.results.map((r) => r.id) };
  });

describe('the saved index', () => {
  it('cut into many small parts, loads back to the answers of the index built in memory', () => {
    const search = packedSearchIndex(buildSearchIndex([...built.passages]), 2000);
    saveIndexFile(paths.indexFile, { ...built, search }, { records: 40 });
    const manifest = JSON.parse(readFileSync(paths.indexFile, 'utf8'));
    expect(manifest.files.passages.length).toBeGreaterThan(5);
    expect(manifest.files.postings.length).toBeGreaterThan(5);
    expect(manifest.counts).toEqual({
      documents: 5,
      passages: 281,
      terms: buildSearchIndex([...built.passages]).termCount,
    });
    const loaded = readIndexFile(paths.indexFile)!;
    expect([...loaded.passages]).toEqual([...built.passages]);
    expect(loaded.alignment).toEqual(built.alignment);
    expect(answers(libraryFrom(loaded))).toEqual(answers(realLibrary()));
  });

  it('saves every passage’s tokens as one binary part, loaded back to the same answers and highlighting', () => {
    const manifest = JSON.parse(readFileSync(paths.indexFile, 'utf8'));
    expect(manifest.files.tokens).toBe('tokens.bin');
    const loaded = readIndexFile(paths.indexFile)!;
    // Read up to the offsets, which stay on disk until a passage's are asked for: the same tokens, offsets included.
    expect(loaded.tokenBytes).toBeUndefined();
    const whole = TokenStore.fromBuffer(
      readFileSync(join(dirname(paths.indexFile), manifest.parts, 'tokens.bin')),
      built.passages.length,
    );
    for (let position = 0; position < built.passages.length; position++)
      expect(loaded.tokens!.tokensOf(position)).toEqual(whole.tokensOf(position));
    const highlights = (library: Library) =>
      ['forced labor', 'DPRK', '"prison camps"', 'Republic of Korea'].map((q) =>
        search(library, parseSearchRequest({ q, size: '100' }, library.vocabulary), {
          permalink: (id) => id,
        }).results.map((r) => r.highlight),
      );
    expect(highlights(libraryFrom(loaded))).toEqual(highlights(realLibrary()));
  });

  it('fails loudly, saying what to do, when the saved tokens are not those of the saved passages', () => {
    const loaded = readIndexFile(paths.indexFile)!;
    const { parts } = JSON.parse(readFileSync(paths.indexFile, 'utf8'));
    expect(() =>
      libraryFrom({
        ...loaded,
        tokens: undefined,
        tokenBytes: readFileSync(join(dirname(paths.indexFile), parts, 'tokens.bin')),
        passages: PassageTable.of(loaded.documents, loaded.passages.slice(1, loaded.passages.length)),
      }),
    ).toThrow(/tokens\.bin\) do not hold 280 passages; run `npm run index`/);
  });

  it('keeps the parts the previous manifest named, for a server still reading them, and removes older ones', () => {
    const first = partsFolders();
    saveIndexFile(paths.indexFile, built);
    const second = partsFolders();
    saveIndexFile(paths.indexFile, built);
    const third = partsFolders();
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(2);
    expect(third).toHaveLength(2);
    expect(third).not.toContain(first[0]);
  });

  it('fails loudly, naming the part and what to do, when a part is missing', () => {
    const manifest = JSON.parse(readFileSync(paths.indexFile, 'utf8'));
    rmSync(join(root, 'index/build', manifest.parts, 'passages-000.bin'));
    expect(() => readIndexFile(paths.indexFile)).toThrow(
      /passages-000\.bin is not a readable index part .*run `npm run index`/,
    );
  });

  it('fails at load, naming the binary part and what to do, when a part is cut short or damaged', () => {
    const manifest = JSON.parse(readFileSync(paths.indexFile, 'utf8'));
    const postings = join(root, 'index/build', manifest.parts, 'postings-000.bin');
    const bytes = readFileSync(postings);
    writeFileSync(postings, bytes.subarray(0, bytes.length - 1));
    expect(() => readIndexFile(paths.indexFile)).toThrow(
      /postings-000\.bin is not a readable index part \(\d+ bytes, the manifest says \d+\); run `npm run index`/,
    );
    const middle = bytes.length >> 1;
    bytes[middle] = bytes[middle]! ^ 0x55;
    writeFileSync(postings, bytes);
    expect(() => readIndexFile(paths.indexFile)).toThrow(
      /postings-000\.bin is not a readable index part \(its checksum differs from the manifest's\); run `npm run index`/,
    );
  });
});

describe('the fingerprint of the build inputs', () => {
  it('reads again only the inputs whose size or modification time changed since the digests the manifest keeps', () => {
    const digests = inputDigests(paths);
    const seed = Object.keys(digests).find((name) => name.startsWith('seeds/') && name.endsWith('.txt'))!;
    // A digest the file could not have: it is used only if the file is not read again.
    const faked = { ...digests, [seed]: { ...digests[seed]!, sha256: 'f'.repeat(64) } };
    expect(inputDigests(paths, faked)[seed]!.sha256).toBe('f'.repeat(64));
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, seed), later, later);
    expect(inputDigests(paths, faked)[seed]!.sha256).toBe(digests[seed]!.sha256);
  });

  it('is the same computed afresh (a fresh clone: new dates) or from the digests, and changes with a seed’s content', () => {
    const saved = readIndexFile(paths.indexFile)!;
    expect(saved.fingerprint).toBe(fingerprint(paths));
    expect(fingerprint(paths, saved.inputs)).toBe(saved.fingerprint);
    expect(fingerprintOf(inputDigests(paths, saved.inputs))).toBe(saved.fingerprint);
    const seed = Object.keys(saved.inputs!).find((name) => name.startsWith('seeds/') && name.endsWith('.txt'))!;
    writeFileSync(join(root, seed), `${readFileSync(join(root, seed), 'utf8')}\nOne more sentence.\n`);
    expect(fingerprint(paths, saved.inputs)).not.toBe(saved.fingerprint);
  });
});

describe('readSavedIds', () => {
  it('gives each saved passage id, document, year and country with a digest of its text, as a rebuild compares them', () => {
    const ids = readSavedIds(paths.indexFile);
    expect(ids).toHaveLength(281);
    const dandong = [...built.passages].find((p) => p.text.includes('Dandong'))!;
    expect(ids).toContainEqual({
      id: dandong.id,
      doc: dandong.doc,
      year: 2025,
      country: 'PRK',
      text: textDigest(dandong.text),
    });
  });

  it('is empty when there is no index, and fails, saying why, on one of another format', () => {
    expect(readSavedIds(join(root, 'nowhere/index.json'))).toEqual([]);
    const manifest = JSON.parse(readFileSync(paths.indexFile, 'utf8'));
    saveIndexFile(paths.indexFile, { ...built, format: manifest.format + 1 });
    expect(() => readSavedIds(paths.indexFile)).toThrow(`has index format ${manifest.format + 1}`);
    expect(existsSync(paths.indexFile)).toBe(true);
  });
});

describe('textDigest', () => {
  const cases = [
    { a: 'Wages are withheld.', b: 'Wages  are\nwithheld.', same: true },
    { a: 'Wages are withheld.', b: 'Wages are withheld', same: false },
    { a: 'Wages are withheld.', b: 'wages are withheld.', same: false },
  ];
  for (const { a, b, same } of cases) {
    it(`${same ? 'equals' : 'differs'} for ${JSON.stringify(a)} and ${JSON.stringify(b)}`, () => {
      expect(textDigest(a) === textDigest(b)).toBe(same);
    });
  }
});
