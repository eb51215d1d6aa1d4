// The memory soak of `npm run bench:scale`: thousands of distinct prefix, fuzzy and phrase queries, the
// traffic that made decoded postings pile up (each distinct expansion decodes other terms), drawn from
// the collection's own words so that every one finds something to decode.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenize } from '../server/search/words/tokenize.ts';

/**
 * `count` distinct queries, a third each prefix (`repat*`, 4 letters or more), fuzzy (`repatriated~`)
 * and phrase (`"forced labor"`), from the words of the collection's seed files (read until there are
 * enough words). Deterministic for a collection.
 * @example soakQueries('/tmp/tip-scale-20000/seeds', 3) // -> ['"north korea"', 'nort*', 'korea~']
 */
export function soakQueries(seeds: string, count: number): string[] {
  const words = new Set<string>();
  const pairs = new Set<string>();
  const prefixes = new Set<string>();
  for (const file of readdirSync(seeds)
    .filter((name) => name.endsWith('.txt'))
    .sort()) {
    const terms = tokenize(readFileSync(join(seeds, file), 'utf8'))
      .map((token) => token.term)
      .filter((term) => /^\p{L}{3,}$/u.test(term));
    for (let i = 0; i < terms.length; i++) {
      if (terms[i]!.length >= 5) words.add(terms[i]!);
      if (i > 0) pairs.add(`${terms[i - 1]} ${terms[i]}`);
      for (let length = 4; length < terms[i]!.length; length++) prefixes.add(terms[i]!.slice(0, length));
    }
    if (words.size >= count && pairs.size >= count && prefixes.size >= count) break;
  }
  const kinds = [
    [...prefixes].map((prefix) => `${prefix}*`),
    [...words].map((word) => `${word}~`),
    [...pairs].map((pair) => `"${pair}"`),
  ];
  const queries: string[] = [];
  for (let i = 0; queries.length < count && kinds.some((kind) => i < kind.length); i++) {
    for (const kind of kinds) if (i < kind.length && queries.length < count) queries.push(kind[i]!);
  }
  return queries;
}
