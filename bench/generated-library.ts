// A generated TIP-like collection as an in-memory Library (never written to disk, never aligned): what the
// query-path benchmark and the engine equivalence test search.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PATHS } from '../server/paths.ts';
import { readSeeds } from '../server/corpus/read-seeds.ts';
import { ingestCorpus, type Corpus } from '../server/corpus/ingest.ts';
import { takesPart } from '../server/analysis/align.ts';
import { parseSynonyms } from '../server/search/words/synonyms.ts';
import { buildSearchIndex } from '../server/search/storage/search-index.ts';
import { Library } from '../server/library.ts';
import { generateCollection } from './corpus-generator.ts';

/** About `target` passages generated from the repository's seeds, ingested as the indexer would. */
export function generatedCorpus(target: number): Corpus {
  const real = ingestCorpus(readSeeds(join(PATHS.code, 'seeds'), PATHS.code));
  const reports = new Set(real.documents.filter((d) => takesPart(d.type)).map((d) => d.id));
  const seeds = generateCollection({ passages: real.passages.filter((p) => reports.has(p.doc)), target });
  return ingestCorpus(seeds.map(({ entry, text }) => ({ entry, source: entry.file, text })));
}

/** The corpus searchable in memory; alignment is left empty, since searching never reads it. */
export function generatedLibrary(corpus: Corpus): Library {
  const synonyms = parseSynonyms(readFileSync(join(PATHS.code, 'words/synonyms.json'), 'utf8'), 'words/synonyms.json');
  return new Library({
    documents: corpus.documents,
    passages: corpus.passages,
    synonyms,
    index: buildSearchIndex(corpus.passages),
    builtAt: 'generated',
    alignment: {},
  });
}
