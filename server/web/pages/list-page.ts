// The reading list (/list?ids=a,b,...): passages a researcher kept across searches, in their order. The
// list lives in the browser (app.js keeps it in localStorage) and travels in the URL, so the server holds
// no state: this page and its exports are built from `ids` alone, and the URL reproduces the list anywhere.

import type { Library } from '../../library.ts';
import type { Passage } from '../../corpus/types.ts';
import { SECTION_LABELS } from '../../corpus/types.ts';
import { badRequest } from '../../errors.ts';
import { reportLocation } from '../../cite/citation.ts';
import { citationInput } from '../../cite/citation-input.ts';
import { citations } from '../../cite/formats.ts';
import type { CitationInput } from '../../cite/citation.ts';
import type { QuoteEntry } from '../../cite/quotes.ts';
import { listUrl, passageUrl, publicPermalink, readerUrl, type ListFormat } from '../urls.ts';

/** The most passages one list holds: a long paper's worth, and a bound on the work one URL can ask for. */
export const LIST_MAX = 500;

/** The passages of a list URL, in its order; ids retired by a rebuild are followed to their current ids. */
export interface ListSelection {
  passages: Passage[];
  /** Ids of the URL that name no passage of this collection (any more). */
  missing: string[];
}

/**
 * Read `ids=a,b,c` (what app.js and the share link write) or repeated `id=a&id=b` (the result checkboxes'
 * form, without JavaScript). A passage given twice is kept once, at its first place.
 */
export function listSelection(library: Library, params: Record<string, unknown>): ListSelection {
  const raw = [params.ids, params.id].flat().filter((value): value is string => typeof value === 'string');
  if ([params.ids, params.id].flat().some((value) => value !== undefined && typeof value !== 'string'))
    throw badRequest('Give the list as ids=a,b,c.');
  const ids = raw
    .flatMap((value) => value.split(','))
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length > LIST_MAX)
    throw badRequest(`A reading list holds at most ${LIST_MAX} passages; this one has ${ids.length}.`);
  const seen = new Set<string>();
  const passages: Passage[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const passage = library.passage(id) ?? library.passage(library.currentId(id) ?? '');
    if (!passage) missing.push(id);
    else if (!seen.has(passage.id)) {
      seen.add(passage.id);
      passages.push(passage);
    }
  }
  return { passages, missing };
}

/** What every export of the list is built from: each passage's citation input (public permalink or none). */
export function listCitationInputs(library: Library, passages: Passage[], publicUrl: string | null): CitationInput[] {
  return passages.map((passage) => citationInput(library, passage.id, publicPermalink(publicUrl, passage.id))!);
}

/** The quotes document's entries: the quotation, where it is, its full note and its pandoc citation. */
export function quoteEntries(library: Library, inputs: CitationInput[]): QuoteEntry[] {
  return inputs.map((input) => {
    const all = citations(input);
    return {
      heading: `${library.document(input.passage.doc)!.label}, ${reportLocation(input.passage)}`,
      quote: input.passage.text,
      note: all.text,
      pandoc: all.cite.pandoc,
    };
  });
}

export interface ListItem {
  id: string;
  text: string;
  year: number;
  sectionLabel: string;
  docLabel: string;
  location: string;
  note: string;
  path: string;
  readerUrl: string;
  /** The list reordered or without this passage: plain links, so the list works without JavaScript. */
  upUrl: string | null;
  downUrl: string | null;
  removeUrl: string;
}

export interface ListPage {
  title: string;
  ids: string[];
  items: ListItem[];
  missing: string[];
  exports: Array<{ label: string; url: string; format: ListFormat }>;
  /** The list's address to share: public (PUBLIC_URL) when there is one, else this site's. */
  shareUrl: string;
  clearUrl: string;
}

const EXPORT_LABELS: Array<[ListFormat, string]> = [
  ['bib', 'BibTeX'],
  ['ris', 'RIS'],
  ['json', 'CSL-JSON'],
  ['md', 'Quotes (Markdown)'],
  ['docx', 'Quotes (Word)'],
];

export function listPage(
  library: Library,
  params: Record<string, unknown>,
  where: { origin: string; publicUrl: string | null },
): ListPage {
  const { passages, missing } = listSelection(library, params);
  const ids = passages.map((passage) => passage.id);
  const moved = (from: number, to: number) => {
    const next = [...ids];
    next.splice(to, 0, next.splice(from, 1)[0]!);
    return listUrl(next);
  };
  const inputs = listCitationInputs(library, passages, where.publicUrl);
  return {
    title: 'Reading list',
    ids,
    items: passages.map((passage, index) => ({
      id: passage.id,
      text: passage.text,
      year: passage.year,
      sectionLabel: SECTION_LABELS[passage.section],
      docLabel: library.document(passage.doc)!.label,
      location: reportLocation(passage),
      note: citations(inputs[index]!).text,
      path: passageUrl(passage.id),
      readerUrl: readerUrl(passage.doc, { anchor: passage.id }),
      upUrl: index > 0 ? moved(index, index - 1) : null,
      downUrl: index < passages.length - 1 ? moved(index, index + 1) : null,
      removeUrl: listUrl(ids.filter((id) => id !== passage.id)),
    })),
    missing,
    exports: EXPORT_LABELS.map(([format, label]) => ({ label, format, url: listUrl(ids, format) })),
    shareUrl: `${(where.publicUrl ?? where.origin).replace(/\/+$/, '')}${listUrl(ids)}`,
    clearUrl: listUrl([]),
  };
}
