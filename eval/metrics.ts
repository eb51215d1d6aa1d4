// Ranking figures for one query: precision, recall and nDCG at a cut-off, from a ranked list of passage
// ids and graded judgments (2: answers the query, 1: relevant, absent: not relevant).

export type Grades = Record<string, number>;

/**
 * Share of the first k results that are relevant (any grade). A list shorter than k counts its missing
 * places as misses, so returning less is not rewarded.
 * @example precisionAt(['a', 'x'], { a: 2 }, 10) // -> 0.1
 */
export function precisionAt(ranked: string[], grades: Grades, k: number): number {
  return firstListed(ranked, k).filter((id) => (grades[id] ?? 0) > 0).length / k;
}

/**
 * Share of the relevant passages found in the first k, out of at most k: a query with 30 relevant
 * passages can show only 10, so finding 10 of them is full recall at 10.
 * @example recallAt(['a', 'x'], { a: 2, b: 1 }, 10) // -> 0.5
 */
export function recallAt(ranked: string[], grades: Grades, k: number): number {
  const relevant = Object.values(grades).filter((grade) => grade > 0).length;
  if (relevant === 0) return 1;
  return firstListed(ranked, k).filter((id) => (grades[id] ?? 0) > 0).length / Math.min(relevant, k);
}

/**
 * Normalised discounted cumulative gain: graded gains (2^grade - 1) discounted by log2 of the rank,
 * divided by the gain of the ideal order. A passage listed twice gains only where it first appears.
 * @example ndcgAt(['b', 'a'], { a: 2, b: 1 }, 10) // -> 0.797: (1 + 3/log2(3)) / (3 + 1/log2(3))
 */
export function ndcgAt(ranked: string[], grades: Grades, k: number): number {
  const gain = (grade: number) => 2 ** grade - 1;
  const dcg = (list: number[]) => list.slice(0, k).reduce((sum, grade, i) => sum + gain(grade) / Math.log2(i + 2), 0);
  const ideal = dcg(
    Object.values(grades)
      .filter((grade) => grade > 0)
      .sort((a, b) => b - a),
  );
  // A passage listed again gains nothing the second time.
  const gains = ranked.map((id, i) => (ranked.indexOf(id) === i ? (grades[id] ?? 0) : 0));
  return ideal === 0 ? 1 : dcg(gains) / ideal;
}

/** The first k places, each passage counted where it first appears (a repeat is a miss). */
function firstListed(ranked: string[], k: number): string[] {
  return ranked.slice(0, k).filter((id, i) => ranked.indexOf(id) === i);
}
