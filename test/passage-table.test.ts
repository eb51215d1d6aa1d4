// The passage table: every passage by position, from packed parts or from objects, read back as the
// passages that went in; ids found by position; a delta's composition keeps order and says where each
// passage came from.
import { describe, expect, it } from 'vitest';
import { bytesHash, idHash, PassageTable } from '../server/passage-table.ts';
import { PackedPassages, packPassages } from '../server/indexer/packed-passages.ts';
import { realCorpus } from './support/corpus.ts';

const { documents, passages } = realCorpus();
/** The corpus in parts of 37 passages (parts cut through documents, as the saved index's are). */
const fromParts = () => {
  const parts: PackedPassages[] = [];
  for (let at = 0; at < passages.length; at += 37)
    parts.push(new PackedPassages({ bytes: packPassages(passages.slice(at, at + 37)), source: `passages-${at}.bin` }));
  return PassageTable.fromParts(documents, parts);
};

describe.each([
  ['of objects', () => PassageTable.of(documents, passages)],
  ['of packed parts', fromParts],
])('a passage table %s', (_, make) => {
  const table = make();

  it('gives back every passage at its position, with its id, text, section, paragraph, document and year', () => {
    expect(table.length).toBe(passages.length);
    expect([...table]).toEqual(passages);
    passages.forEach((passage, position) => {
      expect(table.id(position)).toBe(passage.id);
      expect(table.text(position)).toBe(passage.text);
      expect(table.section(position)).toBe(passage.section);
      expect(table.paragraph(position)).toBe(passage.paragraph);
      expect(table.document(position).id).toBe(passage.doc);
      expect(table.year(position)).toBe(passage.year);
    });
  });

  it('finds every passage’s position by its id, and none for an id it does not hold', () => {
    passages.forEach((passage, position) => {
      expect(table.positionOf(passage.id)).toBe(position);
    });
    expect(table.positionOf('2025-tip-overview-p999-s1')).toBeUndefined();
    expect(table.positionOf('')).toBeUndefined();
  });

  it('lists each document’s passages in order, and none for a document with none', () => {
    documents.forEach((document, i) => {
      expect(Array.from(table.positionsOfDocument(i), (position) => table.id(position))).toEqual(
        passages.filter((p) => p.doc === document.id).map((p) => p.id),
      );
    });
  });

  it('refuses a position it does not hold', () => {
    expect(() => table.at(passages.length)).toThrow(RangeError);
    expect(() => table.id(-1)).toThrow(RangeError);
  });
});

describe('a composed passage table', () => {
  const base = fromParts();
  const [first, second] = documents;
  const firstPositions = base.positionsOfDocument(0);
  const added = { ...passages[0]!, id: 'new-1', text: 'A new sentence about Dandong.' };

  it('puts runs of a table and new passages in the order given, and says where each came from in the base', () => {
    const { table, from } = PassageTable.composed(
      documents,
      [{ passages: [added] }, { table: base, positions: firstPositions }],
      base,
    );
    expect([...table]).toEqual([added, ...passages.filter((p) => p.doc === first!.id)]);
    expect(Array.from(from)).toEqual([-1, ...Array.from(firstPositions)]);
  });

  it('places a table’s passages under the new document list, wherever their documents moved', () => {
    const reordered = [second!, first!, ...documents.slice(2)];
    const { table } = PassageTable.composed(reordered, [{ table: base, positions: firstPositions }]);
    expect(table.document(0).id).toBe(first!.id);
    expect(table.documentOf[0]).toBe(1);
  });

  it('fails, naming the passage, when a passage’s document is not in the list', () => {
    expect(() => PassageTable.composed([second!], [{ table: base, positions: firstPositions }])).toThrow(
      `passage ${passages[0]!.id} names document ${first!.id}, which is not in the catalog`,
    );
    expect(() => PassageTable.of([second!], [added])).toThrow(
      `passages of document ${first!.id}, which is not in the catalog`,
    );
  });
});

describe('the id hash', () => {
  it('hashes an id as its UTF-8 bytes, as a packed part hashes them without decoding', () => {
    for (const id of ['2016-tip-prosecution-p3-s2', 'côte-d’ivoire-2020-p1-s1', '']) {
      const bytes = Buffer.from(`xx${id}yy`, 'utf8');
      expect(idHash(id)).toBe(bytesHash(bytes, 2, bytes.length - 2));
    }
    expect(idHash('a')).not.toBe(idHash('b'));
  });
});
