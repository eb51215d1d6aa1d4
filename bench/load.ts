// `npm run bench:load -- FOLDER`: where loading a built collection's index goes, step by step.
//
//   readIndexFile (the parts: JSON and binary) -> the search index (loadSearchIndex) -> new Library
//   -> the mixed queries, each run once (the first use of a term decodes its postings) and again
//
// Each step with wall and CPU time and, after a full garbage collection, the heap and RSS it leaves: what
// a server pays at start and holds while serving. Run with --expose-gc (the npm script does).

import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { collectionPaths } from '../server/paths.ts';
import { readIndexFile, searchIndexOf } from '../server/indexer/index-file.ts';
import { Library } from '../server/library.ts';
import { TokenStore } from '../server/search/storage/token-store.ts';
import { SCALE_QUERIES, searchLibrary } from './scale-queries.ts';
import { fixed } from './measure.ts';

const folder = process.argv[2];
if (!folder || folder === '--help' || folder === '-h') {
  console.log(`Usage: npm run bench:load -- FOLDER
Load the index built in the collection FOLDER (TIP_COLLECTION's layout) and print each load step's wall
and CPU time and the heap and RSS it leaves, then the first and second run of each mixed query.`);
  process.exit(folder ? 0 : 2);
}
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('run with node --expose-gc (npm run bench:load does)');

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const memory = () => {
  collect();
  const { heapUsed, external, rss } = process.memoryUsage();
  return `heap ${fixed(heapUsed / 1e6)} MB, buffers ${fixed(external / 1e6)} MB, RSS ${fixed(rss / 1e6)} MB`;
};
function step<T>(name: string, run: () => T): T {
  const [wall, cpu] = [performance.now(), cpuMs()];
  const result = run();
  console.log(
    `${name.padEnd(22)} ${fixed(performance.now() - wall).padStart(7)} ms (CPU ${fixed(cpuMs() - cpu).padStart(7)} ms)  ${memory()}`,
  );
  return result;
}

const { indexFile } = collectionPaths(folder);
const manifest = JSON.parse(readFileSync(indexFile, 'utf8')) as { format: number; counts: Record<string, number> };
console.log(
  `${folder}: format ${manifest.format}, ${JSON.stringify(manifest.counts)}; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`${'start'.padEnd(22)} ${''.padStart(30)}  ${memory()}`);
const started = [performance.now(), cpuMs()] as const;
const data = step('read the parts', () => readIndexFile(indexFile)!);
// Formats before 5 handed MiniSearch's JSON form to the same function: the call is the same.
const index = step('search index', () => searchIndexOf(data));
const library = step(
  'new Library',
  () =>
    new Library({
      ...data,
      index,
      tokens: data.tokens ?? (data.tokenBytes && TokenStore.fromBuffer(data.tokenBytes, data.passages.length)),
    }),
);
console.log(`loaded in ${fixed(performance.now() - started[0])} ms (CPU ${fixed(cpuMs() - started[1])} ms)`);
const first = SCALE_QUERIES.map(({ q }) => {
  const at = performance.now();
  searchLibrary(library, q);
  return performance.now() - at;
});
const second = SCALE_QUERIES.map(({ q }) => {
  const at = performance.now();
  searchLibrary(library, q);
  return performance.now() - at;
});
step('(after the queries)', () => null);
console.log(
  `decoded postings held: ${fixed(library.engine.storage.cachedBytes / 1e6)} MB (bounded by the storage's cache)`,
);
console.log(
  `first / second run (ms): ${SCALE_QUERIES.map(({ q }, i) => `${q} ${fixed(first[i]!)}/${fixed(second[i]!)}`).join('; ')}`,
);
console.log(
  `sum of first runs ${fixed(first.reduce((a, b) => a + b, 0))} ms, of second runs ${fixed(second.reduce((a, b) => a + b, 0))} ms; passage-page alignment of the first passage: ${library.alsoIn(library.passages.id(0)).length} counterparts`,
);
