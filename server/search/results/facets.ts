// Facet counts: plain data computed here, displayed by templates and returned by the API, one facet per
// declared dimension (dimensions.ts), counted by dimension-columns.ts.
//
// Facets are disjunctive: the counts of one facet ignore that facet's own selection, so with 2016
// selected the year facet still shows what 2023 or 2025 would add. The year facet with the other
// filters applied is also the across-years chart. A dimension with few values lists every one, zeros
// included, in its order; one with thousands (documents, countries) lists those with a match, most
// first, up to its `top`; a selected value is always listed. A facet is empty while the collection holds
// fewer values than its `listedFrom` (North Korea's own collection needs no country facet).

import type { DimensionName, DimensionValue, Selection } from '../dimensions.ts';
import type { Counts, DimensionColumns } from '../dimension-columns.ts';

export interface FacetValue<V extends DimensionValue = DimensionValue> {
  value: V;
  label: string;
  count: number;
  selected: boolean;
}

/** Dimension name -> its values with their counts, in the order the facet lists them. */
export type Facets = Record<DimensionName, FacetValue[]>;

/** The facets for matches counted per value (DimensionColumns.count). */
export function facetsOf(counts: Counts, selection: Selection, columns: DimensionColumns): Facets {
  const facets = {} as Facets;
  columns.columns.forEach((column, d) => {
    const { dimension, values } = column;
    const name = dimension.name as DimensionName;
    const chosen = new Set((selection[name] ?? []).map((value) => column.idOf(value)));
    const byId = counts[d]!;
    const entry = (id: number): FacetValue => ({
      value: values[id - 1]!,
      label: column.labelOf(id),
      count: byId[id]!,
      selected: chosen.has(id),
    });
    let ids: number[];
    if (values.length < dimension.listedFrom) ids = [];
    else if (dimension.facet.list === 'every') ids = values.map((_, i) => i + 1);
    else {
      const top = dimension.facet.top;
      const matched: number[] = [];
      for (let id = 1; id < byId.length; id++) if (byId[id]! > 0 || chosen.has(id)) matched.push(id);
      matched.sort((a, b) => byId[b]! - byId[a]! || a - b);
      ids = [...matched.slice(0, top), ...matched.slice(top).filter((id) => chosen.has(id))];
    }
    facets[name] = ids.map(entry);
  });
  return facets;
}
