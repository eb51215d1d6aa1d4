// The dimensions as columns: filters by a passage test or by merging position lists give the same
// hits, facets count disjunctively, and a dimension of thousands of values lists its top ones.
import { describe, expect, it } from 'vitest';
import type { DocumentRecord, Section } from '../server/corpus/types.ts';
import { DimensionColumns } from '../server/search/dimension-columns.ts';
import { FACET_TOP, type DimensionContext } from '../server/search/dimensions.ts';
import { facetsOf } from '../server/search/results/facets.ts';
import { HitList, MatcherTable } from '../server/search/evaluation/hit-list.ts';

/** 40 documents over 4 years and 2 countries; document i has i + 1 passages, sections in turn. */
function collection() {
  const documents = Array.from({ length: 40 }, (_, i) => ({
    id: `doc-${i}`,
    label: `Document ${i}`,
    year: 2020 + (i % 4),
    country: i % 2 === 0 ? 'PRK' : 'CHN',
    sectionCounts: { protection: 1, prevention: 1 },
  })) as unknown as DocumentRecord[];
  const documentOf: number[] = [];
  const sections: Section[] = [];
  documents.forEach((_, d) => {
    for (let k = 0; k <= d; k++) {
      documentOf.push(d);
      sections.push(k % 2 === 0 ? 'protection' : 'prevention');
    }
  });
  const context: DimensionContext = { documents, years: [2020, 2021, 2022, 2023] };
  const columns = new DimensionColumns(context, {
    length: documentOf.length,
    documentOf: Uint32Array.from(documentOf),
    section: (position) => sections[position]!,
  });
  return { columns, documentOf, sections, documents, count: documentOf.length };
}

const hitsOf = (positions: number[], table = new MatcherTable()) =>
  new HitList(
    Int32Array.from(positions),
    Float64Array.from(positions, (p) => p / 10),
    new Int32Array(positions.length),
    table,
  );

describe('dimension columns', () => {
  const { columns, documentOf, sections, documents, count } = collection();
  const yearOf = (position: number) => documents[documentOf[position]!]!.year;

  it('narrow a few hits by testing them and many by merging lists, to the same hits and scores', () => {
    const every = hitsOf(Array.from({ length: count }, (_, i) => i));
    const few = hitsOf([0, 5, 100, 400, 819]);
    for (const hits of [every, few]) {
      const narrowed = columns.narrow(hits, 'year', [2021, 2023]);
      const expected = [...hits.positions].filter((p) => [2021, 2023].includes(yearOf(p)));
      expect([...narrowed.positions]).toEqual(expected);
      expect([...narrowed.scores]).toEqual(expected.map((p) => p / 10));
      expect([...columns.narrow(hits, 'year', [2021, 2023], false).positions]).toEqual(
        [...hits.positions].filter((p) => ![2021, 2023].includes(yearOf(p))),
      );
    }
  });

  it('select every passage of several values, ascending', () => {
    const selected = [...columns.select('section', ['prevention'], new MatcherTable()).positions];
    expect(selected).toEqual(sections.flatMap((section, p) => (section === 'prevention' ? [p] : [])));
    const years = [...columns.select('year', [2022, 2020], new MatcherTable()).positions];
    expect(years).toEqual(Array.from({ length: count }, (_, p) => p).filter((p) => [2020, 2022].includes(yearOf(p))));
  });

  it('count each dimension without its own selection, as counting passage by passage does', () => {
    const all = Array.from({ length: count }, (_, i) => i);
    const selection = { year: [2020, 2022], section: ['protection'], country: ['CHN'] };
    const valueAt = {
      year: yearOf,
      section: (p: number) => sections[p]!,
      country: (p: number) => documents[documentOf[p]!]!.country,
      doc: (p: number) => documents[documentOf[p]!]!.id,
    };
    const counts = columns.count(all, selection);
    columns.columns.forEach((column, d) => {
      const name = column.dimension.name as keyof typeof valueAt;
      const others = (Object.keys(selection) as Array<keyof typeof selection>).filter((other) => other !== name);
      const expected = new Uint32Array(column.values.length + 1);
      for (const p of all)
        if (others.every((other) => (selection[other] as Array<string | number>).includes(valueAt[other](p))))
          expected[column.idOf(valueAt[name](p))]!++;
      expect([...counts[d]!], name).toEqual([...expected]);
    });
  });

  it(`list every year, and at most ${FACET_TOP} documents, most matches first, with the selected ones`, () => {
    const all = Array.from({ length: count }, (_, i) => i);
    const facets = facetsOf(columns.count(all, { doc: ['doc-0'] }), { doc: ['doc-0'] }, columns);
    expect(facets.year.map((facet) => facet.value)).toEqual([2020, 2021, 2022, 2023]);
    expect(facets.doc.slice(0, FACET_TOP).map((facet) => facet.value)).toEqual(
      Array.from({ length: FACET_TOP }, (_, i) => `doc-${39 - i}`),
    );
    // doc-0 has the fewest passages, and is listed because it is selected.
    expect(facets.doc.map((facet) => facet.value).at(-1)).toBe('doc-0');
    expect(facets.doc).toHaveLength(FACET_TOP + 1);
    expect(facets.doc.at(-1)).toMatchObject({ label: 'Document 0', count: 1, selected: true });
  });

  it('list the countries, most matches first, once the collection holds two', () => {
    const facets = facetsOf(columns.count([0, 1, 2], {}), {}, columns);
    expect(facets.country.map((facet) => facet.value)).toEqual(['CHN', 'PRK']);
  });
});
