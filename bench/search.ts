// `npm run bench`: index build time and query latency on the seed corpus.
//
// Figures, not assertions: these machines are shared and noisy, so read the ratios within one run
// (a query's full API response against its core search) rather than absolute milliseconds across runs.
// Core search = parse + evaluate + filter + facets + sort + page + highlight (search()).
// Full API = the same through HTTP on a real listening server: routing, JSON encoding, the socket.

import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { PATHS } from '../server/paths.ts';
import { readSeeds } from '../server/corpus/read-seeds.ts';
import { ingestCorpus } from '../server/corpus/ingest.ts';
import { buildSearchIndex } from '../server/search/storage/search-index.ts';
import { parseSynonyms } from '../server/search/words/synonyms.ts';
import { openLibrary } from '../server/indexer/library-store.ts';
import { parseSearchRequest } from '../server/search/query/request.ts';
import { search } from '../server/search/search.ts';
import { createApp } from '../server/web/app.ts';
import { alignPassages } from '../server/analysis/align.ts';
import { appendAll } from '../server/extremes.ts';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(
    'Usage: npm run bench\nTimes the index build by stage and query latency (core search and the JSON API over HTTP) on the seed corpus; prints markdown tables.',
  );
  process.exit(0);
}

const QUERIES = [
  'Dandong',
  'forced repatriation',
  'overseas workers wages',
  '"prison camps"',
  'traffick*',
  'Dandog~',
  '(wages OR salaries) -China',
  'DPRK',
  'section:prosecution year:2016..2025',
  'labor year:2025',
];
const BUILD_RUNS = 15;
const QUERY_RUNS = 200;
const HTTP_RUNS = 100;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (value: number) => value.toFixed(value < 1 ? 3 : 2);

function time(run: () => void, runs: number): number[] {
  for (let i = 0; i < Math.min(20, runs); i++) run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function timeAsync(run: () => Promise<void>, runs: number): Promise<number[]> {
  for (let i = 0; i < 10; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples;
}

// Index build, in stages, from seeds already read (disk excluded) and including the read.
const seeds = readSeeds(PATHS.seeds, PATHS.root);
const synonymsJson = readFileSync(PATHS.synonyms, 'utf8');
const ingest = time(() => ingestCorpus(seeds), BUILD_RUNS);
const corpus = ingestCorpus(seeds);
const index = time(() => buildSearchIndex(corpus.passages), BUILD_RUNS);
const align = time(() => alignPassages(corpus.passages, corpus.documents), BUILD_RUNS);
const whole = time(() => {
  const fresh = ingestCorpus(readSeeds(PATHS.seeds, PATHS.root));
  parseSynonyms(synonymsJson, 'words/synonyms.json');
  buildSearchIndex(fresh.passages);
  alignPassages(fresh.passages, fresh.documents);
}, BUILD_RUNS);

console.log(
  `Corpus: ${corpus.documents.length} documents, ${corpus.passages.length} passages. Node ${process.version}.`,
);
console.log(`\nIndex build (median of ${BUILD_RUNS} runs)\n`);
console.log('| stage | median ms | p99 ms |\n|---|---:|---:|');
for (const [name, samples] of [
  ['ingest (clean, sections, sentences, passages)', ingest],
  ['MiniSearch index', index],
  ['align across years', align],
  ['read seeds + ingest + index + align', whole],
] as const) {
  console.log(`| ${name} | ${ms(percentile(samples, 50))} | ${ms(percentile(samples, 99))} |`);
}

const library = openLibrary(PATHS, (line) => console.error(line));
const app = createApp({ library: () => library });
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const port = (server.address() as AddressInfo).port;

console.log(`\nQuery latency: core search ×${QUERY_RUNS}, full API response over HTTP ×${HTTP_RUNS} (ms)\n`);
console.log(
  '| query | hits | core p50 | core p99 | API p50 | API p99 | API/core p50 |\n|---|---:|---:|---:|---:|---:|---:|',
);
const allCore: number[] = [];
const allApi: number[] = [];
for (const q of QUERIES) {
  const request = parseSearchRequest({ q }, library.vocabulary);
  let hits = 0;
  const core = time(() => {
    hits = search(library, request, { permalink: (id) => `/p/${id}` }).total;
  }, QUERY_RUNS);
  const url = `http://127.0.0.1:${port}/api/search?q=${encodeURIComponent(q)}`;
  const api = await timeAsync(async () => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    await response.json();
  }, HTTP_RUNS);
  appendAll(allCore, core);
  appendAll(allApi, api);
  const ratio = percentile(api, 50) / percentile(core, 50);
  console.log(
    `| \`${q}\` | ${hits} | ${ms(percentile(core, 50))} | ${ms(percentile(core, 99))} | ${ms(percentile(api, 50))} | ${ms(percentile(api, 99))} | ${ratio.toFixed(1)}× |`,
  );
}
console.log(
  `| **all queries** | | ${ms(percentile(allCore, 50))} | ${ms(percentile(allCore, 99))} | ${ms(percentile(allApi, 50))} | ${ms(percentile(allApi, 99))} | ${(percentile(allApi, 50) / percentile(allCore, 50)).toFixed(1)}× |`,
);
server.close();
