// Keeping permalinks working across rebuilds. A passage id counts paragraphs and sentences, so an edited
// seed or a change to the sentence splitter can retire an id or make it name another sentence. Each build
// compares its passages with the previous index's: a retired id whose sentence still exists under a new
// id gets an alias (`index/aliases.json`, committed, so every clone redirects it); the rest are reported.
// A document replaced by another (an excerpt by the full report, with `npm run import -- --replace`)
// hands its sentences on: the same sentence in a document of the same year and country is its new id.

import type { Passage } from '../corpus/types.ts';
import { foldWhitespace } from '../corpus/types.ts';

export interface IdChanges {
  /** Retired ids whose sentence now has another id: recorded as aliases. */
  moved: Array<{ from: string; to: string }>;
  /** Retired ids whose sentence is gone (edited or removed): their permalinks will be 404s. */
  gone: string[];
  /** Ids still in use that now name a different sentence: old links show the new sentence. */
  reused: string[];
}

export type Aliases = Record<string, string>;

type ComparedPassage = Pick<Passage, 'id' | 'doc' | 'year' | 'country' | 'text'>;

/** The ids in use: a set, or the library's map from id to position. */
export type CurrentIds = Pick<ReadonlySet<string>, 'has'>;

/**
 * Compare two builds' passages.
 * @example idChanges([{ id: 'a-s2', text: 'X' }], [{ id: 'a-s3', text: 'X' }]) // moved: [{ from: 'a-s2', to: 'a-s3' }]
 */
export function idChanges(previous: ComparedPassage[], current: ComparedPassage[]): IdChanges {
  const currentById = new Map(current.map((p) => [p.id, p]));
  const currentDocs = new Set(current.map((p) => p.doc));
  const inDocument = (p: ComparedPassage) => `${p.doc}\0${foldWhitespace(p.text)}`;
  const inYearAndCountry = (p: ComparedPassage) => `${p.year}\0${p.country}\0${foldWhitespace(p.text)}`;
  // Where a document is gone, its sentences are looked for in its year's documents of the same country.
  const key = (p: ComparedPassage) => (currentDocs.has(p.doc) ? inDocument(p) : inYearAndCountry(p));
  const idByText = new Map([
    ...current.map((p) => [inDocument(p), p.id] as const),
    ...current.map((p) => [inYearAndCountry(p), p.id] as const),
  ]);
  const changes: IdChanges = { moved: [], gone: [], reused: [] };
  for (const old of previous) {
    const now = currentById.get(old.id);
    if (now && foldWhitespace(now.text) === foldWhitespace(old.text)) continue;
    if (now) {
      changes.reused.push(old.id);
      continue;
    }
    const movedTo = idByText.get(key(old));
    if (movedTo) changes.moved.push({ from: old.id, to: movedTo });
    else changes.gone.push(old.id);
  }
  return changes;
}

/**
 * Add the moved ids to the aliases, drop aliases whose id is in use again, and re-point chains so every
 * alias leads straight to a current id.
 */
export function updateAliases(existing: Aliases, moved: IdChanges['moved'], currentIds: CurrentIds): Aliases {
  const merged: Aliases = { ...existing };
  for (const { from, to } of moved) merged[from] = to;
  const resolved: Aliases = {};
  for (const from of Object.keys(merged).sort()) {
    if (currentIds.has(from)) continue;
    const target = resolveAlias(merged, from, currentIds);
    if (target) resolved[from] = target;
  }
  return resolved;
}

/** Follow aliases from an id to a current id (cycle-safe), or undefined. */
export function resolveAlias(aliases: Aliases, id: string, currentIds: CurrentIds): string | undefined {
  const seen = new Set<string>();
  let at = id;
  while (!currentIds.has(at)) {
    const next = aliases[at];
    if (next === undefined || seen.has(at)) return undefined;
    seen.add(at);
    at = next;
  }
  return at === id ? undefined : at;
}
