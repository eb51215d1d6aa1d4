// Synonym groups (`index/synonyms.json`), turned into stem sequences with the search tokenizer so that a
// query's words can be matched against them the same way passages are.

import { tokenize } from './tokenize.ts';
import { AppError } from '../errors.ts';

/** One way of saying something: the phrase as written in the file, and its stems in order. */
export interface SynonymAlternative {
  phrase: string;
  stems: string[];
}

export type SynonymGroup = SynonymAlternative[];

/**
 * Parse the synonyms file. Errors name the file; a group needs two or more phrases.
 * @example parseSynonyms('{"groups": [["PRC", "China"]]}', 'index/synonyms.json')
 *   // -> [[{ phrase: 'PRC', stems: ['prc'] }, { phrase: 'China', stems: ['china'] }]]
 */
export function parseSynonyms(json: string, path: string): SynonymGroup[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new AppError(500, `${path}: not valid JSON (${(error as Error).message})`);
  }
  const groups = (data as { groups?: unknown })?.groups;
  if (!Array.isArray(groups)) throw new AppError(500, `${path}: needs a "groups" array of arrays of phrases`);
  return groups.map((group, index) => {
    if (!Array.isArray(group) || group.length < 2 || !group.every((phrase) => typeof phrase === 'string' && tokenize(phrase).length > 0)) {
      throw new AppError(500, `${path}: group ${index + 1} must list two or more non-empty phrases`);
    }
    return group.map((phrase: string) => ({ phrase, stems: tokenize(phrase).map((token) => token.stem) }));
  });
}
