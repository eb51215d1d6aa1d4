// The scale path end to end on a small generated collection: generate, `npm run index`'s build, load
// the saved parts, search; every answer equals the same passages indexed in memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import request from 'supertest';
import { writeCollection } from '../bench/scale-collection.ts';
import { generateCollection, mulberry32, syntheticWord, zipfRank } from '../bench/corpus-generator.ts';
import { answerOf, rawQuery, SCALE_QUERIES, searchLibrary } from '../bench/scale-queries.ts';
import { buildIndex } from '../server/indexer/build-index.ts';
import { openLibrary } from '../server/indexer/library-store.ts';
import { INDEX_FORMAT_VERSION } from '../server/indexer/index-file.ts';
import { buildSearchIndex } from '../server/search/storage/search-index.ts';
import { Library } from '../server/library.ts';
import { createApp } from '../server/web/app.ts';
import { realCorpus } from './support/corpus.ts';

let folder: string;
let built: ReturnType<typeof buildIndex>;
let loaded: Library;
let log: string[];

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'scale-'));
  const { paths } = writeCollection(folder, 3000);
  built = buildIndex(paths);
  log = [];
  loaded = openLibrary(paths, (line) => log.push(line));
}, 120_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the scale path on 3,000 generated passages', () => {
  it('builds about the passages asked for, 25 years of each country', () => {
    expect(built.passages.length).toBeGreaterThan(2700);
    expect(built.passages.length).toBeLessThan(3300);
    expect(new Set(built.documents.map((d) => d.year)).size).toBe(25);
  });

  it('saves the index as a manifest and a folder of parts, and loads it without rebuilding', () => {
    const manifest = JSON.parse(readFileSync(join(folder, 'index/build/index.json'), 'utf8'));
    expect(manifest.format).toBe(INDEX_FORMAT_VERSION);
    expect(readdirSync(join(folder, 'index/build', manifest.parts))).toEqual(
      expect.arrayContaining([
        'documents.json',
        'passages-000.bin',
        'alignment-000.bin',
        'search.json',
        'search-terms.bin',
        'postings-000.bin',
      ]),
    );
    expect(log).toEqual([]);
    expect(loaded.builtAt).toBe(built.builtAt);
  });

  it('finds "Dandong" exactly once', () => {
    const { total, results } = searchLibrary(loaded, 'Dandong');
    expect(total).toBe(1);
    expect(results[0]!.id).toMatch(/^2025-tip-trafficking-profile-/);
  });

  it('gives, for every query of the mixed set, the answers of the same passages indexed in memory', () => {
    const reference = new Library({ ...built, index: buildSearchIndex([...built.passages]), builtAt: 'reference' });
    for (const { q } of SCALE_QUERIES)
      expect(answerOf(searchLibrary(loaded, q)), q).toEqual(answerOf(searchLibrary(reference, q)));
    // Every query shows something: passages with all its words, or (a question, a description) with some of them.
    const shown = (q: string) =>
      searchLibrary(loaded, q).total + (searchLibrary(loaded, q).partial?.results.length ?? 0);
    expect(SCALE_QUERIES.filter(({ q }) => shown(q) > 0).map(({ q }) => q)).toEqual(SCALE_QUERIES.map(({ q }) => q));
  });

  it('answers over HTTP as in process', async () => {
    const app = createApp({ library: () => loaded });
    for (const q of ['forced labor', 'camps -prison', 'labor year:2025']) {
      const response = await request(app).get('/api/search').query({ q }).expect(200);
      expect(answerOf(response.body), q).toEqual(answerOf(searchLibrary(loaded, q)));
    }
  });
});

describe('the corpus generator', () => {
  const reports = () => realCorpus().passages.filter((p) => p.section !== 'commentary');

  it('gives the same collection for the same seed, and another for another seed', () => {
    const texts = (seed: number) =>
      generateCollection({ passages: reports(), target: 2000, seed })
        .map((s) => s.text)
        .join('\n');
    expect(texts(1)).toBe(texts(1));
    expect(texts(1)).not.toBe(texts(2));
  });

  it('keeps about half of the sentences from one year to the next, as the reports do', () => {
    const textsOf = (country: string, year: number) =>
      new Set([...built.passages].filter((p) => p.country === country && p.year === year).map((p) => p.text));
    let kept = 0;
    let total = 0;
    for (const country of new Set([...built.passages].map((p) => p.country))) {
      for (let year = 2002; year <= 2025; year++) {
        const before = textsOf(country, year - 1);
        for (const text of textsOf(country, year)) {
          total++;
          if (before.has(text)) kept++;
        }
      }
    }
    expect(kept / total).toBeGreaterThan(0.4);
    expect(kept / total).toBeLessThan(0.6);
  });

  it('draws synthetic words from a Zipf law: rank 1 is the most common, and ranks spell distinct words', () => {
    const random = mulberry32(7);
    const ranks = Array.from({ length: 10_000 }, () => zipfRank(random));
    const count = (rank: number) => ranks.filter((r) => r === rank).length;
    expect(count(1)).toBeGreaterThan(count(2));
    expect(count(2)).toBeGreaterThan(count(10));
    expect(new Set([1, 2, 20, 21, 400].map(syntheticWord)).size).toBe(5);
  });
});

describe('rawQuery', () => {
  const cases = [
    {
      q: 'forced labor',
      expected: [
        ['forc', 'text'],
        ['labor', 'text'],
      ],
    },
    { q: 'traffick*', expected: [['traffick', 'exact', 'prefix']] },
    { q: 'Dandog~', expected: [['dandog', 'exact', 'fuzzy']] },
    {
      q: '(wages OR salaries) -China',
      expected: [
        ['wage', 'text'],
        ['salari', 'text'],
      ],
    },
    {
      q: '"prison camps" year:2025',
      expected: [
        ['prison', 'text'],
        ['camp', 'text'],
      ],
    },
    { q: 'section:prosecution year:2016..2025', expected: null },
  ];
  for (const { q, expected } of cases) {
    it(`turns ${q} into ${expected ? 'an AND of its positive words' : 'nothing'}`, () => {
      const query = rawQuery(q);
      const shape =
        query &&
        (
          query as { queries: Array<{ queries: string[]; fields: string[]; prefix?: boolean; fuzzy?: number }> }
        ).queries.map((sub) => [
          sub.queries[0],
          sub.fields[0],
          ...(sub.prefix ? ['prefix'] : []),
          ...(sub.fuzzy ? ['fuzzy'] : []),
        ]);
      expect(shape).toEqual(expected);
    });
  }
});
