// Facet counts: plain data computed here, displayed by templates and returned by the API.
//
// Facets are disjunctive: the counts of one facet ignore that facet's own selection, so with 2016
// selected the year facet still shows what 2023 or 2025 would add. The year facet with the other
// filters applied is also the across-years chart. The country facet is listed only once the collection
// holds more than one country: North Korea's own collection needs none.

import type { DocumentRecord, Passage, Section } from '../corpus/types.ts';
import { SECTIONS, SECTION_LABELS } from '../corpus/types.ts';
import { countryByCode } from '../corpus/countries.ts';

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

type FacetName = keyof Facets;

/** Does a passage pass the selection, ignoring one facet's own choice? */
export function passesSelection(passage: Passage, selection: Selection, ignore?: FacetName): boolean {
  return (
    (ignore === 'year' || selection.years.length === 0 || selection.years.includes(passage.year)) &&
    (ignore === 'section' || selection.sections.length === 0 || selection.sections.includes(passage.section)) &&
    (ignore === 'doc' || selection.docs.length === 0 || selection.docs.includes(passage.doc)) &&
    (ignore === 'country' || selection.countries.length === 0 || selection.countries.includes(passage.country))
  );
}

/**
 * Count matched passages per year, section and document. Every value the corpus has is listed, zero
 * counts included, in corpus order (years ascending, sections in report order, documents by year).
 */
export function countFacets(matched: Passage[], selection: Selection, documents: DocumentRecord[]): Facets {
  const counts = (facet: FacetName, key: (p: Passage) => string | number) => {
    const tally = new Map<string | number, number>();
    for (const passage of matched) {
      if (passesSelection(passage, selection, facet)) tally.set(key(passage), (tally.get(key(passage)) ?? 0) + 1);
    }
    return tally;
  };
  const years = counts('year', (p) => p.year);
  const sections = counts('section', (p) => p.section);
  const docs = counts('doc', (p) => p.doc);
  const countries = counts('country', (p) => p.country);
  const corpusCountries = [...new Set(documents.map((d) => d.country))];
  const corpusYears = [...new Set(documents.map((d) => d.year))].sort((a, b) => a - b);
  const corpusSections = SECTIONS.filter((section) => documents.some((d) => d.sectionCounts[section]));
  return {
    year: corpusYears.map((year) => ({ value: year, label: String(year), count: years.get(year) ?? 0, selected: selection.years.includes(year) })),
    section: corpusSections.map((section) => ({
      value: section,
      label: SECTION_LABELS[section],
      count: sections.get(section) ?? 0,
      selected: selection.sections.includes(section),
    })),
    doc: documents.map((d) => ({ value: d.id, label: d.label, count: docs.get(d.id) ?? 0, selected: selection.docs.includes(d.id) })),
    country:
      corpusCountries.length < 2
        ? []
        : corpusCountries.map((code) => ({ value: code, label: countryByCode(code)?.name ?? code, count: countries.get(code) ?? 0, selected: selection.countries.includes(code) })),
  };
}
