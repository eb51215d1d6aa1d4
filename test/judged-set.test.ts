// Floors under the relevance figures of every judged set in eval/sets/ (FLOORS: one line a set), so
// ranking changes cannot quietly get worse; `npm run eval` prints the same figures per set, per kind of
// query and per query. Raise a floor when the figures rise; lower one only with a reason in docs/relevance.md,
// "Judged sets and honest figures".
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CUTOFF, evaluateMode, modes, pageOf, readJudgedSets, repeatedQueries } from '../eval/judged-set.ts';
import { ndcgAt, precisionAt, recallAt } from '../eval/metrics.ts';
import { fts5OrQuery } from '../bench/fts5.ts';
import { realLibrary, searchFor } from './support/library.ts';
import { ROOT } from './support/corpus.ts';

/**
 * nDCG@10 of the page at least `ndcg`, and at least `overBaseline` times the better baseline's; at most
 * `weak` queries under 0.4; recall@10, precision@10 and nDCG@10 of each kind of query where given.
 */
interface Floors {
  ndcg: number;
  overBaseline: number;
  weak: number;
  recall?: number;
  precision?: number;
  kinds?: Record<string, number>;
  /** The same over the queries that repeat no other set's (eval/judged-set.ts, repeatedQueries). */
  unrepeated?: { ndcg: number; overBaseline: number };
}

const FLOORS: Record<string, Floors> = {
  // recall 0.93 -> 0.92: a passage listed twice no longer counts twice (docs/relevance.md, "Judged sets and honest figures").
  self: { ndcg: 0.945, overBaseline: 1.2, weak: 0, recall: 0.95, precision: 0.47 },
  dev: {
    ndcg: 0.82,
    overBaseline: 1.65,
    weak: 1,
    recall: 0.74,
    precision: 0.49,
    kinds: {
      question: 0.67,
      // 0.86 -> 0.85: "women forced into webcam sex online" 0.956 -> 0.927 when "webcam", in no passage,
      // reached the dictionary's "internet" (docs/relevance.md, "Words no passage holds: the dictionary").
      description: 0.85,
      // 0.907 -> 0.897: "overseas workers wages" 0.790 -> 0.748 when one word's synonyms also reached its
      // thesaurus words (China: Chinese), which raised the set as a whole (docs/relevance.md).
      keywords: 0.89,
      name: 0.91,
      figure: 0.82,
      acronym: 0.93,
      filtered: 0.8,
    },
  },
  // The first held-out set (written and judged blind; 0.771 when first run, on issue 18's code of the
  // previous stop), since tuned on (docs/relevance.md, "Judged sets and honest figures").
  dev2: { ndcg: 0.83, overBaseline: 1.5, weak: 1, kinds: { question: 0.68, filtered: 0.8 } },
  // The second held-out set: 0.750 when run once (0.652 on its 16 queries repeating no other set's), since
  // tuned on. Its unrepeated queries shrink as newer sets repeat them (16 -> 12 by the tenth set).
  dev3: { ndcg: 0.79, overBaseline: 1.45, weak: 0, unrepeated: { ndcg: 0.7, overBaseline: 1.2 } },
  // The third: 0.760 when run once (0.677 unrepeated, 1.19x), then its weak queries studied.
  dev4: { ndcg: 0.8, overBaseline: 1.4, weak: 0, unrepeated: { ndcg: 0.72, overBaseline: 1.3 } },
  // The fourth blind set, its writer asked for the second or third way to put each need: run once (0.725,
  // 0.638 on its 30 unrepeated queries, 1.64x FTS5, 5 under 0.4), then its weak queries studied.
  dev5: { ndcg: 0.765, overBaseline: 1.65, weak: 1, unrepeated: { ndcg: 0.68, overBaseline: 1.65 } },
  // The fifth, written the same way: run once (0.736, 0.691 on its 33 unrepeated queries, 1.33x FTS5, 6
  // under 0.4), then its weak queries studied.
  dev6: { ndcg: 0.78, overBaseline: 1.35, weak: 3, unrepeated: { ndcg: 0.75, overBaseline: 1.35 } },
  // The sixth, written the same way: run once (0.812, 0.793 on its 35 unrepeated queries, 1.37x FTS5, 1
  // under 0.4), then studied. 0 -> 1 under 0.4: "regime treats trafficking victims, smugglers and
  // defectors all the same" 0.414 -> 0.377 when "treats" reached "treatment" (docs/relevance.md).
  dev7: { ndcg: 0.84, overBaseline: 1.4, weak: 1, unrepeated: { ndcg: 0.81, overBaseline: 1.4 } },
  // The seventh, written the same way: held out until its one run (0.820, 0.790 on its 33 unrepeated
  // queries, 1.48x FTS5, 2 under 0.4), then studied.
  dev8: { ndcg: 0.83, overBaseline: 1.45, weak: 1, unrepeated: { ndcg: 0.8, overBaseline: 1.45 } },
  // The ninth (journalists and advocacy staff) and tenth (researchers comparing years), written the same
  // way and studied from their first run (0.772, 1.45x FTS5, 2 under 0.4; 0.753, 1.49x, 2 under 0.4).
  // dev10 2 -> 3 under 0.4 with the thesaurus' third pass ("escapees held captive in webcam sex
  // operations" 0.479 -> 0.372), which raised eight of the other sets (docs/relevance.md).
  // Then 2 -> 1 and 3 -> 2 with the reading of "is the state itself a trafficker" (query-parts.ts).
  dev9: { ndcg: 0.78, overBaseline: 1.4, weak: 1, unrepeated: { ndcg: 0.74, overBaseline: 1.45 } },
  dev10: { ndcg: 0.755, overBaseline: 1.45, weak: 2, unrepeated: { ndcg: 0.71, overBaseline: 1.45 } },
  // The eighth, written the same way: held out until its one run (0.823, 0.799 on its 21 unrepeated
  // queries, 1.61x FTS5, 1 under 0.4), then studied in the same stop.
  dev11: { ndcg: 0.84, overBaseline: 1.6, weak: 0, unrepeated: { ndcg: 0.8, overBaseline: 1.55 } },
  // Held out: the eleventh blind set, written the same way; run once on the final ranking of the stop that
  // studied the eighth to tenth sets: 0.776 (0.767 on the code before that stop), 1.52x MiniSearch (FTS5
  // 0.505), 2 under 0.4 (4 before); on its 17 unrepeated queries 0.730, 1.66x, 2 under 0.4.
  heldout: { ndcg: 0.77, overBaseline: 1.5, weak: 2, unrepeated: { ndcg: 0.72, overBaseline: 1.6 } },
  // Held out: the twelfth, 24 queries, half on four needs named to the writer (the state's own trafficking,
  // people caught leaving, where workers' pay goes, how many work abroad); run once on the stop that read
  // "the state as trafficker" and "end up": 0.788 (0.743 on the code before), 1.78x FTS5, 1 under 0.4 (3).
  heldout2: { ndcg: 0.78, overBaseline: 1.7, weak: 1, unrepeated: { ndcg: 0.76, overBaseline: 1.6 } },
};

const sets = readJudgedSets(join(ROOT, 'eval/sets'));

describe('the metrics', () => {
  const cases = [
    { ranked: ['a', 'x', 'b'], grades: { a: 2, b: 1 }, precision: 0.2, recall: 1, ndcg: 0.964 },
    { ranked: ['x', 'y'], grades: { a: 2 }, precision: 0, recall: 0, ndcg: 0 },
    { ranked: ['b', 'a'], grades: { a: 2, b: 1 }, precision: 0.2, recall: 1, ndcg: 0.797 },
    {
      ranked: ['a'],
      grades: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [i === 0 ? 'a' : `r${i}`, 1])),
      precision: 0.1,
      recall: 0.1,
      ndcg: 0.22,
    },
    // A passage listed twice counts once: a page cannot gain by repeating its best passage.
    {
      ranked: ['a', 'a', 'b'],
      grades: { a: 2, b: 1 },
      precision: 0.2,
      recall: 1,
      ndcg: (3 + 1 / Math.log2(4)) / (3 + 1 / Math.log2(3)),
    },
  ];
  it.each(cases)('$ranked against $grades', ({ ranked, grades, precision, recall, ndcg }) => {
    expect(precisionAt(ranked, grades, 10)).toBeCloseTo(precision, 3);
    expect(recallAt(ranked, grades, 10)).toBeCloseTo(recall, 3);
    expect(ndcgAt(ranked, grades, 10)).toBeCloseTo(ndcg, 3);
  });
});

describe('the FTS5 baseline', () => {
  it('ORs the words of a query, quoted so that none is read as FTS5 syntax', () => {
    expect(fts5OrQuery('how many workers? "forced labor" NEAR -China')).toBe(
      '"how" OR "many" OR "workers" OR "forced" OR "labor" OR "NEAR" OR "China"',
    );
    expect(fts5OrQuery('?!')).toBe('');
  });
});

describe.each(sets.map((set) => [set.name, set] as const))('the judged set %s', (name, set) => {
  it('has floors, and judges passages that exist, each query with a kind and a relevant passage', () => {
    expect(FLOORS[name], `add a line for ${name} to FLOORS`).toBeDefined();
    const ids = new Set([...realLibrary().passages].map((p) => p.id));
    for (const judgment of set.queries) {
      expect(judgment.kind, judgment.query).toMatch(/\S/);
      expect(
        Object.values(judgment.relevant).some((grade) => grade > 0),
        judgment.query,
      ).toBe(true);
      for (const id of Object.keys(judgment.relevant)) expect(ids.has(id), `${judgment.query}: ${id}`).toBe(true);
    }
  });

  it('holds its floors against both baselines, run in the same test', async () => {
    const floors = FLOORS[name]!;
    const repeated = repeatedQueries(set, sets);
    const figures = (
      await modes(
        realLibrary(),
        set.queries.map((q) => q.query),
      )
    ).map((mode) => ({
      ...evaluateMode(mode, set.queries, undefined, repeated),
      baseline: mode.baseline,
    }));
    const page = figures[0]!;
    const better = Math.max(...figures.filter((mode) => mode.baseline).map((mode) => mode.ndcg));
    expect(page.ndcg).toBeGreaterThanOrEqual(floors.ndcg);
    expect(page.ndcg / better).toBeGreaterThanOrEqual(floors.overBaseline);
    expect(page.weak).toBeLessThanOrEqual(floors.weak);
    if (floors.recall !== undefined) expect(page.recall).toBeGreaterThanOrEqual(floors.recall);
    if (floors.precision !== undefined) expect(page.precision).toBeGreaterThanOrEqual(floors.precision);
    for (const [kind, ndcg] of Object.entries(floors.kinds ?? {}))
      expect(page.byKind[kind]?.ndcg, kind).toBeGreaterThanOrEqual(ndcg);
    if (floors.unrepeated) {
      const betterUnrepeated = Math.max(...figures.filter((mode) => mode.baseline).map((mode) => mode.unrepeated.ndcg));
      expect(page.unrepeated.ndcg, 'queries repeating no other set').toBeGreaterThanOrEqual(floors.unrepeated.ndcg);
      expect(page.unrepeated.ndcg / betterUnrepeated).toBeGreaterThanOrEqual(floors.unrepeated.overBaseline);
    }
    expect(page.perQuery.filter((q) => q.shown === 0).map((q) => q.query)).toEqual([]);
  });

  it('never lists a passage twice on a page', () => {
    for (const { query } of set.queries) {
      const ids = pageOf(searchFor({ q: query, size: String(CUTOFF) }));
      expect(ids, query).toEqual([...new Set(ids)]);
    }
  });
});

it('still finds exactly one passage for Dandong', () => {
  expect(searchFor({ q: 'Dandong' }).total).toBe(1);
});

describe('npm run eval', () => {
  const run = (...args: string[]) =>
    spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/eval.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('explains itself with --help, and refuses an unknown option or set with the usage and exit code 2', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('precision@10, recall@10');
    const bad = run('--bogus');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--bogus'");
    expect(bad.stderr).toContain('Usage: npm run eval');
    const missing = run('--set', 'nosuchset');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('No judged set nosuchset');
  });

  it('reports each set per kind of query, with both baselines', () => {
    const out = run('--set', 'dev');
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/== dev: 40 queries/);
    expect(out.stdout).toContain('SQLite FTS5 (porter, bm25, OR)');
    expect(out.stdout).toContain('MiniSearch (prefix, fuzzy 0.2, OR)');
    expect(out.stdout).toMatch(/nDCG@10 by kind.*question/);
  });
});
