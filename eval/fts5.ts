// SQLite FTS5 as a baseline a developer would reach for: porter stemming over unicode61, bm25 ranking,
// the query's words ORed. Run through python3's sqlite3 (FTS5 is compiled in; no native Node module to
// build), in one process per batch: build the table, answer every query, report the times.
// `npm run eval` compares the engine with it; benchmarks can pass their own passages and queries.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Fts5Passage {
  id: string;
  text: string;
}

export interface Fts5Answer {
  /** Passage ids, best (lowest bm25 rank) first, at most `limit`. */
  ids: string[];
  /** Time to answer this query inside SQLite, in milliseconds. */
  ms: number;
}

export interface Fts5Run {
  sqliteVersion: string;
  /** Time to build the in-memory table, in milliseconds. */
  buildMs: number;
  answers: Fts5Answer[];
}

const SCRIPT = fileURLToPath(new URL('./fts5.py', import.meta.url));

/**
 * A query as an FTS5 OR of its words, each quoted (so that no word is read as FTS5 syntax: AND, NEAR,
 * a column name, a minus sign); empty when it has no word.
 * @example fts5OrQuery('how many workers? "forced labor"') // -> '"how" OR "many" OR "workers" OR "forced" OR "labor"'
 */
export function fts5OrQuery(query: string): string {
  const words = query.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((word) => `"${word}"`).join(' OR ');
}

/**
 * Index the passages in SQLite FTS5 and answer the match expressions (see fts5OrQuery), best first.
 * Throws with python3's message when python3 or its FTS5 is missing.
 * @example runFts5(passages, ['"Dandong"'], 10).answers[0].ids // -> ['2025-tip-trafficking-profile-p4-s2']
 */
export function runFts5(passages: Fts5Passage[], matchExpressions: string[], limit: number): Fts5Run {
  const input = JSON.stringify({ passages: passages.map(({ id, text }) => ({ id, text })), queries: matchExpressions, limit });
  const run = spawnSync('python3', [SCRIPT], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.error) throw new Error(`FTS5 baseline: could not run python3 (${run.error.message}); install python3 (Debian: apt-get install python3).`);
  if (run.status !== 0) throw new Error(`FTS5 baseline: ${SCRIPT} failed: ${run.stderr.trim()}`);
  const output = JSON.parse(run.stdout) as { buildMs: number; sqliteVersion: string; results: Fts5Answer[] };
  return { sqliteVersion: output.sqliteVersion, buildMs: output.buildMs, answers: output.results };
}
