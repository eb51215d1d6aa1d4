// The alignment as it was before the build was made to scale (server/analysis/align.ts and
// similarity.ts at commit 17703c5), frozen as the oracle: the faster alignment must give exactly this.
// Not to be changed, not to be used outside tests.

import type { Passage } from '../../server/corpus/types.ts';
import { tokenize, type Token } from '../../server/search/words/tokenize.ts';
import {
  alignmentGroup,
  takesPart,
  ALIGN_OPTIONS,
  type AlignedDocument,
  type AlignOptions,
  type Alignment,
  type YearMatch,
} from '../../server/analysis/align.ts';

export function referenceAlignPassages(
  passages: Passage[],
  documents: AlignedDocument[],
  options: AlignOptions = ALIGN_OPTIONS,
): Alignment {
  const alignment: Alignment = {};
  for (const block of countryBlocks(passages, documents)) Object.assign(alignment, alignBlock(block, options));
  return alignment;
}
function countryBlocks(passages: Passage[], documents: AlignedDocument[]): Passage[][] {
  const typeOf = new Map(documents.map((d) => [d.id, d.type]));
  const blocks = new Map<string, Passage[]>();
  for (const passage of passages) {
    if (!takesPart(typeOf.get(passage.doc))) continue;
    (blocks.get(passage.country) ?? blocks.set(passage.country, []).get(passage.country)!).push(passage);
  }
  return [...blocks.values()];
}
function alignBlock(aligned: Passage[], options: AlignOptions): Alignment {
  const tokens = aligned.map((passage) => tokenize(passage.text));
  const wording = tokens.map(wordingOf);
  const pairs = similarPairs(
    aligned.map((passage, index) => ({
      year: passage.year,
      // Like with like: a country's chapter is compared only with the same country's other years.
      group: `${passage.country} ${alignmentGroup(passage.section)}`,
      stems: tokens[index]!.map((token) => token.stem),
    })),
    { threshold: options.revised, probeCap: options.probeCap, candidateCap: options.candidateCap },
  ).map((pair) => ({ ...pair, identical: wording[pair.a] === wording[pair.b] }));

  // One counterpart per other document: the strongest pairs claim their passages first, so a stock
  // phrase ("The government did not report any efforts...") pairs with its own successor rather than
  // with whichever sentence of that year happens to share most of its words.
  pairs.sort(
    (x, y) => Number(y.identical) - Number(x.identical) || y.similarity - x.similarity || x.a - y.a || x.b - y.b,
  );
  const partners = aligned.map(() => new Map<string, YearMatch>());
  const match = (to: number, similarity: number, identical: boolean): YearMatch => ({
    year: aligned[to]!.year,
    id: aligned[to]!.id,
    status: identical ? 'identical' : 'revised',
    similarity: identical ? 1 : Math.round(similarity * 1000) / 1000,
  });
  for (const { a, b, similarity, identical } of pairs) {
    if (partners[a]!.has(aligned[b]!.doc) || partners[b]!.has(aligned[a]!.doc)) continue;
    partners[a]!.set(aligned[b]!.doc, match(b, similarity, identical));
    partners[b]!.set(aligned[a]!.doc, match(a, similarity, identical));
  }

  const alignment: Alignment = {};
  const order = aligned.map((_, index) => index).sort((x, y) => aligned[x]!.year - aligned[y]!.year || x - y);
  for (const index of order) {
    const passage = aligned[index]!;
    const alsoIn = bestPerYear([...partners[index]!.values()]);
    // Earlier years are done already, so their first years are final.
    const firstYear = Math.min(
      passage.year,
      ...alsoIn.filter((m) => m.year < passage.year).map((m) => alignment[m.id]!.firstYear),
    );
    alignment[passage.id] = { alsoIn, firstYear };
  }
  return alignment;
}
function wordingOf(tokens: Token[]): string {
  return tokens.map((token) => token.term).join(' ');
}
function bestPerYear(matches: YearMatch[]): YearMatch[] {
  const byYear = new Map<number, YearMatch>();
  for (const m of matches) {
    const held = byYear.get(m.year);
    if (!held || rank(m) > rank(held)) byYear.set(m.year, m);
  }
  return [...byYear.values()].sort((x, y) => x.year - y.year);
}
function rank(m: YearMatch): number {
  return (m.status === 'identical' ? 2 : 0) + m.similarity;
}

interface SentenceStems {
  /** Sentences of the same year are never compared (nor, therefore, of the same document). */
  year: number;
  /** Only sentences of the same group are compared (recommendations with recommendations). */
  group: string;
  stems: string[];
}

interface SimilarPair {
  /** Indexes into the input, a < b. */
  a: number;
  b: number;
  similarity: number;
}

interface CandidateOptions {
  /** Pairs below this cosine are not returned; it also sets how many rare stems are probed. */
  threshold: number;
  /** Most postings read per probed stem. */
  probeCap: number;
  /** Most candidates measured exactly per sentence. */
  candidateCap: number;
}

/**
 * Every pair of sentences from different years and the same group whose cosine reaches the threshold,
 * within the caps. On collections where no stem's posting list is longer than `probeCap` and no sentence
 * has more than `candidateCap` candidates, the result equals the brute-force comparison of all pairs.
 * @example similarPairs([{ year: 2016, group: 'finding', stems: ['wage', 'withheld'] },
 *                        { year: 2025, group: 'finding', stems: ['wage', 'withheld'] }], options)
 *          // [{ a: 0, b: 1, similarity: 1 }]
 */
function similarPairs(sentences: SentenceStems[], options: CandidateOptions): SimilarPair[] {
  const { vectors, weight } = weighStems(sentences);
  const postings = buildPostings(sentences, vectors);
  const found = new Map<number, number>();
  // Shared weight of the probed stems, per candidate; `touched` lists the candidates to reset.
  const partial = new Float64Array(sentences.length);
  const touched: number[] = [];
  vectors.forEach((vector, a) => {
    const { year, group } = sentences[a]!;
    for (const stem of probedStems(vector, weight, options.threshold)) {
      const posting = postings.get(group)?.get(stem);
      if (!posting) continue;
      for (const b of nearestYearsFirst(posting, sentences, year, options.probeCap)) {
        if (partial[b] === 0) touched.push(b);
        partial[b] = partial[b]! + weight[stem]!;
      }
    }
    const candidates = touched.sort((x, y) => partial[y]! - partial[x]! || x - y).slice(0, options.candidateCap);
    for (const b of candidates) {
      const key = Math.min(a, b) * vectors.length + Math.max(a, b);
      if (found.has(key)) continue;
      const similarity = cosine(vector, vectors[b]!, weight);
      if (similarity >= options.threshold) found.set(key, similarity);
    }
    for (const b of touched) partial[b] = 0;
    touched.length = 0;
  });
  return [...found].map(([key, similarity]) => ({
    a: Math.floor(key / vectors.length),
    b: key % vectors.length,
    similarity,
  }));
}

/** A sentence as a set of stem ids, rarest first; its norm is the root of their summed weights. */
interface StemVector {
  stems: number[];
  members: Set<number>;
  norm: number;
}

/** The sentences' stem vectors, and each stem id's weight: its squared IDF over these sentences. */
function weighStems(sentences: SentenceStems[]): { vectors: StemVector[]; weight: number[] } {
  const ids = new Map<string, number>();
  const sets = sentences.map((sentence) => [
    ...new Set(sentence.stems.map((stem) => ids.get(stem) ?? ids.set(stem, ids.size).get(stem)!)),
  ]);
  const df = new Array<number>(ids.size).fill(0);
  for (const set of sets) for (const id of set) df[id]!++;
  const weight = df.map((count) => Math.log(1 + sentences.length / count) ** 2);
  const vectors = sets.map((set) => {
    const stems = set.sort((x, y) => weight[y]! - weight[x]! || x - y);
    return { stems, members: new Set(stems), norm: Math.sqrt(stems.reduce((sum, id) => sum + weight[id]!, 0)) };
  });
  return { vectors, weight };
}

/** The cosine of two weighted stem sets, 0 when either is empty. */
function cosine(x: StemVector, y: StemVector, weight: number[]): number {
  if (x.norm === 0 || y.norm === 0) return 0;
  const [small, large] = x.stems.length <= y.stems.length ? [x, y] : [y, x];
  let dot = 0;
  for (const stem of small.stems) if (large.members.has(stem)) dot += weight[stem]!;
  return dot / (x.norm * y.norm);
}

/**
 * The rarest stems, enough that the rest hold less than threshold² of the squared norm. A sentence B
 * sharing only stems of that rest has cosine < threshold with this one: the shared weight is at most
 * sqrt(rest)·|B|, so cosine <= sqrt(rest) / |A| < threshold.
 */
function probedStems(vector: StemVector, weight: number[], threshold: number): number[] {
  const allowed = threshold * threshold * vector.norm * vector.norm;
  let rest = 0;
  let end = vector.stems.length;
  while (end > 0 && rest + weight[vector.stems[end - 1]!]! < allowed) rest += weight[vector.stems[--end]!]!;
  return vector.stems.slice(0, end);
}

/** group -> stem -> sentence indexes, in year order. */
function buildPostings(sentences: SentenceStems[], vectors: StemVector[]): Map<string, Map<number, number[]>> {
  const byYear = sentences.map((_, index) => index).sort((x, y) => sentences[x]!.year - sentences[y]!.year || x - y);
  const postings = new Map<string, Map<number, number[]>>();
  for (const index of byYear) {
    const group =
      postings.get(sentences[index]!.group) ??
      postings.set(sentences[index]!.group, new Map()).get(sentences[index]!.group)!;
    for (const stem of vectors[index]!.stems) (group.get(stem) ?? group.set(stem, []).get(stem)!).push(index);
  }
  return postings;
}

/** Up to `cap` entries of a year-ordered posting list, skipping `year` itself, nearest years first. */
function nearestYearsFirst(posting: number[], sentences: SentenceStems[], year: number, cap: number): number[] {
  const yearAt = (position: number) => sentences[posting[position]!]!.year;
  let before = firstPosition(posting.length, (position) => yearAt(position) >= year) - 1;
  let after = firstPosition(posting.length, (position) => yearAt(position) > year);
  const taken: number[] = [];
  while (taken.length < cap && (before >= 0 || after < posting.length)) {
    const takeBefore = after >= posting.length || (before >= 0 && year - yearAt(before) <= yearAt(after) - year);
    taken.push(posting[takeBefore ? before-- : after++]!);
  }
  return taken;
}

/** The first position in [0, length) where a monotone predicate holds, or length. */
function firstPosition(length: number, holds: (position: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (holds(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}
