// The benchmark's SQLite FTS5 column: the same passages in an FTS5 table (porter tokenizer), each scale
// query answered as /api/search answers it (top 20 by bm25, exact count, year facet), timed in
// python3's own process by bench/fts5.py. FTS5 is what a user would pick instead of this engine.

import { spawn } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Library } from '../server/library.ts';
import { fuzzyDistance } from '../server/search/evaluation/engine.ts';
import { PATHS } from '../server/paths.ts';
import type { Fts5Query } from './scale-queries.ts';

export interface Fts5Run {
  sqlite: string;
  buildMs: number;
  queries: Map<string, { samples: number[]; total: number }>;
}

/** Build an FTS5 table of the library's passages in `folder` and time every query; progress lines go to `progress`. */
export async function runFts5(library: Library, queries: Array<{ q: string; fts5: Fts5Query }>, folder: string, progress: (line: string) => void): Promise<Fts5Run> {
  const passagesFile = join(folder, 'fts5-passages.jsonl');
  const database = join(folder, 'fts5.sqlite');
  rmSync(database, { force: true });
  const out = createWriteStream(passagesFile);
  for (const { year, section, text } of library.passages) {
    if (!out.write(JSON.stringify({ year, section, text }) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');

  const requests = queries.map(({ q, fts5 }) => ({ q, match: fts5.fuzzy ? fuzzyMatch(library, fts5.fuzzy) : (fts5.match ?? null), where: fts5.where ?? null, page: fts5.page ?? null }));
  const child = spawn('python3', [join(PATHS.code, 'bench', 'fts5.py'), database, '--build', passagesFile], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
    for (const line of String(chunk).split('\n').filter(Boolean)) progress(line);
  });
  child.stdin.end(JSON.stringify(requests));
  const [code] = (await once(child, 'close')) as [number];
  rmSync(passagesFile, { force: true });
  rmSync(database, { force: true });
  if (code !== 0) throw new Error(`bench/fts5.py failed (${code}):\n${stderr}`);
  const result = JSON.parse(stdout) as { sqlite: string; buildMs: number; queries: Array<{ q: string; samples: number[]; total: number }> };
  return { sqlite: result.sqlite, buildMs: result.buildMs, queries: new Map(result.queries.map(({ q, samples, total }) => [q, { samples, total }])) };
}

/** FTS5 has no fuzzy search: the words our index expands the word to, as an OR (quoted, so FTS5 reads them as words). */
function fuzzyMatch(library: Library, word: string): string {
  const words = library.engine.storage.expand(word, 'exact', { fuzzy: fuzzyDistance(word) }).map(({ term }) => `"${term.replace(/"/g, '""')}"`);
  return words.length > 0 ? words.join(' OR ') : `"${word}"`;
}
