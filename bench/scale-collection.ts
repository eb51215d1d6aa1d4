// Writing a generated collection to a folder laid out as the repository's (TIP_COLLECTION, server/paths.ts):
//   <folder>/seeds/*.txt + catalog.json, <folder>/words/synonyms.json (the five seeds'), aliases.json.

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PATHS, collectionPaths } from '../server/paths.ts';
import { openSeeds } from '../server/corpus/read-seeds.ts';
import { ingestCorpus } from '../server/corpus/ingest.ts';
import { takesPart } from '../server/analysis/align.ts';
import type { BuildPaths } from '../server/indexer/build-index.ts';
import { generateCollection } from './corpus-generator.ts';

/**
 * The material every generated collection is grown from: the five seeds as the repository ships them
 * (the test suite's fixed copy), not the user's seeds/, which imports change: the same target gives the
 * same collection on every machine.
 */
const FIXED_COLLECTION = join(PATHS.code, 'test', 'fixtures', 'collection');

/** Generate about `passages` passages into `folder` (emptied first). Returns the build paths and counts. */
export function writeCollection(folder: string, passages: number): { paths: BuildPaths; documents: number } {
  const real = ingestCorpus(openSeeds(join(FIXED_COLLECTION, 'seeds'), FIXED_COLLECTION).files());
  const reports = new Set(real.documents.filter((d) => takesPart(d.type)).map((d) => d.id));
  const seeds = generateCollection({ passages: real.passages.filter((p) => reports.has(p.doc)), target: passages });
  rmSync(folder, { recursive: true, force: true });
  const paths = collectionPaths(folder);
  mkdirSync(paths.seeds, { recursive: true });
  mkdirSync(join(folder, 'index'), { recursive: true });
  mkdirSync(dirname(paths.synonyms), { recursive: true });
  for (const { entry, text } of seeds) writeFileSync(join(paths.seeds, entry.file), text);
  writeFileSync(
    join(paths.seeds, 'catalog.json'),
    JSON.stringify({ about: 'Generated for the scale benchmark.', documents: seeds.map((s) => s.entry) }, null, 1),
  );
  cpSync(join(FIXED_COLLECTION, 'words', 'synonyms.json'), paths.synonyms);
  writeFileSync(
    paths.aliases,
    `${JSON.stringify({ about: 'Generated collection: no retired ids.', aliases: {} }, null, 2)}\n`,
  );
  // Written last: a folder with this marker holds a whole collection for this target.
  writeFileSync(join(folder, GENERATED), `${JSON.stringify({ passages, documents: seeds.length })}\n`);
  return { paths, documents: seeds.length };
}

/** The marker of a finished generation, beside seeds/ and index/. */
const GENERATED = 'generated.json';

/**
 * The collection already generated in `folder` for this target, or null. The generator is deterministic,
 * so a collection made for the same target is the one a new run would write (a 1M collection takes
 * minutes to write: `npm run bench:scale -- --reuse` skips that).
 */
export function generatedCollection(folder: string, passages: number): { paths: BuildPaths; documents: number } | null {
  const marker = join(folder, GENERATED);
  if (!existsSync(marker)) return null;
  const made = JSON.parse(readFileSync(marker, 'utf8')) as { passages: number; documents: number };
  return made.passages === passages ? { paths: collectionPaths(folder), documents: made.documents } : null;
}
