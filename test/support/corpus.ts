// The real seed corpus, ingested once per test file.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readSeeds } from '../../server/corpus/read-seeds.ts';
import { ingestCorpus, type Corpus } from '../../server/corpus/ingest.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SEEDS = join(ROOT, 'seeds');

let corpus: Corpus | undefined;

export function realCorpus(): Corpus {
  corpus ??= ingestCorpus(readSeeds(SEEDS, ROOT));
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
