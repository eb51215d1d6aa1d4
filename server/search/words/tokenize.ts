// The one tokenizer: indexing, query parsing and highlighting all call `tokenize`, so whatever is found
// is exactly what gets marked.
//
// A token keeps its offsets in the original text and two normal forms:
//   term: case- and diacritic-folded, possessive dropped, initialisms collapsed
//         ("D. P. R. K." / "D.P.R.K." / "DPRK" -> "dprk"; "U.S." -> "us"), thousands separators dropped
//         from numbers ("80,000" -> "80000"; "$4" and "2397" stay whole);
//   stem: Porter2 (Snowball English) stem of the term, used for unquoted words. Porter2 was chosen over
//         Porter on this corpus: Porter merges "us/use/used" (colliding with "U.S."), "one/on",
//         "communities/communications" and "general/generate"; Porter2 keeps them apart (docs/search.md, "Stemmer: Porter2 over Porter").
//         Word families (words/word-families.json) then join the forms Porter2 leaves apart
//         ("children" -> "child", "smuggler" -> "smuggl") and part the ones it wrongly merges.

import snowball from 'snowball-stemmers';
import wordFamiliesFile from '../../../words/word-families.json' with { type: 'json' };
import { buildWordFamilies } from './word-families.ts';

export interface Token {
  term: string;
  stem: string;
  /** Offsets into the tokenized string: text.slice(start, end) is the token as written. */
  start: number;
  end: number;
}

/**
 * Spaced or unspaced initialisms of two or more letters, each followed by a dot: "D. P. R. K.", "U.S.",
 * "R.O.K.". Any case, because queries are typed in any case ("d.p.r.k.", "u.s."); no passage of the
 * corpus holds a lower-case one, so indexing is unchanged.
 */
export const INITIALISM = /\p{L}\.(?:\s?\p{L}\.)+/u;

const TOKEN = new RegExp(
  [
    `(${INITIALISM.source})`,
    // Amounts and numbers, kept whole: "$4", "¥5,000", "80,000", "2.6", "2397".
    '([$¥£€]?\\d+(?:[.,]\\d+)*)',
    // Words, with inner apostrophes ("People's", "d'Ivoire").
    "([\\p{L}\\p{N}]+(?:['’][\\p{L}\\p{N}]+)*)",
  ].join('|'),
  'gu',
);

const stemmer = snowball.newStemmer('english');
const families = buildWordFamilies(wordFamiliesFile, (word) => stemmer.stem(word), 'words/word-families.json');

/**
 * Split text into tokens.
 * @example tokenize("The D. P. R. K. 's workers") // terms: the, dprk, workers (stems: the, dprk, worker)
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const [written, initialism, number] = match;
    const start = match.index;
    // The "s" of a detached possessive ("D. P. R. K. 's") belongs to the word before it.
    if (written === 's' && /['’]/.test(text[start - 1] ?? '')) continue;
    const term = initialism
      ? initialism.replace(/[.\s]/g, '').toLowerCase()
      : number
        ? foldNumber(number)
        : foldWord(written);
    tokens.push({ term, stem: stemTerm(term), start, end: start + written.length });
  }
  return tokens;
}

/**
 * Stems seen so far: the corpus vocabulary is small and stemming costs microseconds a word. Queries can
 * bring any number of new words, so the memo is emptied when it grows past a bound.
 */
const stems = new Map<string, string>();
const MAX_MEMOISED_STEMS = 50_000;

/** The Porter2 stem of a folded term, through its word family; numbers and amounts are their own stem. */
export function stemTerm(term: string): string {
  let stem = stems.get(term);
  if (stem === undefined) {
    stem = /^[a-z]+$/.test(term) ? families.key(term, stemmer.stem(term)) : term;
    if (stems.size >= MAX_MEMOISED_STEMS) stems.clear();
    stems.set(term, stem);
  }
  return stem;
}

/** Lower-case, strip diacritics, drop a possessive "'s" and any other apostrophe. */
function foldWord(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]s$/, '')
    .replace(/['’]/g, '');
}

function foldNumber(number: string): string {
  return number.replace(/(\d),(?=\d{3}\b)/g, '$1');
}

/** Words too common to narrow an unquoted query; still indexed, so phrases keep them. */
export const STOPWORDS = new Set(
  'a an and are as at be been but by for from has have had in into is it its of on or that the their this to was were will with'.split(
    ' ',
  ),
);

/**
 * Words of a question or a description that carry no topic: question words, auxiliaries, light verbs
 * (get, make, put, go, face: "what sentence does someone face"),
 * verbs whose topic is the verb after them ("women who want to escape", "trying to leave") and pronouns
 * ("how does the regime make money", "what happens to women sent back"), the words that
 * ask about a report ("what did the 2025 report say about"), "like" ("what are conditions like in the
 * camps"), and the rest of Snowball's English stop
 * list, the list made for the stemmer we use (prepositions and quantifiers: "a crime under North Korean
 * law", "punished because they were trafficked"). Outside quotes and strict mode they need not match,
 * like stop words; docs/relevance.md, "Question words need not match".
 */
export const FILLERS = new Set(
  (
    'what which who whom whose when where why how do does did doing done am being can could would should shall may might must ' +
    'having get gets got getting gotten make makes made making let lets put puts putting happen happens happened ' +
    'kind kinds type types many much someone somebody something anyone anybody anything everyone everybody everything thing things they them he she his her hers him you your i me my we our us there about ' +
    'like say says said tell report reports want wants wanted try tries tried trying seem seems seemed ' +
    'myself ours ourselves yours yourself yourselves himself herself itself theirs themselves these those ought cannot because until while ' +
    'against between through during before after above below up down out off over under again further then once here all any both each few ' +
    'more most other some such no nor not only own same so than too very ' +
    'also ever actually really just still even ' +
    "don't doesn't didn't isn't aren't wasn't weren't won't can't couldn't wouldn't haven't hasn't hadn't " +
    'go goes going went gone face faces faced facing toward towards onto upon'
  )
    .split(' ')
    // Contractions typed with a typographic apostrophe too ("don’t").
    .flatMap((word) => (word.includes("'") ? [word, word.replace("'", '\u2019')] : [word])),
);
