// A passage's own page (/p/:id) and its JSON twin (/api/passages/:id): the sentence in its paragraph,
// where it sits in the report, how to cite it, where else it appears.
import type { Library } from '../../library.ts';
import type { DocumentRecord, Passage } from '../../corpus/types.ts';
import { SECTION_LABELS } from '../../corpus/types.ts';
import { chapterTitle, reportLocation, shortCitation } from '../../cite/citation.ts';
import { citationInput } from '../../cite/citation-input.ts';
import { citations, contentHash, type Citations } from '../../cite/formats.ts';
import {
  apiPassageUrl,
  citationFileUrl,
  isEmptySearch,
  listUrl,
  passageUrl,
  permalink,
  publicPermalink,
  readerUrl,
  searchUrl,
  EMPTY_SEARCH,
  type SearchState,
} from '../urls.ts';
import { alsoInView } from './changes-pages.ts';

/** How many neighbouring sentences the API gives on each side. */
const CONTEXT_SENTENCES = 2;

export interface PassagePage {
  title: string;
  passage: Passage;
  document: DocumentRecord;
  /** The chapter's title as its citations write it ("China (Tier 3)", not the printed "CHINA: TIER 3"). */
  documentTitle: string;
  sectionLabel: string;
  /** The heading as written, without its trailing colon ("TRAFFICKING PROFILE"), or null. */
  headingLabel: string | null;
  permalink: string;
  citation: string;
  citations: Citations;
  /** The CSL-JSON item, pretty-printed for display. */
  cslText: string;
  hash: string;
  /** The verified original, deep-linked to the sentence (a text fragment), or null. */
  originalUrl: string | null;
  bibUrl: string;
  risUrl: string;
  /** The whole paragraph, this sentence flagged. */
  paragraph: Array<{ id: string; text: string; self: boolean; url: string }>;
  readerUrl: string;
  searchUrl: string;
  jsonUrl: string;
  /** This passage alone as a reading list (the page's way to a list without JavaScript). */
  listUrl: string;
  /** The year this sentence (or a version of it) first appears; null for commentary. */
  firstYear: number | null;
  alsoIn: ReturnType<typeof alsoInView>;
  /** What /api/passages/:id returns. */
  json: Record<string, unknown>;
}

/**
 * @param where the origin of this site's links, and PUBLIC_URL (citations carry a permalink only on it)
 * @param from the search the reader came from (its query and filters), for the links back to it and into
 *   the reader; the empty search when the page was opened directly.
 */
export function passageContext(
  library: Library,
  id: string,
  where: { origin: string; publicUrl: string | null },
  from: SearchState = EMPTY_SEARCH,
): PassagePage | null {
  const { origin } = where;
  const passage = library.passage(id);
  if (!passage) return null;
  const document = library.document(passage.doc)!;
  const address = permalink(origin, passage.id);
  const context = library.context(passage.id, CONTEXT_SENTENCES);
  const citation = shortCitation(passage, document);
  const formats = citations(citationInput(library, passage.id, publicPermalink(where.publicUrl, passage.id))!);
  const brief = (p: Passage) => ({
    id: p.id,
    paragraph: p.paragraph,
    sentence: p.sentence,
    text: p.text,
    url: permalink(origin, p.id),
  });
  return {
    title: `${document.label}, ${reportLocation(passage)}`,
    passage,
    document,
    documentTitle: document.type === 'commentary' ? document.title : chapterTitle(document.title),
    sectionLabel: SECTION_LABELS[passage.section],
    headingLabel: passage.heading?.replace(/\s*:\s*$/, '') ?? null,
    permalink: address,
    citation,
    citations: formats,
    cslText: JSON.stringify(formats.csl, null, 2),
    hash: contentHash(passage.text),
    originalUrl: document.urlVerified && document.url ? textFragmentOf(formats) : null,
    bibUrl: citationFileUrl(passage.id, 'bib'),
    risUrl: citationFileUrl(passage.id, 'ris'),
    paragraph: library
      .passagesOf(passage.doc)
      .filter((p) => p.paragraph === passage.paragraph)
      .map((p) => ({ id: p.id, text: p.text, self: p.id === passage.id, url: passageUrl(p.id) })),
    readerUrl: readerUrl(passage.doc, { q: from.q, strict: from.strict, anchor: passage.id }),
    searchUrl: searchUrl(
      isEmptySearch(from) ? { ...EMPTY_SEARCH, filters: { doc: [passage.doc], section: [passage.section] } } : from,
    ),
    jsonUrl: apiPassageUrl(passage.id),
    listUrl: listUrl([passage.id]),
    firstYear: library.firstYear(passage.id) ?? null,
    alsoIn: alsoInView(library, passage),
    json: {
      ...passage,
      url: address,
      citation,
      citations: formats,
      hash: contentHash(passage.text),
      firstYear: library.firstYear(passage.id) ?? null,
      alsoIn: library.alsoIn(passage.id),
      document: {
        id: document.id,
        title: document.title,
        label: document.label,
        type: document.type,
        report: document.report,
        year: document.year,
        url: document.urlVerified ? document.url : null,
      },
      context: { before: context.before.map(brief), after: context.after.map(brief) },
    },
  };
}

/** The deep link the formats put in the citation (the CSL item's URL, when the original is verified). */
function textFragmentOf(formats: Citations): string | null {
  return typeof formats.csl.URL === 'string' ? formats.csl.URL : null;
}
