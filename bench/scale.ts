// `npm run bench:scale -- --passages N`: the whole path at scale, on a generated TIP-like collection.
//
//   generate (corpus-generator.ts) -> `npm run index` in a child process (build time, peak RSS)
//   -> index size -> `npm start` in a child process (cold start, RSS, latency over HTTP)
//   -> the saved index loaded here (load breakdown; search() and raw MiniSearch latency, MiniSearch's
//   share of search()) -> the straightforward evaluation: the same passages indexed in memory, never
//   saved, whose answers every other way of serving must equal.
//
// Figures, not assertions: the machine is shared and noisy, so read the ratios within one run.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { PATHS } from '../server/paths.ts';
import { readIndexFile } from '../server/indexer/index-file.ts';
import { loadSearchIndex, buildSearchIndex } from '../server/search/search-index.ts';
import { Library } from '../server/library.ts';
import { TokenStore } from '../server/search/token-store.ts';
import { IndexStorage } from '../server/search/storage/index-storage.ts';
import { parseSearchRequest } from '../server/search/request.ts';
import { ReferenceEngine, referenceSearch } from '../test/support/reference-search.ts';
import { generatedCollection, writeCollection } from './scale-collection.ts';
import { answerOf, rawQuery, rawSearch, SCALE_QUERIES, searchLibrary, type Answer } from './scale-queries.ts';
import { timeMiniSearch, descendantRunning, fixed, folderBytes, median, percentile, processMemory, progress, progressDone, sample, type Budget } from './measure.ts';

const USAGE = `Usage: npm run bench:scale -- --passages N [--port P] [--dir FOLDER] [--keep] [--reuse]

Generate a TIP-like collection of about N passages, index it with \`npm run index\`, serve it with
\`npm start\`, and print build time, peak RSS, index size, cold start, server RSS and
per-query p50/p99 for the engine (search()), raw MiniSearch AND search and HTTP, with ratios; then check
that every way of serving gives the answers of the straightforward evaluation (the engine before
issue 12 over the same passages indexed in memory).

  --passages N   passages to generate, about (default 10000)
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
    help: { type: 'boolean', short: 'h' },
  },
});
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const target = Number(options.passages);
const port = Number(options.port);
if (!Number.isInteger(target) || target < 100) throw new Error(`--passages must be a whole number of at least 100\n${USAGE}`);
const folder = options.dir ?? join(tmpdir(), `tip-scale-${target}`);
const BUDGET: Budget = { runs: 30, ms: 8000, minRuns: 5 };
const out: string[] = [];
const report = (line = '') => out.push(line);

progress('generating…');
let at = performance.now();
const { paths, documents } = (options.reuse ? generatedCollection(folder, target) : null) ?? writeCollection(folder, target);
const generateMs = performance.now() - at;

progress('indexing (npm run index)…');
at = performance.now();
const build = await runToEnd(npmRun(['index', '--', '--quiet'], {}));
const buildMs = performance.now() - at;
if (build.code !== 0) throw new Error(`npm run index failed:\n${build.output}`);
const stages = Object.fromEntries([...build.output.matchAll(/^(\w+)\s+.*\((\d+) ms, CPU (\d+) ms\)$/gm)].map((m) => [m[1]!, `${m[2]} (CPU ${m[3]})`]));
const buildCpuMs = Number(/built in \d+ ms \(CPU (\d+) ms\)/.exec(build.output)?.[1]);
const buildPeak = Number(/peak RSS (\d+) MB/.exec(build.output)?.[1]);
const passages = Number(/ingest\s+(\d+) passages/.exec(build.output)?.[1]);
const terms = Number(/index\s+\d+ passages, (\d+) terms/.exec(build.output)?.[1]);
// The index the build just wrote: its manifest and the parts folder it names (a rebuild keeps the
// previous parts folder for a server still reading it, which is not this index's size).
const manifestPath = join(folder, 'index', 'build', 'index.json');
const indexBytes = folderBytes(manifestPath) + folderBytes(join(folder, 'index', 'build', (JSON.parse(readFileSync(manifestPath, 'utf8')) as { parts: string }).parts));
// Each measurement is printed as soon as it is taken too: a run at 1M takes long enough to be worth
// reading before it ends.
console.log(`built: ${passages} passages, ${terms} terms, ${fixed(buildMs / 1000)} s (CPU ${fixed(buildCpuMs / 1000)} s), peak RSS ${buildPeak} MB, index ${fixed(indexBytes / 1e6)} MB; stages: ${Object.entries(stages).map(([name, ms]) => `${name} ${ms}`).join(', ')}`);

progress('starting the server (npm start)…');
at = performance.now();
const server = npmRun(['start'], { PORT: String(port), HOST: '127.0.0.1' });
const serverLog: string[] = [];
server.stdout!.on('data', (chunk) => serverLog.push(String(chunk)));
const base = `http://127.0.0.1:${port}/api/search?q=`;
await until(async () => (await fetch(`${base}Dandong`).catch(() => null))?.ok === true, server);
const coldStartMs = performance.now() - at;
if (/rebuilding|building/.test(serverLog.join(''))) throw new Error(`the server rebuilt the index instead of loading it:\n${serverLog.join('')}`);
const overHttp = new Map<string, { samples: number[]; answer: Answer }>();
for (const { q } of SCALE_QUERIES) {
  progress(`HTTP: ${q}`);
  let answer: Answer | undefined;
  const samples = await sample(async () => {
    const response = await fetch(`${base}${encodeURIComponent(q)}`);
    if (!response.ok) throw new Error(`${q}: HTTP ${response.status}`);
    answer = answerOf(await response.json());
  }, BUDGET);
  overHttp.set(q, { samples, answer: answer! });
}
const serverNode = descendantRunning(server.pid!, 'server/main.ts');
const serverMemory = serverNode === undefined ? null : processMemory(serverNode);
console.log(`served: cold start ${fixed(coldStartMs / 1000, 2)} s, RSS ${fixed(serverMemory?.rss ?? Number.NaN)} MB (peak ${fixed(serverMemory?.peak ?? Number.NaN)}); HTTP p50 by query (ms): ${[...overHttp].map(([q, { samples }]) => `${q} ${fixed(median(samples), 2)}`).join('; ')}`);
const stopped = runToEnd(server);
if (serverNode !== undefined) process.kill(serverNode, 'SIGTERM');
server.kill('SIGTERM');
await stopped;

progress('loading the saved index here…');
let mark = performance.now();
const data = readIndexFile(paths.indexFile)!;
const readMs = performance.now() - mark;
mark = performance.now();
const index = loadSearchIndex(data.search);
const loadJsMs = performance.now() - mark;
mark = performance.now();
const library = new Library({ ...data, index, tokens: data.tokenBytes && TokenStore.fromBuffer(data.tokenBytes, data.passages.length) });
const libraryMs = performance.now() - mark;
console.log(`loaded here: read ${fixed(readMs / 1000, 2)} s, MiniSearch load ${fixed(loadJsMs / 1000, 2)} s, new Library ${fixed(libraryMs / 1000, 2)} s`);

// MiniSearch's share of search(): the time spent reading its index, wherever the engine does it.
const inMiniSearch = timeMiniSearch(index, IndexStorage.prototype);

const inProcess = new Map<string, { engine: number[]; share: number; raw: number[] | null; rawHits: number | null; answer: Answer }>();
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
  console.log(`in process: ${q}: search() p50 ${fixed(median(engine), 2)} ms, MiniSearch share ${fixed(share * 100, 0)}%, raw p50 ${rawSamples ? fixed(median(rawSamples), 2) : '–'} ms`);
}

// The straightforward evaluation: the engine as it was before the query path was optimized
// (test/support/reference-search.ts, the oracle the equivalence tests use), over the same passages
// indexed in memory with MiniSearch's own addAll, never saved. Speed may not change answers.
progress('the straightforward evaluation: the same passages indexed in memory, the engine before issue 12…');
const referenceEngine = new ReferenceEngine({ passages: library.passages, positionById: new Map(library.passages.map((p, i) => [p.id, i])), index: buildSearchIndex(library.passages), synonyms: library.synonyms });
const mismatches: string[] = [];
for (const { q } of SCALE_QUERIES) {
  progress(`the straightforward evaluation: ${q}`);
  const request = parseSearchRequest({ q }, library.documents.map((d) => d.id));
  const found = referenceSearch(library, referenceEngine, request, request.size);
  const expected: Answer = { total: found.ids.length, page: found.ids.slice(0, request.size), years: found.facets.year.map((f) => `${f.value}:${f.count}`).join(' ') };
  for (const [how, answer] of [['loaded', inProcess.get(q)!.answer], ['HTTP', overHttp.get(q)!.answer]] as const) {
    if (JSON.stringify(answer) !== JSON.stringify(expected)) mismatches.push(`${q} (${how}): ${JSON.stringify(answer)} != ${JSON.stringify(expected)}`);
  }
}
progressDone();
if (!options.keep) rmSync(folder, { recursive: true, force: true });

const dandong = inProcess.get('Dandong')!.answer.total;
report(`Scale benchmark: ${passages.toLocaleString('en')} passages in ${documents} documents, ${terms.toLocaleString('en')} terms; Node ${process.version}; load average ${loadAverage()}.`);
report();
report('| build | wall (CPU) | peak RSS | index on disk | cold start | server RSS (peak) | load here: read / MiniSearch / library |');
report('|---|---:|---:|---:|---:|---:|---:|');
report(
  `| ${fixed(generateMs / 1000)} s to generate | ${fixed(buildMs / 1000)} s (${fixed(buildCpuMs / 1000)} s) | ${fixed(buildPeak)} MB | ${fixed(indexBytes / 1e6)} MB | ${fixed(coldStartMs / 1000, 2)} s | ${serverMemory ? `${fixed(serverMemory.rss)} (${fixed(serverMemory.peak)}) MB` : '–'} | ${fixed(readMs / 1000, 2)} / ${fixed(loadJsMs / 1000, 2)} / ${fixed(libraryMs / 1000, 2)} s |`,
);
report();
report(`Build stages, wall (CPU) ms: ${Object.entries(stages).map(([name, ms]) => `${name} ${ms}`).join(', ')}`);
report();
report('| query | kind | hits | raw AND hits | search() p50 / p99 | MiniSearch share | raw MiniSearch p50 / p99 | HTTP p50 / p99 | HTTP ÷ raw p50 / p99 |');
report('|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const { q, kind } of SCALE_QUERIES) {
  const local = inProcess.get(q)!;
  const http = overHttp.get(q)!.samples;
  const raw = local.raw;
  report(
    `| \`${q}\` | ${kind} | ${local.answer.total} | ${local.rawHits ?? '–'} | ${fixed(median(local.engine), 2)} / ${fixed(percentile(local.engine, 99), 2)} | ${fixed(local.share * 100, 0)}% | ${raw ? `${fixed(median(raw), 2)} / ${fixed(percentile(raw, 99), 2)}` : '–'} | ${fixed(median(http), 2)} / ${fixed(percentile(http, 99), 2)} | ${raw ? `${fixed(median(http) / median(raw))}× / ${fixed(percentile(http, 99) / percentile(raw, 99))}×` : '–'} |`,
  );
}
const withRaw = SCALE_QUERIES.filter(({ q }) => inProcess.get(q)!.raw);
const p50s = (pick: (q: string) => number[]) => median(withRaw.map(({ q }) => median(pick(q))));
const slowest = (pick: (q: string) => number[]) => Math.max(...withRaw.map(({ q }) => percentile(pick(q), 99)));
const engineOf = (q: string) => inProcess.get(q)!.engine;
const rawOf = (q: string) => inProcess.get(q)!.raw!;
const httpOf = (q: string) => overHttp.get(q)!.samples;
report(
  `| **mixed set** (median of p50s / slowest p99) | | | | ${fixed(p50s(engineOf), 2)} / ${fixed(slowest(engineOf), 2)} | ${fixed(median(withRaw.map(({ q }) => inProcess.get(q)!.share)) * 100, 0)}% | ${fixed(p50s(rawOf), 2)} / ${fixed(slowest(rawOf), 2)} | ${fixed(p50s(httpOf), 2)} / ${fixed(slowest(httpOf), 2)} | ${fixed(p50s(httpOf) / p50s(rawOf))}× / ${fixed(slowest(httpOf) / slowest(rawOf))}× |`,
);
report();
report(mismatches.length === 0 ? `Answers: all ${SCALE_QUERIES.length} queries give the same count, first page and year facet loaded and over HTTP as the straightforward evaluation (the engine before issue 12, the passages indexed in memory). "Dandong": ${dandong} hit.` : `ANSWERS DIFFER:\n${mismatches.join('\n')}`);
report();
report(
  `scale ${passages} passages: build ${fixed(buildMs / 1000)} s, peak ${fixed(buildPeak)} MB, index ${fixed(indexBytes / 1e6)} MB, cold start ${fixed(coldStartMs / 1000, 2)} s, server RSS ${fixed(serverMemory?.rss ?? Number.NaN)} MB, HTTP ÷ raw ${fixed(p50s(httpOf) / p50s(rawOf))}× median / ${fixed(slowest(httpOf) / slowest(rawOf))}× slowest, answers ${mismatches.length === 0 ? 'equal' : 'DIFFER'}`,
);
console.log(`\n${out.join('\n')}`);
process.exitCode = mismatches.length === 0 && dandong === 1 ? 0 : 1;

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
  return loadavg().map((n) => n.toFixed(1)).join(' ');
}
