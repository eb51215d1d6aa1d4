// Every declared dimension (dimensions.ts) as a column: each passage's value as a small integer, so
// that filters and facet counts over hundreds of thousands of matches read numbers, not strings.
//
//   ids        Uint32Array   position -> value id (0: no value; id i is values[i - 1], in facet order)
//   lists      (on first use) the passages of each value, ascending: offsets by value id into one
//              Int32Array of positions (a counting sort of the column), so that a filter alone is a
//              merge of a few lists instead of a test of every passage
//
// This is the one filter path: a query's `year:` and a URL's `year=` both narrow hits here (`narrow`),
// and the facets count here (`count`), disjunctively: each dimension's counts ignore its own selection.

import type {
  DimensionContext,
  DimensionValue,
  Dimension,
  DimensionName,
  PassageColumns,
  Selection,
} from './dimensions.ts';
import { DIMENSIONS } from './dimensions.ts';
import { HitList, intersect, type MatcherTable } from './evaluation/hit-list.ts';

/** What the columns are read from: the passages' own columns and each passage's document (an index into the context's documents). */
export interface PassageSource extends PassageColumns {
  readonly documentOf: Uint32Array;
}

export class DimensionColumn {
  /** Value id - 1 -> value, in the order the facet lists them. */
  readonly values: readonly DimensionValue[];
  /** Position -> value id (0: none). */
  readonly ids: Uint32Array;
  private readonly idByValue: Map<DimensionValue, number>;
  private readonly labels: string[] = [];
  private lists: { offsets: Uint32Array; positions: Int32Array } | null = null;

  constructor(
    readonly dimension: Dimension,
    private readonly context: DimensionContext,
    passages: PassageSource,
  ) {
    this.values = dimension.values(context);
    this.idByValue = new Map(this.values.map((value, i) => [value, i + 1]));
    this.ids = new Uint32Array(passages.length);
    const { read } = dimension;
    if ('document' in read) {
      const byDocument = Uint32Array.from(context.documents, (document) => this.idOf(read.document(document)));
      for (let position = 0; position < passages.length; position++)
        this.ids[position] = byDocument[passages.documentOf[position]!]!;
    } else {
      // Values come in runs (a document's sections): look the id up only when the value changes.
      let last: DimensionValue | null | undefined;
      let lastId = 0;
      for (let position = 0; position < passages.length; position++) {
        const value = read.passage(passages, position);
        if (value !== last) [last, lastId] = [value, this.idOf(value)];
        this.ids[position] = lastId;
      }
    }
  }

  /** A value's id, 0 when the collection has no such value. */
  idOf(value: DimensionValue | null): number {
    return value === null ? 0 : (this.idByValue.get(value) ?? 0);
  }

  /** A value's label, by id: the same for every search of a loaded library, so worked out once. */
  labelOf(id: number): string {
    return (this.labels[id] ??= this.dimension.label(this.values[id - 1]!, this.context));
  }

  /** The value at a position, null when the passage has none. */
  valueAt(position: number): DimensionValue | null {
    const id = this.ids[position]!;
    return id === 0 ? null : this.values[id - 1]!;
  }

  /** 1 for each value id the selection allows; `undefined` or empty allows every id but none (0). */
  mask(selected: readonly DimensionValue[] | undefined): Uint8Array {
    const mask = new Uint8Array(this.values.length + 1);
    if (!selected || selected.length === 0) return mask.fill(1);
    for (const value of selected) mask[this.idOf(value)] = 1;
    mask[0] = 0;
    return mask;
  }

  /** How many passages hold each of these values. */
  size(selected: readonly DimensionValue[]): number {
    const { offsets } = this.positionLists();
    let size = 0;
    for (const id of new Set(selected.map((value) => this.idOf(value))))
      if (id > 0) size += offsets[id + 1]! - offsets[id]!;
    return size;
  }

  /** The positions holding any of these values, ascending: one list as it is, several merged. */
  positionsOf(selected: readonly DimensionValue[]): Int32Array {
    const { offsets, positions } = this.positionLists();
    const runs = [...new Set(selected.map((value) => this.idOf(value)))]
      .filter((id) => id > 0 && offsets[id + 1]! > offsets[id]!)
      .map((id) => positions.subarray(offsets[id]!, offsets[id + 1]!));
    if (runs.length === 0) return new Int32Array(0);
    if (runs.length === 1) return runs[0]!;
    return mergeRuns(runs);
  }

  private positionLists(): { offsets: Uint32Array; positions: Int32Array } {
    if (this.lists) return this.lists;
    const offsets = new Uint32Array(this.values.length + 2);
    for (let position = 0; position < this.ids.length; position++) offsets[this.ids[position]! + 1]!++;
    for (let id = 1; id < offsets.length; id++) offsets[id]! += offsets[id - 1]!;
    const next = offsets.slice(0, -1);
    const positions = new Int32Array(this.ids.length);
    for (let position = 0; position < this.ids.length; position++) positions[next[this.ids[position]!]!++] = position;
    return (this.lists = { offsets, positions });
  }
}

/** Each dimension's matches counted per value id, in DIMENSIONS order. */
export type Counts = Uint32Array[];

export class DimensionColumns {
  /** In DIMENSIONS order. */
  readonly columns: DimensionColumn[];
  private readonly byName: Map<string, DimensionColumn>;
  /** Scores and matcher ids of every passage, all 0: a filter's hits are views of them (hit lists are never changed). */
  private zeros: { scores: Float64Array; matcherIds: Int32Array } | null = null;

  constructor(
    readonly context: DimensionContext,
    private readonly passages: PassageSource,
  ) {
    this.columns = DIMENSIONS.map((dimension) => new DimensionColumn(dimension, context, passages));
    this.byName = new Map(this.columns.map((column) => [column.dimension.name, column]));
  }

  column(name: DimensionName): DimensionColumn {
    return this.byName.get(name)!;
  }

  /** A test for positions: does the passage there pass every dimension's selection? */
  test(selection: Selection): (position: number) => boolean {
    const checks = this.columns
      .filter((column) => (selection[column.dimension.name as DimensionName]?.length ?? 0) > 0)
      .map((column) => ({ ids: column.ids, mask: column.mask(selection[column.dimension.name as DimensionName]) }));
    if (checks.length === 0) return () => true;
    if (checks.length === 1) {
      const [{ ids, mask }] = checks as [(typeof checks)[number]];
      return (position) => mask[ids[position]!] === 1;
    }
    return (position) => checks.every(({ ids, mask }) => mask[ids[position]!] === 1);
  }

  /**
   * The hits whose passage holds one of the values (or, `keep` false, none of them). A few hits are
   * tested one by one (one array read each); many hits against a short list of positions are
   * intersected with the list instead (galloping), so a filter alone over a million passages costs
   * what its own passages cost. Scores and matchers are the hits' (a filter adds 0 and none).
   */
  narrow(hits: HitList, name: DimensionName, values: readonly DimensionValue[], keep = true): HitList {
    const column = this.column(name);
    if (keep) {
      const size = column.size(values);
      if (size * Math.log2(hits.size / Math.max(size, 1) + 2) < hits.size)
        return intersect(hits, this.listOf(column.positionsOf(values), hits.table));
    }
    return hits.whereMarked(column.ids, column.mask(values), keep ? 1 : 0);
  }

  /** The hits that pass every dimension's selection (a URL's filters). */
  narrowBy(hits: HitList, selection: Selection): HitList {
    let narrowed = hits;
    for (const { dimension } of this.columns) {
      const values = selection[dimension.name as DimensionName];
      if (values?.length) narrowed = this.narrow(narrowed, dimension.name as DimensionName, values);
    }
    return narrowed;
  }

  /** Every passage holding one of the values, unscored: the lists merged. */
  select(name: DimensionName, values: readonly DimensionValue[], table: MatcherTable): HitList {
    return this.listOf(this.column(name).positionsOf(values), table);
  }

  /** Matches per value of each dimension among `positions`, each dimension ignoring its own selection (disjunctive facets). */
  count(positions: ArrayLike<number>, selection: Selection): Counts {
    const counts = this.columns.map((column) => new Uint32Array(column.values.length + 1));
    const idsOf = this.columns.map((column) => column.ids);
    const dimensions = idsOf.length;
    const selected = this.columns.filter(
      (column) => (selection[column.dimension.name as DimensionName]?.length ?? 0) > 0,
    );
    if (selected.length === 0) {
      for (let d = 0; d < dimensions; d++) {
        const [ids, into] = [idsOf[d]!, counts[d]!];
        for (let i = 0; i < positions.length; i++) into[ids[positions[i]!]!]!++;
      }
      return counts;
    }
    // A match counts for every dimension when it passes all selections, and for the one dimension it
    // fails when it fails only one (what that value would add); failing two, it counts nowhere. One pass
    // per dimension over typed arrays: how many selections each match fails, and the last it failed.
    const failures = new Uint8Array(positions.length);
    const failed = new Uint8Array(positions.length);
    this.columns.forEach((column, d) => {
      if (!selected.includes(column)) return;
      const [ids, mask] = [idsOf[d]!, column.mask(selection[column.dimension.name as DimensionName])];
      for (let i = 0; i < positions.length; i++) {
        if (mask[ids[positions[i]!]!] === 0) {
          failures[i]!++;
          failed[i] = d;
        }
      }
    });
    for (let d = 0; d < dimensions; d++) {
      const [ids, into] = [idsOf[d]!, counts[d]!];
      for (let i = 0; i < positions.length; i++)
        if (failures[i] === 0 || (failures[i] === 1 && failed[i] === d)) into[ids[positions[i]!]!]!++;
    }
    return counts;
  }

  private listOf(positions: Int32Array, table: MatcherTable): HitList {
    this.zeros ??= { scores: new Float64Array(this.passages.length), matcherIds: new Int32Array(this.passages.length) };
    return new HitList(
      positions,
      this.zeros.scores.subarray(0, positions.length),
      this.zeros.matcherIds.subarray(0, positions.length),
      table,
    );
  }
}

/** Ascending runs with no position in common, merged into one ascending array. */
function mergeRuns(runs: Int32Array[]): Int32Array {
  let merged = runs[0]!;
  // Pairwise, smallest first: the values of a dimension are few (25 years at most in a range).
  const queue = [...runs].sort((a, b) => a.length - b.length);
  while (queue.length > 1) {
    const [a, b] = [queue.shift()!, queue.shift()!];
    merged = mergeTwo(a, b);
    let at = queue.findIndex((run) => run.length > merged.length);
    if (at === -1) at = queue.length;
    queue.splice(at, 0, merged);
  }
  return queue[0] ?? merged;
}

function mergeTwo(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let [i, j, k] = [0, 0, 0];
  while (i < a.length && j < b.length) out[k++] = a[i]! < b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
