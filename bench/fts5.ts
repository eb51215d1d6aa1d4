// SQLite FTS5 over the same passages: the peer a user would pick instead of this engine. One table and
// one way of answering (bench/fts5.py: porter tokenizer, bm25, the first page, the exact count and the
// year facet), used by `npm run bench:scale` (timed in python3's own process, beside our engine) and by
// `npm run eval` (the ranking, as a baseline). Run through python3's sqlite3: FTS5 is compiled in, and
// there is no native Node module to build.

import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { PATHS } from '../server/paths.ts';

/** What the table holds of a passage (row id: its position in the list given). */
export interface Fts5Passage {
  year: number;
  section: string;
  text: string;
}

/** One query as FTS5 is asked it; see bench/fts5.py. */
export interface Fts5Request {
  /** Names the answer (our query). */
  q: string;
  /** An FTS5 query; null: a filter alone. */
  match: string | null;
  /** SQL over the `year` and `section` columns; null: none. */
  where: string | null;
  /** What ranks the first page, when not `match`. */
  page?: string | null;
}

export interface Fts5Answer {
  /** The first page's passage positions, best (lowest bm25 rank) first. */
  top: number[];
  /** The exact count (the year facet's sum). */
  total: number;
  /** Milliseconds per answer (first page, count and facet), when timed. */
  samples: number[];
}

export interface Fts5Run {
  sqlite: string;
  buildMs: number;
  /** By request, in order. */
  answers: Map<string, Fts5Answer>;
}

export interface Fts5Options {
  /** Rows of the first page. */
  limit: number;
  /** Time each answer (the benchmark's budget), or answer once. */
  timed: boolean;
  /** Where to build the database: a file in this folder (large collections), or in memory when absent. */
  folder?: string;
  /** Told each line python3 prints on its way (a query timed). */
  progress?: (line: string) => void;
}

/**
 * Build an FTS5 table of the passages and answer every request. Throws with python3's message when
 * python3 or its FTS5 is missing.
 * @example (await runFts5(library.passages, [{ q: 'Dandong', match: '"Dandong"', where: null }], { limit: 10, timed: false })).answers.get('Dandong')!.top // -> [4711]
 */
export async function runFts5(
  passages: Iterable<Fts5Passage>,
  requests: Fts5Request[],
  { limit, timed, folder, progress = () => {} }: Fts5Options,
): Promise<Fts5Run> {
  const scratch = folder ?? mkdtempSync(join(tmpdir(), 'tip-fts5-'));
  const passagesFile = join(scratch, 'fts5-passages.jsonl');
  const database = folder ? join(folder, 'fts5.sqlite') : ':memory:';
  try {
    rmSync(database, { force: true });
    const out = createWriteStream(passagesFile);
    for (const { year, section, text } of passages) {
      if (!out.write(`${JSON.stringify({ year, section, text })}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');

    const script = join(PATHS.code, 'bench', 'fts5.py');
    const child = spawn('python3', [script, database, passagesFile], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      for (const line of String(chunk).split('\n').filter(Boolean)) progress(line);
    });
    child.stdin.end(JSON.stringify({ limit, samples: timed, queries: requests }));
    const [code, error] = await Promise.race([
      once(child, 'close'),
      once(child, 'error').then(([error]) => [null, error as Error]),
    ]);
    if (error)
      throw new Error(
        `FTS5 baseline: could not run python3 (${error.message}); install python3 (Debian: apt-get install python3).`,
      );
    if (code !== 0) throw new Error(`FTS5 baseline: ${script} failed (${code}): ${stderr.trim()}`);
    const result = JSON.parse(stdout) as {
      sqlite: string;
      buildMs: number;
      queries: Array<{ q: string } & Fts5Answer>;
    };
    return {
      sqlite: result.sqlite,
      buildMs: result.buildMs,
      answers: new Map(result.queries.map(({ q, ...answer }) => [q, answer])),
    };
  } finally {
    rmSync(passagesFile, { force: true });
    if (folder) rmSync(database, { force: true });
    else rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * A query as an FTS5 OR of its words, each quoted (so that no word is read as FTS5 syntax: AND, NEAR,
 * a column name, a minus sign); empty when it has no word.
 * @example fts5OrQuery('how many workers? "forced labor"') // -> '"how" OR "many" OR "workers" OR "forced" OR "labor"'
 */
export function fts5OrQuery(query: string): string {
  const words = query.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((word) => `"${word}"`).join(' OR ');
}
