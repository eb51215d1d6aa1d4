// How alike two sentences are, and which pairs are worth measuring.
//
// Measure: cosine of IDF-weighted stem sets. Each sentence is the set of its Porter2 stems (the one
// tokenizer's), each stem weighted by ln(1 + N / df) over the sentences being aligned, so wording every
// narrative shares ("the government did not report any efforts") counts for little and the words that
// make a sentence itself ("Dandong", "80,000", "minders") count for much. DESIGN.md, "Aligning passages
// across years", has the evidence behind this choice.
//
// Candidates: an inverted index from stem to sentences, walked only for each sentence's rarest stems
// (prefix filtering: a sentence that shares none of them cannot reach the threshold) and only up to
// `probeCap` entries per stem, nearest years first; the best `candidateCap` candidates are then measured
// exactly. Work per sentence is bounded by the caps, so the whole is linear in the number of sentences.

/** A sentence to align: its stems, and what keeps it from being compared with some others. */
export interface SentenceStems {
  /** Sentences of the same year are never compared (nor, therefore, of the same document). */
  year: number;
  /** Only sentences of the same group are compared (recommendations with recommendations). */
  group: string;
  stems: string[];
}

export interface SimilarPair {
  /** Indexes into the input, a < b. */
  a: number;
  b: number;
  similarity: number;
}

export interface CandidateOptions {
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
export function similarPairs(sentences: SentenceStems[], options: CandidateOptions): SimilarPair[] {
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
  return [...found].map(([key, similarity]) => ({ a: Math.floor(key / vectors.length), b: key % vectors.length, similarity }));
}

/** A sentence as a set of stem ids, rarest first; its norm is the root of their summed weights. */
export interface StemVector {
  stems: number[];
  members: Set<number>;
  norm: number;
}

/** The sentences' stem vectors, and each stem id's weight: its squared IDF over these sentences. */
export function weighStems(sentences: SentenceStems[]): { vectors: StemVector[]; weight: number[] } {
  const ids = new Map<string, number>();
  const sets = sentences.map((sentence) => [...new Set(sentence.stems.map((stem) => ids.get(stem) ?? ids.set(stem, ids.size).get(stem)!))]);
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
export function cosine(x: StemVector, y: StemVector, weight: number[]): number {
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
    const group = postings.get(sentences[index]!.group) ?? postings.set(sentences[index]!.group, new Map()).get(sentences[index]!.group)!;
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
