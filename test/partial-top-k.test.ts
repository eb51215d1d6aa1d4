// The partial ranking's top-k evaluation (server/search/evaluation/partial.ts) against the straightforward one
// (test/support/reference-partial.ts: every passage holding a part scored, the whole list sorted): the
// same first page, passage for passage, with the same scores, missing words, thesaurus words and context,
// on every judged query and on a generated collection large enough for the lists to be read only in part.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readJudgedSets } from '../eval/judged-set.ts';
import { parseQuery, type QueryNode } from '../server/search/query/query.ts';
import { partialHits, type PartialHit } from '../server/search/evaluation/partial.ts';
import type { Library } from '../server/library.ts';
import { realLibrary } from './support/library.ts';
import { referencePartialHits } from './support/reference-partial.ts';
import { generatedCorpus, generatedLibrary } from '../bench/generated-library.ts';
import { ROOT } from './support/corpus.ts';

const LIMIT = 20;

function parse(library: Library, q: string): QueryNode | null {
  return parseQuery(q, { docs: library.documents.map((d) => d.id), years: library.years });
}

/** What the two evaluations must agree on for each passage of the page (scores to nine places). */
function comparable({ position, hit, missing, via, context, answers }: PartialHit) {
  return { position, score: hit.score.toFixed(9), missing, via, context, answers, marks: hit.matchers.length };
}

/**
 * `exactCountUpTo: 0` makes every query stop reading as soon as its page is certain, however short its
 * lists; a `limit` of 1 leaves nearly every passage unassessed, counted from the parts it holds alone.
 */
function compare(
  library: Library,
  q: string,
  extra: {
    strict?: boolean;
    passes?: (position: number) => boolean;
    exactCountUpTo?: number;
    limit?: number;
    /** List full matches too (they hold every word as typed, some through a thesaurus word as well). */
    full?: boolean;
  } = {},
) {
  const limit = extra.limit ?? LIMIT;
  const tree = parse(library, q);
  const options = {
    strict: extra.strict ?? false,
    passes: extra.passes,
    exactCountUpTo: extra.exactCountUpTo,
    exclude: extra.full ? [] : library.engine.evaluate(tree, { strict: extra.strict ?? false }).positions,
  };
  const fast = partialHits(library.engine, tree, options, limit);
  const reference = referencePartialHits(library.engine, tree, options);
  if (!reference) {
    expect(fast, q).toBeNull();
    return null;
  }
  expect(fast, q).not.toBeNull();
  const shown = fast!.hits.map(comparable);
  const expected = reference.slice(0, limit).map(comparable);
  expect(shown, q).toEqual(expected);
  if (fast!.atLeast) expect(fast!.total, q).toBeLessThanOrEqual(reference.length);
  else expect(fast!.total, q).toBe(reference.length);
  return fast!;
}

const judged = readJudgedSets(join(ROOT, 'eval/sets')).flatMap((set) => set.queries.map((q) => q.query));
const ADDED = [
  'Russia logging -China',
  'Russia logging year:2016',
  'women sent back -"North Korea"',
  '"prison camps" Dandong wages',
  '(wages OR salaries) overseas Russia',
  'repatriat* pregnant women',
  'Dandog~ workers wages',
  'forced labor section:prosecution -year:2016',
];

describe('the first page of partial matches equals the straightforward evaluation', () => {
  it.each([...judged, ...ADDED])('on the corpus: %s', (q) => {
    const all = compare(realLibrary(), q);
    if (all) expect(all.atLeast, 'the lists of the seed corpus are short: the count is exact').toBe(false);
    compare(realLibrary(), q, { exactCountUpTo: 0 });
    compare(realLibrary(), q, { limit: 1 });
    compare(realLibrary(), q, { limit: 1, full: true });
  });

  it('in strict mode and under a filter chosen beside the query', () => {
    const library = realLibrary();
    compare(library, 'workers sent back abroad', { strict: true });
    const in2016 = library.columns.test({ year: [2016] });
    compare(library, 'women sent back to North Korea from China', { passes: in2016 });
  });

  describe('on a generated collection of about 20,000 passages', () => {
    const library = generatedLibrary(generatedCorpus(20_000));
    const queries = [
      'how does the regime make money from forced labor',
      'schoolchildren made to work on farms and building sites',
      'women sent back to North Korea from China',
      'which countries host North Korean workers',
      'Dandong wages',
      'prisoners beaten tortured starved camps',
      'workers abroad watched by minders and their passports taken -Russia',
      'how many workers are sent to Russia',
      'what share of wages does the government keep',
      // A word no passage holds, bridged by the dictionary (weighed by its words' rarity): "paychecks", "bankrolling".
      'who ends up with the paychecks of workers abroad',
      'the regime bankrolling itself with forced labor',
    ];
    it.each(queries)('%s', (q) => {
      compare(library, q);
      compare(library, q, { exactCountUpTo: 0 });
    });

    it('reads common lists only in part when they are long: the count is then a lower bound, and says so', () => {
      const found = queries.map((q) => compare(library, q, { exactCountUpTo: 0 }));
      expect(found.filter((f) => f?.atLeast).length).toBeGreaterThan(queries.length / 2);
    });
  });
});
