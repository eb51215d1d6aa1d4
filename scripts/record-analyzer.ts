// `npm run analyzer:record`: record what the analyzer computes from the suite's collection
// (test/fixtures/analyzer-output.json), which test/analyzer-version.test.ts compares with. Refuses when
// the output changed from the same inputs while ANALYZER_VERSION did not: that change must rebuild
// every saved index, and only a bump does.
import {
  analyzerOutput,
  changedInputFiles,
  changedOutputs,
  record,
  recorded,
  RECORD_FILE,
  whyNotRecord,
} from '../test/support/analyzer-output.ts';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`Usage: npm run analyzer:record

Build the suite's collection (test/fixtures/collection) and record digests of what the analyzer
computed (documents, passages, tokens, synonyms, the search index, the alignment) with ANALYZER_VERSION
and the inputs they came from, in ${RECORD_FILE}. Run it after bumping ANALYZER_VERSION
(server/indexer/analyzer-version.ts) or after changing a word list or the suite's seeds.
Refuses, exit 1, when the output changed from the same inputs and ANALYZER_VERSION did not.`);
  process.exit(0);
}

const before = recorded();
const now = analyzerOutput();
const refusal = whyNotRecord(before, now);
if (refusal) {
  console.error(`not recorded: ${refusal}`);
  process.exit(1);
}
record(now);
const changes = before
  ? [...changedOutputs(before, now).map((kind) => `${kind} output`), ...changedInputFiles(before, now)]
  : [];
const what = !before ? 'first record' : changes.length ? `changed: ${changes.join(', ')}` : 'unchanged';
console.log(`recorded analyzer ${now.analyzerVersion} in ${RECORD_FILE} (${what})`);
