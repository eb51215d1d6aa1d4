// The packed alignment: saved in binary parts and read back entry by entry, it is the alignment that
// was built, as the record every reader of it indexes by passage id.
import { mkdtempSync, openSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alignPassages, matchIn, type Alignment } from '../server/analysis/align.ts';
import { packAlignment, packedAlignment } from '../server/indexer/packed-alignment.ts';
import { compareYears } from '../server/analysis/compare.ts';
import { recommendationThreads } from '../server/analysis/recommendations.ts';
import { PassageTable } from '../server/passage-table.ts';
import { partInMemory, PartOnDisk } from '../server/search/storage/part-on-disk.ts';
import { realCorpus } from './support/corpus.ts';

let real: Alignment | undefined;
const built = () => (real ??= alignPassages(realCorpus().passages, realCorpus().documents));
const table = () => PassageTable.of(realCorpus().documents, realCorpus().passages);
const loaded = (records = 7) =>
  packedAlignment(
    packAlignment(built(), table(), records).map((bytes, i) => partInMemory({ bytes, source: `alignment-${i}.bin` })),
    table(),
  );
/** The parts written to files and read from them, as a loaded index reads them (nothing held). */
const onDisk = (parts: Buffer[]) => {
  const folder = mkdtempSync(join(tmpdir(), 'alignment-'));
  return parts.map((bytes, i) => {
    const file = join(folder, `alignment-${i}.bin`);
    writeFileSync(file, bytes);
    return { file, part: new PartOnDisk(openSync(file, 'r'), file, 0, bytes.length) };
  });
};

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
      [partInMemory({ bytes: first!.subarray(0, first!.length - 1), source: '/x/alignment-000.bin' })],
      table(),
    );
    expect(() => damaged['2025-tip-overview-p1-s1']).toThrow(
      /^\/x\/alignment-000\.bin is not a readable index part \(.*\); run `npm run index`/,
    );
    expect(() => Object.keys(damaged)).toThrow(/alignment-000\.bin is not a readable index part/);
  });

  it('reads the same from parts left on disk, one entry at a time', () => {
    const parts = onDisk(packAlignment(built(), table(), 7));
    const alignment = packedAlignment(
      parts.map(({ part }) => part),
      table(),
    );
    expect(Object.keys(alignment).sort()).toEqual(Object.keys(built()).sort());
    for (const id of Object.keys(built())) expect(alignment[id], id).toEqual(built()[id]);
    for (const { part } of parts) part.close();
  });

  it('fails, naming the part, when an entry on disk no longer reads (the file cut short after the load)', () => {
    const { file, part } = onDisk(packAlignment(built(), table(), 100_000))[0]!;
    const alignment = packedAlignment([part], table());
    const id = '2025-tip-overview-p1-s1';
    expect(alignment[id]).toEqual(built()[id]);
    truncateSync(file, 100);
    const last = Object.keys(built()).at(-1)!;
    expect(() => alignment[last]).toThrow(/alignment-0\.bin is not a readable index part \(cut short at byte \d+\)/);
    part.close();
  });
});
