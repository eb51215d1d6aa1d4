// Aligning passages across report years: for each sentence of a report, its counterpart in every other
// report year, if any, as `identical` (same words once tokenized and case-folded) or `revised` (the
// same sentence edited), and the first year the sentence, or an earlier version of it, appeared.
//
// Computed once at index time and stored in the index file. Pure: passages in, plain data out.
//
//   passages -> one block per country -> stems (the one tokenizer) -> similar pairs (similarity.ts: IDF cosine, inverted index)
//   (a block's structures are garbage before the next block starts)
//   -> one-to-one matching per pair of documents, greedy by similarity -> best match per other year
//   -> first year, following matches back in time
//
// Commentary does not take part: it paraphrases and quotes reports (docs/alignment.md, "What takes part", has the evidence), so a
// match there says "an article discussed this", not "the report said this in that year".
// Recommendations are matched only with recommendations, and findings only with findings: "Accede to the
// 2000 UN TIP Protocol." is not a revision of "North Korea has not ratified the 2000 UN TIP Protocol.".

import type { CatalogEntry, Passage, Section } from '../corpus/types.ts';
import { stemTerm, tokenize, type Token } from '../search/words/tokenize.ts';
import { similarPairs, StemSetBuilder, type PairTable, type StemSets } from './similarity.ts';

export type MatchStatus = 'identical' | 'revised';

/** A passage's counterpart in another report year. */
export interface YearMatch {
  year: number;
  /** The counterpart passage's id. */
  id: string;
  status: MatchStatus;
  /** Cosine of the IDF-weighted stem sets, 0..1, three decimals. */
  similarity: number;
}

export interface PassageAlignment {
  /** At most one counterpart per other year, in year order. */
  alsoIn: YearMatch[];
  /** The earliest report year holding this sentence or an earlier version of it; its own year when none. */
  firstYear: number;
}

/**
 * Passage id -> its alignment, for every passage of a report or excerpt. Commentary passages are absent.
 * @example alignment['2025-tip-recommendations-p6-s1']
 *   // { alsoIn: [{ year: 2023, id: '2023-tip-excerpt-recommendations-p6-s1', status: 'identical', similarity: 1 }],
 *   //   firstYear: 2023 }
 */
export type Alignment = Record<string, PassageAlignment>;

export interface AlignOptions {
  /** The lowest similarity at which two sentences count as the same sentence revised. */
  revised: number;
  /** Most index postings read per probed stem. */
  probeCap: number;
  /** Most candidates measured exactly per passage. */
  candidateCap: number;
}

/** What a document needs to say for alignment: its id and whether it is a report, excerpt or commentary. */
export type AlignedDocument = Pick<CatalogEntry, 'id' | 'type'>;

/** A passage's terms as the one tokenizer gives them (`tokenize(text)`'s terms), by position in `passages`. */
export type TermsAt = (position: number) => readonly string[];

/**
 * Align every report and excerpt passage with the other years' passages. The build passes `termsAt`, the
 * terms it kept from indexing; without it each passage is tokenized here.
 * @example alignPassages(corpus.passages, corpus.documents)['2025-tip-trafficking-profile-p6-s3']
 *   // { alsoIn: [], firstYear: 2025 }: the Dandong sentence is new in 2025
 */
export function alignPassages(
  passages: Passage[],
  documents: AlignedDocument[],
  options: AlignOptions = ALIGN_OPTIONS,
  termsAt?: TermsAt,
): Alignment {
  const terms = termsAt ?? ((position: number) => tokenize(passages[position]!.text).map((token) => token.term));
  const alignment: Alignment = {};
  for (const block of countryBlocks(passages, documents)) {
    alignBlock(
      block.map((position) => passages[position]!),
      block.map((position) => terms(position)),
      options,
      alignment,
    );
  }
  return alignment;
}

/**
 * The positions of the passages that take part, one block per country, in corpus order. A narrative's
 * counterparts are its own country's narratives of other years, so blocks are never compared with each
 * other: work and memory are those of the largest country, not of the whole collection (and stem
 * weights are the country's own: a word every Chinese narrative uses is common there even if rare elsewhere).
 */
export function countryBlocks(passages: Passage[], documents: AlignedDocument[]): number[][] {
  const typeOf = new Map(documents.map((d) => [d.id, d.type]));
  const blocks = new Map<string, number[]>();
  passages.forEach((passage, position) => {
    if (!takesPart(typeOf.get(passage.doc))) return;
    (blocks.get(passage.country) ?? blocks.set(passage.country, []).get(passage.country)!).push(position);
  });
  return [...blocks.values()];
}

/**
 * Align one country's passages (with their terms) with each other across years, adding their entries
 * to `alignment`. Everything else the block needs is garbage when this returns.
 */
function alignBlock(
  aligned: Passage[],
  terms: Array<readonly string[]>,
  options: AlignOptions,
  alignment: Alignment,
): void {
  const { sets, wording } = blockStems(aligned, terms);
  const pairs = similarPairs(sets, {
    threshold: options.revised,
    probeCap: options.probeCap,
    candidateCap: options.candidateCap,
  });
  const identical = Uint8Array.from(pairs.a, (a, k) => Number(wording[a] === wording[pairs.b[k]!]));

  // One counterpart per other document: the strongest pairs claim their passages first, so a stock
  // phrase ("The government did not report any efforts...") pairs with its own successor rather than
  // with whichever sentence of that year happens to share most of its words.
  const order = Array.from(pairs.a.keys()).sort(
    (x, y) =>
      identical[y]! - identical[x]! ||
      pairs.similarity[y]! - pairs.similarity[x]! ||
      pairs.a[x]! - pairs.a[y]! ||
      pairs.b[x]! - pairs.b[y]!,
  );
  const accepted = acceptOnePerDocument(aligned, pairs, order);
  const match = (k: number, to: number): YearMatch => ({
    year: aligned[to]!.year,
    id: aligned[to]!.id,
    status: identical[k] === 1 ? 'identical' : 'revised',
    similarity: identical[k] === 1 ? 1 : Math.round(pairs.similarity[k]! * 1000) / 1000,
  });

  const byYear = aligned.map((_, index) => index).sort((x, y) => aligned[x]!.year - aligned[y]!.year || x - y);
  for (const index of byYear) {
    const passage = aligned[index]!;
    const matches: YearMatch[] = [];
    for (let i = accepted.starts[index]!; i < accepted.starts[index + 1]!; i++) {
      const k = accepted.pairs[i]!;
      matches.push(match(k, pairs.a[k] === index ? pairs.b[k]! : pairs.a[k]!));
    }
    const alsoIn = bestPerYear(matches);
    // Earlier years are done already, so their first years are final.
    let firstYear = passage.year;
    for (const m of alsoIn) if (m.year < passage.year) firstYear = Math.min(firstYear, alignment[m.id]!.firstYear);
    alignment[passage.id] = { alsoIn, firstYear };
  }
}

/**
 * Walk the pairs in `order`, accepting a pair unless one of its passages has a counterpart in the other's
 * document already. Returns each passage's accepted pairs in the order they were accepted:
 * `pairs[starts[i]..starts[i + 1])` for passage i.
 */
function acceptOnePerDocument(
  aligned: Passage[],
  pairs: PairTable,
  order: number[],
): { starts: Int32Array; pairs: Int32Array } {
  const docIds = new Map<string, number>();
  const docOf = Int32Array.from(
    aligned,
    (passage) => docIds.get(passage.doc) ?? docIds.set(passage.doc, docIds.size).get(passage.doc)!,
  );
  // claimed: one bit per (passage, document), set once the passage has a counterpart in that document.
  const words = Math.ceil(docIds.size / 32);
  const claimed = new Uint32Array(aligned.length * words);
  const bit = (passage: number, doc: number) => passage * words + (doc >> 5);
  const kept: number[] = [];
  const counts = new Int32Array(aligned.length + 1);
  for (const k of order) {
    const [a, b] = [pairs.a[k]!, pairs.b[k]!];
    const [docA, docB] = [docOf[a]!, docOf[b]!];
    if ((claimed[bit(a, docB)]! >>> (docB & 31)) & 1 || (claimed[bit(b, docA)]! >>> (docA & 31)) & 1) continue;
    claimed[bit(a, docB)]! |= 1 << (docB & 31);
    claimed[bit(b, docA)]! |= 1 << (docA & 31);
    kept.push(k);
    counts[a + 1]!++;
    counts[b + 1]!++;
  }
  for (let i = 1; i < counts.length; i++) counts[i]! += counts[i - 1]!;
  const fill = counts.slice(0, -1);
  const byPassage = new Int32Array(kept.length * 2);
  for (const k of kept) {
    byPassage[fill[pairs.a[k]!]!++] = k;
    byPassage[fill[pairs.b[k]!]!++] = k;
  }
  return { starts: counts, pairs: byPassage };
}

/**
 * The block's sentences as stem sets (like with like: recommendations only with recommendations), and
 * each one's wording as a number: equal numbers, the same terms in the same order.
 */
function blockStems(aligned: Passage[], terms: Array<readonly string[]>): { sets: StemSets; wording: Int32Array } {
  const builder = new StemSetBuilder();
  const wordingIds = new Map<string, number>();
  const wording = new Int32Array(aligned.length);
  aligned.forEach((passage, index) => {
    builder.add(passage.year, alignmentGroup(passage.section), terms[index]!.map(stemTerm));
    const words = terms[index]!.join(' ');
    wording[index] = wordingIds.get(words) ?? wordingIds.set(words, wordingIds.size).get(words)!;
  });
  return { sets: builder.build(), wording };
}

/** Reports and excerpts take part; commentary, and documents not in the catalog, do not. */
export function takesPart(type: AlignedDocument['type'] | undefined): boolean {
  return type === 'report' || type === 'excerpt';
}

/** Sentences are only compared within a group: recommendations with recommendations, findings with findings. */
export function alignmentGroup(section: Section): 'recommendation' | 'finding' {
  return section === 'recommendations' ? 'recommendation' : 'finding';
}

/** Whether two texts have the same words once tokenized and case-folded: the test for `identical`. */
export function sameWording(a: string, b: string): boolean {
  return wordingOf(tokenize(a)) === wordingOf(tokenize(b));
}

function wordingOf(tokens: Token[]): string {
  return tokens.map((token) => token.term).join(' ');
}

/** A passage's counterpart in one year, when it has one. */
export function matchIn(alignment: Alignment, id: string, year: number): YearMatch | undefined {
  return alignment[id]?.alsoIn.find((m) => m.year === year);
}

/** When a year has several documents, its best counterpart stands for the year. */
function bestPerYear(matches: Iterable<YearMatch>): YearMatch[] {
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

/**
 * Thresholds and caps, from the evidence in docs/alignment.md, "Aligning passages across years": below 0.36
 * the best-per-year pairs of these reports stop being the same sentence; the caps bind only when a
 * collection holds far more years than the TIP series has.
 */
export const ALIGN_OPTIONS: AlignOptions = { revised: 0.36, probeCap: 64, candidateCap: 64 };
