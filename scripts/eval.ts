// `npm run eval`: relevance on every judged set of eval/sets/ for the engine and its baselines in one run:
// precision@10, recall@10, nDCG@10, zero-result queries and queries under 0.4 nDCG@10, per set and per
// kind of query, with the engine's ratio to the better baseline.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PATHS } from '../server/paths.ts';
import { readSeeds } from '../server/corpus/read-seeds.ts';
import { ingestCorpus } from '../server/corpus/ingest.ts';
import { buildSearchIndex } from '../server/search/storage/search-index.ts';
import { Library } from '../server/library.ts';
import { readFileSync } from 'node:fs';
import { parseSynonyms } from '../server/search/words/synonyms.ts';
import {
  CUTOFF,
  evaluateMode,
  modes,
  readJudgedSets,
  repeatedQueries,
  REPEAT_SIMILARITY,
  WEAK_QUERY,
  type ModeFigures,
} from '../eval/judged-set.ts';

const USAGE = `Usage: npm run eval [-- --set NAME] [-- --queries] [-- --json]

Runs every judged set of eval/sets/*.json through the engine (the page's list: full then partial
matches; full matches alone; strict mode) and two baselines (MiniSearch with prefix and fuzzy 0.2,
words ORed; SQLite FTS5 with porter and bm25, words ORed, through python3), and prints for each set
precision@10, recall@10 (out of at most 10 relevant), nDCG@10, zero-result queries and queries under
${WEAK_QUERY} nDCG@10, overall and per kind of query, with the engine's ratio to the better baseline.

  --set NAME  only this set (eval/sets/NAME.json); repeat for several
  --queries   also print every query's figures for the engine and the baselines
  --json      print all figures as JSON instead of tables
  --help      this text`;

function readArguments() {
  try {
    return parseArgs({
      options: {
        set: { type: 'string', multiple: true },
        queries: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const { values } = readArguments();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const allSets = readJudgedSets(join(PATHS.code, 'eval', 'sets'));
const sets = allSets.filter((set) => !values.set || values.set.includes(set.name));
const unknown = (values.set ?? []).filter((name) => !sets.some((set) => set.name === name));
if (unknown.length) {
  console.error(`No judged set ${unknown.join(', ')} in eval/sets/.\n${USAGE}`);
  process.exit(2);
}

const { documents, passages } = ingestCorpus(readSeeds(PATHS.seeds, PATHS.root));
const library = new Library({
  documents,
  passages,
  synonyms: parseSynonyms(readFileSync(PATHS.synonyms, 'utf8'), 'words/synonyms.json'),
  index: buildSearchIndex(passages),
  builtAt: 'eval',
});
const ways = await modes(
  library,
  sets.flatMap((set) => set.queries.map((q) => q.query)),
);

const tty = process.stderr.isTTY;
const results = sets.map((set) => {
  const repeated = repeatedQueries(set, allSets);
  return {
    set: set.name,
    about: set.about,
    repeated: [...repeated],
    modes: ways.map((way) =>
      evaluateMode(
        way,
        set.queries,
        (done) => {
          if (tty) process.stderr.write(`\r${set.name}: ${way.mode}: ${done}/${set.queries.length} queries`.padEnd(78));
        },
        repeated,
      ),
    ),
  };
});
if (tty) process.stderr.write(`${'\r'.padEnd(79)}\r`);

const f = (value: number) => value.toFixed(3);
if (values.json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  for (const { set, modes: figures } of results) printSet(set, figures);
}

function printSet(set: string, figures: ModeFigures[]): void {
  const engine = figures[0]!;
  const baselines = figures.filter((_, i) => ways[i]!.baseline);
  const better = baselines.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
  console.log(`\n== ${set}: ${engine.queries} queries; cut-off ${CUTOFF}`);
  console.log(`${'mode'.padEnd(36)} P@10   R@10   nDCG@10  zero  <${WEAK_QUERY}`);
  for (const mode of figures) {
    console.log(
      `${mode.mode.padEnd(36)} ${f(mode.precision)}  ${f(mode.recall)}  ${f(mode.ndcg)}    ${String(Math.round(mode.zeroResultRate * mode.queries)).padStart(3)}  ${String(mode.weak).padStart(3)}`,
    );
  }
  console.log(`engine / better baseline (${better.mode}): ${(engine.ndcg / better.ndcg).toFixed(2)}x nDCG@10`);
  const fresh = engine.unrepeated;
  if (fresh.queries < engine.queries && fresh.queries > 0) {
    const betterFresh = baselines.reduce((best, mode) => Math.max(best, mode.unrepeated.ndcg), 0);
    console.log(
      `queries repeating no other set's (${fresh.queries} of ${engine.queries}, under ${REPEAT_SIMILARITY} of words shared): ` +
        `nDCG@10 ${f(fresh.ndcg)}, better baseline ${f(betterFresh)} (${(fresh.ndcg / betterFresh).toFixed(2)}x), ${fresh.weak} under ${WEAK_QUERY}`,
    );
  }
  const kinds = Object.keys(engine.byKind);
  console.log(
    `\nnDCG@10 by kind (queries)`.padEnd(37) +
      kinds.map((kind) => `${kind} (${engine.byKind[kind]!.queries})`.slice(0, 14).padStart(15)).join(''),
  );
  for (const mode of [engine, ...baselines])
    console.log(mode.mode.padEnd(36) + kinds.map((kind) => f(mode.byKind[kind]!.ndcg).padStart(15)).join(''));
  if (values.queries) {
    console.log(
      `\n${'query'.padEnd(52)} ${'kind'.padEnd(17)} ${figures.map((mode) => mode.mode.slice(0, 10).padStart(11)).join('')}  (nDCG@10)`,
    );
    engine.perQuery.forEach((q, i) => {
      console.log(
        `${q.query.slice(0, 51).padEnd(52)} ${q.kind.padEnd(17)} ${figures.map((mode) => f(mode.perQuery[i]!.ndcg).padStart(11)).join('')}`,
      );
    });
  }
}
