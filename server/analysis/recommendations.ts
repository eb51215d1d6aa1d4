// The recommendations tracker: each recommendation followed across the years' lists as a "thread" (a
// recommendation with its repeats and revisions), with what happened to it in each year: new, repeated
// word for word, revised, or dropped. Built from the stored alignment; pure.
//
// A thread is a connected group of recommendations under the alignment's matches (which pair
// recommendations only with recommendations). Matches are one-to-one per pair of documents, so a
// thread normally holds one recommendation per year; when two paths of matches disagree it may hold two,
// and both are listed.

import type { Passage } from '../corpus/types.ts';
import { matchIn, sameWording, type Alignment } from './align.ts';
import { largest } from '../extremes.ts';

export type ThreadStatus = 'new' | 'repeated' | 'revised' | 'dropped' | 'absent';

export interface ThreadYear {
  year: number;
  /**
   * new: first appearance; repeated: same wording as its previous appearance; revised: reworded;
   * dropped: missing from this list after appearing in the previous one; absent: otherwise missing.
   */
  status: ThreadStatus;
  /** The thread's recommendations in this year's list, in list order; empty when dropped or absent. */
  ids: string[];
  /** Similarity to the previous appearance when the alignment matched them directly, else null. */
  similarity: number | null;
}

export interface RecommendationThread {
  /** The id of the thread's earliest recommendation. */
  id: string;
  firstYear: number;
  lastYear: number;
  /** The last year that made it, when a later list left it out; null while it is still made. */
  droppedAfter: number | null;
  /** One entry per year that has a recommendations list, in year order. */
  years: ThreadYear[];
}

/**
 * Follow every recommendation across the years. Threads come in the order of the latest list that holds
 * them: the current recommendations first, in list order, then the ones dropped longest ago last.
 * @example recommendationThreads(alignment, passages).find((t) => t.id === '2016-tip-recommendations-p1-s7')!.years
 *   // [{ year: 2016, status: 'new', ... }, { year: 2023, status: 'repeated', ... }, { year: 2025, status: 'repeated', ... }]
 */
export function recommendationThreads(alignment: Alignment, passages: Passage[]): RecommendationThread[] {
  const recommendations = passages.filter(
    (passage) => passage.section === 'recommendations' && alignment[passage.id] !== undefined,
  );
  const listYears = [...new Set(recommendations.map((passage) => passage.year))].sort((a, b) => a - b);
  const threads = groupByMatches(alignment, recommendations).map((members) =>
    followThread(alignment, members, listYears),
  );
  const position = new Map(recommendations.map((passage, index) => [passage.id, index]));
  const lastPosition = (thread: RecommendationThread) =>
    position.get(thread.years.find((y) => y.year === thread.lastYear)!.ids[0]!)!;
  return threads.sort((a, b) => b.lastYear - a.lastYear || lastPosition(a) - lastPosition(b));
}

/** Recommendations joined by the alignment's matches, each group in year order. */
function groupByMatches(alignment: Alignment, recommendations: Passage[]): Passage[][] {
  const index = new Map(recommendations.map((passage, i) => [passage.id, i]));
  const parent = recommendations.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  recommendations.forEach((passage, i) => {
    for (const match of alignment[passage.id]!.alsoIn) {
      const j = index.get(match.id);
      if (j !== undefined) parent[root(j)] = root(i);
    }
  });
  const groups = new Map<number, Passage[]>();
  recommendations.forEach((passage, i) => {
    (groups.get(root(i)) ?? groups.set(root(i), []).get(root(i))!).push(passage);
  });
  return [...groups.values()].map((group) =>
    group.sort((a, b) => a.year - b.year || index.get(a.id)! - index.get(b.id)!),
  );
}

function followThread(alignment: Alignment, members: Passage[], listYears: number[]): RecommendationThread {
  const years: ThreadYear[] = [];
  let previous: Passage[] = [];
  listYears.forEach((year, i) => {
    const current = members.filter((passage) => passage.year === year);
    const ids = current.map((passage) => passage.id);
    if (current.length === 0) {
      const droppedNow = previous.length > 0 && previous[0]!.year === listYears[i - 1];
      years.push({ year, status: droppedNow ? 'dropped' : 'absent', ids, similarity: null });
      return;
    }
    if (previous.length === 0) years.push({ year, status: 'new', ids, similarity: null });
    else {
      const repeated = current.some((now) => previous.some((before) => sameWording(before.text, now.text)));
      years.push({
        year,
        status: repeated ? 'repeated' : 'revised',
        ids,
        similarity: directSimilarity(alignment, previous, current),
      });
    }
    previous = current;
  });
  const held = years.filter((y) => y.ids.length > 0).map((y) => y.year);
  const firstYear = held[0]!;
  const lastYear = held.at(-1)!;
  return {
    id: members[0]!.id,
    firstYear,
    lastYear,
    droppedAfter: lastYear < listYears.at(-1)! ? lastYear : null,
    years,
  };
}

/** The best similarity the alignment found between a previous and a current appearance, or null. */
function directSimilarity(alignment: Alignment, previous: Passage[], current: Passage[]): number | null {
  const found = current
    .map((now) => matchIn(alignment, now.id, previous[0]!.year))
    .filter((match) => match !== undefined && previous.some((before) => before.id === match.id))
    .map((match) => match!.similarity);
  return found.length > 0 ? largest(found, 0) : null;
}
