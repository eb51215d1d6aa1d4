// One passage, four citation formats: a Chicago-style note (plain text), BibTeX, RIS and CSL-JSON.
// What is cited is decided once, in citation.ts (`citedPassage`); this module only writes it out.
//
// Entry types, chosen by rendering each format through the tools researchers use (pandoc --citeproc,
// biblatex with biber, citeproc-js with Chicago and APA, Zotero's RIS import; docs/citations.md, "Citations"):
//   report narrative or excerpt: a chapter of the annual report. BibTeX @incollection with `booktitle` and
//     `publisher` (on @techreport, and on biblatex @report/@inreport as pandoc reads them, the report's name
//     is dropped); RIS CHAP, whose T2 Zotero reads as the book title (on RPRT it is the series); CSL
//     "chapter" with `container-title` (APA then prints "In Trafficking in Persons Report 2025").
//   commentary: a blog post. BibTeX has no blog type: @online with the blog in `journaltitle` (pandoc prints
//     it, biblatex's standard styles do not) and the publisher in `organization`; @article loses the
//     publisher and the day in pandoc. RIS BLOG and CSL "post-weblog": The Peninsula is the Korea Economic
//     Institute's blog, not a journal.

import { createHash } from 'node:crypto';
import { foldWhitespace } from '../corpus/types.ts';
import {
  authorName,
  citedPassage,
  formatDateParts,
  type CitationInput,
  type CitedAuthor,
  type CitedPassage,
  type DateParts,
} from './citation.ts';

/** The four renderings the API returns for a passage as `citations`, and how to cite the entry with its paragraph. */
export interface Citations {
  text: string;
  bibtex: string;
  ris: string;
  csl: CslItem;
  cite: PinpointCites;
}

/**
 * A reference names the chapter; the paragraph is the citation's pinpoint ("locator"), which no entry
 * format can carry, so each tool's own citation syntax is given with it.
 */
export interface PinpointCites {
  /** pandoc Markdown, which reads "para." as a paragraph locator: `[@2025-tip-trafficking-profile-p6-s3, para. 24]`. */
  pandoc: string;
  /** biblatex: `\autocite[para.~24]{2025-tip-trafficking-profile-p6-s3}`. */
  latex: string;
  /** A CSL citation item, for citeproc-js and citation.js: `{ id, locator: '24', label: 'paragraph' }`. */
  csl: { id: string; locator: string; label: 'paragraph' };
}

/**
 * Every format for one passage.
 * @example citations({ passage, doc, accessed: new Date(), permalink, page }).bibtex
 */
export function citations(input: CitationInput): Citations {
  const cited = citedPassage(input);
  return {
    text: noteText(cited),
    bibtex: bibtexEntry(cited),
    ris: risRecord(cited),
    csl: cslItem(cited),
    cite: pinpointCites(cited),
  };
}

function pinpointCites(cited: CitedPassage): PinpointCites {
  return {
    pandoc: `[@${cited.key}, para. ${cited.paragraph}]`,
    latex: `\\autocite[para.~${cited.paragraph}]{${cited.key}}`,
    csl: { id: cited.key, locator: String(cited.paragraph), label: 'paragraph' },
  };
}

/**
 * The first 12 hex digits of the SHA-256 of the text (UTF-8) after folding whitespace runs to one space,
 * so a reader can check that a quotation has not changed.
 * @example contentHash('Fair and  transparent\ntrials') === contentHash('Fair and transparent trials') // true
 */
export function contentHash(text: string): string {
  return createHash('sha256').update(foldWhitespace(text), 'utf8').digest('hex').slice(0, 12);
}

/** How contentHash is computed, in words, for citations that print a hash. */
const HASH_EXPLAINED = 'first 12 hex digits of the SHA-256 of the quoted text, UTF-8, whitespace folded';

/**
 * A Chicago-style note (CMOS 18 makes the place of publication optional), with the quoted sentence, the verified
 * source deep-linked to it, the access date, our public permalink (when there is one) and a hash of the quote.
 * @example citationText(input)
 *   // -> 'U.S. Department of State, Office to Monitor and Combat Trafficking in Persons, “North Korea (Tier 3),”
 *   //     in Trafficking in Persons Report 2007 (U.S. Department of State, June 12, 2007), Prosecution, para. 4:
 *   //     “Fair and transparent trials do not occur in the D. P. R. K.” Reproduced via UNHCR Refworld,
 *   //     https://www.refworld.org/docid/467be3cd33.html#:~:text=Fair%20and%20transparent%20trials,D.%20P.%20R.%20K%2E,
 *   //     accessed July 1, 2025. Permalink: https://tip.example.org/p/2007-tip-prosecution-p1-s8 (only with PUBLIC_URL).
 *   //     Quote check: cecefda66ece (first 12 hex digits of the SHA-256 of the quoted text, UTF-8, whitespace folded).'
 */
export function citationText(input: CitationInput): string {
  return noteText(citedPassage(input));
}

function noteText(cited: CitedPassage): string {
  const date = formatDateParts(cited.issued);
  const work =
    cited.kind === 'article'
      ? `${authorName(cited.author)}, “${cited.title},” ${cited.container} (${cited.publisher}), ${date}`
      : `${authorName(cited.author)}, “${cited.title},” in ${cited.container} (${cited.publisher}, ${date})`;
  const reproduced = cited.via
    ? `${cited.excerpt ? 'Excerpt reproduced' : 'Reproduced'} via ${cited.via}`
    : cited.excerpt
      ? 'Excerpt'
      : null;
  // An access date dates a visit to an address; a citation with none has nothing to date.
  const accessed = `accessed ${formatDateParts(cited.accessed)}`;
  const source = cited.url
    ? `${[reproduced, cited.url, accessed].filter(Boolean).join(', ')}.`
    : reproduced && `${reproduced}.`;
  const permalink = cited.permalink
    ? cited.url
      ? `Permalink: ${cited.permalink}.`
      : `Permalink: ${cited.permalink}, ${accessed}.`
    : '';
  return [
    `${work}, ${cited.location}: ${quoted(cited.quote)}`,
    source,
    permalink,
    `Quote check: ${contentHash(cited.quote)} (${HASH_EXPLAINED}).`,
  ]
    .filter(Boolean)
    .join(' ');
}

/** “The sentence.” — with a full stop after the quotation marks when the sentence has none of its own. */
function quoted(sentence: string): string {
  return /[.!?]["'”’)]*$/.test(sentence) ? `“${sentence}”` : `“${sentence}”.`;
}

/** Where the sentence is, the quote, its hash and our permalink: the `note` of BibTeX, RIS and CSL. */
function noteField(cited: CitedPassage): string {
  const partOf =
    cited.kind === 'report'
      ? `${cited.excerpt ? 'Excerpt from' : 'In'} ${cited.container}${cited.via ? `, reproduced via ${cited.via}` : ''}. `
      : '';
  const permalink = cited.permalink ? ` Permalink: ${cited.permalink}` : '';
  return `${partOf}${cited.location}: ${quoted(cited.quote)} Quote check: ${contentHash(cited.quote)} (${HASH_EXPLAINED}).${permalink}`;
}

/**
 * One BibTeX entry keyed by the passage id. Titles are double-braced so styles keep their capitals;
 * `date` serves biblatex, `year`/`month` classic BibTeX; `url` is verbatim in both, so it is percent-encoded rather than escaped.
 * @example citationBibtex(input) // -> '@incollection{2025-tip-trafficking-profile-p6-s3,\n  author = {{U.S. Department of State, ...}},\n ...}'
 */
export function citationBibtex(input: CitationInput): string {
  return bibtexEntry(citedPassage(input));
}

function bibtexEntry(cited: CitedPassage): string {
  const [year, month, day] = cited.issued;
  const braced = (value: string | null) => (value === null ? null : `{${value}}`);
  const report = cited.kind === 'report';
  const fields: Array<[string, string | null]> = [
    [
      'author',
      braced(
        'literal' in cited.author
          ? `{${escapeBibtex(cited.author.literal)}}`
          : escapeBibtex(`${cited.author.family}, ${cited.author.given}`),
      ),
    ],
    ['title', braced(`{${escapeBibtex(cited.title)}}`)],
    [report ? 'booktitle' : 'journaltitle', braced(escapeBibtex(cited.container))],
    [report ? 'publisher' : 'organization', braced(escapeBibtex(cited.publisher))],
    ['type', braced(cited.genre && escapeBibtex(cited.genre))],
    ['year', braced(String(year))],
    // An unbraced month is BibTeX's month macro, which styles print in their own language.
    ['month', month ? BIBTEX_MONTHS[month - 1]! : null],
    ['date', braced(month && day ? isoDate([year, month, day]) : null)],
    ['url', braced(cited.url && escapeBibtexUrl(cited.url))],
    ['urldate', braced(cited.url && isoDate(cited.accessed))],
    // Not `note`: biblatex prints a note in the reference, which would repeat the report and quote the passage.
    // `annote` is kept by BibTeX, biblatex (as `annotation`), pandoc and Zotero, and no standard style prints it.
    ['annote', braced(escapeBibtex(noteField(cited)))],
  ];
  const body = fields.flatMap(([name, value]) => (value === null ? [] : [`  ${name} = ${value}`]));
  return `@${report ? 'incollection' : 'online'}{${cited.key},\n${body.join(',\n')}\n}\n`;
}

const BIBTEX_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Characters special to BibTeX or LaTeX, written as commands. Braces become `\textbraceleft{}` rather than
 * `\{` because BibTeX counts every brace, escaped or not, when it finds where a value ends.
 */
const BIBTEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '%': '\\%',
  '&': '\\&',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/**
 * Escape a value for a braced BibTeX field; other Unicode (curly quotes, dashes) stays as UTF-8.
 * @example escapeBibtex('50% of {x} & $4') // -> '50\\% of \\textbraceleft{}x\\textbraceright{} \\& \\$4'
 */
export function escapeBibtex(value: string): string {
  return value.replace(/[\\{}%&$#_~^]/g, (special) => BIBTEX_SPECIALS[special]!);
}

/**
 * Make an address safe in a braced `url` field, which BibTeX and biber read verbatim (a LaTeX escape
 * would be printed as written): the characters that could end the field or start a command are
 * percent-encoded, as a browser would send them, so `http://h/?q=},annote={x}` stays one field.
 * @example escapeBibtexUrl('http://h/?q={x}') // -> 'http://h/?q=%7Bx%7D'
 */
export function escapeBibtexUrl(url: string): string {
  return url.replace(/[{}\\\s]/g, encodeURIComponent);
}

/**
 * One RIS record: `TY` first, `ER  - ` last, one `XX  - value` per line, CRLF line ends as the RIS
 * specification writes them (parsers, citation-js and Zotero included, also read them).
 * @example citationRis(input) // -> 'TY  - CHAP\r\nID  - 2025-tip-...\r\nAU  - U.S. Department of State. Office to ...\r\n...ER  - \r\n'
 */
export function citationRis(input: CitationInput): string {
  return risRecord(citedPassage(input));
}

function risRecord(cited: CitedPassage): string {
  const [year, month, day] = cited.issued;
  // RIS reads "A, B" as "Family, Given"; a corporate name keeps its hierarchy with full stops instead, as
  // library catalogues write it ("United States. Department of State. Office to Monitor ..."), and a name
  // without a comma is read as one literal name.
  const author =
    'literal' in cited.author
      ? cited.author.literal.replaceAll(', ', '. ')
      : `${cited.author.family}, ${cited.author.given}`;
  const lines: Array<[string, string | null]> = [
    ['TY', cited.kind === 'report' ? 'CHAP' : 'BLOG'],
    ['ID', cited.key],
    ['AU', author],
    ['TI', cited.title],
    // The book a CHAP is in; the blog a BLOG post is on.
    ['T2', cited.container],
    ['PB', cited.publisher],
    ['PY', String(year)],
    ['DA', month && day ? `${isoDate([year, month, day]).replaceAll('-', '/')}/` : null],
    // No M3 ("type of work"): Zotero has no genre for a book section and reads M3 there as a DOI.
    // "Name of Database"; Zotero's Archive, which styles print as where the text was found.
    ['DB', cited.via],
    ['UR', cited.url],
    ['Y2', cited.url && `${isoDate(cited.accessed).replaceAll('-', '/')}/`],
    ['LA', 'en'],
    ['N1', noteField(cited)],
    ['ER', ''],
  ];
  return lines
    .filter((line): line is [string, string] => line[1] !== null)
    .map(([tag, value]) => `${tag}  - ${foldWhitespace(value)}\r\n`)
    .join('');
}

/** A CSL-JSON item: the fields of the official csl-data.json schema that we fill. */
export interface CslItem {
  id: string;
  type: 'chapter' | 'post-weblog';
  author: CitedAuthor[];
  title: string;
  'container-title': string;
  publisher: string;
  genre?: string;
  source?: string;
  issued: { 'date-parts': [DateParts] };
  accessed?: { 'date-parts': [DateParts] };
  URL?: string;
  language: string;
  note: string;
}

/**
 * One CSL-JSON item (for citeproc, Zotero, pandoc). `URL` and `accessed` only when the address is verified.
 * @example citationCsl(input).type // -> 'chapter'
 */
export function citationCsl(input: CitationInput): CslItem {
  return cslItem(citedPassage(input));
}

function cslItem(cited: CitedPassage): CslItem {
  return {
    id: cited.key,
    type: cited.kind === 'report' ? 'chapter' : 'post-weblog',
    author: [cited.author],
    title: cited.title,
    'container-title': cited.container,
    publisher: cited.publisher,
    ...(cited.genre ? { genre: cited.genre } : {}),
    // CSL's `source` is where the item was found: the site that reproduced it.
    ...(cited.via ? { source: cited.via } : {}),
    issued: { 'date-parts': [cited.issued] },
    ...(cited.url ? { URL: cited.url, accessed: { 'date-parts': [cited.accessed] } } : {}),
    language: 'en',
    note: noteField(cited),
  };
}

/**
 * Several passages as one .bib file; a passage given twice is written once, so keys stay unique.
 * @example bibtexFile(selected.map((passage) => ({ passage, doc, accessed, permalink, page })))
 */
export function bibtexFile(items: CitationInput[]): string {
  return uniqueByPassage(items).map(citationBibtex).join('\n');
}

/** Several passages as one .ris file, records back to back; a passage given twice is written once. */
export function risFile(items: CitationInput[]): string {
  return uniqueByPassage(items).map(citationRis).join('');
}

function uniqueByPassage(items: CitationInput[]): CitationInput[] {
  const byId = new Map<string, CitationInput>();
  for (const item of items) if (!byId.has(item.passage.id)) byId.set(item.passage.id, item);
  return [...byId.values()];
}

/** [2019, 7, 24] -> "2019-07-24". */
function isoDate([year, month, day]: [number, number, number]): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
