// `npm run eval`: relevance on the judged set (eval/judgments.json) for the engine and its baselines in
// one run: precision@10, recall@10, nDCG@10 per query and overall, and the zero-result rate.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PATHS } from '../server/paths.ts';
import { readSeeds } from '../server/corpus/read-seeds.ts';
import { ingestCorpus } from '../server/corpus/ingest.ts';
import { buildSearchIndex } from '../server/search/search-index.ts';
import { parseSynonyms } from '../server/search/synonyms.ts';
import { Library } from '../server/library.ts';
import { evaluateMode, rankers, readJudgments, type ModeFigures } from '../eval/judged-set.ts';

const USAGE = `Usage: npm run eval [-- --queries] [-- --json]

Runs every judged query of eval/judgments.json through the engine (full then partial matches, and full
matches alone), strict mode, and MiniSearch with default options, and prints precision@10, recall@10
(out of at most 10 relevant), nDCG@10 and the zero-result rate for each, overall.

  --queries   also print the figures of every query, for each mode
  --json      print all figures as JSON instead of tables
  --help      this text`;

function readArguments() {
  try {
    return parseArgs({ options: { queries: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean' } } });
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

const { documents, passages } = ingestCorpus(readSeeds(PATHS.seeds, PATHS.root));
const synonyms = parseSynonyms(readFileSync(PATHS.synonyms, 'utf8'), 'index/synonyms.json');
const library = new Library({ documents, passages, synonyms, index: buildSearchIndex(passages), builtAt: 'eval' });
const judgments = readJudgments(join(PATHS.code, 'eval', 'judgments.json'));

const tty = process.stderr.isTTY;
const figures: ModeFigures[] = rankers(library).map(({ mode, rank }) =>
  evaluateMode(mode, rank, judgments, (done) => {
    if (tty) process.stderr.write(`\r${mode}: ${done}/${judgments.length} queries`.padEnd(70));
  }),
);
if (tty) process.stderr.write('\r'.padEnd(71) + '\r');

const f = (value: number) => value.toFixed(3);
if (values.json) {
  console.log(JSON.stringify(figures, null, 2));
} else {
  if (values.queries) {
    for (const mode of figures) {
      console.log(`\n${mode.mode}\n${'query'.padEnd(44)} ${'kind'.padEnd(18)} P@10  R@10  nDCG  shown`);
      for (const q of mode.queries) {
        console.log(`${q.query.slice(0, 43).padEnd(44)} ${q.kind.padEnd(18)} ${f(q.precision)} ${f(q.recall)} ${f(q.ndcg)} ${String(q.shown).padStart(3)}`);
      }
    }
    console.log('');
  }
  console.log(`${judgments.length} judged queries, ${judgments.reduce((n, j) => n + Object.keys(j.relevant).length, 0)} relevant judgments; cut-off 10`);
  console.log(`${'mode'.padEnd(38)} P@10   R@10   nDCG@10  zero-result`);
  for (const mode of figures) {
    const zero = Math.round(mode.zeroResultRate * judgments.length);
    console.log(`${mode.mode.padEnd(38)} ${f(mode.precision)}  ${f(mode.recall)}  ${f(mode.ndcg)}    ${f(mode.zeroResultRate)} (${zero})`);
  }
}
