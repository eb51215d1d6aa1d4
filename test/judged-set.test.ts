// Floors under the relevance figures on the judged set (eval/judgments.json), so ranking changes cannot
// quietly get worse; `npm run eval` prints the same figures per query. Raise a floor when the figures
// rise; lower one only with a reason in DESIGN.md.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { evaluateMode, rankers, readJudgments } from '../eval/judged-set.ts';
import { ndcgAt, precisionAt, recallAt } from '../eval/metrics.ts';
import { realLibrary, searchFor } from './support/library.ts';
import { ROOT } from './support/corpus.ts';

const judgments = readJudgments(join(ROOT, 'eval/judgments.json'));

describe('the metrics', () => {
  const cases = [
    { ranked: ['a', 'x', 'b'], grades: { a: 2, b: 1 }, precision: 0.2, recall: 1, ndcg: 0.964 },
    { ranked: ['x', 'y'], grades: { a: 2 }, precision: 0, recall: 0, ndcg: 0 },
    { ranked: ['b', 'a'], grades: { a: 2, b: 1 }, precision: 0.2, recall: 1, ndcg: 0.797 },
    { ranked: ['a'], grades: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [i === 0 ? 'a' : `r${i}`, 1])), precision: 0.1, recall: 0.1, ndcg: 0.220 },
  ];
  it.each(cases)('$ranked against $grades', ({ ranked, grades, precision, recall, ndcg }) => {
    expect(precisionAt(ranked, grades, 10)).toBeCloseTo(precision, 3);
    expect(recallAt(ranked, grades, 10)).toBeCloseTo(recall, 3);
    expect(ndcgAt(ranked, grades, 10)).toBeCloseTo(ndcg, 3);
  });
});

describe('the judged set', () => {
  it('has at least 60 queries of every kind researchers type, judged against passages that exist', () => {
    expect(judgments.length).toBeGreaterThanOrEqual(60);
    const kinds = new Set(judgments.map((j) => j.kind));
    for (const kind of ['topic', 'name', 'figure', 'phrase', 'topic year', 'misspelling', 'form not in text']) expect(kinds).toContain(kind);
    const ids = new Set(realLibrary().passages.map((p) => p.id));
    for (const judgment of judgments) {
      expect(Object.keys(judgment.relevant).length, judgment.query).toBeGreaterThan(0);
      for (const id of Object.keys(judgment.relevant)) expect(ids.has(id), `${judgment.query}: ${id}`).toBe(true);
    }
  });

  const [engine, fullOnly, strict, minisearch] = rankers(realLibrary()).map(({ mode, rank }) => evaluateMode(mode, rank, judgments));

  it('holds the floors: recall@10 >= 0.9 and nDCG@10 >= 0.8 targets, and today\'s figures', () => {
    expect(engine!.recall).toBeGreaterThanOrEqual(0.93);
    expect(engine!.ndcg).toBeGreaterThanOrEqual(0.93);
    expect(engine!.precision).toBeGreaterThanOrEqual(0.47);
    expect(fullOnly!.recall).toBeGreaterThanOrEqual(0.80);
  });

  it('shows something for every judged query (each has a relevant passage)', () => {
    expect(engine!.queries.filter((q) => q.shown === 0).map((q) => q.query)).toEqual([]);
  });

  it('beats strict mode and MiniSearch defaults on every overall figure', () => {
    for (const baseline of [strict!, minisearch!]) {
      expect(engine!.recall).toBeGreaterThan(baseline.recall);
      expect(engine!.ndcg).toBeGreaterThan(baseline.ndcg);
      expect(engine!.precision).toBeGreaterThan(baseline.precision);
    }
  });

  it('still finds exactly one passage for Dandong', () => {
    expect(searchFor({ q: 'Dandong' }).total).toBe(1);
  });
});

describe('npm run eval', () => {
  const run = (...args: string[]) => spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/eval.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('explains itself with --help, and refuses an unknown option with the usage and exit code 2', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('precision@10, recall@10');
    const bad = run('--bogus');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--bogus'");
    expect(bad.stderr).toContain('Usage: npm run eval');
  });
});
