// The parts of a query that a full match must hold, as partial matching weighs them one by one: a typed
// word, two words that are one thesaurus key ("sent back"), a word of a synonym (held wherever the
// synonym's name is), a phrase or an OR group; each with the thesaurus words that may stand for it.
// Exclusions and filters are no parts: they always apply.
//
//   prepared tree (and: "sent back" women -China year:2025)
//     -> parts [sent back ~ repatriate, return] [women]; constraints: -China, year:2025; runs: none

import type { EvalNode, EvaluateOptions, QueryEngine, WordsNode } from '../evaluation/engine.ts';
import type { QueryNode, TermNode } from './query.ts';
import { FILLERS, STOPWORDS, tokenize } from '../words/tokenize.ts';
import { SECTION_LABELS, type Section } from '../../corpus/types.ts';
import { isPunishing, punishesTraffickers, sectionsCued } from './section-cues.ts';
import { LONGEST_KEY, THESAURUS, type Thesaurus, type ThesaurusEntry } from '../words/thesaurus.ts';
import { dictionary } from '../words/wordnet.ts';

/** What a question can ask for beyond its words (Part.answer), held by the passages giving it. */
export type AnswerType = 'figure' | 'country' | 'kinds' | 'reason' | 'section';

/** One part of the query, as the researcher typed it, and the words that may stand for it. */
export interface Part {
  label: string;
  /** What the part's own words find (for an answer asked for: nothing; see `answer`). */
  node: EvalNode;
  /**
   * The question asks for a figure ("how many", "what share"), for countries ("which countries", "where
   * are") or for kinds ("what kinds of"): held by passages that give a number, name a country other than
   * their narrative's, or list examples; for a reason ("why"): passages that state a cause. A section
   * cued by the query's words ("a law against": Prosecution) is held by that section's passages.
   */
  answer?: AnswerType;
  /** For a section cued by the query's words (section-cues.ts): which. */
  section?: Section;
  expansions: Array<{ word: string; node: EvalNode }>;
  /**
   * The part weighs by how many passages hold its expansions (partial.ts), not as the rarest word of all:
   * the word typed is in no passage and its expansions are the dictionary's (wordnet.ts), or the part is
   * a reading of the query's words that only its expansions hold ("the state as trafficker").
   */
  byExpansions?: true;
  /** A synonym this word belongs to, held wherever one of its names is, at this word's share of its score. */
  whole?: { node: EvalNode; share: number };
}

export interface QueryParts {
  parts: Part[];
  /** Top-level exclusions and filters: a partial match passes them all. */
  constraints: EvalNode[];
  /** Words typed next to each other: a passage holding them together keeps the engine's sequence boost. */
  runs: WordsNode[];
}

/**
 * The query's parts, or null when it has none (a filter alone). One word is a part too: a sentence next to
 * its match in the paragraph holds it by context ("TVPA": the next sentence's "the legislation").
 * @example queryParts(engine, parseQuery('Russia logging -China', v), { strict: false })
 *   // -> { parts: [Russia, logging], constraints: [-China], runs: [Russia logging] }
 */
export function queryParts(
  engine: QueryEngine,
  tree: QueryNode | null,
  options: EvaluateOptions & { thesaurus?: Thesaurus; dictionary?: boolean },
): QueryParts | null {
  if (!tree) return null;
  const reviewed = options.strict ? new Map() : (options.thesaurus ?? THESAURUS);
  // A word no passage holds, and the reviewed thesaurus does not know, reaches its dictionary neighbours.
  const thesaurus: Bridges =
    options.strict || options.dictionary === false ? reviewed : withDictionary(reviewed, engine);
  const prepared = engine.prepare(tree, options);
  const children = prepared.type === 'and' ? prepared.children : [prepared];
  // A thesaurus word is prepared like a query: a name among them brings its synonyms and the longer names it
  // must not match inside ("South Korean" -> Republic of Korea, not inside Democratic People's Republic of Korea).
  const prepareWords = (terms: TermNode[]) =>
    engine.prepare(terms.length === 1 ? terms[0]! : { type: 'and', children: terms }, options);
  const parts = punishedByLaw(
    joinParticles(
      children.flatMap((child) => partsOf(child, thesaurus, prepareWords)),
      tree,
      thesaurus,
      prepareWords,
    ),
    tree,
    prepareWords,
  );
  if (parts.length === 0) return null;
  if (!options.strict && asksForFigure(tree))
    parts.push({ label: 'a figure', node: { type: 'or', children: [] }, expansions: [], answer: 'figure' });
  else if (!options.strict && asksForCountry(tree))
    parts.push({ label: 'a country', node: { type: 'or', children: [] }, expansions: [], answer: 'country' });
  else if (!options.strict && asksForKinds(tree))
    parts.push({ label: 'examples', node: { type: 'or', children: [] }, expansions: [], answer: 'kinds' });
  else if (!options.strict && asksForReason(tree))
    parts.push({ label: 'a reason', node: { type: 'or', children: [] }, expansions: [], answer: 'reason' });
  const read = options.strict ? parts : stateAsTrafficker(parts, tree, prepareWords);
  if (!options.strict)
    for (const section of sectionsCued(typedWords(tree)))
      read.push({
        label: `the ${SECTION_LABELS[section]} section`,
        node: { type: 'or', children: [] },
        expansions: [],
        answer: 'section',
        section,
      });
  return {
    parts: read,
    constraints: children.filter((child) => child.type === 'not' || child.type === 'filter'),
    runs: children.filter(
      (child): child is WordsNode =>
        child.type === 'words' && child.words.length > 1 && child.alternatives.length === 1,
    ),
  };
}

/**
 * How the reports say that the state itself traffics: since 2019 the Act's "government policy or pattern"
 * of trafficking (the overviews), "state-sponsored", "participated in", officials' "complicity".
 */
const STATE_TRAFFICKING = [
  'government policy or pattern',
  'state-sponsored',
  'participated',
  'complicit',
  'complicity',
];
const STATE_WORDS = new Set(['state', 'regime', 'government', 'authorities', 'officials', 'pyongyang', 'dprk']);
/** The state's own part in what it does, wherever they stand: "the regime itself", "officials involved". */
const AGENT_WORDS = /^(?:itself|themselves|complicit|complicity|involved|involvement|behind)$/;
/** Verbs of doing it, only with trafficking their object: "running the trafficking", not "run campaigns against trafficking". */
const AGENCY_VERBS = /^(?:run|runs|running|ran|participat\w*|sponsor\w*|organi[sz]\w*|orchestrat\w*)$/;
const AGENCY_WORDS = new RegExp(`${AGENT_WORDS.source}|${AGENCY_VERBS.source}`);
/** Words a verb's object "trafficking" may stand after it, at most ("running the trafficking", "participated in trafficking"). */
const OBJECT_REACH = 2;

/**
 * Does the query ask whether the state itself traffics ("is the North Korean state itself a trafficker",
 * "is the regime running the trafficking", "are officials involved in trafficking")? Its words hold the
 * state, its agency and trafficking; the answer is in the reports' findings on the state's own
 * trafficking (STATE_TRAFFICKING), which hold none of "itself" or "running".
 * @example asksOfStateTrafficking(['is', 'the', 'regime', 'itself', 'a', 'trafficker']) // -> true
 */
export function asksOfStateTrafficking(words: string[]): boolean {
  const lower = words.map((word) => word.toLowerCase());
  const trafficking = (word: string | undefined) => word !== undefined && /^traffick/.test(word);
  const agency = lower.some(
    (word, i) =>
      AGENT_WORDS.test(word) || (AGENCY_VERBS.test(word) && lower.slice(i + 1, i + 2 + OBJECT_REACH).some(trafficking)),
  );
  return lower.some((word) => STATE_WORDS.has(word)) && agency && lower.some(trafficking);
}

/**
 * A question whether the state itself traffics (asksOfStateTrafficking) gets a part held by the reports'
 * findings on it (STATE_TRAFFICKING), weighing by how many passages hold them; the state's agency
 * ("running", "involved") is what that part reads, not a topic of its own: the findings hold none of those
 * words, and "running" would reach every camp the government operates.
 */
function stateAsTrafficker(parts: Part[], tree: QueryNode, prepare: PrepareWords): Part[] {
  if (!asksOfStateTrafficking(typedWords(tree))) return parts;
  const isAgency = ({ node }: Part) => node.type === 'term' && AGENCY_WORDS.test(node.word.toLowerCase());
  const topics = parts.filter((part) => !isAgency(part));
  return [
    ...(topics.length > 0 ? topics : parts),
    {
      label: 'the state as trafficker',
      node: { type: 'or', children: [] },
      expansions: expansionsOf(STATE_TRAFFICKING, 0, prepare),
      byExpansions: true,
    },
  ];
}

/** What a court does to a trafficker, in the reports' words (their Prosecution sections). */
const PUNISHED_BY_LAW = ['convict', 'prosecute', 'sentence', 'punish'];

/**
 * In a question punishing a trafficker ("has Pyongyang ever jailed anyone for trafficking"), the verb of
 * punishing is what courts do (convict, prosecute, sentence), not its everyday words: "jailed" reaches
 * prison, and every passage on prison camps, otherwise.
 */
function punishedByLaw(parts: Part[], tree: QueryNode, prepare: PrepareWords): Part[] {
  if (!punishesTraffickers(typedWords(tree))) return parts;
  return parts.map((part) =>
    part.node.type === 'term' && isPunishing(part.node.word)
      ? {
          label: part.label,
          node: part.node,
          expansions: expansionsOf(PUNISHED_BY_LAW, part.node.position, prepare),
        }
      : part,
  );
}

/** Particles that make a phrasal verb with the verb before them ("hand them back", "turn the women over"). */
const PARTICLES = new Set(['back', 'over', 'out', 'away', 'off', 'up', 'down']);
/** Words a particle may stand after its verb, at most ("hand escaped North Koreans back": four). */
const PARTICLE_REACH = 4;

/**
 * A phrasal verb typed apart ("does Russia hand escaped North Koreans back") is one thesaurus key, as it is
 * typed together ("hand back" -> repatriate, return, extradite): the verb's part becomes the key's, held by
 * passages holding both words or its thesaurus words, and the particle is no part of its own. Read on the
 * words as typed, since a particle may be a stop word ("turn them over").
 */
function joinParticles(parts: Part[], tree: QueryNode, thesaurus: Bridges, prepare: PrepareWords): Part[] {
  const typed = typedTerms(tree);
  let joined = parts;
  for (let i = 0; i < typed.length; i++) {
    const verb = typed[i]!;
    const at = joined.findIndex(
      (part) =>
        part.node === verb ||
        (part.node.type === 'term' && part.node.position === verb.position && part.node.word === verb.word),
    );
    if (at < 0) continue;
    for (let j = i + 2; j < typed.length && j <= i + PARTICLE_REACH; j++) {
      const particle = typed[j]!;
      if (!PARTICLES.has(particle.word.toLowerCase())) continue;
      const entry = thesaurusEntry([verb, particle], thesaurus);
      if (!entry) continue;
      const part: Part = {
        label: `${verb.word} … ${particle.word}`,
        node: { type: 'and', children: [verb, particle] },
        expansions: expansionsOf(wordsOf(entry), verb.position, prepare),
      };
      joined = joined.flatMap((other, k) =>
        k === at ? [part] : other.node.type === 'term' && other.node.position === particle.position ? [] : [other],
      );
      break;
    }
  }
  return joined;
}

/**
 * The parts of one top-level child. A run of plain words counts word by word (two words that are one
 * thesaurus entry, "sent back", count as one); a synonym, a phrase or an OR group counts whole.
 */
function partsOf(node: EvalNode, thesaurus: Bridges, prepare: PrepareWords): Part[] {
  if (node.type === 'not' || node.type === 'filter') return [];
  if (node.type === 'term') return [wordPart([node], thesaurus, prepare)];
  if (node.type === 'words' && node.alternatives.length === 1) {
    const parts: Part[] = [];
    for (let i = 0; i < node.words.length; ) {
      const length = longestEntry(node.words, i, thesaurus);
      parts.push(wordPart(node.words.slice(i, i + length), thesaurus, prepare));
      i += length;
    }
    return parts;
  }
  // A synonym's words count one by one too ("overseas workers 2025": the 2025 passages about workers are
  // fair partial matches), each also held, at its share, wherever the synonym is ("DPRK" for "North Korea").
  if (node.type === 'words' && node.words.length > 1) {
    return node.words.map((word) => ({
      ...wordPart([word], new Map(), prepare),
      whole: { node, share: 1 / node.words.length },
    }));
  }
  // One word with synonyms ("China": PRC, People's Republic of China) also reaches its thesaurus words ("Chinese").
  if (node.type === 'words' && node.words.length === 1) {
    const entry = thesaurusEntry(node.words, thesaurus);
    return [
      {
        label: labelOf(node),
        node,
        expansions: entry ? expansionsOf(wordsOf(entry), node.words[0]!.position, prepare) : [],
      },
    ];
  }
  return [{ label: labelOf(node), node, expansions: [] }];
}

/** Where a part's other words come from: the reviewed thesaurus, and for a word no passage holds, the dictionary. */
interface Bridges {
  has(key: string): boolean;
  /** The entry of these stems (joined with spaces), typed as `typed`. */
  get(key: string, typed?: string): ThesaurusEntry | undefined;
}

/** Dictionary neighbours looked for a word no passage holds, at most: the closest first. */
export const DICTIONARY_WORDS = 8;
/**
 * The share of passages above which a dictionary word is too general to stand for the one typed
 * ("population" -> people, "prey" -> work): such words reach what most passages say.
 */
export const DICTIONARY_MOST_HELD = 0.02;

/**
 * The reviewed thesaurus, falling back for one word that no passage holds (and that is no filler) to the
 * words WordNet puts next to it that passages do hold ("paychecks" -> check, wage...). wordnet.ts says why
 * only then.
 */
/**
 * Dictionary entries made, by engine: what a word reaches depends only on the index's vocabulary, so it is
 * looked up once per index, not once per request (a page with an outside list makes its parts three times).
 */
const dictionaryEntries = new WeakMap<QueryEngine, Map<string, ThesaurusEntry | undefined>>();
/** Words remembered per index at most: queries can bring any number of new words. */
const DICTIONARY_REMEMBERED = 10_000;

function withDictionary(thesaurus: Thesaurus, engine: QueryEngine): Bridges {
  let found = dictionaryEntries.get(engine);
  if (!found) dictionaryEntries.set(engine, (found = new Map()));
  const remembered = found;
  const held = (stem: string) => engine.storage.documentFrequency(stem, 'text') > 0;
  const specific = (stem: string) => {
    const count = engine.storage.documentFrequency(stem, 'text');
    return count > 0 && count <= DICTIONARY_MOST_HELD * engine.storage.passageCount;
  };
  return {
    has: (key) => thesaurus.has(key),
    get(key, typed) {
      const reviewed = thesaurus.get(key);
      if (reviewed || !typed || !/^[a-z]{3,}$/.test(key) || held(key)) return reviewed;
      const word = typed.toLowerCase();
      if (STOPWORDS.has(word) || FILLERS.has(word)) return undefined;
      if (!remembered.has(word)) {
        if (remembered.size >= DICTIONARY_REMEMBERED) remembered.clear();
        remembered.set(word, dictionaryEntry(word, key, specific));
      }
      return remembered.get(word);
    },
  };
}

/** The dictionary's entry for a word no passage holds: its neighbours whose every word some passage holds. */
function dictionaryEntry(word: string, stem: string, usable: (stem: string) => boolean): ThesaurusEntry | undefined {
  const targets: ThesaurusEntry['targets'] = [];
  for (const neighbour of dictionary().neighbours(word)) {
    const tokens = tokenize(neighbour);
    const stems = tokens.map((token) => token.stem);
    if (
      tokens.length === 0 ||
      tokens.length > LONGEST_KEY ||
      tokens.some((token) => STOPWORDS.has(token.term) || FILLERS.has(token.term) || !usable(token.stem)) ||
      targets.some((target) => target.stems.join(' ') === stems.join(' '))
    )
      continue;
    targets.push({ word: neighbour, stems });
    if (targets.length === DICTIONARY_WORDS) break;
  }
  return targets.length ? { phrase: word, phrases: [word], stems: [stem], targets, dictionary: true } : undefined;
}

/** The thesaurus entry of words typed as they are (none for a prefix or fuzzy word). */
function thesaurusEntry(words: TermNode[], thesaurus: Bridges): ThesaurusEntry | undefined {
  if (!words.every((word) => !word.prefix && !word.fuzzy)) return undefined;
  return thesaurus.get(stemsOf(words).join(' '), words.length === 1 ? words[0]!.word : undefined);
}

/** The query's top-level words as typed, lowercased, in order; anything else (a phrase, a filter) is "". */
function questionWords(tree: QueryNode): string[] {
  return (tree.type === 'and' ? tree.children : [tree]).map((child) =>
    child.type === 'term' ? child.word.toLowerCase() : '',
  );
}

/** Words that ask for a number: "how many workers", "what share of their wages", "number of victims", "price of a bride". */
const FIGURE_QUESTION =
  /^(?:how (?:many|much|long|often|old)|what (?:share|percentage|percent|proportion|fraction|number|amount|price)|(?:numbers?|amounts?|size|headcount|count|total|tally|price|cost) of)$/;

/**
 * Does the query ask for a figure? Read on its top-level words as typed, two at a time.
 * @example asksForFigure(parseQuery('how many hours do workers work', v)) // -> true
 */
export function asksForFigure(tree: QueryNode): boolean {
  const words = questionWords(tree);
  return words.some((word, i) => i + 1 < words.length && FIGURE_QUESTION.test(`${word} ${words[i + 1]}`));
}

/**
 * Does the query ask what kinds of something there are ("what kinds of jobs", "which forms of abuse")? The
 * answer is a list of examples: passages that give one ("including", "such as") count one more part.
 * @example asksForKinds(parseQuery('what kinds of jobs do North Koreans do abroad', v)) // -> true
 */
export function asksForKinds(tree: QueryNode): boolean {
  const words = questionWords(tree).join(' ');
  return /(?:^| )(?:what|which) (?:kinds?|types?|forms?|sorts?) of(?: |$)/.test(words);
}

/**
 * Does the query ask why ("why do people end up in labor camps", "what causes", "reasons for")? The answer
 * states a cause: passages that give one ("because", "due to", "if they are suspected") count one more part.
 * @example asksForReason(parseQuery('why are women who flee so easily exploited', v)) // -> true
 */
export function asksForReason(tree: QueryNode): boolean {
  const words = questionWords(tree).join(' ');
  return (
    /(?:^| )(?:why|how come|what (?:causes|caused|makes|made|drives|leads)|reasons? (?:for|why))(?: |$)/.test(words) ||
    // What makes something worse is a cause too: "how does Beijing's handling of escapees make trafficking worse".
    (/^(?:how|what|does|do|did|is|are|can)(?: |$)/.test(words) &&
      /(?:^| )(?:worse|worsen|worsens|worsened|exacerbate|exacerbates|fuel|fuels|contribute|contributes)(?: |$)/.test(
        words,
      ))
  );
}

/** Words that ask for places: "which countries host workers", "what country", "where are workers sent" (as the first word). */
const COUNTRY_QUESTION = /^(?:(?:which|what) (?:countries|country|nations|nation)|where \S+)$/;

/**
 * Does the query ask which countries? Read on its top-level words as typed: two at a time, "where" only
 * as the question's first word (a place asked for, not "where they are subjected to").
 * @example asksForCountry(parseQuery('which countries host North Korean workers', v)) // -> true
 */
export function asksForCountry(tree: QueryNode): boolean {
  const words = questionWords(tree);
  return words.some(
    (word, i) =>
      i + 1 < words.length && (i === 0 || word !== 'where') && COUNTRY_QUESTION.test(`${word} ${words[i + 1]}`),
  );
}

/** The top-level plain words as typed, outside quotes (a quoted word is taken literally, not as a cue). */
function typedTerms(tree: QueryNode): TermNode[] {
  return (tree.type === 'and' ? tree.children : [tree]).filter(
    (child): child is TermNode => child.type === 'term' && !child.prefix && !child.fuzzy,
  );
}

function typedWords(tree: QueryNode): string[] {
  return typedTerms(tree).map((term) => term.word);
}

/** How many words from `from` spell a thesaurus key (longest first); 1 when none does. */
function longestEntry(words: TermNode[], from: number, thesaurus: Bridges): number {
  for (let length = Math.min(LONGEST_KEY, words.length - from); length > 1; length--) {
    if (thesaurus.has(stemsOf(words.slice(from, from + length)).join(' '))) return length;
  }
  return 1;
}

/** A run of words as the engine evaluates it (synonyms grouped, longer names kept out). */
type PrepareWords = (terms: TermNode[]) => EvalNode;

function wordPart(words: TermNode[], thesaurus: Bridges, prepare: PrepareWords): Part {
  const stems = stemsOf(words);
  const label = words.map((word) => word.word).join(' ');
  const node: EvalNode = words.length === 1 ? words[0]! : { type: 'words', words, alternatives: [stems], outside: [] };
  const entry = thesaurusEntry(words, thesaurus);
  if (!entry) return { label, node, expansions: [] };
  const expansions = expansionsOf(wordsOf(entry), words[0]!.position, prepare);
  return entry.dictionary ? { label, node, expansions, byExpansions: true } : { label, node, expansions };
}

/** The words a thesaurus entry reaches. */
function wordsOf(entry: ThesaurusEntry): string[] {
  return entry.targets.map(({ word }) => word);
}

/** Words standing for a part, each prepared like a query typed at `position`. */
function expansionsOf(words: string[], position: number, prepare: PrepareWords): Part['expansions'] {
  return words.map((word) => {
    const terms = tokenize(word).map(
      (token): TermNode => ({
        type: 'term',
        word: word.slice(token.start, token.end),
        prefix: false,
        fuzzy: false,
        position,
      }),
    );
    return { word, node: prepare(terms) };
  });
}

function stemsOf(words: TermNode[]): string[] {
  return words.flatMap((word) => tokenize(word.word).map((token) => token.stem));
}

function labelOf(node: EvalNode): string {
  switch (node.type) {
    case 'term':
      return node.word;
    case 'phrase':
      return `"${node.text}"`;
    case 'words':
      return node.words.map((word) => word.word).join(' ');
    case 'filter':
    case 'not':
      return '';
    case 'and':
      return node.children.map(labelOf).filter(Boolean).join(' ');
    case 'or': {
      // An amount read in its forms (amounts.ts) is one thing typed: its first form is as typed.
      const positions = new Set(node.children.map((child) => ('position' in child ? child.position : -1)));
      if (positions.size === 1 && !positions.has(-1)) return labelOf(node.children[0]!).replace(/^"|"$/g, '');
      return `(${node.children.map(labelOf).join(' OR ')})`;
    }
  }
}
