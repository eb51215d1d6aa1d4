// The packed alignment: saved in binary parts and read back entry by entry, it is the alignment that
// was built, as the record every reader of it indexes by passage id.
import { describe, expect, it } from 'vitest';
import { alignPassages, matchIn, type Alignment } from '../server/analysis/align.ts';
import { packAlignment, packedAlignment } from '../server/indexer/packed-alignment.ts';
import { compareYears } from '../server/analysis/compare.ts';
import { recommendationThreads } from '../server/analysis/recommendations.ts';
import { PassageTable } from '../server/passage-table.ts';
import { realCorpus } from './support/corpus.ts';

let real: Alignment | undefined;
const built = () => (real ??= alignPassages(realCorpus().passages, realCorpus().documents));
const table = () => PassageTable.of(realCorpus().documents, realCorpus().passages);
const loaded = (records = 7) =>
  packedAlignment(
    packAlignment(built(), table(), records).map((bytes, i) => ({ bytes, source: `alignment-${i}.bin` })),
    table(),
  );

describe('the packed alignment', () => {
  it('reads back every passage, counterpart, status, similarity and first year as built', () => {
    const alignment = loaded();
    expect(Object.keys(alignment).sort()).toEqual(Object.keys(built()).sort());
    for (const id of Object.keys(built())) expect(alignment[id], id).toEqual(built()[id]);
    expect(alignment).toEqual(built());
  });

  it('has no entry for commentary or an unknown id, as the record has none', () => {
    const alignment = loaded();
    const commentary = realCorpus().passages.find((p) => p.doc === '2019-king-keia')!;
    expect([
      alignment[commentary.id],
      commentary.id in alignment,
      alignment['no-such-id'],
      'no-such-id' in alignment,
    ]).toEqual([undefined, false, undefined, false]);
    expect(built()[commentary.id]).toBeUndefined();
  });

  it('gives comparisons across years and recommendation threads what the built alignment gives', () => {
    const { passages } = realCorpus();
    expect(compareYears(loaded(), passages, 2016, 2025)).toEqual(compareYears(built(), passages, 2016, 2025));
    expect(recommendationThreads(loaded(), passages)).toEqual(recommendationThreads(built(), passages));
    const dandong = passages.find((p) => p.text.includes('Dandong'))!;
    expect(loaded()[dandong.id]).toEqual({ alsoIn: [], firstYear: 2025 });
    expect(matchIn(loaded(), '2025-tip-overview-p1-s1', 2007)).toMatchObject({
      id: '2007-tip-overview-p1-s1',
      status: 'revised',
    });
  });

  it('is read-only: a write fails rather than being lost', () => {
    const alignment = loaded();
    expect(() => {
      alignment['2025-tip-overview-p1-s1'] = { alsoIn: [], firstYear: 1 };
    }).toThrow(TypeError);
  });

  it('packs again from a loaded alignment to the same parts', () => {
    const parts = packAlignment(built(), table(), 50);
    expect(packAlignment(loaded(), table(), 50)).toEqual(parts);
  });

  it('refuses to pack a similarity it could not read back exactly', () => {
    const id = '2025-tip-overview-p1-s1';
    const entry = built()[id]!;
    const odd = { ...built(), [id]: { ...entry, alsoIn: [{ ...entry.alsoIn[0]!, similarity: 0.12345 }] } };
    expect(() => packAlignment(odd, table(), 50)).toThrow(`cannot pack ${id}'s counterpart`);
  });

  it('fails when first read, naming the part, when a part is cut short (its entries are read on first use, not at load)', () => {
    const [first] = packAlignment(built(), table(), 1000);
    const damaged = packedAlignment(
      [{ bytes: first!.subarray(0, first!.length - 1), source: '/x/alignment-000.bin' }],
      table(),
    );
    expect(() => damaged['2025-tip-overview-p1-s1']).toThrow(
      /^\/x\/alignment-000\.bin is not a readable index part \(.*\); run `npm run index`/,
    );
    expect(() => Object.keys(damaged)).toThrow(/alignment-000\.bin is not a readable index part/);
  });
});
