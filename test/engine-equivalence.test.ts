// Speed may not change answers: the engine, matchAll and search() must give what the straightforward
// evaluation (test/support/reference-search.ts, the engine as it was before issue 12) gives, on the seed
// corpus and on a generated collection of about 3,000 passages: every match in order, its score, the
// facet counts, the first page's highlighting, and each-year's best passages.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Library } from '../server/library.ts';
import { buildSearchIndex } from '../server/search/storage/search-index.ts';
import { matchAll, search, BEST_PER_YEAR } from '../server/search/search.ts';
import { AppError } from '../server/errors.ts';
import { readJudgedSets } from '../eval/judged-set.ts';
import { SCALE_QUERIES } from '../bench/scale-queries.ts';
import { generatedCorpus, generatedLibrary } from '../bench/generated-library.ts';
import { ReferenceEngine, referenceSearch, type ReferenceRequest } from './support/reference-search.ts';
import { realLibrary } from './support/library.ts';
import { ROOT } from './support/corpus.ts';

const PAGE = 20;

/** Every kind of query the syntax allows, beyond the benchmark's and the judged set's. */
const SYNTAX_QUERIES = [
  'the',
  'of the',
  'The -Korea',
  'forced labor camps',
  'labor in camps',
  '"forced labor" -China',
  'wages OR salaries OR payment',
  '(forced OR compulsory) labor',
  'NOT trafficking',
  'worker* -overseas',
  'repatri* forced',
  'traffickng~ victims',
  'Republic of Korea',
  'ROK',
  "Democratic People's Republic of Korea",
  'North Korea',
  'state-sponsored',
  '"labor camps" OR "prison camps"',
  'section:protection victims',
  'year:2016..2020 -year:2018 labor',
  'Dandog',
  'zzzxqv',
  'workers doc:2025-tip',
  // An AND's plain words read first, its phrases and names then checked only where those words are
  // (engine.ts, allPositives), a NOT among them subtracting from those passages alone.
  'women sent back to North Korea',
  'North Korea (wages OR -China)',
  '"forced labor" women (camps OR -prison)',
  'overseas workers (China OR -Russia) "North Korea" -Dandong',
];

interface Case {
  name: string;
  request: ReferenceRequest;
}

function cases(library: Library, queries: string[]): Case[] {
  const none = { filters: {} };
  const years = library.years;
  const firstDoc = library.documents[0]!.id;
  const country = library.documents[library.documents.length - 1]!.country;
  const out: Case[] = [];
  for (const q of queries) {
    for (const sort of ['relevance', 'year', 'each-year'] as const)
      out.push({ name: `${q} (${sort})`, request: { q, sort, strict: false, ...none } });
    out.push({ name: `${q} (strict)`, request: { q, sort: 'relevance', strict: true, ...none } });
  }
  for (const q of ['workers', 'forced labor', 'DPRK', 'victims -China']) {
    out.push({
      name: `${q} in two years`,
      request: { q, sort: 'relevance', strict: false, filters: { year: [years[0]!, years[years.length - 1]!] } },
    });
    out.push({
      name: `${q} in protection`,
      request: { q, sort: 'relevance', strict: false, filters: { section: ['protection'] } },
    });
    out.push({
      name: `${q} in one document`,
      request: { q, sort: 'year', strict: false, filters: { doc: [firstDoc] } },
    });
    out.push({
      name: `${q} in one country`,
      request: { q, sort: 'each-year', strict: false, filters: { country: [country] } },
    });
  }
  return out;
}

function expectEquivalent(library: Library, reference: ReferenceEngine, { request }: Case): void {
  let expected: ReturnType<typeof referenceSearch>;
  try {
    expected = referenceSearch(library, reference, request, PAGE);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(() => matchAll(library, request)).toThrow(error.message);
    return;
  }
  const found = matchAll(library, request);
  expect(found.corrected?.query ?? null).toBe(expected.corrected);
  expect(found.matches.map((match) => match.passage.id)).toEqual(expected.ids);
  found.matches.forEach((match, i) => {
    expect(relative(match.hit.score, expected.scores[i]!)).toBeLessThan(1e-9);
  });

  const response = search(library, { ...request, page: 1, size: PAGE }, { permalink: (id) => id });
  expect(response.total).toBe(expected.ids.length);
  expect(response.facets).toEqual(expected.facets);
  if (request.sort === 'each-year') {
    const best = new Map<number, string[]>();
    for (const id of expected.ids) {
      const year = library.passage(id)!.year;
      const inYear = best.get(year) ?? best.set(year, []).get(year)!;
      if (inYear.length < BEST_PER_YEAR) inYear.push(id);
    }
    expect(response.results.map((result) => result.id)).toEqual([...best.values()].flat());
  } else {
    expect(response.results.map((result) => result.id)).toEqual(expected.ids.slice(0, PAGE));
    expect(response.results.map((result) => result.highlight)).toEqual(expected.highlights);
  }
}

function relative(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

function referenceFor(library: Library): ReferenceEngine {
  return new ReferenceEngine({
    passages: [...library.passages],
    positionById: new Map([...library.passages].map((p, i) => [p.id, i])),
    index: library.engine.index,
    synonyms: library.synonyms,
    documentOf: (passage) => library.document(passage.doc)!,
  });
}

describe('the engine gives the straightforward evaluation’s answers', () => {
  describe('on the seed corpus', () => {
    const library = realLibrary();
    const reference = referenceFor(library);
    const judged = readJudgedSets(join(ROOT, 'eval/sets')).flatMap((set) =>
      set.queries.map((judgment) => judgment.query),
    );
    const queries = [...new Set([...SCALE_QUERIES.map((query) => query.q), ...judged, ...SYNTAX_QUERIES])];
    it.each(cases(library, queries))('$name', (testCase) => expectEquivalent(library, reference, testCase));
  });

  describe('on an index holding discarded documents (MiniSearch then skips their postings)', () => {
    // A passage discarded and added again: the index is "dirty" until vacuumed, and the engine must
    // leave such an index to MiniSearch's own evaluation, which skips discarded documents. MiniSearch
    // cleans a posting when a search meets it, so the engine and the reference each search their own
    // fresh dirty index.
    const dirtyLibrary = () => {
      const { documents, synonyms, alignment } = realLibrary();
      const passages = [...realLibrary().passages];
      const index = buildSearchIndex(passages);
      for (const replaced of passages.filter((passage) => passage.text.includes('forced labor'))) {
        index.discard(replaced.id);
        index.add(replaced);
      }
      return new Library({ documents, passages, synonyms, index, builtAt: 'test', alignment });
    };
    const none = { filters: {} };
    it.each(['forced labor', 'labor', 'DPRK', '"forced labor"'])('%s finds the passages MiniSearch finds', (q) => {
      const library = dirtyLibrary();
      expect(library.engine.index.dirtCount).toBeGreaterThan(0);
      const request: ReferenceRequest = { q, sort: 'relevance', strict: false, ...none };
      const found = matchAll(library, request);
      const fresh = dirtyLibrary();
      const expected = referenceSearch(fresh, referenceFor(fresh), request, PAGE);
      // Scores on a dirty index depend on which postings earlier searches cleaned, so only the matches
      // themselves are compared here.
      expect(found.matches.map((match) => match.passage?.id).sort()).toEqual([...expected.ids].sort());
    });
  });

  describe('on a generated collection of about 3,000 passages in several countries', () => {
    const library = generatedLibrary(generatedCorpus(3000));
    const reference = referenceFor(library);
    const queries = [...new Set([...SCALE_QUERIES.map((query) => query.q), ...SYNTAX_QUERIES])];
    it('holds several countries', () =>
      expect(new Set(library.documents.map((d) => d.country)).size).toBeGreaterThan(1));
    it.each(cases(library, queries))('$name', (testCase) => expectEquivalent(library, reference, testCase));
  });
});
