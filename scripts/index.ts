// `npm run index`: build the search index from seeds/ and print a summary.
// On failure, prints the problem (file and line) and exits 1, leaving any previous index untouched.
// One build at a time: while another runs, waits for it (saying so), or with --no-wait exits 1 at once.
import { parseArgs } from 'node:util';
import { buildIndex, summaryTable } from '../server/indexer/build-index.ts';
import { PATHS } from '../server/paths.ts';
import { SeedError } from '../server/corpus/seed-error.ts';
import { AppError } from '../server/errors.ts';
import { BuildLockBusy } from '../server/indexer/build-lock.ts';
import { endQuietlyWhenPipeCloses } from './closed-pipe.ts';

endQuietlyWhenPipeCloses();

const USAGE = `Usage: npm run index [-- --quiet] [--no-wait]

Build the search index from the seeds (seeds/catalog.json and the files it lists) into index/build/.
Prints each stage with its counts and time, then passages per document and section.
The previous index keeps serving until the new one is complete; on a bad seed nothing changes.
A damaged or missing index is rebuilt from the seeds alone. One build runs at a time: while another
process builds or imports, this one waits for it, saying so.

  --quiet     print only the stage lines, not the per-document table
  --no-wait   when another build is running, say so and exit 1 instead of waiting
  -h, --help

Environment: TIP_COLLECTION=<folder> builds another collection laid out like the repository
(<folder>/seeds, <folder>/words/synonyms.json, <folder>/index/aliases.json).`;

const { values: options } = parseArgs({
  options: { quiet: { type: 'boolean' }, 'no-wait': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
});
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

try {
  const data = buildIndex(PATHS, (line) => console.log(line), { wait: !options['no-wait'] });
  if (!options.quiet) console.log(`\n${summaryTable(data)}`);
} catch (error) {
  if (error instanceof BuildLockBusy) {
    console.error(`index not built: ${error.message}`);
    process.exit(1);
  }
  if (!(error instanceof SeedError || error instanceof AppError)) throw error;
  console.error(`index not built: ${error.message}`);
  console.error('The previous index, if any, is unchanged.');
  process.exitCode = 1;
}
