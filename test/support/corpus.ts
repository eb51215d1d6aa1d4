// The suite's own collection, ingested once per test file: a fixed copy of the five seeds with their
// catalog, synonyms and aliases (test/fixtures/collection), never the user's seeds/ or TIP_COLLECTION, so
// `npm test` gives the same answers after a user has imported reports. The global setup
// (test/support/global-setup.ts) builds a copy of it for the commands the tests start.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readSeeds } from '../../server/corpus/read-seeds.ts';
import { ingestCorpus, type Corpus } from '../../server/corpus/ingest.ts';

/** The repository: code, views, scripts. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The suite's collection (seeds/, words/synonyms.json, index/aliases.json). */
export const COLLECTION = join(ROOT, 'test', 'fixtures', 'collection');
export const SEEDS = join(COLLECTION, 'seeds');
export const SYNONYMS = join(COLLECTION, 'words', 'synonyms.json');

let corpus: Corpus | undefined;

export function realCorpus(): Corpus {
  corpus ??= ingestCorpus(readSeeds(SEEDS, COLLECTION));
  return corpus;
}

export function passageById(id: string) {
  const passage = realCorpus().passages.find((candidate) => candidate.id === id);
  if (!passage) throw new Error(`no passage ${id}`);
  return passage;
}

/** The one passage whose text contains `fragment`; fails when there are none or several. */
export function passageContaining(fragment: string, doc?: string) {
  const found = realCorpus().passages.filter((p) => p.text.includes(fragment) && (!doc || p.doc === doc));
  if (found.length !== 1) throw new Error(`${found.length} passages contain ${JSON.stringify(fragment)}`);
  return found[0]!;
}
