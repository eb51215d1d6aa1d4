// Section cues: words whose topic is what one section of every TIP narrative reports on, by the report's
// own structure (the State Department's "Methodology": Prosecution covers laws, investigations,
// prosecutions, convictions and sentences; Protection, identifying and assisting victims; Prevention,
// awareness, policy and demand). A question about "a law against trafficking" is answered in Prosecution
// and one about "helping victims" in Protection, mostly in the section's own words, not the question's.
// So a query holding a cue gets one more part, held by the passages of that section, weighing by its
// rarity like an answer asked for (query-parts.ts): a soft prior, never a filter. A section named as
// such ("2016 recommendations") is read as a filter instead (interpret.ts).

import type { Section } from '../../corpus/types.ts';
import { tokenize } from '../words/tokenize.ts';

/** The words, matched by stem ("laws", "prosecuted", "sheltered"), that cue each section. */
const CUES: Partial<Record<Section, string[]>> = {
  prosecution: [
    'law',
    'legal',
    'legislation',
    'criminalize',
    'prosecute',
    'prosecution',
    'convict',
    'conviction',
    'investigate',
    'investigation',
    'sentence',
    'penalty',
    'court',
    'trial',
  ],
  protection: [
    'help',
    'assist',
    'assistance',
    'shelter',
    'service',
    'care',
    'rehabilitate',
    'rehabilitation',
    'protect',
    'protection',
    'identify',
    'identification',
    'support',
  ],
  prevention: ['prevent', 'prevention', 'awareness', 'campaign', 'educate', 'education', 'demand'],
};

const BY_STEM = new Map<string, Section>(
  Object.entries(CUES).flatMap(([section, words]) =>
    words.map((word) => [tokenize(word)[0]!.stem, section as Section] as [string, Section]),
  ),
);

/** The section names themselves ("prosecution", "protect"), which cue their section in any query. */
const NAMES = new Map<string, Section>(
  (['prosecution', 'protection', 'prevention'] as const).map((section) => [tokenize(section)[0]!.stem, section]),
);

/** A question's first word: what, how, does, is... ("women executed for helping people defect" is none). */
const QUESTION =
  /^(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|can|could|has|have|had|will|would|should)$/i;

/** Verbs of punishing, matched by stem: with the trafficker as what is punished, they ask about Prosecution. */
const PUNISHING = new Set(
  ['jail', 'imprison', 'punish', 'arrest', 'lock', 'penalize', 'charge'].map((word) => tokenize(word)[0]!.stem),
);

/** Whether the word is a verb of punishing (by stem): "jailed", "punish", "arrested". */
export function isPunishing(word: string): boolean {
  return tokenize(word).some((token) => PUNISHING.has(token.stem));
}

/**
 * Does the question punish a trafficker ("has Pyongyang ever jailed anyone for trafficking", "are traffickers
 * punished")? Then it asks what Prosecution reports (the Methodology: convictions and sentences of
 * traffickers), not what victims suffer ("are women punished for being trafficked": Protection), so it is
 * read on the words as typed: "trafficker(s)" or "for trafficking", not "trafficked".
 */
export function punishesTraffickers(words: string[]): boolean {
  return namesTraffickers(words) && words.some(isPunishing);
}

/** "trafficker(s)" or "for trafficking", as typed: who is punished or what for. */
function namesTraffickers(words: string[]): boolean {
  const lower = words.map((word) => word.toLowerCase());
  return lower.some(
    (word, i) => word === 'trafficker' || word === 'traffickers' || (word === 'trafficking' && lower[i - 1] === 'for'),
  );
}

/** Leaving the country, matched by stem: "escape", "defecting", "fled", "crossing the border". */
const LEAVING = new Set(
  ['escape', 'escapee', 'defect', 'defection', 'defector', 'flee', 'fled', 'cross', 'border', 'leave', 'asylum'].map(
    (word) => tokenize(word)[0]!.stem,
  ),
);

/**
 * Does the question ask what leaving the country costs ("how long a sentence do you get for trying to
 * escape", "is there a law against crossing the border")? The sentence is the state's, on its own people,
 * not the courts' on traffickers that Prosecution reports: the reports state it where they describe the
 * trafficking (the profile) and the victims penalized for crossing the border (Protection). Not when
 * traffickers are named: "what sentence do traffickers get for crossing the border" is Prosecution's.
 */
export function punishesLeaving(words: string[]): boolean {
  return !namesTraffickers(words) && words.some((word) => tokenize(word).some((token) => LEAVING.has(token.stem)));
}

/**
 * The sections a query's words cue, in the order first cued: a section's name in any query, its other
 * cues only in a question (in a description, "brokers who promise to help defectors" is not about
 * helping victims).
 * @example sectionsCued(['does', 'North', 'Korea', 'have', 'any', 'law', 'against', 'trafficking']) // -> ['prosecution']
 */
export function sectionsCued(words: string[]): Section[] {
  const question = words.length > 0 && QUESTION.test(words[0]!);
  const sections = new Set<Section>();
  // A sentence for leaving is not what Prosecution reports: its other cues do not count then, its name does.
  const leaving = question && punishesLeaving(words);
  for (const word of words)
    for (const token of tokenize(word)) {
      const cued = question ? BY_STEM.get(token.stem) : undefined;
      const section = NAMES.get(token.stem) ?? (leaving && cued === 'prosecution' ? undefined : cued);
      if (section) sections.add(section);
    }
  if (question && punishesTraffickers(words)) sections.add('prosecution');
  return [...sections];
}
