// `node --import tsx bench/write-collection.ts --passages N --dir FOLDER`: only generate a collection
// (what `npm run bench:scale` does first), so that `TIP_COLLECTION=FOLDER npm run index` can be run,
// profiled and timed on its own, at sizes where the whole benchmark would take hours.

import { parseArgs } from 'node:util';
import { writeCollection } from './scale-collection.ts';

const USAGE = `Usage: node --import tsx bench/write-collection.ts --passages N --dir FOLDER

Write a generated TIP-like collection of about N passages into FOLDER (emptied first); then build it
with \`TIP_COLLECTION=FOLDER npm run index\`.`;

const { values: options } = parseArgs({
  options: { passages: { type: 'string' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
const target = Number(options.passages);
if (options.help || !options.dir || !Number.isInteger(target) || target < 100) {
  console.log(USAGE);
  process.exit(options.help ? 0 : 1);
}
const { documents } = writeCollection(options.dir, target);
console.log(`${documents} documents written to ${options.dir}`);
