// The lists of passages that give what a question asks for (engine.ts, positionsAnswering: a figure, a
// country named, examples, a reason, a section's passages): what a phrase search of each name and marker
// finds, whether worked out on first use or between requests (prepareAnswers) after the server starts.

import { describe, expect, it } from 'vitest';
import { COUNTRIES } from '../server/corpus/countries.ts';
import { SECTION_LABELS, type Section } from '../server/corpus/types.ts';
import { ANSWER_MARKERS, countryNamesSpelt, type QueryEngine } from '../server/search/evaluation/engine.ts';
import type { AnswerType } from '../server/search/query/query-parts.ts';
import { tokenize } from '../server/search/words/tokenize.ts';
import { generatedCorpus, generatedLibrary } from '../bench/generated-library.ts';
import { readFileSync } from 'node:fs';
import { Library } from '../server/library.ts';
import { buildSearchIndex } from '../server/search/storage/search-index.ts';
import { parseSynonyms } from '../server/search/words/synonyms.ts';
import { SYNONYMS, realCorpus } from './support/corpus.ts';

/** The seed corpus searchable in memory, a new engine each time (support/library.ts shares one). */
function seedLibrary(): Library {
  const { documents, passages } = realCorpus();
  const synonyms = parseSynonyms(readFileSync(SYNONYMS, 'utf8'), 'words/synonyms.json');
  return new Library({ documents, passages, synonyms, index: buildSearchIndex(passages), builtAt: 'test' });
}

const phrase = (engine: QueryEngine, text: string) => [
  ...engine.run({ type: 'phrase', text, position: 0 }, { strict: true }).positions,
];

/**
 * Passages naming a country other than their own, by a phrase search of every name, not inside a longer
 * name that holds it ("Republic of Korea" in "Democratic People's Republic of Korea").
 */
function countriesNamed(library: Library): number[] {
  const { engine } = library;
  // The names are the engine's (data, spelt as the index spells them); what is checked is how it finds them.
  const namesOf = countryNamesSpelt;
  const all = COUNTRIES.flatMap(namesOf);
  const found = new Map(all.map((name) => [name, new Set(phrase(engine, name.trim()))]));
  const held = new Set<number>();
  for (const country of COUNTRIES) {
    const own = library.columns.test({ country: [country.code] });
    for (const name of namesOf(country)) {
      const longer = all.filter((other) => other !== name && other.includes(name)).map((other) => found.get(other)!);
      for (const position of found.get(name)!)
        if (!own(position) && !longer.some((list) => list.has(position))) held.add(position);
    }
  }
  return [...held].sort((a, b) => a - b);
}

/** Passages holding one of the words (by stem) or one of the phrases. */
function marked(library: Library, words: string[], phrases: string[]): number[] {
  const held = new Set<number>();
  for (const word of words)
    for (const position of library.engine.storage.postings(tokenize(word)[0]!.stem, 'text')?.positions ?? [])
      held.add(position);
  for (const text of phrases) for (const position of phrase(library.engine, text)) held.add(position);
  return [...held].sort((a, b) => a - b);
}

function expected(library: Library): Array<{ answer: AnswerType; section?: Section; positions: number[] }> {
  return [
    { answer: 'country', positions: countriesNamed(library) },
    // The markers are the engine's (data); what is checked is that its lists hold what a phrase search finds.
    { answer: 'kinds', positions: marked(library, ANSWER_MARKERS.kinds.words, ANSWER_MARKERS.kinds.phrases) },
    { answer: 'reason', positions: marked(library, ANSWER_MARKERS.reason.words, ANSWER_MARKERS.reason.phrases) },
    ...(Object.keys(SECTION_LABELS) as Section[]).map((section) => {
      const test = library.columns.test({ section: [section] });
      return {
        answer: 'section' as const,
        section,
        positions: Array.from({ length: library.passages.length }, (_, i) => i).filter(test),
      };
    }),
  ];
}

/** Until every list is made, between turns of the event loop, as a server's requests would be served. */
async function prepared(library: Library): Promise<void> {
  library.engine.prepareAnswers(1);
  const done = () =>
    ['country', 'figure', 'kinds', 'reason'].every((answer) =>
      (library.engine as unknown as { answers: Map<string, Int32Array> }).answers.has(answer),
    );
  for (let turn = 0; turn < 100_000 && !done(); turn++) await new Promise((resolve) => setImmediate(resolve));
  expect(done()).toBe(true);
}

describe.each([
  ['the seed corpus', seedLibrary],
  ['a generated collection of 3,000 passages', () => generatedLibrary(generatedCorpus(3_000))],
])('answer lists on %s', (_, make) => {
  it('hold what a phrase search of every name and marker finds, on first use', () => {
    const library = make();
    for (const { answer, section, positions } of expected(library))
      expect([...library.engine.positionsAnswering(answer, section)], `${answer} ${section ?? ''}`).toEqual(positions);
  });

  it('are the same when made between requests, and a question that comes first finishes its list', async () => {
    const library = make();
    const first = make();
    const figures = [...first.engine.positionsAnswering('figure')];
    expect(figures.length).toBeGreaterThan(0);
    // Begun in the background, asked for after one turn: the rest is made at once.
    library.engine.prepareAnswers(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect([...library.engine.positionsAnswering('country')]).toEqual(countriesNamed(library));
    await prepared(library);
    expect([...library.engine.positionsAnswering('figure')]).toEqual(figures);
    for (const { answer, section, positions } of expected(library))
      expect([...library.engine.positionsAnswering(answer, section)], `${answer} ${section ?? ''}`).toEqual(positions);
  });
});
