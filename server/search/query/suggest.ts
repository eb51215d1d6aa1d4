// Spelling: for query words that match nothing, the closest word the corpus has. A query that finds
// nothing is searched as corrected, when the correction finds something (search.ts says so, with a link
// back to the words as typed, quoted so that they are not corrected again).

import type { QueryNode, TermNode } from './query.ts';
import { stemTerm, tokenize } from '../words/tokenize.ts';
import { THESAURUS } from '../words/thesaurus.ts';
import { dictionary } from '../words/wordnet.ts';

/** What spelling correction asks of the index (storage/index-storage.ts answers it). */
export interface Vocabulary {
  /** How many passages hold the term in the field (0: the corpus does not have it). */
  documentFrequency(term: string, field: 'text' | 'exact'): number;
  /** The folded corpus words within `distance` edits of the term (itself included, if held). */
  near(term: string, distance: number): string[];
}

/** A corrected query and where its corrections are, in the query as typed. */
export interface Correction {
  query: string;
  /** The misspelt words as typed: [position, length] in the original query. */
  replaced: Array<[number, number]>;
}

/**
 * Unmatched words looked up per query, at most. Each lookup is a fuzzy search of the vocabulary; a query of
 * 32 unknown words in each of trends' six series made 192 of them, 163 times a plain search's time.
 */
export const MAX_CORRECTED_WORDS = 3;

/**
 * Edits a correction may make to a word of this length: none under four letters (a two-letter
 * "misspelling" is two edits from every short word), one at four, two from five ("Dandgo": a swap is two).
 */
export function spellingDistance(word: string): number {
  return word.length < 4 ? 0 : word.length === 4 ? 1 : 2;
}

/**
 * The query with each unmatched plain word that is no English word (isWord) replaced by the most frequent
 * corpus word within its spellingDistance, or null when nothing would change or the correction itself finds nothing
 * (`hasResults`). Only the first MAX_CORRECTED_WORDS unmatched words are looked up.
 * Numbers are never "corrected": 2016 is not a misspelling of 2019.
 * @example spellingCorrection('Dandog workers', tree, index, hasResults) // -> { query: 'Dandong workers', replaced: [[0, 6]] }
 */
export function spellingCorrection(
  query: string,
  tree: QueryNode | null,
  vocabulary: Vocabulary,
  hasResults: (query: string) => boolean,
): Correction | null {
  const replacements: Array<{ term: TermNode; word: string }> = [];
  let lookups = 0;
  for (const term of positiveTerms(tree)) {
    const tokens = tokenize(term.word);
    if (tokens.length !== 1 || term.prefix || term.fuzzy) continue;
    const token = tokens[0]!;
    if (
      !/^\p{L}/u.test(token.term) ||
      spellingDistance(token.term) === 0 ||
      vocabulary.documentFrequency(token.stem, 'text') > 0 ||
      isWord(token)
    )
      continue;
    if (++lookups > MAX_CORRECTED_WORDS) break;
    const closest = closestWord(token.term, vocabulary);
    if (closest) replacements.push({ term, word: matchCase(closest, term.word) });
  }
  if (replacements.length === 0) return null;
  let corrected = query;
  for (const { term, word } of replacements.sort((a, b) => b.term.position - a.term.position)) {
    corrected = corrected.slice(0, term.position) + word + corrected.slice(term.position + term.word.length);
  }
  if (!hasResults(corrected)) return null;
  return {
    query: corrected,
    replaced: replacements.map(({ term }) => [term.position, term.word.length] as [number, number]).reverse(),
  };
}

/**
 * A word the reviewed thesaurus or WordNet knows is spelt right, though no passage holds it: "police" is no
 * misspelling of "policy", nor "webcam" of "became". Its own bridges find what it means (query-parts.ts).
 */
function isWord(token: { term: string; stem: string }): boolean {
  return THESAURUS.has(token.stem) || dictionary().has(token.term);
}

/** The nearest word (fewest edits, then most passages, then first alphabetically) that is not a form of the term. */
function closestWord(term: string, vocabulary: Vocabulary): string | null {
  const ranked = vocabulary
    .near(term, spellingDistance(term))
    .filter((word) => stemTerm(word) !== stemTerm(term))
    .map((word) => ({ word, edits: editDistance(term, word), passages: vocabulary.documentFrequency(word, 'exact') }))
    .sort((a, b) => a.edits - b.edits || b.passages - a.passages || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  return ranked[0]?.word ?? null;
}

/** "dandong" typed as "Dandog" is suggested as "Dandong". */
function matchCase(word: string, typed: string): string {
  if (typed === typed.toUpperCase() && /\p{Lu}/u.test(typed)) return word.toUpperCase();
  return /^\p{Lu}/u.test(typed) ? word[0]!.toUpperCase() + word.slice(1) : word;
}

function positiveTerms(node: QueryNode | null): TermNode[] {
  if (!node) return [];
  if (node.type === 'term') return [node];
  if (node.type === 'and' || node.type === 'or') return node.children.flatMap(positiveTerms);
  return [];
}

/** Edit distance counting a swap of neighbouring letters as one edit ("wrokers" -> "workers" is 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
