// The order the index holds documents and passages in, which search ties, the reader, the year chart and
// alignment all follow: documents by report year, the catalog's order breaking ties; each document's
// passages by sentence. One definition, used by the full build and by delta segments alike, so an
// incremental update orders exactly as a full build of the same seeds would.

import type { DocumentRecord, Passage } from '../corpus/types.ts';

/** Documents by report year; the given order (the catalog's) breaks ties. */
export function inCorpusOrder<T extends Pick<DocumentRecord, 'year'>>(documents: T[]): T[] {
  return documents
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.year - b.d.year || a.i - b.i)
    .map(({ d }) => d);
}

/**
 * Passages grouped by document in the documents' order, each document's by sentence; passages of
 * documents not listed are dropped. Grouping rather than one sort of everything: linear in the passages
 * when each document's are already in order, as a loaded index's are.
 */
export function passagesInCorpusOrder<T extends Pick<Passage, 'doc' | 'sentence'>>(
  documents: Array<Pick<DocumentRecord, 'id'>>,
  passages: Iterable<T>,
): T[] {
  const byDocument = new Map<string, T[]>(documents.map((d) => [d.id, []]));
  for (const passage of passages) byDocument.get(passage.doc)?.push(passage);
  return [...byDocument.values()].flatMap((group) => group.sort((a, b) => a.sentence - b.sentence));
}
