// The packed search index: MiniSearch loaded from binary parts answers, changes and serializes exactly
// as the index MiniSearch builds itself with addAll (the in-memory evaluation).
import { describe, expect, it } from 'vitest';
import type MiniSearch from 'minisearch';
import type { Query, SearchOptions } from 'minisearch';
import type { Passage } from '../server/corpus/types.ts';
import { buildSearchIndex, loadSearchIndex, packedSearchIndex } from '../server/search/storage/search-index.ts';
import { rawQuery, SCALE_QUERIES } from '../bench/scale-queries.ts';
import { realCorpus } from './support/corpus.ts';

const passages = () => realCorpus().passages;
/** Packed into postings parts of 500 bytes, so terms are spread over many parts. */
const loaded = () => loadSearchIndex(packedSearchIndex(buildSearchIndex(passages()), 500));

const QUERIES: Array<{ name: string; query: Query; options?: SearchOptions }> = [
  ...SCALE_QUERIES.flatMap(({ q }): Array<{ name: string; query: Query }> => {
    const query = rawQuery(q);
    return query ? [{ name: `the scale query ${q}`, query }] : [];
  }),
  { name: 'a stem in the text field', query: 'labor', options: { fields: ['text'] } },
  { name: 'a word as written (strict) in the exact field', query: 'laborers', options: { fields: ['exact'] } },
  {
    name: 'a strict phrase, AND in the exact field',
    query: { queries: ['forced', 'labor'], combineWith: 'AND' },
    options: { fields: ['exact'] },
  },
  { name: 'a two-letter prefix', query: 'tr', options: { fields: ['exact'], prefix: true } },
  { name: 'a fuzzy word, two edits', query: 'goverment', options: { fields: ['exact'], fuzzy: 2 } },
  { name: 'prefix and fuzzy at once over both fields', query: 'repatriat', options: { prefix: true, fuzzy: 1 } },
  { name: 'OR of words in both fields', query: { queries: ['wage', 'salari', 'china'], combineWith: 'OR' } },
  { name: 'AND_NOT', query: { queries: ['camp', 'prison'], combineWith: 'AND_NOT' }, options: { fields: ['text'] } },
  { name: 'a word no passage has', query: 'zyzzyva', options: { fields: ['exact'], fuzzy: 1 } },
];

/** Everything a search returns: ids, scores (exactly), matched terms and fields, in order. */
const results = (index: MiniSearch<Passage>) =>
  QUERIES.map(({ name, query, options }) => ({ name, results: index.search(query, options) }));

describe('a search index loaded from its packed parts', () => {
  it('gives every search (exact, prefix, fuzzy, AND, OR, each field) the results of the index built in memory, scores included', () => {
    const reference = results(buildSearchIndex(passages()));
    // On the seeds no passage has both "wages" and "salaries", nor every content word of a question or
    // a description (they are answered by partial matches); the rest find something.
    const researchers = SCALE_QUERIES.filter(({ kind }) => kind === 'question' || kind === 'description').map(
      ({ q }) => `the scale query ${q}`,
    );
    expect(reference.filter((r) => r.results.length === 0).map((r) => r.name)).toEqual([
      'the scale query (wages OR salaries) -China',
      ...researchers,
      'a word no passage has',
    ]);
    expect(results(loaded())).toEqual(reference);
  });

  it('counts the same documents and terms, and serializes (toJSON) to the same index', () => {
    const index = loaded();
    const reference = buildSearchIndex(passages());
    expect([index.documentCount, index.termCount]).toEqual([reference.documentCount, reference.termCount]);
    expect(index.toJSON()).toEqual(reference.toJSON());
  });

  it('after add, remove, discard, replace and vacuum, answers and serializes as the in-memory index after the same changes', async () => {
    const [a, b, c, d, e] = passages();
    const added: Passage[] = [
      { ...a!, id: 'added-1', text: 'Forced laborers were repatriated from Dandong to the DPRK.' },
      { ...b!, id: 'added-2', text: 'Overseas workers' + "'" + ' wages were withheld by the government.' },
    ];
    const change = async (index: MiniSearch<Passage>) => {
      index.search('labor', { fields: ['text'] });
      index.remove(a!);
      index.discard(b!.id);
      index.addAll(added);
      index.replace({ ...c!, text: `${c!.text} Brokers sold women as brides.` });
      index.remove(added[0]!);
      await index.vacuum();
      index.discard(d!.id);
      return index;
    };
    const reference = await change(buildSearchIndex(passages()));
    const index = await change(loaded());
    expect(results(index)).toEqual(results(reference));
    expect(index.toJSON()).toEqual(reference.toJSON());
    expect(index.has(e!.id) && !index.has(d!.id) && index.has('added-2')).toBe(true);
  });

  it('packs again, after searches and changes, to an index with the same answers (terms never read are copied as they are)', () => {
    const index = loaded();
    index.search('traffick', { fields: ['exact'], prefix: true });
    index.add({ ...passages()[0]!, id: 'added', text: 'Dandong brokers.' });
    const reference = buildSearchIndex(passages());
    reference.add({ ...passages()[0]!, id: 'added', text: 'Dandong brokers.' });
    const again = loadSearchIndex(packedSearchIndex(index, 300));
    expect(results(again)).toEqual(results(reference));
    expect(again.toJSON()).toEqual(reference.toJSON());
  });
});

describe('a damaged packed index', () => {
  it('fails to load, naming the part, when the term tree is cut short', () => {
    const packed = packedSearchIndex(buildSearchIndex(passages()));
    const terms = {
      bytes: packed.terms.bytes.subarray(0, packed.terms.bytes.length - 3),
      source: '/x/search-terms.bin',
    };
    expect(() => loadSearchIndex({ ...packed, terms })).toThrow(
      /^\/x\/search-terms\.bin is not a readable index part \(.*\); run `npm run index`/,
    );
  });

  it('fails to load when the documents part does not hold every document', () => {
    const packed = packedSearchIndex(buildSearchIndex(passages()));
    const documents = { bytes: packed.documents.bytes.subarray(0, 100), source: '/x/search-documents.bin' };
    expect(() => loadSearchIndex({ ...packed, documents })).toThrow(
      /^\/x\/search-documents\.bin is not a readable index part \(truncated at byte 100\)/,
    );
  });
});
