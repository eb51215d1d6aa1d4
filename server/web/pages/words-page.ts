// The word lists page (`/words`, JSON twin `/api/words`): the word families, synonym groups and thesaurus
// the search applies, as the files say them, so a researcher can see why a passage matched. Each word
// links to its search.

import type { Library } from '../../library.ts';
import wordFamiliesFile from '../../../words/word-families.json' with { type: 'json' };
import { readWordFamilies } from '../../search/words/word-families.ts';
import { EMPTY_SEARCH, searchUrl } from '../urls.ts';
import { THESAURUS } from '../../search/words/thesaurus.ts';

interface WordLink {
  word: string;
  url: string;
}

export interface WordsPage {
  title: string;
  /** Forms found by any one of them (words/word-families.json, "families"). */
  families: WordLink[][];
  /** Words kept apart from the others Porter2 would give the same stem ("apart"). */
  apart: WordLink[][];
  /** Names found by any one of them (words/synonyms.json). */
  synonyms: WordLink[][];
  /** Words typed -> words of the reports that may stand for them, at a lower weight (words/thesaurus.json, and demonyms). */
  thesaurus: Array<{ typed: WordLink[]; found: WordLink[] }>;
}

export function wordsPage(library: Library): WordsPage {
  const { families, apart } = readWordFamilies(wordFamiliesFile, 'words/word-families.json');
  const links = (words: string[]) => words.map((word) => ({ word, url: searchUrl({ ...EMPTY_SEARCH, q: word }) }));
  return {
    title: 'Word forms and synonyms',
    families: families.map(links),
    apart: apart.map(links),
    synonyms: library.synonyms.map((group) => links(group.map((alternative) => alternative.phrase))),
    thesaurus: [...THESAURUS.values()]
      .sort((a, b) => a.phrase.localeCompare(b.phrase))
      .map((entry) => ({ typed: links(entry.phrases), found: links(entry.targets.map((target) => target.word)) })),
  };
}
