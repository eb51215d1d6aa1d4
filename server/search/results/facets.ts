// Facet counts: plain data computed here, displayed by templates and returned by the API.
//
// Facets are disjunctive: the counts of one facet ignore that facet's own selection, so with 2016
// selected the year facet still shows what 2023 or 2025 would add. The year facet with the other
// filters applied is also the across-years chart. The country facet is listed only once the collection
// holds more than one country: North Korea's own collection needs none.

import type { DocumentRecord, Section } from '../../corpus/types.ts';
import { SECTIONS, SECTION_LABELS } from '../../corpus/types.ts';
import { countryByCode } from '../../corpus/countries.ts';
import type { Tallies } from './passage-facets.ts';

export interface FacetValue<V extends string | number> {
  value: V;
  label: string;
  count: number;
  selected: boolean;
}

export interface Facets {
  year: FacetValue<number>[];
  section: FacetValue<Section>[];
  doc: FacetValue<string>[];
  /** ISO alpha-3 codes; empty while the collection holds one country. */
  country: FacetValue<string>[];
}

/** The URL/API filters: each facet's selected values (empty = no restriction). */
export interface Selection {
  years: number[];
  sections: Section[];
  docs: string[];
  /** ISO alpha-3 codes. */
  countries: string[];
}

/**
 * The facets for matches counted per value (PassageFacets.count). Every value the corpus has is listed,
 * zero counts included, in corpus order (years ascending, sections in report order, documents by year).
 */
export function facetsFromTallies(tallies: Tallies, selection: Selection, documents: DocumentRecord[]): Facets {
  const { corpusCountries, corpusYears, corpusSections } = facetValuesOf(documents);
  return {
    year: corpusYears.map((year) => ({ value: year, label: String(year), count: tallies.year.get(year) ?? 0, selected: selection.years.includes(year) })),
    section: corpusSections.map((section) => ({
      value: section,
      label: SECTION_LABELS[section],
      count: tallies.section.get(section) ?? 0,
      selected: selection.sections.includes(section),
    })),
    doc: documents.map((d) => ({ value: d.id, label: d.label, count: tallies.doc.get(d.id) ?? 0, selected: selection.docs.includes(d.id) })),
    country:
      corpusCountries.length < 2
        ? []
        : corpusCountries.map(({ code, name }) => ({ value: code, label: name, count: tallies.country.get(code) ?? 0, selected: selection.countries.includes(code) })),
  };
}

/** The values each facet lists: the same for every search of a loaded library, so worked out once. */
function facetValuesOf(documents: DocumentRecord[]) {
  let values = facetValues.get(documents);
  if (!values) {
    values = {
      corpusCountries: [...new Set(documents.map((d) => d.country))].map((code) => ({ code, name: countryByCode(code)?.name ?? code })),
      corpusYears: [...new Set(documents.map((d) => d.year))].sort((a, b) => a - b),
      corpusSections: SECTIONS.filter((section) => documents.some((d) => d.sectionCounts[section])),
    };
    facetValues.set(documents, values);
  }
  return values;
}

const facetValues = new WeakMap<DocumentRecord[], { corpusCountries: Array<{ code: string; name: string }>; corpusYears: number[]; corpusSections: Section[] }>();
