// How alike two sentences are, and which pairs are worth measuring.
//
// Measure: cosine of IDF-weighted stem sets. Each sentence is the set of its Porter2 stems (the one
// tokenizer's), each stem weighted by ln(1 + N / df) over the sentences being aligned, so wording every
// narrative shares ("the government did not report any efforts") counts for little and the words that
// make a sentence itself ("Dandong", "80,000", "minders") count for much. docs/alignment.md, "Aligning passages
// across years", has the evidence behind this choice.
//
// Candidates: an inverted index from stem to sentences, walked only for each sentence's rarest stems
// (prefix filtering: a sentence that shares none of them cannot reach the threshold) and only up to
// `probeCap` entries per stem, nearest years first; the best `candidateCap` candidates are then measured
// exactly. Work per sentence is bounded by the caps, so the whole is linear in the number of sentences.
//
// Everything is held in flat typed arrays (a country block at 1M passages is about 40,000 sentences and a
// million pairs): no object per sentence or per pair, nothing for the garbage collector to trace, and the
// block's arrays are garbage as soon as its pairs are matched.

import { largest } from '../extremes.ts';

/** A sentence to align: its stems, and what keeps it from being compared with some others. */
export interface SentenceStems {
  /** Sentences of the same year are never compared (nor, therefore, of the same document). */
  year: number;
  /** Only sentences of the same group are compared (recommendations with recommendations). */
  group: string;
  stems: string[];
}

/**
 * Sentences as stem ids, numbered in order of first appearance (the order that breaks ties between
 * stems of equal weight). Sentence i holds `stems[offsets[i]]` to `stems[offsets[i + 1] - 1]`, each once.
 */
export interface StemSets {
  years: Int32Array;
  groups: Int32Array;
  offsets: Int32Array;
  stems: Int32Array;
  /** Distinct stems. */
  stemCount: number;
}

/** Collects sentences one at a time into StemSets, so a caller never holds all their stem strings. */
export class StemSetBuilder {
  private readonly stemIds = new Map<string, number>();
  private readonly groupIds = new Map<string, number>();
  private readonly years: number[] = [];
  private readonly groups: number[] = [];
  private readonly offsets: number[] = [0];
  private stems = new Int32Array(1024);
  private length = 0;
  /** seenIn[stem] = 1 + the last sentence holding it: drops a sentence's repeated stems without a Set. */
  private seenIn = new Int32Array(1024);

  add(year: number, group: string, stems: Iterable<string>): void {
    const sentence = this.years.length;
    this.years.push(year);
    this.groups.push(this.groupIds.get(group) ?? this.groupIds.set(group, this.groupIds.size).get(group)!);
    for (const stem of stems) {
      let id = this.stemIds.get(stem);
      if (id === undefined) {
        id = this.stemIds.size;
        this.stemIds.set(stem, id);
        if (id >= this.seenIn.length) this.seenIn = grown(this.seenIn, id + 1);
      }
      if (this.seenIn[id] === sentence + 1) continue;
      this.seenIn[id] = sentence + 1;
      if (this.length === this.stems.length) this.stems = grown(this.stems, this.length + 1);
      this.stems[this.length++] = id;
    }
    this.offsets.push(this.length);
  }

  build(): StemSets {
    return {
      years: Int32Array.from(this.years),
      groups: Int32Array.from(this.groups),
      offsets: Int32Array.from(this.offsets),
      stems: this.stems.slice(0, this.length),
      stemCount: this.stemIds.size,
    };
  }
}

/** StemSets of sentences held as objects. */
export function stemSets(sentences: SentenceStems[]): StemSets {
  const builder = new StemSetBuilder();
  for (const { year, group, stems } of sentences) builder.add(year, group, stems);
  return builder.build();
}

/**
 * Weighted stem sets. Stems are renumbered by rank, rarest first (ties by first appearance), so each
 * sentence's stems, sorted by number, are rarest first, and two sentences' shared stems are found by
 * merging two sorted lists. Sentence i holds `stems[offsets[i]..offsets[i + 1])`.
 */
export interface WeightedStems {
  offsets: Int32Array;
  stems: Int32Array;
  /** A stem's squared IDF over these sentences. */
  weight: Float64Array;
  /** A sentence's norm: the root of its stems' summed weights, summed rarest first. */
  norms: Float64Array;
}

/** Weigh the stems of these sentences. */
export function weighStems(sets: StemSets): WeightedStems {
  const sentences = sets.years.length;
  const df = new Int32Array(sets.stemCount);
  for (const id of sets.stems) df[id]!++;
  const weightById = Float64Array.from(df, (count) => Math.log(1 + sentences / count) ** 2);
  const byRank = Array.from({ length: sets.stemCount }, (_, id) => id).sort(
    (x, y) => weightById[y]! - weightById[x]! || x - y,
  );
  const rankOf = new Int32Array(sets.stemCount);
  byRank.forEach((id, rank) => {
    rankOf[id] = rank;
  });
  const weight = Float64Array.from(byRank, (id) => weightById[id]!);
  const stems = Int32Array.from(sets.stems, (id) => rankOf[id]!);
  const norms = new Float64Array(sentences);
  for (let i = 0; i < sentences; i++) {
    const own = stems.subarray(sets.offsets[i]!, sets.offsets[i + 1]!).sort();
    let sum = 0;
    for (const stem of own) sum += weight[stem]!;
    norms[i] = Math.sqrt(sum);
  }
  return { offsets: sets.offsets, stems, weight, norms };
}

/** The cosine of two sentences' weighted stem sets, 0 when either is empty. */
export function cosine(weighted: WeightedStems, x: number, y: number): number {
  const { offsets, stems, weight, norms } = weighted;
  if (norms[x] === 0 || norms[y] === 0) return 0;
  let i = offsets[x]!;
  let j = offsets[y]!;
  const [iEnd, jEnd] = [offsets[x + 1]!, offsets[y + 1]!];
  // Shared weight summed rarest first: the same additions in the same order whichever sentence leads.
  let dot = 0;
  while (i < iEnd && j < jEnd) {
    const [s, t] = [stems[i]!, stems[j]!];
    if (s === t) {
      dot += weight[s]!;
      i++;
      j++;
    } else if (s < t) i++;
    else j++;
  }
  return dot / (norms[x]! * norms[y]!);
}

export interface CandidateOptions {
  /** Pairs below this cosine are not returned; it also sets how many rare stems are probed. */
  threshold: number;
  /** Most postings read per probed stem. */
  probeCap: number;
  /** Most candidates measured exactly per sentence. */
  candidateCap: number;
}

/** Similar pairs: pair k is sentences a[k] < b[k], at cosine similarity[k]. */
export interface PairTable {
  count: number;
  a: Int32Array;
  b: Int32Array;
  similarity: Float64Array;
}

/**
 * Every pair of sentences from different years and the same group whose cosine reaches the threshold,
 * within the caps. On collections where no stem's posting list is longer than `probeCap` and no sentence
 * has more than `candidateCap` candidates, the result equals the brute-force comparison of all pairs.
 * @example similarPairs(stemSets([{ year: 2016, group: 'finding', stems: ['wage', 'withheld'] },
 *                                 { year: 2025, group: 'finding', stems: ['wage', 'withheld'] }]), options)
 *          // { count: 1, a: [0], b: [1], similarity: [1] }
 */
export function similarPairs(sets: StemSets, options: CandidateOptions): PairTable {
  const sentences = sets.years.length;
  const weighted = weighStems(sets);
  const { offsets, stems, weight } = weighted;
  const postings = buildPostings(sets, weighted);
  const pairs = new PairList();
  const candidates = new Candidates(sentences);
  // A pair can be a candidate from either side. The pairs an earlier sentence found with a later one are
  // linked from the later one (`firstLaterPair`, then `next`), which marks those earlier sentences in
  // `foundBy` so as not to measure or return them twice.
  const firstLaterPair = new Int32Array(sentences).fill(-1);
  const foundBy = new Int32Array(sentences).fill(-1);
  for (let a = 0; a < sentences; a++) {
    for (let k = firstLaterPair[a]!; k !== -1; k = pairs.next[k]!) foundBy[pairs.a[k]!] = a;
    for (let s = offsets[a]!, end = probeEnd(weighted, a, options.threshold); s < end; s++) {
      const stem = stems[s]!;
      probe(
        postings,
        stem * postings.groupCount + sets.groups[a]!,
        sets.years,
        sets.years[a]!,
        options.probeCap,
        candidates,
        weight[stem]!,
      );
    }
    const { chosen, count } = candidates.best(options.candidateCap);
    for (let c = 0; c < count; c++) {
      const b = chosen[c]!;
      if (foundBy[b] === a) continue;
      const similarity = cosine(weighted, a, b);
      if (similarity < options.threshold) continue;
      const k = pairs.push(Math.min(a, b), Math.max(a, b), similarity);
      if (b > a) {
        pairs.next[k] = firstLaterPair[b]!;
        firstLaterPair[b] = k;
      }
    }
    candidates.clear();
  }
  return pairs.table();
}

/**
 * The end of a sentence's rarest stems, enough that the rest hold less than threshold² of the squared
 * norm. A sentence B sharing only stems of that rest has cosine < threshold with this one: the shared
 * weight is at most sqrt(rest)·|B|, so cosine <= sqrt(rest) / |A| < threshold.
 */
function probeEnd({ offsets, stems, weight, norms }: WeightedStems, sentence: number, threshold: number): number {
  const norm = norms[sentence]!;
  const allowed = threshold * threshold * norm * norm;
  const start = offsets[sentence]!;
  let rest = 0;
  let end = offsets[sentence + 1]!;
  while (end > start && rest + weight[stems[end - 1]!]! < allowed) rest += weight[stems[--end]!]!;
  return end;
}

/** (stem, group) -> sentence indexes in year order: list `key` is `sentences[starts[key]..starts[key + 1])`. */
interface Postings {
  groupCount: number;
  starts: Int32Array;
  sentences: Int32Array;
}

function buildPostings(sets: StemSets, { offsets, stems, weight }: WeightedStems): Postings {
  const groupCount = Math.max(0, largest(sets.groups, 0)) + 1;
  const starts = new Int32Array(weight.length * groupCount + 1);
  const keyOf = (stem: number, sentence: number) => stem * groupCount + sets.groups[sentence]!;
  for (let i = 0; i < sets.years.length; i++)
    for (let s = offsets[i]!; s < offsets[i + 1]!; s++) starts[keyOf(stems[s]!, i) + 1]!++;
  for (let key = 1; key < starts.length; key++) starts[key]! += starts[key - 1]!;
  const fill = starts.slice(0, -1);
  const sentences = new Int32Array(stems.length);
  const byYear = Array.from(sets.years.keys()).sort((x, y) => sets.years[x]! - sets.years[y]! || x - y);
  for (const i of byYear)
    for (let s = offsets[i]!; s < offsets[i + 1]!; s++) sentences[fill[keyOf(stems[s]!, i)]!++] = i;
  return { groupCount, starts, sentences };
}

/**
 * Add up to `cap` entries of a year-ordered posting list to the candidates, skipping `year` itself,
 * nearest years first (at equal distance the earlier year first).
 */
function probe(
  postings: Postings,
  key: number,
  years: Int32Array,
  year: number,
  cap: number,
  candidates: Candidates,
  weight: number,
): void {
  const list = postings.sentences;
  const [low, high] = [postings.starts[key]!, postings.starts[key + 1]!];
  let before = firstLater(list, years, low, high, year - 1) - 1;
  let after = firstLater(list, years, before + 1, high, year);
  if (before - low + 1 + high - after <= cap) {
    // The whole list is taken: the order does not matter.
    for (let position = low; position <= before; position++) candidates.add(list[position]!, weight);
    for (let position = after; position < high; position++) candidates.add(list[position]!, weight);
    return;
  }
  for (let taken = 0; taken < cap && (before >= low || after < high); taken++) {
    const takeBefore = after >= high || (before >= low && year - years[list[before]!]! <= years[list[after]!]! - year);
    candidates.add(list[takeBefore ? before-- : after++]!, weight);
  }
}

/** The first position in [low, high) of a year-ordered list whose sentence is of a year after `year`, or high. */
function firstLater(list: Int32Array, years: Int32Array, low: number, high: number, year: number): number {
  while (low < high) {
    const middle = (low + high) >> 1;
    if (years[list[middle]!]! > year) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** One sentence's candidates: the shared weight of its probed stems with each sentence touched. */
class Candidates {
  private readonly partial: Float64Array;
  private readonly touched: Int32Array;
  private readonly chosen: Int32Array;
  private readonly scratch: Float64Array;
  private count = 0;

  constructor(sentences: number) {
    [this.partial, this.scratch] = [new Float64Array(sentences), new Float64Array(sentences)];
    [this.touched, this.chosen] = [new Int32Array(sentences), new Int32Array(sentences)];
  }

  add(sentence: number, weight: number): void {
    if (this.partial[sentence] === 0) this.touched[this.count++] = sentence;
    this.partial[sentence] = this.partial[sentence]! + weight;
  }

  /**
   * The best `cap` candidates, best meaning most shared weight, then lowest index. Only which ones are
   * best matters, not their order, so the cap-th largest weight is selected (quickselect, linear)
   * rather than every candidate sorted.
   */
  best(cap: number): { chosen: Int32Array; count: number } {
    const { partial, touched, chosen, scratch, count } = this;
    if (count <= cap) return { chosen: touched, count };
    for (let c = 0; c < count; c++) scratch[c] = partial[touched[c]!]!;
    const cutoff = selectLargest(scratch, count, cap);
    const atCutoff: number[] = [];
    let kept = 0;
    for (let c = 0; c < count; c++) {
      const b = touched[c]!;
      if (partial[b]! > cutoff) chosen[kept++] = b;
      else if (partial[b] === cutoff) atCutoff.push(b);
    }
    // Candidates at exactly the cutoff weight: the lowest indexes fill the places left.
    atCutoff.sort((x, y) => x - y);
    for (let i = 0; kept < cap; i++) chosen[kept++] = atCutoff[i]!;
    return { chosen, count: kept };
  }

  clear(): void {
    for (let c = 0; c < this.count; c++) this.partial[this.touched[c]!] = 0;
    this.count = 0;
  }
}

/** The k-th largest of values[0..count) (k >= 1), reordering them. */
function selectLargest(values: Float64Array, count: number, k: number): number {
  let [low, high] = [0, count - 1];
  const target = k - 1;
  while (low < high) {
    const pivot = values[(low + high) >> 1]!;
    let [i, j] = [low, high];
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else return values[target]!;
  }
  return values[target]!;
}

/** Pairs appended to growing typed arrays; `next` links a pair into a list per sentence (similarPairs). */
class PairList {
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  similarity = new Float64Array(1024);
  next = new Int32Array(1024);
  count = 0;

  push(a: number, b: number, similarity: number): number {
    if (this.count === this.a.length) {
      [this.a, this.b, this.next] = [
        grown(this.a, this.count + 1),
        grown(this.b, this.count + 1),
        grown(this.next, this.count + 1),
      ];
      this.similarity = grown(this.similarity, this.count + 1);
    }
    this.a[this.count] = a;
    this.b[this.count] = b;
    this.similarity[this.count] = similarity;
    this.next[this.count] = -1;
    return this.count++;
  }

  table(): PairTable {
    return {
      count: this.count,
      a: this.a.subarray(0, this.count),
      b: this.b.subarray(0, this.count),
      similarity: this.similarity.subarray(0, this.count),
    };
  }
}

function grown<T extends Int32Array | Float64Array>(array: T, needed: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}
