// `npm run -s passages`: every passage of the corpus as one JSON object per line, in document order.
// Runs the ingestion stages directly on seeds/ (no index needed), so it is also how the corpus is checked.
import { readSeeds } from '../server/corpus/read-seeds.ts';
import { ingestCorpus } from '../server/corpus/ingest.ts';
import { PATHS } from '../server/paths.ts';
import { SeedError } from '../server/corpus/seed-error.ts';
import { endQuietlyWhenPipeCloses } from './closed-pipe.ts';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(
    'Usage: npm run -s passages\nPrints every passage of seeds/ as one JSON object per line, in document order.\n',
  );
  process.exit(0);
}
endQuietlyWhenPipeCloses();
try {
  const corpus = ingestCorpus(readSeeds(PATHS.seeds, PATHS.root));
  process.stdout.write(`${corpus.passages.map((passage) => JSON.stringify(passage)).join('\n')}\n`);
} catch (error) {
  if (!(error instanceof SeedError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
