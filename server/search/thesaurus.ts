// The reviewed thesaurus (`index/thesaurus.json`): words researchers type -> words the reports use for
// the same thing ("abroad" -> overseas, "sent back" -> repatriate, "schoolchildren" -> student, child).
// Unlike a synonym group, an entry does not make two phrasings one: a passage found only through an
// entry is a weaker match than one holding the word typed, and says so ("matched because"). The pairs
// come from WordNet, reviewed (DESIGN.md, "A reviewed thesaurus"); keys and values are matched by stem.

import thesaurusFile from '../../index/thesaurus.json' with { type: 'json' };
import { tokenize } from './tokenize.ts';
import { AppError } from '../errors.ts';
import { demonymEntries } from './demonyms.ts';

/** One entry: the typed words' stems and the words it reaches. */
export interface ThesaurusEntry {
  /** The key as written in the file ("sent back"). */
  phrase: string;
  stems: string[];
  /** The words of the reports it reaches, as written ("repatriate"), with their stems. */
  targets: Array<{ word: string; stems: string[] }>;
}

/** Entries by the stems of their key, joined with spaces. */
export type Thesaurus = ReadonlyMap<string, ThesaurusEntry>;

/** Keys of more than this many words are not looked for. */
export const LONGEST_KEY = 2;

/**
 * Read the thesaurus file: `{"entries": {"typed words": ["report word", ...]}}`. Errors name the file.
 * @example parseThesaurus({ entries: { abroad: ['overseas'] } }, 'f.json').get('abroad')!.targets[0].word // -> 'overseas'
 */
export function parseThesaurus(data: unknown, path: string): Thesaurus {
  const entries = (data as { entries?: unknown })?.entries;
  if (!entries || typeof entries !== 'object' || Array.isArray(entries)) throw new AppError(500, `${path}: needs an "entries" object of "typed words": ["report word", ...]`);
  const thesaurus = new Map<string, ThesaurusEntry>();
  for (const [phrase, targets] of Object.entries(entries)) {
    const stems = tokenize(phrase).map((token) => token.stem);
    const valid = stems.length >= 1 && stems.length <= LONGEST_KEY && Array.isArray(targets) && targets.length > 0 && targets.every((t) => typeof t === 'string' && tokenize(t).length > 0);
    if (!valid) throw new AppError(500, `${path}: "${phrase}" must be one or ${LONGEST_KEY} words mapped to a list of one or more words or phrases`);
    thesaurus.set(stems.join(' '), { phrase, stems, targets: (targets as string[]).map((word) => ({ word, stems: tokenize(word).map((token) => token.stem) })) });
  }
  return thesaurus;
}

/** Demonyms leading to their countries' names (demonyms.ts), those short enough to be looked for. */
const demonyms = Object.fromEntries(Object.entries(demonymEntries()).filter(([word]) => tokenize(word).length <= LONGEST_KEY));

/** The reviewed file, and the demonyms. */
export const THESAURUS: Thesaurus = parseThesaurus({ entries: { ...demonyms, ...thesaurusFile.entries } }, 'index/thesaurus.json');
