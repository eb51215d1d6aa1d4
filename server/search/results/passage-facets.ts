// Every passage's facet values as small integers, one typed array per facet, so that filtering and
// counting hundreds of thousands of matches reads numbers rather than comparing strings in Passage
// objects. The counts are handed to facets.ts, which lays them out as for any other count.
//
//   year:    Uint16Array  position -> index into years     ([2001, 2002, ...])
//   section: Uint8Array   position -> index into sections  (['introduction', ...])
//   doc:     Uint32Array  position -> index into docs
//   country: Uint16Array  position -> index into countries

import type { Passage, Section } from '../../corpus/types.ts';
import type { Selection } from './facets.ts';

/** Facet name -> value -> matches counted (what facets.ts's facetsFromTallies lays out). */
export interface Tallies {
  year: Map<number, number>;
  section: Map<Section, number>;
  doc: Map<string, number>;
  country: Map<string, number>;
}

class Column<V> {
  readonly values: V[] = [];
  private readonly indexOf = new Map<V, number>();

  constructor(readonly at: Uint8Array | Uint16Array | Uint32Array) {}

  add(position: number, value: V): void {
    let index = this.indexOf.get(value);
    if (index === undefined) {
      this.indexOf.set(value, (index = this.values.length));
      this.values.push(value);
    }
    this.at[position] = index;
  }

  /** 1 for each value the selection allows (every value when it selects none, unless `none` is 0). */
  allowed(selected: readonly V[], none: 0 | 1 = 1): Uint8Array {
    const mask = new Uint8Array(this.values.length).fill(selected.length === 0 ? none : 0);
    for (const value of selected) {
      const index = this.indexOf.get(value);
      if (index !== undefined) mask[index] = 1;
    }
    return mask;
  }

  tally(counts: Uint32Array): Map<V, number> {
    const tally = new Map<V, number>();
    counts.forEach((count, index) => {
      if (count > 0) tally.set(this.values[index]!, count);
    });
    return tally;
  }
}

export class PassageFacets {
  private readonly year: Column<number>;
  private readonly section: Column<Section>;
  private readonly doc: Column<string>;
  private readonly country: Column<string>;

  constructor(passages: readonly Passage[]) {
    this.year = new Column(new Uint16Array(passages.length));
    this.section = new Column(new Uint8Array(passages.length));
    this.doc = new Column(new Uint32Array(passages.length));
    this.country = new Column(new Uint16Array(passages.length));
    passages.forEach((passage, position) => {
      this.year.add(position, passage.year);
      this.section.add(position, passage.section);
      this.doc.add(position, passage.doc);
      this.country.add(position, passage.country);
    });
  }

  /** A test for positions: does the passage there pass the selection? (facets.ts's passesSelection) */
  filter(selection: Selection): (position: number) => boolean {
    const [years, sections, docs, countries] = this.masks(selection);
    return (position) => years[this.year.at[position]!] === 1 && sections[this.section.at[position]!] === 1 && docs[this.doc.at[position]!] === 1 && countries[this.country.at[position]!] === 1;
  }

  /**
   * A test for positions: is the passage there one of these years, sections, documents or countries?
   * (a query's `year:` or `section:` filter; one array read per passage).
   */
  test(field: 'year' | 'section' | 'doc' | 'country', values: ReadonlyArray<string | number>): (position: number) => boolean {
    const column = this[field] as Column<string | number>;
    const mask = column.allowed(values, 0);
    const at = column.at;
    return (position) => mask[at[position]!] === 1;
  }

  /** Matches per value of each facet, each facet ignoring its own selection (disjunctive facets). */
  count(positions: ArrayLike<number>, selection: Selection): Tallies {
    const [years, sections, docs, countries] = this.masks(selection);
    const byYear = new Uint32Array(this.year.values.length);
    const bySection = new Uint32Array(this.section.values.length);
    const byDoc = new Uint32Array(this.doc.values.length);
    const byCountry = new Uint32Array(this.country.values.length);
    for (let i = 0; i < positions.length; i++) {
      const position = positions[i]!;
      const year = this.year.at[position]!;
      const section = this.section.at[position]!;
      const doc = this.doc.at[position]!;
      const country = this.country.at[position]!;
      const y = years[year]!;
      const s = sections[section]!;
      const d = docs[doc]!;
      const c = countries[country]!;
      if (s & d & c) byYear[year]!++;
      if (y & d & c) bySection[section]!++;
      if (y & s & c) byDoc[doc]!++;
      if (y & s & d) byCountry[country]!++;
    }
    return { year: this.year.tally(byYear), section: this.section.tally(bySection), doc: this.doc.tally(byDoc), country: this.country.tally(byCountry) };
  }

  private masks(selection: Selection): [Uint8Array, Uint8Array, Uint8Array, Uint8Array] {
    return [this.year.allowed(selection.years), this.section.allowed(selection.sections), this.doc.allowed(selection.docs), this.country.allowed(selection.countries)];
  }
}
