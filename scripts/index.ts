// `npm run index`: build the search index from seeds/ and print a summary.
// On failure, prints the problem (file and line) and exits 1, leaving any previous index untouched.
import { parseArgs } from 'node:util';
import { buildIndex, summaryTable } from '../server/indexer/build-index.ts';
import { PATHS } from '../server/paths.ts';
import { SeedError } from '../server/corpus/seed-error.ts';
import { AppError } from '../server/errors.ts';
import { endQuietlyWhenPipeCloses } from './closed-pipe.ts';

endQuietlyWhenPipeCloses();

const USAGE = `Usage: npm run index [-- --quiet]

Build the search index from the seeds (seeds/catalog.json and the files it lists) into index/build/.
Prints each stage with its counts and time, then passages per document and section.
The previous index keeps serving until the new one is complete; on a bad seed nothing changes.

  --quiet   print only the stage lines, not the per-document table
  -h, --help

Environment: TIP_COLLECTION=<folder> builds another collection laid out like the repository
(<folder>/seeds, <folder>/index/synonyms.json, <folder>/index/aliases.json).`;

const { values: options } = parseArgs({ options: { quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

try {
  const data = buildIndex(PATHS, (line) => console.log(line));
  if (!options.quiet) console.log(`\n${summaryTable(data)}`);
} catch (error) {
  if (!(error instanceof SeedError || error instanceof AppError)) throw error;
  console.error(`index not built: ${error.message}`);
  console.error('The previous index, if any, is unchanged.');
  process.exitCode = 1;
}
