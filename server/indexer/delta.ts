// Delta segments: documents added to (or replaced in) a built index without rebuilding it, as the
// importer does. The saved index is a base (the parts a full build wrote) plus, in order, the segments
// written since; loading applies them to the base, and `npm run index` folds them all into a new base.
//
//   base parts  --load-->  documents, passages, alignment, MiniSearch
//   segment 1..n  --mergeSegments, changeSearchIndex-->  the same, as a full build of the current seeds would have them
//
// What a segment holds, and why that is enough for answers equal to a full build's:
// - the added documents' records and passages, ingested by the same code as a full build;
// - the documents it removes (replaced), by id: their passages leave the index through MiniSearch's
//   `remove`, which keeps document counts and term frequencies exact (`discard` would not, until a
//   vacuum);
// - the whole alignment of the country it touched, recomputed by `alignPassages` over that country's
//   passages: alignment runs per country with the country's own stem weights, so no other country's
//   entries change, and within the country any entry may (a new year's counterpart, a later year's
//   first appearance, a weight shifted by the new passages).
// Order (documents by year, passages by sentence) is corpus-order.ts's, the full build's.

import { loadSearchIndex, packedSearchIndex, type SearchIndex } from '../search/storage/search-index.ts';
import type { DocumentRecord, Passage } from '../corpus/types.ts';
import type { Alignment, PassageAlignment } from '../analysis/align.ts';
import { PassageTable, type PassagePiece } from '../passage-table.ts';
import { inCorpusOrder } from './corpus-order.ts';

export interface DeltaSegment {
  /** Documents added, with their passages in document order. */
  documents: DocumentRecord[];
  passages: Passage[];
  /** Ids of documents removed (replaced): held by the base or by an earlier segment. */
  removed: string[];
  /** The alignment of every report passage of the countries the segment touched, after the change. */
  alignment: Array<[string, PassageAlignment]>;
}

/** What a segment changes: the loaded corpus less a loaded MiniSearch index. */
export interface CorpusState {
  /** In corpus order. */
  documents: DocumentRecord[];
  /** In corpus order. */
  passages: PassageTable;
  alignment: Alignment;
}

/** What the search index built for a corpus must lose and gain to hold the corpus after the segments. */
export interface SearchChange {
  remove: Passage[];
  add: Passage[];
}

/**
 * Apply segments, in order, to a corpus: the corpus after them (a new passage table whose base
 * passages are row references into the given one, which is not changed; the alignment as an overlay
 * on the given one), the change its search index needs (changeSearchIndex), and for each new position
 * the base position its passage was at (-1: added), for copying the base's tokens.
 */
export function mergeSegments(
  state: CorpusState,
  segments: DeltaSegment[],
): { state: CorpusState; searchChange: SearchChange; from: Int32Array } {
  const base = state.passages;
  // Each current document's passages: the base's (positions) or a segment's (objects), in the order met.
  const current = new Map<string, PassagePiece>();
  base.documents.forEach((document, i) => {
    const positions = base.positionsOfDocument(i);
    if (positions.length > 0) current.set(document.id, { table: base, positions });
  });
  const idsOf = (piece: PassagePiece) =>
    'table' in piece
      ? Array.from(piece.positions, (position) => base.id(position))
      : piece.passages.map((passage) => passage.id);
  // The loaded alignment is read-only (packed, and maybe serving): changes go to an overlay.
  const alignment = overlayAlignment(state.alignment);
  for (const segment of segments) {
    for (const doc of segment.removed) {
      const piece = current.get(doc);
      if (piece) for (const id of idsOf(piece)) delete alignment[id];
      current.delete(doc);
    }
    Object.assign(alignment, Object.fromEntries(segment.alignment));
    for (const passage of segment.passages) {
      const piece = current.get(passage.doc);
      const held = !piece
        ? []
        : 'table' in piece
          ? Array.from(piece.positions, (position) => base.at(position))
          : piece.passages;
      current.set(passage.doc, { passages: [...held, passage] });
    }
  }
  const documents = documentsAfter(state.documents, segments);
  // Each document's passages by sentence, documents in corpus order: a full build's order.
  const pieces = documents.flatMap((document) => {
    const piece = current.get(document.id);
    if (!piece) return [];
    return ['table' in piece ? piece : { passages: [...piece.passages].sort((a, b) => a.sentence - b.sentence) }];
  });
  const { table: passages, from } = PassageTable.composed(documents, pieces, base);
  // Net of the segments: a document one segment adds and a later one replaces never enters the index.
  const searchChange = {
    remove: base.documents.flatMap((document, i) =>
      survives(document.id, -1, segments)
        ? []
        : Array.from(base.positionsOfDocument(i), (position) => base.at(position)),
    ),
    add: segments.flatMap((segment, at) => segment.passages.filter((passage) => survives(passage.doc, at, segments))),
  };
  return { state: { documents, passages, alignment }, searchChange, from };
}

/**
 * A new search index for the corpus after segments (`passages`, in corpus order): `base` copied (its
 * packed bytes; base is not changed, as it may be serving), changed through MiniSearch's `remove` and
 * `add`, then packed again, so that the terms those decoded into Maps are bytes again (at 1M passages
 * the Maps of the common words a document holds weigh over a gigabyte).
 */
export function changedSearchIndex(
  base: SearchIndex,
  change: SearchChange,
  passages: PassageTable,
  baseIdAt: (i: number) => string,
): SearchIndex {
  const index = loadSearchIndex(packedSearchIndex(base), baseIdAt);
  changeSearchIndex(index, change, passages);
  return loadSearchIndex(packedSearchIndex(index));
}

/** Bring a search index built for a corpus to the corpus after segments, in place: see changedSearchIndex. */
function changeSearchIndex(index: SearchIndex, change: SearchChange, passages: PassageTable): void {
  for (const passage of change.remove) index.remove(passage);
  index.addAll(change.add);
  // MiniSearch's running mean of field lengths, replayed in a full build's order (passage-index.ts).
  index.setAverageLengthsInOrder(Array.from({ length: passages.length }, (_, position) => passages.id(position)));
}

/**
 * The documents after the segments: what the incremental indexer orders a country's passages by.
 * @example documentsAfter([d2007, d2016], [{ documents: [d2010], removed: [], ... }]) // [d2007, d2010, d2016]
 */
export function documentsAfter(
  documents: DocumentRecord[],
  segments: Array<Pick<DeltaSegment, 'documents' | 'removed'>>,
): DocumentRecord[] {
  return segments.reduce(
    (held, segment) => inCorpusOrder([...held.filter((d) => !segment.removed.includes(d.id)), ...segment.documents]),
    documents,
  );
}

/**
 * Whether a passage of the base (`from` = -1) or of segment `from` is still current: its document is
 * not removed by a later segment. A replaced document may come back under the same id in that segment.
 */
export function survives(doc: string, from: number, segments: Array<Pick<DeltaSegment, 'removed'>>): boolean {
  for (let i = from + 1; i < segments.length; i++) if (segments[i]!.removed.includes(doc)) return false;
  return true;
}

/**
 * An alignment that reads through to `base` except where it was set or deleted since: the base stays as
 * it was (a packed alignment cannot be written, and the serving library still reads it until the swap),
 * and only the touched country's entries are held again.
 */
function overlayAlignment(base: Alignment): Alignment {
  const changed = new Map<string, PassageAlignment>();
  const deleted = new Set<string>();
  const read = (id: string | symbol): PassageAlignment | undefined =>
    typeof id !== 'string' ? undefined : changed.has(id) ? changed.get(id) : deleted.has(id) ? undefined : base[id];
  return new Proxy({} as Alignment, {
    get: (_, id) => read(id),
    has: (_, id) => read(id) !== undefined,
    set: (_, id, value: PassageAlignment) => {
      if (typeof id !== 'string') return false;
      changed.set(id, value);
      deleted.delete(id);
      return true;
    },
    deleteProperty: (_, id) => {
      if (typeof id !== 'string') return false;
      changed.delete(id);
      deleted.add(id);
      return true;
    },
    ownKeys: () => [...Object.keys(base).filter((id) => !deleted.has(id) && !changed.has(id)), ...changed.keys()],
    getOwnPropertyDescriptor: (_, id) => {
      const value = read(id);
      return value === undefined ? undefined : { value, enumerable: true, configurable: true, writable: true };
    },
  });
}
