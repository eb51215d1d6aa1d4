// The reviewed thesaurus (`words/thesaurus.json`): words researchers type -> words the reports use for
// the same thing ("abroad" -> overseas, "sent back" -> repatriate, "schoolchildren" -> student, child).
// Unlike a synonym group, an entry does not make two phrasings one: a passage found only through an
// entry is a weaker match than one holding the word typed, and says so ("matched because"). The pairs
// come from WordNet, reviewed (docs/relevance.md, "A reviewed thesaurus"); keys and values are matched by stem.

import thesaurusFile from '../../../words/thesaurus.json' with { type: 'json' };
import { tokenize } from './tokenize.ts';
import { AppError } from '../../errors.ts';
import { capitalEntries, countryEntries, demonymEntries } from '../query/demonyms.ts';

/** One entry: the typed words' stems and the words it reaches. */
export interface ThesaurusEntry {
  /** The key as written in the file ("sent back"). */
  phrase: string;
  /** Every key of the file with these stems ("sent back", "send back"): one entry, their words merged. */
  phrases: string[];
  stems: string[];
  /** The words of the reports it reaches, as written ("repatriate"), with their stems. */
  targets: Array<{ word: string; stems: string[] }>;
  /** Made from the dictionary for a word no passage holds (query-parts.ts), not read from the reviewed file. */
  dictionary?: true;
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
  if (!entries || typeof entries !== 'object' || Array.isArray(entries))
    throw new AppError(500, `${path}: needs an "entries" object of "typed words": ["report word", ...]`);
  const thesaurus = new Map<string, ThesaurusEntry>();
  for (const [phrase, targets] of Object.entries(entries)) {
    const stems = tokenize(phrase).map((token) => token.stem);
    const valid =
      stems.length >= 1 &&
      stems.length <= LONGEST_KEY &&
      Array.isArray(targets) &&
      targets.length > 0 &&
      targets.every((t) => typeof t === 'string' && tokenize(t).length > 0);
    if (!valid)
      throw new AppError(
        500,
        `${path}: "${phrase}" must be one or ${LONGEST_KEY} words mapped to a list of one or more words or phrases`,
      );
    // Keys with the same stems are one entry ("foreign", "foreigner"): their words add up, and a word
    // with the key's own stems adds nothing (the word typed is found anyway, at full weight).
    const key = stems.join(' ');
    const entry = thesaurus.get(key) ?? { phrase, phrases: [], stems, targets: [] };
    entry.phrases.push(phrase);
    for (const word of targets as string[]) {
      const wordStems = tokenize(word).map((token) => token.stem);
      if (
        wordStems.join(' ') !== key &&
        !entry.targets.some((target) => target.stems.join(' ') === wordStems.join(' '))
      )
        entry.targets.push({ word, stems: wordStems });
    }
    thesaurus.set(key, entry);
  }
  for (const [key, entry] of thesaurus) if (entry.targets.length === 0) thesaurus.delete(key);
  return thesaurus;
}

/** Demonyms leading to their countries' names, names to demonyms and capitals to both (demonyms.ts), those short enough to be looked for. */
const demonyms: Record<string, string[]> = {};
for (const entries of [demonymEntries(), countryEntries(), capitalEntries()])
  for (const [word, targets] of Object.entries(entries))
    if (tokenize(word).length <= LONGEST_KEY) demonyms[word] = [...new Set([...(demonyms[word] ?? []), ...targets])];

/** The reviewed file, and the demonyms. */
export const THESAURUS: Thesaurus = parseThesaurus(
  { entries: { ...demonyms, ...thesaurusFile.entries } },
  'words/thesaurus.json',
);
