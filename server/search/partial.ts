// Partial matches: passages holding some but not all of a query's parts, or holding them only in other
// words (the reviewed thesaurus), shown after the full matches and never counted with them. Every part
// weighs by its rarity: passages holding the rarer parts of the query come first ("Dandong wages": the
// one Dandong passage before the many that only say "wages"), and among passages holding as much, the
// higher BM25 score (DESIGN.md, "Ranking partial matches: the study").
//
//   prepared tree (and: "sent back" women -China year:2025)
//     -> parts [sent back ~ repatriate, return] [women]; constraints: -China, year:2025 (always applied)
//     -> each part's hits (a thesaurus word's score at half weight) and rarity (BM25's IDF of the words typed)
//     -> passages not already shown as full matches, by rarity held, then score; each with what it misses
//        and why it was found

import type { EvalNode, EvaluateOptions, Hit, QueryEngine, WordsNode } from './engine.ts';
import type { HitList } from './hit-list.ts';
import { inverseDocumentFrequency } from './storage/bm25.ts';
import type { QueryNode, TermNode } from './query.ts';
import { tokenize } from './tokenize.ts';
import { LONGEST_KEY, THESAURUS, type Thesaurus, type ThesaurusEntry } from './thesaurus.ts';
import { appendAll } from '../extremes.ts';

/** What a word found only through the thesaurus is worth, against the word typed. */
export const EXPANDED_WEIGHT = 0.5;

export interface PartialHit {
  position: number;
  hit: Hit;
  /** The parts of the query this passage lacks, as typed. */
  missing: string[];
  /** Parts found only in other words: the word typed and the word of the passage that stood for it. */
  via: Array<{ typed: string; found: string }>;
}

/** One part of the query a full match must hold, as the researcher typed it, and the words that may stand for it. */
interface Part {
  label: string;
  node: EvalNode;
  expansions: Array<{ word: string; node: EvalNode }>;
  /** A synonym this word belongs to, held wherever one of its names is, at this word's share of its score. */
  whole?: { node: EvalNode; share: number };
}

export interface PartialOptions extends EvaluateOptions {
  /** Passages not to list (the full matches shown above them). */
  exclude?: ReadonlySet<number>;
  /** The reviewed thesaurus (none: typed words only). */
  thesaurus?: Thesaurus;
}

/**
 * Passages matching some but not all parts of the query (or matching parts only through the thesaurus),
 * and every exclusion and filter in it, best first; null when the query has no part that could be
 * partly held (one plain word without thesaurus entry, a filter alone).
 * @example partialHits(engine, parseQuery('Russia logging', v), { strict: false })
 *   // -> [{ position, hit, missing: ['logging'], via: [] }, { ..., missing: ['Russia'] }, ...]
 */
export function partialHits(engine: QueryEngine, tree: QueryNode | null, options: PartialOptions): PartialHit[] | null {
  if (!tree) return null;
  const thesaurus = options.strict ? new Map() : (options.thesaurus ?? THESAURUS);
  const prepared = engine.prepare(tree, options);
  const children = prepared.type === 'and' ? prepared.children : [prepared];
  // A thesaurus word is prepared like a query: a name among them brings its synonyms and the longer names it
  // must not match inside ("South Korean" -> Republic of Korea, not inside Democratic People's Republic of Korea).
  const prepareWords = (terms: TermNode[]) => engine.prepare(terms.length === 1 ? terms[0]! : { type: 'and', children: terms }, options);
  const parts = children.flatMap((child) => partsOf(child, thesaurus, prepareWords));
  if (parts.length < 2 && !parts.some((part) => part.expansions.length)) return null;
  const constraints = children.filter((child) => child.type === 'not' || child.type === 'filter');
  const allowed = constraints.length ? hitMap(engine.run({ type: 'and', children: constraints }, options)) : null;
  const held = parts.map((part) => partHits(engine, part, options));
  const total = engine.storage.passageCount;
  const rarity = held.map(({ typed }) => inverseDocumentFrequency(typed.size, total));
  // Words typed next to each other score more where they stand together (the engine's sequence boost).
  const runs = children.filter((child): child is WordsNode => child.type === 'words' && child.words.length > 1 && child.alternatives.length === 1);
  const runHits = runs.map((run) => hitMap(engine.run(run, options)));
  const candidates = new Set<number>();
  for (const { hits } of held) for (const position of hits.keys()) candidates.add(position);
  const partial: Array<PartialHit & { rarityHeld: number }> = [];
  for (const position of candidates) {
    if (options.exclude?.has(position) || (allowed && !allowed.has(position))) continue;
    let score = 0;
    let rarityHeld = 0;
    let viaThesaurus = false;
    const missing: string[] = [];
    const via: PartialHit['via'] = [];
    const matchers: Hit['matchers'] = [];
    held.forEach(({ hits, found }, i) => {
      const hit = hits.get(position);
      if (!hit) return missing.push(parts[i]!.label);
      score += hit.score;
      rarityHeld += rarity[i]!;
      appendAll(matchers, hit.matchers);
      const word = found.get(position);
      if (word) {
        via.push({ typed: parts[i]!.label, found: word });
        viaThesaurus = true;
      }
    });
    if (missing.length === 0 && !viaThesaurus) continue;
    runs.forEach((run, i) => {
      const together = runHits[i]!.get(position);
      const apart = run.words.reduce((sum, word) => sum + (held[parts.findIndex((part) => part.node === word)]?.hits.get(position)?.score ?? 0), 0);
      if (together) score += Math.max(0, together.score - apart);
    });
    partial.push({ position, hit: { score, matchers }, missing, via, rarityHeld });
  }
  // The rarity held first (to a thousandth, so that sums in another order tie), then the score.
  const level = (rarity: number) => Math.round(rarity * 1000);
  return partial
    .sort((a, b) => level(b.rarityHeld) - level(a.rarityHeld) || b.hit.score - a.hit.score || a.position - b.position)
    .map(({ position, hit, missing, via }) => ({ position, hit, missing, via }));
}

/**
 * A part's hits: the typed words', or, where only a thesaurus word is there, that word's at
 * EXPANDED_WEIGHT (a passage holding both scores the better). `found` names the thesaurus word used.
 */
function partHits(engine: QueryEngine, part: Part, options: EvaluateOptions): { typed: Hits; hits: Hits; found: Map<number, string> } {
  let typed = hitMap(engine.run(part.node, options));
  if (part.whole) {
    const { share } = part.whole;
    const named: Hits = new Map(typed);
    for (const [position, hit] of hitMap(engine.run(part.whole.node, options))) {
      const best = named.get(position);
      if (!best || best.score < hit.score * share) named.set(position, { score: hit.score * share, matchers: hit.matchers });
    }
    typed = named;
  }
  if (part.expansions.length === 0) return { typed, hits: typed, found: new Map() };
  const hits: Hits = new Map(typed);
  const found = new Map<number, string>();
  for (const { word, node } of part.expansions) {
    for (const [position, hit] of hitMap(engine.run(node, options))) {
      const score = hit.score * EXPANDED_WEIGHT;
      const best = hits.get(position);
      if (best && best.score >= score) continue;
      hits.set(position, { score, matchers: hit.matchers });
      found.set(position, word);
    }
  }
  return { typed, hits, found };
}

/** Passage position -> hit. */
type Hits = Map<number, Hit>;

/** A part's matches by position, for looking passages up across parts. */
function hitMap(list: HitList): Hits {
  const hits: Hits = new Map();
  for (let i = 0; i < list.size; i++) hits.set(list.positions[i]!, list.hit(i));
  return hits;
}

/**
 * The parts of one top-level child a passage must hold. A run of plain words counts word by word (two
 * words that are one thesaurus entry, "sent back", count as one); a synonym, a phrase or an OR group
 * counts whole. Exclusions and filters are no parts: they always apply.
 */
function partsOf(node: EvalNode, thesaurus: Thesaurus, prepare: PrepareWords): Part[] {
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
    return node.words.map((word) => ({ ...wordPart([word], new Map(), prepare), whole: { node, share: 1 / node.words.length } }));
  }
  return [{ label: labelOf(node), node, expansions: [] }];
}

/** How many words from `from` spell a thesaurus key (longest first); 1 when none does. */
function longestEntry(words: TermNode[], from: number, thesaurus: Thesaurus): number {
  for (let length = Math.min(LONGEST_KEY, words.length - from); length > 1; length--) {
    if (thesaurus.has(stemsOf(words.slice(from, from + length)).join(' '))) return length;
  }
  return 1;
}

/** A run of words as the engine evaluates it (synonyms grouped, longer names kept out). */
type PrepareWords = (terms: TermNode[]) => EvalNode;

function wordPart(words: TermNode[], thesaurus: Thesaurus, prepare: PrepareWords): Part {
  const stems = stemsOf(words);
  const label = words.map((word) => word.word).join(' ');
  const node: EvalNode = words.length === 1 ? words[0]! : { type: 'words', words, alternatives: [stems], outside: [] };
  const entry = words.every((word) => !word.prefix && !word.fuzzy) ? thesaurus.get(stems.join(' ')) : undefined;
  return { label, node, expansions: entry ? expansionsOf(entry, words[0]!.position, prepare) : [] };
}

function expansionsOf(entry: ThesaurusEntry, position: number, prepare: PrepareWords): Part['expansions'] {
  return entry.targets.map(({ word }) => {
    const terms = tokenize(word).map((token): TermNode => ({ type: 'term', word: word.slice(token.start, token.end), prefix: false, fuzzy: false, position }));
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
