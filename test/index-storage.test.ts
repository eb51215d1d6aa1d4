// The storage interface: what the engine reads of the index, from an index built in memory and from
// its packed parts alike. Postings are MiniSearch's (passages and frequencies), ascending by position;
// document frequencies come without decoding; expansion follows MiniSearch's order; decoded postings
// stay within their bound.
import { describe, expect, it } from 'vitest';
import {
  buildSearchIndex,
  loadSearchIndex,
  packedSearchIndex,
  type SearchIndex,
} from '../server/search/storage/search-index.ts';
import { IndexStorage, POSTINGS_CACHE_BYTES, postingsCacheBytes } from '../server/search/storage/index-storage.ts';
import { PassageTable } from '../server/passage-table.ts';
import { realCorpus } from './support/corpus.ts';

const { passages, documents } = realCorpus();
const positionById = new Map(passages.map((passage, position) => [passage.id, position]));
const table = PassageTable.of(documents, passages);
const built = buildSearchIndex(passages);
const indexes: Array<[string, SearchIndex]> = [
  ['built in memory', built],
  ['loaded from its packed parts', loadSearchIndex(packedSearchIndex(built, 300))],
];

/** What MiniSearch's own search says: the passages holding the term in the field. */
const holding = (index: SearchIndex, term: string, field: 'text' | 'exact') =>
  index
    .search(term, { fields: [field] })
    .map((result) => positionById.get(result.id)!)
    .sort((a, b) => a - b);

describe.each(indexes)('the storage of an index %s', (_, index) => {
  const storage = new IndexStorage(index, table);

  it.each([
    ['labor', 'text'],
    ['forced', 'exact'],
    ['dandong', 'exact'],
    ['repatri', 'text'],
  ] as const)('gives the passages holding %s in %s, ascending, with their frequencies', (term, field) => {
    const postings = storage.postings(term, field)!;
    expect([...postings.positions]).toEqual(holding(buildSearchIndex(passages), term, field));
    postings.positions.forEach((position, i) => {
      const count = passages[position]!.text.toLowerCase()
        .split(/[^a-z]+/)
        .filter((word) => word === term).length;
      if (field === 'exact' && count > 0) expect(postings.frequencies[i]).toBe(count);
    });
    expect(storage.documentFrequency(term, field)).toBe(postings.positions.length);
  });

  it('gives nothing for a term the field does not hold', () => {
    expect(storage.postings('zyzzyva', 'text')).toBeNull();
    expect(storage.documentFrequency('zyzzyva', 'text')).toBe(0);
  });

  it('expands a prefix to the term, then every longer term, weighted as MiniSearch weighs them', () => {
    const expanded = storage.expand('traffick', 'exact', { prefix: true });
    expect(expanded.length).toBeGreaterThan(1);
    expect(expanded.every(({ term }) => term.startsWith('traffick'))).toBe(true);
    for (const { term, weight } of expanded)
      expect(weight).toBeCloseTo((0.375 * term.length) / (term.length + 0.3 * (term.length - 'traffick'.length)), 12);
  });

  it('expands a misspelling to the words within its edits', () => {
    expect(storage.expand('dandog', 'exact', { fuzzy: 1 }).map(({ term }) => term)).toEqual(['dandong']);
    expect(storage.near('goverment', 2)).toContain('government');
  });

  it('gives each passage’s length in a field by position, and the field’s mean', () => {
    const lengths = storage.lengths('exact');
    expect(lengths.length).toBe(passages.length);
    const mean = lengths.reduce((sum, length) => sum + length, 0) / lengths.length;
    expect(storage.averageLength('exact')).toBeCloseTo(mean, 9);
  });
});

describe('decoded postings', () => {
  it('stay within the cache’s bound, whatever terms are read', () => {
    const storage = new IndexStorage(loadSearchIndex(packedSearchIndex(built)), table, 4096);
    for (const term of new Set(passages.flatMap((passage) => passage.text.toLowerCase().split(/[^a-z]+/)))) {
      storage.postings(term, 'exact');
      expect(storage.cachedBytes).toBeLessThanOrEqual(4096);
    }
  });

  it('are ascending by position after a passage was removed and added again (a later short id)', () => {
    const index = buildSearchIndex(passages);
    const moved = passages.find((passage) => passage.text.includes('Dandong'))!;
    index.remove(moved);
    index.add(moved);
    const storage = new IndexStorage(index, table);
    const positions = [...storage.postings('korea', 'exact')!.positions];
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect([...storage.postings('dandong', 'exact')!.positions]).toEqual([positionById.get(moved.id)]);
  });
});

describe('the postings cache’s bound', () => {
  it('follows the collection’s size: 96 MB at a million passages, in proportion below, at least 4 MB', () => {
    expect(postingsCacheBytes(1_000)).toBe(4 * 1024 * 1024);
    expect(postingsCacheBytes(200_000)).toBe(Math.round(POSTINGS_CACHE_BYTES / 5));
    expect(postingsCacheBytes(1_000_000)).toBe(POSTINGS_CACHE_BYTES);
    expect(postingsCacheBytes(5_000_000)).toBe(POSTINGS_CACHE_BYTES);
    expect(new IndexStorage(buildSearchIndex(passages), table).cacheBound).toBe(postingsCacheBytes(passages.length));
  });
});
