// The alignment the build computes equals, entry for entry, the alignment of the code before it was made
// to scale (test/support/reference-align.ts, frozen): on the seeds, on a generated collection where the
// caps on probes and candidates bind, and with caps small enough that they bind for almost every sentence.
import { describe, expect, it } from 'vitest';
import { generateCollection } from '../bench/corpus-generator.ts';
import { alignPassages, ALIGN_OPTIONS, takesPart, type Alignment } from '../server/analysis/align.ts';
import { ingestCorpus, type Corpus } from '../server/corpus/ingest.ts';
import { PassageTerms } from '../server/indexer/passage-terms.ts';
import { buildSearchIndex } from '../server/search/storage/search-index.ts';
import { referenceAlignPassages } from './support/reference-align.ts';
import { realCorpus } from './support/corpus.ts';

let generated: Corpus | undefined;
/** About 5,000 passages: 4 countries x 25 years, blocks of about 1,250 passages. */
function generatedCorpus(): Corpus {
  if (generated) return generated;
  const real = realCorpus();
  const reports = new Set(real.documents.filter((d) => takesPart(d.type)).map((d) => d.id));
  const seeds = generateCollection({ passages: real.passages.filter((p) => reports.has(p.doc)), target: 5000 });
  generated = ingestCorpus(seeds.map(({ entry, text }) => ({ entry, source: `seeds/${entry.file}`, text })));
  return generated;
}

/** Counterparts per passage, to say in a failure how much differs rather than print two huge objects. */
function differences(actual: Alignment, expected: Alignment): string[] {
  const ids = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  return [...ids].filter((id) => JSON.stringify(actual[id]) !== JSON.stringify(expected[id])).slice(0, 5);
}

describe('the alignment equals the reference alignment', () => {
  const cases = [
    { name: 'on the seeds', corpus: realCorpus, options: ALIGN_OPTIONS },
    { name: 'on 5,000 generated passages in four country blocks', corpus: generatedCorpus, options: ALIGN_OPTIONS },
    {
      name: 'on 5,000 generated passages with caps of 6 probes and 5 candidates',
      corpus: generatedCorpus,
      options: { ...ALIGN_OPTIONS, probeCap: 6, candidateCap: 5 },
    },
    {
      name: 'on 5,000 generated passages with a threshold of 0.3',
      corpus: generatedCorpus,
      options: { ...ALIGN_OPTIONS, revised: 0.3 },
    },
  ];
  it.each(cases)(
    '$name',
    ({ corpus, options }) => {
      const { passages, documents } = corpus();
      const expected = referenceAlignPassages(passages, documents, options);
      const actual = alignPassages(passages, documents, options);
      expect(differences(actual, expected)).toEqual([]);
      expect(actual).toEqual(expected);
      // Key order too: the saved alignment parts list entries in this order.
      expect(Object.keys(actual)).toEqual(Object.keys(expected));
      expect(Object.values(expected).filter((a) => a.alsoIn.length > 0).length).toBeGreaterThan(passages.length / 4);
    },
    120_000,
  );

  it('with the terms the build keeps from indexing rather than tokenizing again', () => {
    const { passages, documents } = generatedCorpus();
    const kept = new PassageTerms();
    buildSearchIndex(passages, (terms) => kept.add(terms));
    const actual = alignPassages(passages, documents, ALIGN_OPTIONS, (position) => kept.termsAt(position));
    expect(differences(actual, referenceAlignPassages(passages, documents))).toEqual([]);
  }, 120_000);
});
