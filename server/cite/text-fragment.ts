// Deep links to one sentence of an original web page, as Text Fragments
// (https://wicg.github.io/scroll-to-text-fragment/): `url#:~:text=textStart,textEnd` or `url#:~:text=text`.
//
// How a browser resolves `text=start,end` (spec, "find a range from a text directive"): it takes the FIRST
// occurrence of `start` in the page and the first occurrence of `end` after it, matching case-insensitively
// (primary-strength collation, so accents are ignored too) and across any run of whitespace. So we pick
// `start` to occur exactly once in the page and `end` to occur first at the end of the sentence; then the
// one range the browser can find is the sentence.
//
// We do not have the live page. Its stand-in is a `PageText`: the document's passage texts (headings and
// page furniture already stripped) joined with spaces. The live page holds more text (navigation, footers),
// so `start` is never shorter than MIN_WORDS words, which rarely recur in a site's chrome; and our counting
// is deliberately looser than the browser's (plain substrings, accents folded, matches may run across
// passages), so a start we count as unique is unique for the browser too.

import type { Passage } from '../corpus/types.ts';
import { foldWhitespace } from '../corpus/types.ts';

/** The fewest words kept from each end of a long sentence. */
const MIN_WORDS = 4;

/**
 * A page's visible text as the browser compares it (folded once): what a text directive must be unique in.
 * Folding a whole document is most of a directive's work, so a page is made once per document and kept
 * (citation-input.ts), not for every sentence cited from it.
 */
export class PageText {
  private constructor(
    /** Whitespace runs as one space, case and accents folded (`foldForMatching`). */
    readonly folded: string,
  ) {}

  /**
   * The stand-in for an original page's visible text: the passage texts of one document, in order.
   * @example textFragmentUrl(doc.url, PageText.ofPassages(library.passagesOf(doc.id)), passage)
   */
  static ofPassages(passages: Passage[]): PageText {
    return PageText.of(passages.map((passage) => passage.text).join(' '));
  }

  /** @example PageText.of('It was cold. It was late.') */
  static of(text: string): PageText {
    return new PageText(foldForMatching(text));
  }
}

/**
 * The original address deep-linked to the passage's sentence. The address comes back unchanged when the
 * sentence occurs more than once in the document, since no fragment could then point at this one.
 * @example textFragmentUrl('https://www.refworld.org/docid/467be3cd33.html', page, passage)
 *   // -> 'https://www.refworld.org/docid/467be3cd33.html#:~:text=All%20North%20Koreans%20will,their%20work%20visas%20expire%2E'
 */
export function textFragmentUrl(url: string, page: PageText, passage: Passage): string {
  const directive = textDirective(page, passage.text);
  if (!directive) return url;
  // A page's own fragment (`#section`) stays in front of the directive: `#section:~:text=...`.
  return `${url}${url.includes('#') ? '' : '#'}:~:text=${directive}`;
}

/**
 * The value of `text=` selecting `sentence` in `page`, or null when the sentence is not unique.
 * Long sentences become `start,end` with the fewest words (at least MIN_WORDS) that keep the range unique;
 * the whole sentence is used when that would be no shorter.
 * @example textDirective(page, 'Fair and transparent trials do not occur in the D. P. R. K.')
 *   // -> 'Fair%20and%20transparent%20trials,D.%20P.%20R.%20K%2E'
 */
export function textDirective({ folded: page }: PageText, sentence: string): string | null {
  const whole = foldWhitespace(sentence);
  const sentenceStart = page.indexOf(foldForMatching(whole));
  if (sentenceStart < 0) {
    throw new Error(
      `textDirective: the sentence "${whole.slice(0, 60)}..." is not in the document text; build the page with PageText.ofPassages() over the passages of the passage's own document`,
    );
  }
  if (countOccurrences(page, foldForMatching(whole)) > 1) return null;
  const exact = encodeFragmentTerm(whole);
  const range = rangeDirective(page, sentenceStart, whole.split(' '));
  return encodeFinalPunctuation(range && range.length < exact.length ? range : exact);
}

/**
 * Link detectors (word processors, mail clients) end a URL before a final ".", "!" or ")"; percent-encoded,
 * the sentence's last character stays part of the link.
 */
function encodeFinalPunctuation(directive: string): string {
  return directive.replace(/[.!'()*]$/, (mark) => `%${mark.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `start,end` for a sentence found at `sentenceStart` of the folded page, or null when the two would overlap. */
function rangeDirective(page: string, sentenceStart: number, words: string[]): string | null {
  const startWords = wordsUntil(
    MIN_WORDS,
    words.length,
    (n) => countOccurrences(page, phrase(words.slice(0, n))) === 1,
  );
  if (startWords === null) return null;
  const start = words.slice(0, startWords);
  const searchFrom = sentenceStart + phrase(start).length;
  const sentenceEnd = sentenceStart + phrase(words).length;
  const endWords = wordsUntil(MIN_WORDS, words.length - startWords, (n) => {
    const end = phrase(words.slice(-n));
    return page.indexOf(end, searchFrom) + end.length === sentenceEnd;
  });
  if (endWords === null) return null;
  return `${encodeFragmentTerm(start.join(' '))},${encodeFragmentTerm(words.slice(-endWords).join(' '))}`;
}

/** The least n in [min, max] for which `fits(n)` holds, or null. */
function wordsUntil(min: number, max: number, fits: (n: number) => boolean): number | null {
  for (let n = min; n <= max; n++) if (fits(n)) return n;
  return null;
}

function phrase(words: string[]): string {
  return foldForMatching(words.join(' '));
}

/**
 * Percent-encode one term of a text directive. Besides what `encodeURIComponent` encodes, the spec
 * reserves `-` (prefix/suffix marker), and `&` and `,` (already encoded) inside terms.
 * @example encodeFragmentTerm('Kim Jong-un, 80,000 & more') // -> 'Kim%20Jong%2Dun%2C%2080%2C000%20%26%20more'
 */
export function encodeFragmentTerm(term: string): string {
  return encodeURIComponent(term).replaceAll('-', '%2D');
}

/**
 * Text as the browser compares it: whitespace runs as one space, case and accents ignored.
 * NFKD may change lengths, so offsets are only ever compared between folded strings.
 */
function foldForMatching(text: string): string {
  return foldWhitespace(text).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Occurrences of `needle` in `haystack`, overlapping ones included. */
function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}
