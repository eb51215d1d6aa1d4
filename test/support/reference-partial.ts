// The partial ranking, evaluated the straightforward way: every part's hits as a Map, every passage that
// holds any part (or is next to one that does, in its paragraph) scored in full, the whole list sorted.
// server/search/evaluation/partial.ts gives the same first page by reading as little as it can (top-k); the tests
// compare the two. Change this file only when the ranking is meant to change, and say so in the commit.

import type { Hit, QueryEngine } from '../../server/search/evaluation/engine.ts';
import type { HitList } from '../../server/search/evaluation/hit-list.ts';
import { inverseDocumentFrequency } from '../../server/search/storage/bm25.ts';
import type { QueryNode } from '../../server/search/query/query.ts';
import { queryParts, type Part } from '../../server/search/query/query-parts.ts';
import {
  CONTEXT_WEIGHT,
  EXPANDED_WEIGHT,
  FOLLOWING_WEIGHT,
  type PartialHit,
  type PartialOptions,
} from '../../server/search/evaluation/partial.ts';
import { appendAll } from '../../server/extremes.ts';

type Hits = Map<number, Hit>;

/** Every partial match, best first (no limit), as partial.ts ranks them. */
export function referencePartialHits(
  engine: QueryEngine,
  tree: QueryNode | null,
  options: PartialOptions,
): PartialHit[] | null {
  const query = queryParts(engine, tree, options);
  if (!query) return null;
  const { parts, constraints, runs } = query;
  const allowed = constraints.length ? hitMap(engine.run({ type: 'and', children: constraints }, options)) : null;
  const excluded = new Set(Array.from(options.exclude ?? []));
  const held = parts.map((part) => partHits(engine, part, options));
  const total = engine.storage.passageCount;
  // A synonym's word weighs by the synonym's own rarity, at its share: the name counts once, not once per word.
  // A word no passage holds, bridged by the dictionary, is as rare as its words are together (at most all).
  const rarity = held.map(({ typed, whole, expanded }, i) =>
    whole
      ? inverseDocumentFrequency(whole, total) * parts[i]!.whole!.share
      : parts[i]!.byExpansions
        ? inverseDocumentFrequency(Math.min(total, expanded), total)
        : inverseDocumentFrequency(typed.size, total),
  );
  const runHits = runs.map((run) => hitMap(engine.run(run, options)));
  const follows = engine.followsInParagraph();
  const candidates = new Set<number>();
  held.forEach(({ hits }, i) => {
    for (const position of hits.keys()) {
      candidates.add(position);
      if (follows[position + 1] && !parts[i]!.answer) candidates.add(position + 1);
      if (follows[position] && !parts[i]!.answer) candidates.add(position - 1);
    }
  });
  const partial: Array<PartialHit & { rarityHeld: number }> = [];
  for (const position of candidates) {
    if (excluded.has(position) || (allowed && !allowed.has(position)) || (options.passes && !options.passes(position)))
      continue;
    let score = 0;
    let rarityHeld = 0;
    const missing: string[] = [];
    const via: PartialHit['via'] = [];
    const context: string[] = [];
    const following: string[] = [];
    const answers: string[] = [];
    const matchers: Hit['matchers'] = [];
    held.forEach(({ hits, found }, i) => {
      const hit = hits.get(position);
      if (!hit && parts[i]!.answer) return;
      if (!hit) {
        const before = follows[position] ? hits.get(position - 1) : undefined;
        const after = follows[position + 1] ? hits.get(position + 1) : undefined;
        if (before) {
          score += before.score * CONTEXT_WEIGHT;
          rarityHeld += rarity[i]! * CONTEXT_WEIGHT;
          context.push(parts[i]!.label);
          return;
        }
        if (!after) {
          missing.push(parts[i]!.label);
          return;
        }
        score += after.score * FOLLOWING_WEIGHT;
        rarityHeld += rarity[i]! * FOLLOWING_WEIGHT;
        following.push(parts[i]!.label);
        return;
      }
      score += hit.score;
      rarityHeld += rarity[i]!;
      if (parts[i]!.answer) answers.push(parts[i]!.label);
      appendAll(matchers, hit.matchers);
      const word = found.get(position);
      if (word) via.push({ typed: parts[i]!.label, found: word });
    });
    if (missing.length === 0 && via.length === 0 && context.length === 0 && following.length === 0) continue;
    if (
      parts.every((part, i) => part.answer || !held[i]!.hits.has(position)) &&
      context.length === 0 &&
      following.length === 0
    )
      continue;
    runs.forEach((run, i) => {
      const together = runHits[i]!.get(position);
      const apart = run.words.reduce(
        (sum, word) => sum + (held[parts.findIndex((part) => part.node === word)]?.hits.get(position)?.score ?? 0),
        0,
      );
      if (together) score += Math.max(0, together.score - apart);
    });
    partial.push({ position, hit: { score, matchers }, missing, via, context, following, answers, rarityHeld });
  }
  const level = (rarity: number) => Math.round(rarity * 1000);
  return partial
    .sort((a, b) => level(b.rarityHeld) - level(a.rarityHeld) || b.hit.score - a.hit.score || a.position - b.position)
    .map(({ position, hit, missing, via, context, following, answers }) => ({
      position,
      hit,
      missing,
      answers,
      via,
      context,
      following,
    }));
}

function partHits(
  engine: QueryEngine,
  part: Part,
  options: PartialOptions,
): { typed: Hits; hits: Hits; found: Map<number, string>; whole?: number; expanded: number } {
  if (part.answer) {
    const positions = engine.positionsAnswering(part.answer, part.section);
    const answers: Hits = new Map(Array.from(positions, (position) => [position, { score: 0, matchers: [] }]));
    return { typed: answers, hits: answers, found: new Map(), expanded: 0 };
  }
  let typed = hitMap(engine.run(part.node, options));
  let whole: number | undefined;
  if (part.whole) {
    const { share } = part.whole;
    const named: Hits = new Map(typed);
    const wholeHits = hitMap(engine.run(part.whole.node, options));
    whole = wholeHits.size;
    for (const [position, hit] of wholeHits) {
      const best = named.get(position);
      if (!best || best.score < hit.score * share)
        named.set(position, { score: hit.score * share, matchers: hit.matchers });
    }
    typed = named;
  }
  const hits: Hits = new Map(typed);
  const found = new Map<number, string>();
  let expanded = 0;
  for (const { word, node } of part.expansions) {
    const expansionHits = hitMap(engine.run(node, options));
    expanded += expansionHits.size;
    for (const [position, hit] of expansionHits) {
      const score = hit.score * EXPANDED_WEIGHT;
      const best = hits.get(position);
      if (best && best.score >= score) continue;
      hits.set(position, { score, matchers: hit.matchers });
      found.set(position, word);
    }
  }
  return { typed, hits, found, whole, expanded };
}

function hitMap(list: HitList): Hits {
  const hits: Hits = new Map();
  for (let i = 0; i < list.size; i++) hits.set(list.positions[i]!, list.hit(i));
  return hits;
}
