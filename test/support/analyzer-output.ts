// What the analyzer computes from the suite's collection, as digests, and the record of it for the
// current ANALYZER_VERSION (test/fixtures/analyzer-output.json). The index is not rebuilt when code
// changes, only when ANALYZER_VERSION does (server/indexer/analyzer-version.ts); this record is how a
// change of output without a bump is caught: test/analyzer-version.test.ts compares, and
// `npm run analyzer:record` records again, refusing when the output changed but the version did not.
//
// Digested: what a build saves, in its logical form (the packed layout is INDEX_FORMAT_VERSION's
// business): documents and passages (ingest), every passage's tokens with their stems and offsets (the
// tokenizer, the stemmer, the word families), the synonyms' stems, MiniSearch's index (fields, terms,
// frequencies) and the alignment across years.

import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildIndex } from '../../server/indexer/build-index.ts';
import { collectionPaths } from '../../server/paths.ts';
import { tokenize } from '../../server/search/words/tokenize.ts';
import { buildSearchIndex } from '../../server/search/storage/search-index.ts';
import { ANALYZER_VERSION } from '../../server/indexer/analyzer-version.ts';
import { WORD_LISTS } from '../../server/indexer/build-inputs.ts';
import { COLLECTION, ROOT } from './corpus.ts';

export const RECORD_FILE = join(ROOT, 'test', 'fixtures', 'analyzer-output.json');

export interface AnalyzerRecord {
  analyzerVersion: number;
  /** What the output was computed from: the suite's seeds and synonyms, the word lists (SHA-256 each). */
  inputs: Record<string, string>;
  /** SHA-256 of each kind of output. */
  outputs: Record<string, string>;
}

/** The analyzer's output on the suite's collection now, built in a temporary copy. */
export function analyzerOutput(): AnalyzerRecord {
  const folder = mkdtempSync(join(tmpdir(), 'tip-analyzer-'));
  try {
    cpSync(COLLECTION, folder, { recursive: true });
    const built = buildIndex(collectionPaths(folder));
    const passages = [...built.passages];
    const tokens = passages.map((passage) =>
      tokenize(passage.text).map(({ term, stem, start, end }) => `${term} ${stem} ${start} ${end}`),
    );
    return {
      analyzerVersion: ANALYZER_VERSION,
      inputs: inputHashes(),
      outputs: {
        documents: sha256(JSON.stringify(built.documents)),
        passages: sha256(JSON.stringify(passages)),
        tokens: sha256(JSON.stringify(tokens)),
        synonyms: sha256(JSON.stringify(built.synonyms)),
        searchIndex: sha256(JSON.stringify(buildSearchIndex(passages).toJSON())),
        alignment: sha256(JSON.stringify(built.alignment)),
      },
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export function recorded(): AnalyzerRecord | null {
  return existsSync(RECORD_FILE) ? (JSON.parse(readFileSync(RECORD_FILE, 'utf8')) as AnalyzerRecord) : null;
}

/** The kinds of output that differ between two records. */
export function changedOutputs(a: AnalyzerRecord, b: AnalyzerRecord): string[] {
  return Object.keys({ ...a.outputs, ...b.outputs }).filter((kind) => a.outputs[kind] !== b.outputs[kind]);
}

/** The inputs that differ between two records. */
export function changedInputFiles(a: AnalyzerRecord, b: AnalyzerRecord): string[] {
  return Object.keys({ ...a.inputs, ...b.inputs }).filter((name) => a.inputs[name] !== b.inputs[name]);
}

/**
 * Why `now` may not replace the record `before`, or null when it may: the same version, the same
 * inputs and another output means the analysis changed without a bump of ANALYZER_VERSION.
 */
export function whyNotRecord(before: AnalyzerRecord | null, now: AnalyzerRecord): string | null {
  if (!before || before.analyzerVersion !== now.analyzerVersion || changedInputFiles(before, now).length > 0)
    return null;
  const changed = changedOutputs(before, now);
  if (changed.length === 0) return null;
  return `the analyzer's output changed (${changed.join(', ')}) from the same inputs, and ANALYZER_VERSION is still ${now.analyzerVersion}: bump it in server/indexer/analyzer-version.ts (every saved index is then rebuilt at its next start), then record`;
}

export function record(now: AnalyzerRecord): void {
  writeFileSync(RECORD_FILE, `${JSON.stringify(now, null, 2)}\n`);
}

function inputHashes(): Record<string, string> {
  const hashes: Record<string, string> = {};
  const add = (file: string) => (hashes[relative(ROOT, file)] = sha256(readFileSync(file)));
  const seeds = join(COLLECTION, 'seeds');
  for (const name of readdirSync(seeds).sort()) add(join(seeds, name));
  add(join(COLLECTION, 'words', 'synonyms.json'));
  for (const list of WORD_LISTS) add(join(ROOT, list));
  return hashes;
}

function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}
