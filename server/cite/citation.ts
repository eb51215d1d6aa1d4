// Citations of passages. Document-level fields come from the catalog; the passage adds its section and
// paragraph. The short form goes with every search result; `citedPassage` decides, once for every export
// format (formats.ts), who wrote what, where it appeared, and which address may be given as its source.

import type { DocumentRecord, Passage } from '../corpus/types.ts';
import { SECTION_LABELS } from '../corpus/types.ts';
import { findCountry } from '../corpus/countries.ts';
import { textFragmentUrl, type PageText } from './text-fragment.ts';

/**
 * Where a passage is: its paragraph counted from the start of the document (what a reader holding the
 * original can count, headings or not) and the section it belongs to.
 * @example reportLocation(passage) // -> 'para. 24 (Trafficking Profile)'
 */
export function reportLocation(passage: Passage): string {
  return `para. ${passage.paragraph} (${SECTION_LABELS[passage.section]})`;
}

/**
 * One line a researcher can paste: who, what, which report, where in it.
 * @example shortCitation(passage, doc)
 *   // -> 'U.S. Department of State, "Korea, Democratic People's Republic of (Tier 3)," Trafficking in Persons Report 2025, para. 24 (Trafficking Profile).'
 */
export function shortCitation(passage: Passage, doc: DocumentRecord): string {
  const where = reportLocation(passage);
  if (doc.type === 'commentary') {
    return `${doc.author ?? doc.publisher}, “${doc.title},” ${doc.container ?? doc.publisher}, ${formatDate(doc.published) ?? doc.year}, para. ${passage.paragraph}.`;
  }
  const excerpt = doc.type === 'excerpt' ? ` (excerpt${doc.via ? `, via ${doc.via}` : ''})` : '';
  return `${doc.publisher}, “${chapterTitle(doc.title)},” ${doc.report}${excerpt}, ${where}.`;
}

/** Everything a full citation of one passage needs. */
export interface CitationInput {
  passage: Passage;
  doc: DocumentRecord;
  /** When the reader consulted the passage; cited as its UTC calendar date. */
  accessed: Date;
  /**
   * The passage's public permalink (`https://tip.example.org/p/2025-tip-trafficking-profile-p6-s3`, built on
   * PUBLIC_URL by `publicPermalink`), or null: a citation then names the original publication only, since
   * a reader of the paper cannot follow an address on the researcher's own machine.
   */
  permalink: string | null;
  /**
   * The document's visible text, for the text fragment (`PageText.ofPassages(library.passagesOf(doc.id))`);
   * null when the address is not verified, or to cite the address without a fragment.
   */
  page: PageText | null;
}

/** A corporate author is one literal name; a person has a family and given name. */
export type CitedAuthor = { literal: string } | { family: string; given: string };

/** `[year]` or `[year, month, day]`, months 1-based, as CSL date-parts. */
export type DateParts = [number] | [number, number, number];

/** What a citation of one passage says, whatever the format. */
export interface CitedPassage {
  /** Stable citation key: the passage id. */
  key: string;
  /** A report narrative (full or excerpt), or an article about a report. */
  kind: 'report' | 'article';
  author: CitedAuthor;
  title: string;
  /** The annual report a narrative belongs to; the blog an article appeared in. */
  container: string;
  publisher: string;
  issued: DateParts;
  /** "para. 24 (Trafficking Profile)", the paragraph counted in the whole document; an article: "para. 3". */
  location: string;
  /** The paragraph counted in the whole document: the pinpoint a citation gives as its locator. */
  paragraph: number;
  quote: string;
  /** "Country narrative" or "Country narrative (excerpt)"; null for an article. */
  genre: string | null;
  excerpt: boolean;
  /** Who reproduced the text, when the verified address is not the publisher's own page. */
  via: string | null;
  /** The verified original address, deep-linked to the sentence; null when no address is verified. */
  url: string | null;
  accessed: [number, number, number];
  /** Our public permalink, or null without PUBLIC_URL. */
  permalink: string | null;
}

/**
 * Decide what to cite. Reports name the State Department office as author and the annual report as
 * container; commentary names its writer and the blog it appeared in. An address the catalog has not
 * verified (`urlVerified: false`) is never given as the source.
 * @example citedPassage({ passage, doc, accessed: new Date(), permalink, page }).container
 *   // -> 'Trafficking in Persons Report 2025'
 */
export function citedPassage(input: CitationInput): CitedPassage {
  const { passage, doc, accessed, permalink, page } = input;
  const isArticle = doc.type === 'commentary';
  return {
    key: passage.id,
    kind: isArticle ? 'article' : 'report',
    author: isArticle && doc.author ? personName(doc.author) : { literal: corporateAuthor(doc) },
    title: isArticle ? doc.title : chapterTitle(doc.title),
    container: isArticle ? (doc.container ?? doc.publisher) : doc.report,
    publisher: doc.publisher,
    issued: doc.published ? isoDateParts(doc.published) : [doc.year],
    location: isArticle ? `para. ${passage.paragraph}` : reportLocation(passage),
    paragraph: passage.paragraph,
    quote: passage.text,
    genre: isArticle ? null : doc.type === 'excerpt' ? 'Country narrative (excerpt)' : 'Country narrative',
    excerpt: doc.type === 'excerpt',
    via: doc.via,
    url: doc.url && doc.urlVerified ? (page ? textFragmentUrl(doc.url, page, passage) : doc.url) : null,
    accessed: isoDateParts(accessed.toISOString().slice(0, 10)) as [number, number, number],
    permalink,
  };
}

/**
 * A chapter's title as the publisher's web edition writes it. Importers keep a full report's heading as
 * printed ("CHINA: TIER 3", "KOREA, DEMOCRATIC PEOPLE'S REPUBLIC OF: TIER 3"), which would put capitals into
 * every reference; a name with any lower-case letter is already written as the publisher writes it.
 * The country's name is spelt as the country table spells it, when the table knows the name.
 * @example chapterTitle('CHINA: TIER 3') // -> 'China (Tier 3)'
 * @example chapterTitle("KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF (TIER 3)") // -> "Korea, Democratic People's Republic of (Tier 3)"
 * @example chapterTitle('North Korea (Tier 3)') // -> 'North Korea (Tier 3)'
 */
export function chapterTitle(title: string): string {
  let written = chapterTitles.get(title);
  if (written === undefined) chapterTitles.set(title, (written = spellChapterTitle(title)));
  return written;
}

/**
 * Titles spelt already, by title as the catalog holds it: every search result carries a short citation,
 * and spelling a title reads the country table (a fifth of a result's cost when it was done each time).
 */
const chapterTitles = new Map<string, string>();

function spellChapterTitle(title: string): string {
  const heading = /^(.*?)\s*(?::|\()\s*(TIER\s+[123](?:\s+WATCH\s+LIST)?|SPECIAL\s+CASE)\s*\)?$/iu.exec(title.trim());
  const name = (heading ? heading[1]! : title).replace(/[\s,]+$/, '');
  if (/\p{Ll}/u.test(name)) return title;
  // The table's spelling where it writes the same words (case and apostrophes aside): it has the accents
  // and the capitals ("CÔTE D'IVOIRE" -> "Côte d'Ivoire"); an inverted heading keeps its order.
  const country = findCountry(name);
  const sameWords = (written: string) => plain(written) === plain(name);
  const spelt = country ? [country.name, ...country.aliases].find(sameWords) : undefined;
  const written = spelt ?? titleCase(name);
  return heading ? `${written} (${titleCase(heading[2]!.replace(/\s+/g, ' '))})` : written;
}

/** Lower case with one apostrophe: what two spellings of a name must share to be the same words. */
const plain = (name: string) => name.toLowerCase().replace(/[’‘`]/g, "'");

const LOWER_WORDS = new Set(['of', 'and', 'the', 'de', 'du', 'des', 'la', 'le', 'da', 'do']);

/** "CÔTE D'IVOIRE" -> "Côte d'Ivoire", "GUINEA-BISSAU" -> "Guinea-Bissau", "TIER 2 WATCH LIST" -> "Tier 2 Watch List". */
function titleCase(text: string): string {
  const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
  return text
    .toLowerCase()
    .split(/(\s+)/)
    .map((word, index) => {
      if (/^\s+$/.test(word) || (index > 0 && LOWER_WORDS.has(word))) return word;
      const elided = /^([dl]['’])(.+)$/u.exec(word);
      if (elided && index > 0) return `${elided[1]}${capital(elided[2]!)}`;
      return word.split('-').map(capital).join('-');
    })
    .join('');
}

/** "U.S. Department of State, Office to Monitor and Combat Trafficking in Persons": department, then office. */
function corporateAuthor(doc: DocumentRecord): string {
  return doc.author ? `${doc.publisher}, ${doc.author}` : doc.publisher;
}

/**
 * "Robert R. King" -> { family: 'King', given: 'Robert R.' }. The catalog writes names given-first; a
 * family name of several words ("van der Berg") would need the catalog to say so.
 */
function personName(name: string): CitedAuthor {
  const words = name.trim().split(/\s+/);
  const family = words.pop()!;
  return words.length ? { family, given: words.join(' ') } : { literal: family };
}

/** "2019-07-24" -> [2019, 7, 24]. */
function isoDateParts(iso: string): DateParts {
  const [year, month, day] = iso.split('-').map(Number);
  return month && day ? [year!, month, day] : [year!];
}

/** "Robert R. King" or the corporate name, as a reader writes it. */
export function authorName(author: CitedAuthor): string {
  return 'literal' in author ? author.literal : `${author.given} ${author.family}`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** [2019, 7, 24] -> "July 24, 2019"; [2025] -> "2025". */
export function formatDateParts(parts: DateParts): string {
  const [year, month, day] = parts;
  return month && day ? `${MONTHS[month - 1]} ${day}, ${year}` : String(year);
}

/** "2019-07-24" -> "July 24, 2019". */
export function formatDate(iso: string | null): string | null {
  return iso ? formatDateParts(isoDateParts(iso)) : null;
}
