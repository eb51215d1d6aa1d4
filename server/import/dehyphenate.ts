// Undoing hyphenation at line ends, on the document's own evidence. A typeset report breaks "traf-⏎ficking"
// to fill a line, and also breaks real compounds at their hyphen ("state-⏎sponsored"). Which one a break
// is can be read from the rest of the document: the same word written whole ("trafficking") or with its
// hyphen mid-line ("state-sponsored"). Without evidence, a known prefix or two real words keep the hyphen;
// otherwise the pieces are joined. Decisions made without evidence are reported, never hidden.

/** How often each word (lower case) appears whole, and each compound with its hyphen, mid-line. */
export interface Vocabulary {
  words: Map<string, number>;
  compounds: Map<string, number>;
}

export interface HyphenDecision {
  /** The two lines' pieces, e.g. `traf` and `ficking`. */
  before: string;
  after: string;
  result: 'joined' | 'kept';
  /** True when the document never writes the word either way, so the decision is a guess. */
  unsure: boolean;
}

/** Prefixes the reports write with a hyphen ("sub-district", "non-governmental", "re-education"). */
const HYPHEN_PREFIXES = new Set([
  'anti',
  'co',
  'counter',
  'cross',
  'ex',
  'inter',
  'intra',
  'multi',
  'non',
  'post',
  'pre',
  'pro',
  'quasi',
  're',
  'self',
  'semi',
  'sub',
  'trans',
  'well',
]);

const WORD = /\p{L}+(?:['’]\p{L}+)*(?:-\p{L}+(?:['’]\p{L}+)*)*/gu;

/**
 * Count the words of a document's lines. Around a line-end hyphen, the last word of the line and the first
 * of the next are left out: they are fragments, the very thing being decided.
 */
export function buildVocabulary(lines: Iterable<string>): Vocabulary {
  const vocabulary: Vocabulary = { words: new Map(), compounds: new Map() };
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  let afterHyphen = false;
  for (const line of lines) {
    const matches = [...line.matchAll(WORD)];
    if (afterHyphen) matches.shift();
    afterHyphen = /\p{L}-\s*$/u.test(line);
    if (afterHyphen) matches.pop();
    for (const match of matches) {
      const word = normalize(match[0]);
      if (word.includes('-')) {
        add(vocabulary.compounds, word);
        for (const part of word.split('-')) add(vocabulary.words, part);
      } else {
        add(vocabulary.words, word);
      }
    }
  }
  return vocabulary;
}

/**
 * Join two lines of one paragraph, undoing a line-end hyphen when the evidence says it was the
 * typesetter's. Returns the joined text and, when a hyphen was at stake, the decision.
 * @example joinLines('victims of traf-', 'ficking were', vocabulary).text // -> 'victims of trafficking were'
 * @example joinLines('a state-', 'sponsored system', vocabulary).text // -> 'a state-sponsored system' (when the document writes "state-sponsored")
 */
export function joinLines(
  first: string,
  second: string,
  vocabulary: Vocabulary,
): { text: string; decision?: HyphenDecision } {
  const left = first.replace(/\s+$/, '');
  const right = second.replace(/^\s+/, '');
  if (/[—–]$/.test(left)) return { text: left + right };
  const broken = /(\p{L}+(?:['’]\p{L}+)*)-$/u.exec(left);
  const next = /^(\p{L}+(?:['’]\p{L}+)*)/u.exec(right);
  if (!broken || !next) return { text: `${left} ${right}` };
  const before = broken[1]!;
  const after = next[1]!;
  const decision = decide(before, after, vocabulary);
  const head = left.slice(0, -1);
  return { text: decision.result === 'joined' ? head + right : `${head}-${right}`, decision };
}

function decide(before: string, after: string, vocabulary: Vocabulary): HyphenDecision {
  const joinedCount = vocabulary.words.get(normalize(before + after)) ?? 0;
  const compoundCount = vocabulary.compounds.get(normalize(`${before}-${after}`)) ?? 0;
  const decision = (result: HyphenDecision['result'], unsure: boolean): HyphenDecision => ({
    before,
    after,
    result,
    unsure,
  });
  // A capital after the break ("Sino-⏎Korean") is never the middle of one word.
  if (/^\p{Lu}/u.test(after) && /\p{Ll}/u.test(after)) return decision('kept', false);
  if (joinedCount > compoundCount) return decision('joined', false);
  if (compoundCount > joinedCount) return decision('kept', false);
  // Both forms written equally often, or neither: decide by the pieces, and say it was a guess.
  const isWord = (piece: string) => (vocabulary.words.get(normalize(piece)) ?? 0) > 0;
  const lastPart = normalize(before.split('-').pop()!);
  if (HYPHEN_PREFIXES.has(lastPart) && isWord(after)) return decision('kept', true);
  if (isWord(lastPart) && isWord(after) && lastPart.length > 2 && after.length > 3) return decision('kept', true);
  return decision('joined', true);
}

/** Case and the apostrophe's form ("PEOPLE’S", "people's") do not make another word. */
function normalize(word: string): string {
  return word.toLowerCase().replace(/’/g, "'");
}
