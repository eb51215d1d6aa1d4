// The version of the analysis a build runs over the seeds. The index is rebuilt when its inputs change
// (build-inputs.ts): the seeds, the word lists, and this version with the versions of the packages that
// compute it. Code is not an input: a comment or a refactoring in server/ that changes no passage, token
// or alignment leaves the index as it is, where hashing the source rebuilt it (minutes at 1M passages).

/**
 * Bump when a build from the same seeds and word lists would save something different:
 * - passages or documents (ingest: cleaning, sections, sentences, ids, metadata; server/corpus/);
 * - tokens or stems (tokenize.ts, the stemmer, how word families and synonyms are applied);
 * - the search index's fields or terms (search-index.ts);
 * - the alignment across years (server/analysis/align.ts, similarity.ts).
 * The next start rebuilds. A change of the saved files' layout bumps INDEX_FORMAT_VERSION instead
 * (index-file.ts). `test/analyzer-version.test.ts` fails when the output on the suite's collection
 * changes and this number does not; `npm run analyzer:record` then records the new output.
 */
export const ANALYZER_VERSION = 1;

/** The packages whose code computes what a build saves: their versions are part of the analyzer's. */
export const ANALYZER_PACKAGES = ['minisearch', 'snowball-stemmers', 'world-countries'] as const;
