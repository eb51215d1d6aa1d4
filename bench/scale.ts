// `npm run bench:scale -- --passages N`: the whole path at scale, on a generated TIP-like collection.
//
//   generate (corpus-generator.ts) -> `npm run index` in a child process (build time, peak RSS)
//   -> index size -> `npm start` in a child process (cold start, RSS, latency over HTTP, then RSS after
//   a soak of thousands of distinct prefix, fuzzy and phrase queries) -> the saved index loaded here
//   (load breakdown; search() and raw MiniSearch latency, the index's share of search()) -> SQLite FTS5
//   over the same passages (bench/fts5.py: top 20 by bm25, count, year facet, timed in its process)
//   -> the straightforward evaluation: the same passages indexed in memory, never saved, whose answers
//   every other way of serving must equal.
//
// Figures, not assertions: the machine is shared and noisy, so read the ratios within one run.

import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, get as httpGet } from 'node:http';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { PATHS } from '../server/paths.ts';
import { readIndexFile, searchIndexOf } from '../server/indexer/index-file.ts';
import { buildSearchIndex } from '../server/search/storage/search-index.ts';
import { Library } from '../server/library.ts';
import type { Passage } from '../server/corpus/types.ts';
import { TokenStore } from '../server/search/storage/token-store.ts';
import { IndexStorage } from '../server/search/storage/index-storage.ts';
import { parseSearchRequest } from '../server/search/query/request.ts';
import { ReferenceEngine, referenceSearch } from '../test/support/reference-search.ts';
import { generatedCollection, writeCollection } from './scale-collection.ts';
import {
  answerOf,
  fts5Requests,
  rawQuery,
  rawSearch,
  SCALE_QUERIES,
  searchLibrary,
  type Answer,
} from './scale-queries.ts';
import { runFts5 } from './fts5.ts';
import { soakQueries } from './soak.ts';
import {
  timeMiniSearch,
  descendantRunning,
  fixed,
  folderBytes,
  median,
  percentile,
  processMemory,
  progress,
  progressDone,
  sample,
  type Budget,
} from './measure.ts';

const USAGE = `Usage: npm run bench:scale -- --passages N [--port P] [--dir FOLDER] [--keep] [--reuse] [--soak N] [--skip-reference]

Generate a TIP-like collection of about N passages, index it with \`npm run index\`, serve it with
\`npm start\`, and print build time, peak RSS, index size, cold start, server RSS (after start, after
the query mix, after the soak) and per-query p50/p99 over HTTP, in process (search()), for raw
MiniSearch AND search and for SQLite FTS5 over the same passages (python3's sqlite3), with ratios; then
check that every way of serving gives the answers of the straightforward evaluation (the engine before
issue 12 over the same passages indexed in memory).

  --passages N   passages to generate, about (default 10000)
  --soak N       distinct prefix, fuzzy and phrase queries sent after the mix (default 10000; 0: none)
  --skip-reference  do not check the answers against the straightforward evaluation (at 1M it indexes
                 every passage again in memory: ten minutes and 8 GB)
  --port P       port for the server (default 4512)
  --dir FOLDER   where to write the collection (default: a folder in the system's temporary folder)
  --keep         keep the collection and its index afterwards
  --reuse        use the collection a previous --keep run generated in FOLDER for the same N
  -h, --help

Progress shows on a terminal; the report goes to stdout, ending with one summary line.`;

const { values: options } = parseArgs({
  options: {
    passages: { type: 'string', default: '10000' },
    port: { type: 'string', default: '4512' },
    dir: { type: 'string' },
    keep: { type: 'boolean' },
    reuse: { type: 'boolean' },
    soak: { type: 'string', default: '10000' },
    'skip-reference': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const target = Number(options.passages);
const port = Number(options.port);
if (!Number.isInteger(target) || target < 100)
  throw new Error(`--passages must be a whole number of at least 100\n${USAGE}`);
const folder = options.dir ?? join(tmpdir(), `tip-scale-${target}`);
const BUDGET: Budget = { runs: 30, ms: 8000, minRuns: 5 };
const out: string[] = [];
const report = (line = '') => out.push(line);

progress('generating…');
let at = performance.now();
const { paths, documents } =
  (options.reuse ? generatedCollection(folder, target) : null) ?? writeCollection(folder, target);
const generateMs = performance.now() - at;

progress('indexing (npm run index)…');
at = performance.now();
const build = await runToEnd(npmRun(['index', '--', '--quiet'], {}));
const buildMs = performance.now() - at;
if (build.code !== 0) throw new Error(`npm run index failed:\n${build.output}`);
const stages = Object.fromEntries(
  [...build.output.matchAll(/^(\w+)\s+.*\((\d+) ms, CPU (\d+) ms\)$/gm)].map((m) => [m[1]!, `${m[2]} (CPU ${m[3]})`]),
);
const buildCpuMs = Number(/built in \d+ ms \(CPU (\d+) ms\)/.exec(build.output)?.[1]);
const buildPeak = Number(/peak RSS (\d+) MB/.exec(build.output)?.[1]);
const passages = Number(/ingest\s+(\d+) passages/.exec(build.output)?.[1]);
const terms = Number(/index\s+\d+ passages, (\d+) terms/.exec(build.output)?.[1]);
// The index the build just wrote: its manifest and the parts folder it names (a rebuild keeps the
// previous parts folder for a server still reading it, which is not this index's size).
const manifestPath = join(folder, 'index', 'build', 'index.json');
const indexBytes =
  folderBytes(manifestPath) +
  folderBytes(
    join(folder, 'index', 'build', (JSON.parse(readFileSync(manifestPath, 'utf8')) as { parts: string }).parts),
  );
// Each measurement is printed as soon as it is taken too: a run at 1M takes long enough to be worth
// reading before it ends.
console.log(
  `built: ${passages} passages, ${terms} terms, ${fixed(buildMs / 1000)} s (CPU ${fixed(buildCpuMs / 1000)} s), peak RSS ${buildPeak} MB, index ${fixed(indexBytes / 1e6)} MB; stages: ${Object.entries(
    stages,
  )
    .map(([name, ms]) => `${name} ${ms}`)
    .join(', ')}`,
);

progress('starting the server (npm start)…');
at = performance.now();
const server = npmRun(['start'], { PORT: String(port), HOST: '127.0.0.1' });
const serverLog: string[] = [];
// Both streams read as they come: a pipe left unread fills up and stalls the server.
server.stdout!.on('data', (chunk) => serverLog.push(String(chunk)));
server.stderr!.on('data', (chunk) => serverLog.push(String(chunk)));
const base = `http://127.0.0.1:${port}/api/search?q=`;
await until(async () => (await fetch(`${base}Dandong`).catch(() => null))?.ok === true, server);
const coldStartMs = performance.now() - at;
if (/rebuilding|building/.test(serverLog.join('')))
  throw new Error(`the server rebuilt the index instead of loading it:\n${serverLog.join('')}`);
const serverNode = descendantRunning(server.pid!, 'scripts/start.mjs');
// Another process answering on the port (another run's server) would be measured instead, silently.
if (serverNode === undefined || /EADDRINUSE/.test(serverLog.join('')))
  throw new Error(`the server did not start, or another answers on port ${port} (--port P):\n${serverLog.join('')}`);
/**
 * The timed requests go through Node's own HTTP client on one kept-alive connection: what is timed is the
 * server's answer, not a client library's. `fetch` (undici) added 0.7-1.4 ms a request on this machine
 * (p50 of /healthz 1.2-1.5 ms against 0.5-0.6 ms), about half of a 20k median.
 */
const keptAlive = new Agent({ keepAlive: true, maxSockets: 1 });
const memoryNow = () => (serverNode === undefined ? null : processMemory(serverNode));
const startMemory = memoryNow();
const overHttp = new Map<string, { samples: number[]; answer: Answer }>();
// One untimed pass of the whole mix first: the first query after start otherwise pays for the
// collections V8 runs after the load (measured: Dandong's p50 10x the other rare queries').
for (const { q } of SCALE_QUERIES) await getKeptAlive(`${base}${encodeURIComponent(q)}`);
// Interleaved rounds: each round sends every query of the mix once, so a burst of other processes'
// load on the shared machine spreads over all queries instead of landing on the samples of one (each
// query sampled in one burst of 30 gave p99s of 100 ms that were pauses, not the query). The
// same budget as before: 30 samples a query, at least 5, at most about 8 s a query in all.
for (const { q } of SCALE_QUERIES) overHttp.set(q, { samples: [], answer: undefined! });
const mixStarted = performance.now();
for (let round = 0; round < BUDGET.runs; round++) {
  if (round >= BUDGET.minRuns && performance.now() - mixStarted > BUDGET.ms * SCALE_QUERIES.length) break;
  progress(`HTTP: round ${round + 1} of ${BUDGET.runs}`);
  for (const { q } of SCALE_QUERIES) {
    const at = performance.now();
    const response = await getKeptAlive(`${base}${encodeURIComponent(q)}`);
    // The answer as received, not this client's parsing of it (FTS5's timing ends at its rows too).
    const elapsed = performance.now() - at;
    if (response.status !== 200) throw new Error(`${q}: HTTP ${response.status}`);
    const entry = overHttp.get(q)!;
    entry.samples.push(elapsed);
    entry.answer = answerOf(JSON.parse(response.body));
  }
}
const serverMemory = memoryNow();
console.log(
  `served: cold start ${fixed(coldStartMs / 1000, 2)} s, RSS after start ${fixed(startMemory?.rss ?? Number.NaN)} MB, after the mix ${fixed(serverMemory?.rss ?? Number.NaN)} MB (peak ${fixed(serverMemory?.peak ?? Number.NaN)}); HTTP p50 by query (ms): ${[...overHttp].map(([q, { samples }]) => `${q} ${fixed(median(samples), 2)}`).join('; ')}`,
);

// The soak: distinct prefix, fuzzy and phrase queries, each decoding postings no earlier one did.
const soak = soakQueries(paths.seeds, Number(options.soak));
const soakSamples: number[] = [];
const soakFailures: string[] = [];
// RSS half-way too: bounded memory levels off, where decoded postings kept would keep growing.
let halfwayMemory: ReturnType<typeof memoryNow> = null;
for (const [i, q] of soak.entries()) {
  if (i % 100 === 0) progress(`soak: ${i} of ${soak.length} (${q})`);
  if (i === Math.floor(soak.length / 2)) halfwayMemory = memoryNow();
  const at = performance.now();
  try {
    const response = await getRetrying(`${base}${encodeURIComponent(q)}`);
    soakSamples.push(performance.now() - at);
    if (response.status !== 200) soakFailures.push(`${q}: HTTP ${response.status}`);
  } catch (error) {
    // A connection lost: say so, with what the server printed, and go on while it lives.
    soakFailures.push(
      `${q}: ${(error as Error).message} (${((error as Error).cause as Error | undefined)?.message ?? 'no cause'})`,
    );
    if (server.exitCode !== null || serverNode === undefined || processMemory(serverNode) === null) {
      throw new Error(`the server stopped during the soak, at query ${i} (${q}):\n${serverLog.join('').slice(-4000)}`);
    }
  }
}
const soakMemory = memoryNow();
const soakRatio = (soakMemory?.rss ?? Number.NaN) / (serverMemory?.rss ?? Number.NaN);
if (soakFailures.length > 0)
  console.log(
    `soak failures:\n${soakFailures.slice(0, 20).join('\n')}\nserver output:\n${serverLog.join('').slice(-2000)}`,
  );
if (soak.length > 0)
  console.log(
    `soak: ${soak.length} distinct queries (${soakFailures.length} not answered 200), p50 ${fixed(median(soakSamples), 2)} ms, p99 ${fixed(percentile(soakSamples, 99), 2)} ms; RSS ${fixed(halfwayMemory?.rss ?? Number.NaN)} MB half-way, ${fixed(soakMemory?.rss ?? Number.NaN)} MB at the end (peak ${fixed(soakMemory?.peak ?? Number.NaN)}), ${fixed(soakRatio, 2)}x the RSS after the mix`,
  );
const stopped = runToEnd(server);
keptAlive.destroy();
if (serverNode !== undefined) process.kill(serverNode, 'SIGTERM');
server.kill('SIGTERM');
await stopped;

progress('loading the saved index here…');
let mark = performance.now();
const data = readIndexFile(paths.indexFile)!;
const readMs = performance.now() - mark;
mark = performance.now();
const index = searchIndexOf(data);
const loadJsMs = performance.now() - mark;
mark = performance.now();
const library = new Library({
  ...data,
  index,
  tokens: data.tokens ?? (data.tokenBytes && TokenStore.fromBuffer(data.tokenBytes, data.passages.length)),
});
const libraryMs = performance.now() - mark;
console.log(
  `loaded here: read ${fixed(readMs / 1000, 2)} s, MiniSearch load ${fixed(loadJsMs / 1000, 2)} s, new Library ${fixed(libraryMs / 1000, 2)} s`,
);

// The index's share of search(): the time spent reading it (the storage's postings, expansions and
// frequencies), wherever the engine does it.
const inMiniSearch = timeMiniSearch(index, IndexStorage.prototype);

const inProcess = new Map<
  string,
  { engine: number[]; share: number; raw: number[] | null; rawHits: number | null; answer: Answer }
>();
for (const { q } of SCALE_QUERIES) {
  progress(`search(): ${q}`);
  const answer = answerOf(searchLibrary(library, q));
  const engine = await sample(() => searchLibrary(library, q), BUDGET);
  inMiniSearch.reset();
  const shareRuns = await sample(() => searchLibrary(library, q), { runs: 5, ms: 0, minRuns: 5, warmUps: 0 });
  const share = inMiniSearch.elapsed() / shareRuns.reduce((a, b) => a + b, 0);
  const raw = rawQuery(q);
  const rawSamples = raw ? await sample(() => rawSearch(index, raw), BUDGET) : null;
  inProcess.set(q, { engine, share, raw: rawSamples, rawHits: raw ? rawSearch(index, raw) : null, answer });
  console.log(
    `in process: ${q}: search() p50 ${fixed(median(engine), 2)} ms, index share ${fixed(share * 100, 0)}%, raw p50 ${rawSamples ? fixed(median(rawSamples), 2) : '–'} ms`,
  );
}

progress('SQLite FTS5 over the same passages…');
const fts5 = await runFts5(library.passages, fts5Requests(library, SCALE_QUERIES), {
  limit: 20,
  timed: true,
  folder,
  progress: (line) => progress(line),
});
console.log(
  `FTS5 (SQLite ${fts5.sqlite}): built in ${fixed(fts5.buildMs / 1000)} s; p50 by query (ms): ${[...fts5.answers].map(([q, { samples }]) => `${q} ${fixed(median(samples), 2)}`).join('; ')}`,
);

// The straightforward evaluation: the engine as it was before the query path was optimized
// (test/support/reference-search.ts, the oracle the equivalence tests use), over the same passages
// indexed in memory with MiniSearch's own addAll, never saved. Speed may not change answers.
progress('the straightforward evaluation: the same passages indexed in memory, the engine before issue 12…');
const referenceEngine = options['skip-reference'] ? null : referenceOf([...library.passages]);
function referenceOf(passages: Passage[]): ReferenceEngine {
  return new ReferenceEngine({
    passages,
    positionById: new Map(passages.map((p, i) => [p.id, i])),
    index: buildSearchIndex(passages),
    synonyms: library.synonyms,
    documentOf: (passage) => library.document(passage.doc)!,
  });
}
const mismatches: string[] = [];
for (const { q } of referenceEngine ? SCALE_QUERIES : []) {
  progress(`the straightforward evaluation: ${q}`);
  const request = parseSearchRequest({ q }, library.vocabulary);
  const found = referenceSearch(library, referenceEngine!, request, request.size);
  const expected: Answer = {
    total: found.ids.length,
    page: found.ids.slice(0, request.size),
    years: found.facets.year!.map((f) => `${f.value}:${f.count}`).join(' '),
  };
  for (const [how, answer] of [
    ['loaded', inProcess.get(q)!.answer],
    ['HTTP', overHttp.get(q)!.answer],
  ] as const) {
    if (JSON.stringify(answer) !== JSON.stringify(expected))
      mismatches.push(`${q} (${how}): ${JSON.stringify(answer)} != ${JSON.stringify(expected)}`);
  }
}
progressDone();
if (!options.keep) rmSync(folder, { recursive: true, force: true });

const dandong = inProcess.get('Dandong')!.answer.total;
const mb = (memory: { rss: number } | null) => fixed(memory?.rss ?? Number.NaN);
report(
  `Scale benchmark: ${passages.toLocaleString('en')} passages in ${documents} documents, ${terms.toLocaleString('en')} terms; Node ${process.version}; SQLite ${fts5.sqlite}; load average ${loadAverage()}.`,
);
report();
report(
  '| build | wall (CPU) | peak RSS | index on disk | cold start | server RSS after start / after the mix / half-way through the soak / after it (peak) | soak ÷ mix | load here: read / MiniSearch / library | FTS5 table built |',
);
report('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
report(
  `| ${fixed(generateMs / 1000)} s to generate | ${fixed(buildMs / 1000)} s (${fixed(buildCpuMs / 1000)} s) | ${fixed(buildPeak)} MB | ${fixed(indexBytes / 1e6)} MB | ${fixed(coldStartMs / 1000, 2)} s | ${mb(startMemory)} / ${mb(serverMemory)} / ${mb(halfwayMemory)} / ${mb(soakMemory)} MB (${fixed(soakMemory?.peak ?? Number.NaN)}) | ${fixed(soakRatio, 2)}× | ${fixed(readMs / 1000, 2)} / ${fixed(loadJsMs / 1000, 2)} / ${fixed(libraryMs / 1000, 2)} s | ${fixed(fts5.buildMs / 1000)} s |`,
);
report();
report(
  `Build stages, wall (CPU) ms: ${Object.entries(stages)
    .map(([name, ms]) => `${name} ${ms}`)
    .join(', ')}`,
);
report();
report(
  `Soak: ${soak.length} distinct prefix, fuzzy and phrase queries over HTTP after the mix, p50 ${fixed(median(soakSamples), 2)} ms, p99 ${fixed(percentile(soakSamples, 99), 2)} ms, ${soakFailures.length} not answered 200.`,
);
report();
report(
  '| query | kind | hits | FTS5 hits | HTTP p50 / p99 | FTS5 p50 / p99 | HTTP ÷ FTS5 p50 / p99 | search() p50 / p99 | index share | raw MiniSearch AND p50 / p99 (hits) |',
);
report('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
const ftsOf = (q: string) => fts5.answers.get(q)!.samples;
const engineOf = (q: string) => inProcess.get(q)!.engine;
const rawOf = (q: string) => inProcess.get(q)!.raw!;
const httpOf = (q: string) => overHttp.get(q)!.samples;
const pair = (samples: number[]) => `${fixed(median(samples), 2)} / ${fixed(percentile(samples, 99), 2)}`;
for (const { q, kind } of SCALE_QUERIES) {
  const local = inProcess.get(q)!;
  const [http, fts] = [httpOf(q), ftsOf(q)];
  report(
    `| \`${q}\` | ${kind} | ${local.answer.total} | ${fts5.answers.get(q)!.total} | ${pair(http)} | ${pair(fts)} | ${fixed(median(http) / median(fts), 2)}× / ${fixed(percentile(http, 99) / percentile(fts, 99), 2)}× | ${pair(local.engine)} | ${fixed(local.share * 100, 0)}% | ${local.raw ? `${pair(local.raw)} (${local.rawHits})` : '–'} |`,
  );
}
const all = SCALE_QUERIES.map(({ q }) => q);
const withRaw = all.filter((q) => inProcess.get(q)!.raw);
const p50s = (queries: string[], pick: (q: string) => number[]) => median(queries.map((q) => median(pick(q))));
const slowest = (queries: string[], pick: (q: string) => number[]) =>
  Math.max(...queries.map((q) => percentile(pick(q), 99)));
const mixed = {
  http: [p50s(all, httpOf), slowest(all, httpOf)],
  fts5: [p50s(all, ftsOf), slowest(all, ftsOf)],
  engine: [p50s(all, engineOf), slowest(all, engineOf)],
  raw: [p50s(withRaw, rawOf), slowest(withRaw, rawOf)],
};
report(
  `| **mixed set** (median of p50s / slowest p99) | | | | ${fixed(mixed.http[0]!, 2)} / ${fixed(mixed.http[1]!, 2)} | ${fixed(mixed.fts5[0]!, 2)} / ${fixed(mixed.fts5[1]!, 2)} | ${fixed(mixed.http[0]! / mixed.fts5[0]!, 2)}× / ${fixed(mixed.http[1]! / mixed.fts5[1]!, 2)}× | ${fixed(mixed.engine[0]!, 2)} / ${fixed(mixed.engine[1]!, 2)} | ${fixed(median(all.map((q) => inProcess.get(q)!.share)) * 100, 0)}% | ${fixed(mixed.raw[0]!, 2)} / ${fixed(mixed.raw[1]!, 2)} (${withRaw.length} queries) |`,
);
report();
report(
  `FTS5's hit counts differ where the two tokenizers do (FTS5's porter is Porter's first stemmer, ours Porter2 with word families; FTS5 has no fuzzy search, so it is given the words ours expands a fuzzy word to, untimed); its queries are in bench/scale-queries.ts.`,
);
report();
report(
  !referenceEngine
    ? `Answers: not checked (--skip-reference). "Dandong": ${dandong} hit.`
    : mismatches.length === 0
      ? `Answers: all ${SCALE_QUERIES.length} queries give the same count, first page and year facet loaded and over HTTP as the straightforward evaluation (the engine before issue 12, the passages indexed in memory). "Dandong": ${dandong} hit.`
      : `ANSWERS DIFFER:\n${mismatches.join('\n')}`,
);
report();
report(
  `scale ${passages} passages: HTTP median ${fixed(mixed.http[0]!, 2)} ms against FTS5 ${fixed(mixed.fts5[0]!, 2)} ms (${fixed(mixed.http[0]! / mixed.fts5[0]!, 2)}x), slowest ${fixed(mixed.http[1]!, 1)} against ${fixed(mixed.fts5[1]!, 1)} ms (${fixed(mixed.http[1]! / mixed.fts5[1]!, 2)}x); cold start ${fixed(coldStartMs / 1000, 2)} s; server RSS ${mb(startMemory)} MB after start, ${mb(serverMemory)} after the mix, ${mb(soakMemory)} after ${soak.length} soak queries (${fixed(soakRatio, 2)}x); build ${fixed(buildMs / 1000)} s, index ${fixed(indexBytes / 1e6)} MB; answers ${!referenceEngine ? 'not checked' : mismatches.length === 0 ? 'equal' : 'DIFFER'}`,
);
console.log(`\n${out.join('\n')}`);
process.exitCode = mismatches.length === 0 && dandong === 1 ? 0 : 1;

/** A GET on the kept-alive connection: its status and body. */
function getKeptAlive(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { agent: keptAlive }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    }).on('error', reject);
  });
}

/**
 * A GET sent again once when the server closed the kept-alive connection it went out on: Node's server
 * drops a connection idle for 5 s while the client may be reusing it at that instant (a race of
 * keep-alive, not a failure of the server; it happened once in 10,000 soak requests at 200k).
 */
async function getRetrying(url: string): Promise<{ status: number; body: string }> {
  try {
    return await getKeptAlive(url);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ECONNRESET') throw error;
    return getKeptAlive(url);
  }
}

/** `npm run <args>` in the repository, with the collection's folder in its environment: the real commands. */
function npmRun(args: string[], env: Record<string, string>): ChildProcess {
  return spawn('npm', ['run', '--silent', ...args], {
    cwd: PATHS.code,
    env: { ...process.env, ...env, TIP_COLLECTION: folder },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function runToEnd(process: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = '';
  process.stdout?.on('data', (chunk) => (output += chunk));
  process.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => process.once('close', (code) => resolve({ code, output })));
}

async function until(ready: () => Promise<boolean>, process: ChildProcess): Promise<void> {
  while (!(await ready())) {
    if (process.exitCode !== null) throw new Error(`the server exited with ${process.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
}
