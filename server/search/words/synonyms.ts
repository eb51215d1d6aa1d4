// Synonym groups (`words/synonyms.json`), turned into stem sequences with the search tokenizer so that a
// query's words can be matched against them the same way passages are.

import { tokenize } from './tokenize.ts';
import { AppError } from '../../errors.ts';

/** One way of saying something: the phrase as written in the file, and its stems in order. */
export interface SynonymAlternative {
  phrase: string;
  stems: string[];
}

export type SynonymGroup = SynonymAlternative[];

/**
 * Parse the synonyms file: its "groups", then its "acronyms" (an acronym and the names it stands for),
 * which work the same way. Errors name the file; a group needs two or more phrases.
 * @example parseSynonyms('{"groups": [["PRC", "China"]]}', 'words/synonyms.json')
 *   // -> [[{ phrase: 'PRC', stems: ['prc'] }, { phrase: 'China', stems: ['china'] }]]
 */
export function parseSynonyms(json: string, path: string): SynonymGroup[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new AppError(500, `${path}: not valid JSON (${(error as Error).message})`);
  }
  const { groups, acronyms = [] } = (data ?? {}) as { groups?: unknown; acronyms?: unknown };
  if (!Array.isArray(groups)) throw new AppError(500, `${path}: needs a "groups" array of arrays of phrases`);
  if (!Array.isArray(acronyms))
    throw new AppError(500, `${path}: "acronyms", when given, is an array of arrays of phrases`);
  const lists = [
    ...groups.map((group, index) => ({ group, name: `group ${index + 1}` })),
    ...acronyms.map((group, index) => ({ group, name: `acronym ${index + 1}` })),
  ];
  return lists.map(({ group, name }) => {
    if (
      !Array.isArray(group) ||
      group.length < 2 ||
      !group.every((phrase) => typeof phrase === 'string' && tokenize(phrase).length > 0)
    ) {
      throw new AppError(500, `${path}: ${name} must list two or more non-empty phrases`);
    }
    return group.map((phrase: string) => ({ phrase, stems: tokenize(phrase).map((token) => token.stem) }));
  });
}
