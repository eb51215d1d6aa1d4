// The index is rebuilt when ANALYZER_VERSION changes, not when code does; so a change to what the
// analysis computes (tokens, stems, passages, the search index, the alignment) must come with a bump.
// What it computes from the suite's collection is recorded for the current version
// (test/fixtures/analyzer-output.json, `npm run analyzer:record`), and compared here.
import { describe, expect, it } from 'vitest';
import { ANALYZER_VERSION } from '../server/indexer/analyzer-version.ts';
import {
  analyzerOutput,
  changedInputFiles,
  changedOutputs,
  recorded,
  whyNotRecord,
  type AnalyzerRecord,
} from './support/analyzer-output.ts';

describe('the analyzer version', () => {
  it('covers the analyzer’s output on the suite’s collection: the same output as recorded for this version', () => {
    const before = recorded();
    const now = analyzerOutput();
    expect(before, 'test/fixtures/analyzer-output.json: run `npm run analyzer:record`').not.toBeNull();
    expect(
      before!.analyzerVersion,
      `ANALYZER_VERSION is ${ANALYZER_VERSION}: record its output with \`npm run analyzer:record\``,
    ).toBe(ANALYZER_VERSION);
    expect(
      changedInputFiles(before!, now),
      'the suite’s seeds or a word list changed since the record: `npm run analyzer:record` (no bump needed for that)',
    ).toEqual([]);
    expect(
      changedOutputs(before!, now),
      'the analysis changed: bump ANALYZER_VERSION (server/indexer/analyzer-version.ts), then `npm run analyzer:record`',
    ).toEqual([]);
  });
});

describe('recording the analyzer’s output', () => {
  const record: AnalyzerRecord = {
    analyzerVersion: 3,
    inputs: { 'words/word-families.json': 'a' },
    outputs: { tokens: 't', passages: 'p' },
  };
  const cases = [
    { change: 'nothing', now: record, allowed: true },
    {
      change: 'the tokens, and not the version',
      now: { ...record, outputs: { ...record.outputs, tokens: 'u' } },
      allowed: false,
    },
    {
      change: 'the tokens and the version',
      now: { ...record, analyzerVersion: 4, outputs: { ...record.outputs, tokens: 'u' } },
      allowed: true,
    },
    {
      change: 'the tokens and a word list',
      now: { ...record, inputs: { 'words/word-families.json': 'b' }, outputs: { ...record.outputs, tokens: 'u' } },
      allowed: true,
    },
    { change: 'the version alone', now: { ...record, analyzerVersion: 4 }, allowed: true },
  ];
  for (const { change, now, allowed } of cases) {
    it(`${allowed ? 'records' : 'refuses'} when ${change} changed`, () => {
      const refusal = whyNotRecord(record, now);
      if (allowed) expect(refusal).toBeNull();
      else
        expect(refusal).toMatch(
          /^the analyzer's output changed \(tokens\) from the same inputs, and ANALYZER_VERSION is still 3: bump it/,
        );
    });
  }
});
