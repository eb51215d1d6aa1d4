// Word families (`words/word-families.json`): a layer over Porter2 that joins the forms a reader treats
// as one word and Porter2 leaves apart (child/children, smuggling/smuggler), and parts the words Porter2
// merges with others of a different meaning (executive/execute). The tokenizer applies it to every
// stem, so indexing, queries and highlighting agree; strict matching and quoted phrases use unstemmed
// terms and are untouched.
//
//   families: [["prosecute", "prosecutor"]]  every member's Porter2 stem -> the first member's stem
//   apart:    [["executive", "executives"]]  exactly these words -> a key of their own, "apart:executive"
//             (prefixed, since a bare word can be another word's stem: organ/organization -> "organ")

import { AppError } from '../../errors.ts';

export interface WordFamiliesFile {
  families: string[][];
  apart: string[][];
}

/** Maps a folded term and its Porter2 stem to the key the index stores. */
export interface WordFamilies {
  key(term: string, porterStem: string): string;
}

/**
 * Build the lookup. A stem claimed by two families is an error naming the file and both families,
 * since the index could not say which one it means.
 * @example buildWordFamilies({ families: [['child', 'children']], apart: [] }, porter, 'f.json').key('children', 'children') // -> 'child'
 */
export function buildWordFamilies(data: unknown, porter: (word: string) => string, path: string): WordFamilies {
  const file = readWordFamilies(data, path);
  const byStem = new Map<string, string>();
  const byTerm = new Map<string, string>();
  const members = new Map<string, string[]>();
  for (const family of file.families) {
    const key = porter(family[0]!);
    for (const word of family) {
      const stem = porter(word);
      const claimed = byStem.get(stem);
      if (claimed !== undefined && claimed !== key) {
        throw new AppError(
          500,
          `${path}: "${word}" (stem "${stem}") is in two families, ${JSON.stringify(members.get(claimed))} and ${JSON.stringify(family)}; merge them or drop one.`,
        );
      }
      byStem.set(stem, key);
    }
    members.set(key, family);
  }
  for (const words of file.apart) for (const word of words) byTerm.set(word, `apart:${words[0]!}`);
  return { key: (term, porterStem) => byTerm.get(term) ?? byStem.get(porterStem) ?? porterStem };
}

/** The file's two lists, checked: errors name the file and say what each list must hold. */
export function readWordFamilies(data: unknown, path: string): WordFamiliesFile {
  const isWordList = (list: unknown, min: number) =>
    Array.isArray(list) &&
    list.length >= min &&
    list.every((word) => typeof word === 'string' && /^[a-z]+$/.test(word));
  const { families, apart } = (data ?? {}) as Partial<WordFamiliesFile>;
  if (!Array.isArray(families) || !families.every((family) => isWordList(family, 2))) {
    throw new AppError(500, `${path}: "families" must be an array of lists of two or more lower-case words`);
  }
  if (!Array.isArray(apart) || !apart.every((words) => isWordList(words, 1))) {
    throw new AppError(500, `${path}: "apart" must be an array of lists of one or more lower-case words`);
  }
  return { families, apart };
}
