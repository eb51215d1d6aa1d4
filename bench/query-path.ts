// `npm run bench:query -- --passages N`: the query path alone, in process, on a generated collection
// indexed in memory (no `npm run index`, no server): the cost and heap of `new Library` (tokenizing, and
// with the tokens as `npm run index` saves them), then per query p50/p99 of search() and of raw MiniSearch's AND search on the same words
// (bench/scale-queries.ts), with their ratio and MiniSearch's share of search(). Figures, not assertions:
// read the ratios within one run.

import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { Library } from '../server/library.ts';
import { TokenStore } from '../server/search/storage/token-store.ts';
import { IndexStorage } from '../server/search/storage/index-storage.ts';
import { generatedCorpus, generatedLibrary } from './generated-library.ts';
import { rawQuery, SCALE_QUERIES, searchLibrary } from './scale-queries.ts';
import { fixed, median, percentile, sample, timeMiniSearch } from './measure.ts';

const USAGE = `Usage: npm run bench:query -- [--passages N] [--runs R]

Generate a TIP-like collection of about N passages (default 10000), index it in memory, and print
new Library's time (tokenizing, and with the saved tokens), then each mixed query's p50/p99 in search()
and in raw MiniSearch's AND search (R runs each, default 20), their ratio, and MiniSearch's share.`;
const { values: options } = parseArgs({
  options: {
    passages: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '20' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const gc = (globalThis as { gc?: () => void }).gc;
/** The JavaScript heap plus memory outside it (typed arrays' buffers). */
const heapMb = () => {
  gc?.();
  const { heapUsed, external } = process.memoryUsage();
  return (heapUsed + external) / 1e6;
};

const corpus = generatedCorpus(Number(options.passages));
const built = generatedLibrary(corpus);
const libraryData = {
  documents: built.documents,
  passages: built.passages,
  synonyms: built.synonyms,
  index: built.engine.index,
  builtAt: 'bench',
  alignment: {},
};
// What `npm run index` saves (tokens.bin) and the server hands to the Library at start.
const tokenBytes = TokenStore.of(corpus.passages.map((passage) => passage.text)).toBuffer();

/**
 * A new Library over the built index, timed (wall and CPU), and the heap (JavaScript and typed arrays'
 * buffers) while it is alive beside the in-memory build's own Library.
 */
function timedLibrary(name: string, make: () => Library): Library {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const made = make();
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - wall;
  console.log(
    `new Library ${name}: ${fixed(ms)} ms (CPU ${fixed((used.user + used.system) / 1000)} ms); heap ${gc ? `${fixed(heapMb())} MB` : 'unknown (run node with --expose-gc)'}`,
  );
  return made;
}

const loadSaved = () =>
  new Library({ ...libraryData, tokens: TokenStore.fromBuffer(tokenBytes, corpus.passages.length) });
console.log(
  `${corpus.passages.length} passages, ${corpus.documents.length} documents; load average ${loadavg()[0]!.toFixed(1)}`,
);
timedLibrary('tokenizing every passage (an index built in memory)', () => new Library(libraryData));
let library: Library | null = timedLibrary(
  `with the saved tokens (${fixed(tokenBytes.byteLength / 1e6)} MB)`,
  loadSaved,
);

// MiniSearch's share of search(): the time spent reading its index, wherever that happens (the engine's
// index-reader.ts scores plain terms from MiniSearch's postings and calls executeQuery for the rest; the
// spelling correction calls index.search), timed at the outermost of these calls.
const original = library.engine.index.search.bind(library.engine.index);
const inMiniSearch = timeMiniSearch(library.engine.index, IndexStorage.prototype);

const budget = { runs: Number(options.runs), ms: 20_000, minRuns: 5 };
const rows: Array<{ q: string; engine: number[]; raw: number[]; share: number; total: number }> = [];
const cpuSearch = process.cpuUsage();
for (const { q } of SCALE_QUERIES) {
  const total = searchLibrary(library, q).total;
  inMiniSearch.reset();
  const engine = await sample(() => searchLibrary(library!, q), budget);
  const share = inMiniSearch.elapsed() / engine.reduce((a, b) => a + b, 0);
  const query = rawQuery(q);
  const raw = query ? await sample(() => original(query), budget) : [];
  rows.push({ q, engine, raw, share, total });
  console.log(
    `${q.padEnd(38)} ${String(total).padStart(7)} hits  search() p50 ${fixed(median(engine), 2).padStart(8)} p99 ${fixed(percentile(engine, 99), 2).padStart(8)} ms  raw p50 ${query ? fixed(median(raw), 2).padStart(7) : '      –'} ms  ratio ${query ? (median(engine) / median(raw)).toFixed(1) : '–'}  MiniSearch ${(share * 100).toFixed(0)}%`,
  );
}
const searchCpu = process.cpuUsage(cpuSearch);
const withRaw = rows.filter((row) => row.raw.length > 0);
const ratios = withRaw.map((row) => median(row.engine) / median(row.raw));
const slowest = withRaw.reduce((a, b) => (percentile(a.engine, 99) > percentile(b.engine, 99) ? a : b));
console.log(
  `median of p50s: search() ${fixed(median(rows.map((r) => median(r.engine))), 2)} ms, raw ${fixed(median(withRaw.map((r) => median(r.raw))), 2)} ms; median ratio ${median(ratios).toFixed(2)}; ` +
    `slowest (p99) ${slowest.q}: search() ${fixed(percentile(slowest.engine, 99), 1)} ms, raw ${fixed(percentile(slowest.raw, 99), 1)} ms, ratio ${(percentile(slowest.engine, 99) / percentile(slowest.raw, 99)).toFixed(2)}; ` +
    `CPU of the sampling ${fixed((searchCpu.user + searchCpu.system) / 1000)} ms`,
);
library = null;
