// A deterministic TIP-like collection of any size, grown from the seeds, for the scale benchmark.
//
//   the seeds' report sentences, by section -> a narrative per country for 2001, recombined from them
//   -> each later year drifts from the year before (10% new sentences, 40% edited, the rest as they were)
//   -> seed files in the state.gov layout and their catalog entries
//
// What makes it TIP-like, and why:
//   - sentences are the seeds' real sentences recombined within their section (the head of one, the tail
//     of another), with the North Korea names swapped for the narrative's country: real wording, real
//     sentence lengths, real section structure, so ingest, tokenizer and alignment see the text they see;
//   - 8% of words are replaced by synthetic words drawn from a Zipf law (s = 1.3), so the vocabulary grows
//     with the corpus as a real archive's does (Heaps' law) instead of staying at the seeds' few thousand;
//   - year-to-year drift as the reports show it, so alignment finds identical, revised and new sentences;
//   - "Dandong" stays exactly one hit at every size (the 2025 North Korea narrative's own sentence), a
//     fixed point for checking answers.
// Countries are North Korea, then the countries with a chapter in a recent report (test/fixtures/
// report-chapters.json, looked up in server/corpus/countries.ts: real ISO codes, as the catalog demands),
// added as the target grows: about 190 countries x 25 years at 1M passages, the real archive's shape.
// Beyond that the narratives grow longer rather than more numerous.

import { countryByCode, DEFAULT_COUNTRY, findCountry, type Country } from '../server/corpus/countries.ts';
import reportChapters from '../test/fixtures/report-chapters.json' with { type: 'json' };
import { TIER_LABELS, type CatalogEntry, type Passage, type Section, type Tier } from '../server/corpus/types.ts';
import { narrativeFields, narrativeId } from '../server/import/catalog-entry.ts';

export const FIRST_YEAR = 2001;
export const LAST_YEAR = 2025;
/** Sentences of a real narrative, about: countries are added until narratives reach this length. */
const NARRATIVE_SENTENCES = 80;
const NEW_SHARE = 0.1;
const EDITED_SHARE = 0.4;
const SYNTHETIC_SHARE = 0.08;
const ZIPF_S = 1.3;
/** The sentence that must be found exactly once. */
export const DANDONG = 'Dandong';

/** The report sections a narrative has, in order, with their headings in the state.gov layout. */
const HEADINGS: Array<[Section, string | null]> = [
  ['overview', null],
  ['recommendations', 'PRIORITIZED RECOMMENDATIONS:'],
  ['prosecution', 'PROSECUTION'],
  ['protection', 'PROTECTION'],
  ['prevention', 'PREVENTION'],
  ['trafficking-profile', 'TRAFFICKING PROFILE'],
];

export interface GeneratedSeed {
  entry: CatalogEntry;
  text: string;
}

export interface GeneratorInput {
  /** Report and excerpt passages of the seeds (commentary paraphrases, so it is left out). */
  passages: Passage[];
  /** Passages wanted, about: the pipeline's own sentence splitter has the last word. */
  target: number;
  seed?: number;
}

/** The sentences of one section of one narrative, in order. */
type Narrative = Map<Section, string[]>;

/**
 * Narratives for countries x years, about `target` passages in all; the same input gives the same output.
 * @example generateCollection({ passages, target: 3000 }).length // 2 countries x 25 years = 50 seeds
 */
export function generateCollection({ passages, target, seed = 12 }: GeneratorInput): GeneratedSeed[] {
  const random = mulberry32(seed);
  const pools = sentencePools(passages);
  const share = sectionShares(passages);
  const years = LAST_YEAR - FIRST_YEAR + 1;
  const countries = GENERATED_COUNTRIES.slice(0, Math.max(1, Math.round(target / (years * NARRATIVE_SENTENCES))));
  const perNarrative = Math.max(HEADINGS.length * 2, Math.round(target / (years * countries.length)));
  const seeds: GeneratedSeed[] = [];
  for (const country of countries) {
    const fresh = (section: Section) => sentenceFor(section, pools, random, country);
    let narrative: Narrative = new Map(
      HEADINGS.map(([section]) => [
        section,
        Array.from({ length: Math.max(1, Math.round(perNarrative * share.get(section)!)) }, () => fresh(section)),
      ]),
    );
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      if (year > FIRST_YEAR) narrative = drift(narrative, random, fresh);
      const sections = new Map(narrative);
      if (country.code === 'PRK' && year === LAST_YEAR)
        sections.set('trafficking-profile', [...sections.get('trafficking-profile')!, pools.dandong]);
      seeds.push(seedFor(country, year, tierOf(random()), sections, pools.assessment, random));
    }
  }
  return seeds;
}

/** North Korea first (the "Dandong" sentence is its), then a recent report's chapters in the report's order. */
const GENERATED_COUNTRIES: Country[] = [
  countryByCode(DEFAULT_COUNTRY)!,
  ...[...reportChapters.chapters, ...reportChapters.specialCases]
    .map((name) => findCountry(name)!)
    .filter((country) => country.code !== DEFAULT_COUNTRY),
];

interface Pools {
  bySection: Map<Section, string[][]>;
  /** An opening sentence stating the minimum-standards assessment, which marks the overview. */
  assessment: string;
  dandong: string;
}

/** The seeds' sentences as words, by section; the Dandong sentence set apart. */
function sentencePools(passages: Passage[]): Pools {
  const bySection = new Map<Section, string[][]>(HEADINGS.map(([section]) => [section, []]));
  let dandong = '';
  for (const passage of passages) {
    if (passage.text.includes(DANDONG)) dandong = passage.text;
    else bySection.get(passage.section)?.push(passage.text.split(' '));
  }
  const assessment = passages.find((p) => /does not fully meet the minimum standards/.test(p.text))?.text;
  if (!dandong || !assessment)
    throw new Error('the seeds must hold the 2025 Dandong sentence and a minimum-standards assessment');
  return { bySection, assessment, dandong };
}

function sectionShares(passages: Passage[]): Map<Section, number> {
  const counts = new Map<Section, number>(HEADINGS.map(([section]) => [section, 0]));
  for (const passage of passages)
    if (counts.has(passage.section)) counts.set(passage.section, counts.get(passage.section)! + 1);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return new Map([...counts].map(([section, count]) => [section, count / total]));
}

/** The head of one real sentence and the tail of another of the same section, some words made synthetic. */
function sentenceFor(section: Section, pools: Pools, random: () => number, country: Country): string {
  const pool = pools.bySection.get(section)!;
  const head = pool[Math.floor(random() * pool.length)]!;
  const tail = pool[Math.floor(random() * pool.length)]!;
  const cut = (words: string[]) => Math.max(1, Math.floor(words.length * (0.3 + 0.4 * random())));
  const words = [...head.slice(0, cut(head)), ...tail.slice(cut(tail))].map((word) =>
    random() < SYNTHETIC_SHARE ? syntheticWord(zipfRank(random)) : word,
  );
  const sentence = swapCountry(words.join(' '), country);
  const capitalised = sentence.charAt(0).toUpperCase() + sentence.slice(1);
  return /[.!?]["”)]?$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** One year on: each sentence is kept, edited (one to three words changed) or replaced by a new one. */
function drift(previous: Narrative, random: () => number, fresh: (section: Section) => string): Narrative {
  const next: Narrative = new Map();
  for (const [section, sentences] of previous) {
    next.set(
      section,
      sentences.map((sentence) => {
        const roll = random();
        if (roll < NEW_SHARE) return fresh(section);
        if (roll < NEW_SHARE + EDITED_SHARE) return edit(sentence, random);
        return sentence;
      }),
    );
  }
  return next;
}

function edit(sentence: string, random: () => number): string {
  const words = sentence.split(' ');
  const changes = 1 + Math.floor(random() * 3);
  // The last word keeps its full stop, so the sentence splitter sees the same sentence.
  for (let i = 0; i < changes && words.length > 2; i++)
    words[1 + Math.floor(random() * (words.length - 2))] = syntheticWord(zipfRank(random));
  return words.join(' ');
}

/** Names the seeds use for North Korea and its people, and what they become for another country. */
function swapCountry(text: string, country: Country): string {
  if (country.code === 'PRK') return text;
  return text
    .replace(/\bNorth Koreans\b/g, `${country.name} nationals`)
    .replace(/\bNorth Korean\b/g, country.name)
    .replace(
      /\b(?:the Democratic People's Republic of Korea|Democratic People's Republic of Korea|North Korea|the DPRK|DPRK)\b/g,
      country.name,
    );
}

/** Tiers 1 to 3 a third each, a quarter of tier 2 on the Watch List (one draw, as before the Watch List was told apart). */
function tierOf(roll: number): Tier {
  return roll < 1 / 3 ? 1 : roll < 0.5 ? '2-watch-list' : roll < 2 / 3 ? 2 : 3;
}

function seedFor(
  country: Country,
  year: number,
  tier: Tier,
  sections: Narrative,
  assessment: string,
  random: () => number,
): GeneratedSeed {
  const id = narrativeId(country, year);
  const placement = TIER_LABELS[tier];
  const lines = [
    `${year} Trafficking in Persons Report: ${country.name}`,
    '',
    'U.S. Department of State',
    '',
    `${country.name.toUpperCase()} (${placement})`,
    '',
  ];
  for (const [section, heading] of HEADINGS) {
    if (heading) lines.push(heading, '');
    const sentences =
      section === 'overview' ? [swapCountry(assessment, country), ...sections.get(section)!] : sections.get(section)!;
    // Recommendations stand one to a paragraph, as in the reports; other sections run 3-6 sentences.
    for (let i = 0; i < sentences.length; ) {
      const length = section === 'recommendations' ? 1 : 3 + Math.floor(random() * 4);
      lines.push(sentences.slice(i, i + length).join(' '), '');
      i += length;
    }
  }
  const entry: CatalogEntry = {
    id,
    file: `${id}.txt`,
    type: 'report',
    title: `${country.name} (${placement})`,
    ...narrativeFields(country, year, tier),
    published: null,
    url: null,
    urlVerified: false,
    via: null,
    note: 'Generated by bench/corpus-generator.ts for the scale benchmark.',
  };
  return { entry, text: lines.join('\n') };
}

/** A Zipf-distributed rank (s = ZIPF_S) by inverting the tail P(rank >= k) ~ k^-(s-1), capped. */
export function zipfRank(random: () => number): number {
  const rank = Math.floor((1 - random()) ** (-1 / (ZIPF_S - 1)));
  return Math.min(rank, 50_000_000);
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'sa',
  'ti',
  'vo',
  'ze',
  'bu',
  'da',
  'fe',
  'gi',
  'ho',
  'ju',
  'ky',
  'pa',
  're',
  'si',
  'to',
];

/** The word of a rank: syllables spelling the rank in base 20, after a "q" no English word starts with. */
export function syntheticWord(rank: number): string {
  let word = 'q';
  let rest = rank;
  do {
    word += SYLLABLES[rest % SYLLABLES.length];
    rest = Math.floor(rest / SYLLABLES.length);
  } while (rest > 0);
  return word;
}

/** A small seeded generator (mulberry32): the same seed gives the same collection on every machine. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
