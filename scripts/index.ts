// `npm run index`: build the search index from seeds/ and print a summary.
// On failure, prints the problem (file and line) and exits 1, leaving any previous index untouched.
import { buildIndex, summaryTable } from '../server/indexer/build-index.ts';
import { PATHS } from '../server/paths.ts';
import { SeedError } from '../server/corpus/seed-error.ts';
import { AppError } from '../server/errors.ts';
import { endQuietlyWhenPipeCloses } from './closed-pipe.ts';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write('Usage: npm run index\nRebuilds index/build/index.json from seeds/ and prints a summary; exit 1 (old index kept) on a broken seed.\n');
  process.exit(0);
}
endQuietlyWhenPipeCloses();

try {
  const data = buildIndex(PATHS, (line) => console.log(line));
  console.log(`\n${summaryTable(data)}`);
} catch (error) {
  if (!(error instanceof SeedError || error instanceof AppError)) throw error;
  console.error(`index not built: ${error.message}`);
  console.error('The previous index, if any, is unchanged.');
  process.exitCode = 1;
}
