// The dictionary bridge: a word no passage holds reaches WordNet's words for it that passages hold
// (wordnet.ts, query-parts.ts), on the real seeds and on WordNet's own files.
import { describe, expect, it, vi } from 'vitest';
import { baseForms, dictionary } from '../server/search/words/wordnet.ts';
import { searchFor, realLibrary } from './support/library.ts';
import { queryParts } from '../server/search/query/query-parts.ts';
import { parseQuery } from '../server/search/query/query.ts';
import { splitCompounds } from '../server/search/evaluation/engine.ts';

describe('WordNet read where it lies', () => {
  it("undoes inflections by WordNet's own rules", () => {
    expect(baseForms('paychecks', 'noun')).toContain('paycheck');
    expect(baseForms('bankrolling', 'verb')).toContain('bankroll');
    expect(baseForms('churches', 'noun')).toContain('church');
    expect(baseForms('is', 'noun')).toEqual(['is']);
  });

  it("gives a word's synset, derivations and its definition's nouns, not the word itself", () => {
    const paychecks = dictionary().neighbours('paychecks');
    expect(paychecks).toEqual(expect.arrayContaining(['payroll check', 'payment', 'wages', 'salary']));
    expect(paychecks).not.toContain('paycheck');
    // A definition's words that are no nouns are left out.
    expect(paychecks).not.toContain('issued');
    expect(dictionary().neighbours('bankrolling')).toEqual(expect.arrayContaining(['funds']));
    expect(dictionary().neighbours('escapee')).toContain('escape');
  });

  it('finds the first and last lemmas of an index file (bisection at both ends), and nothing for a made-up word', () => {
    expect(dictionary().neighbours("'hood").length).toBeGreaterThan(0);
    expect(dictionary().neighbours('zyrian').length).toBeGreaterThan(0);
    expect(dictionary().neighbours('qwxzv')).toEqual([]);
  });

  it('gives a word of many senses only its own derived forms: whichever sense is most frequent is seldom the one meant', () => {
    const back = dictionary().neighbours('back');
    expect(back).toContain('backing');
    expect(back.every((word) => word.startsWith('back'))).toBe(true);
    const slip = dictionary().neighbours('slip');
    expect(slip).toContain('slippage');
    expect(slip).not.toContain('mistake');
    expect(dictionary().neighbours('treat')).toContain('treatment');
    expect(dictionary().neighbours('treats')).toContain('treatment');
  });
});

describe('a word no passage holds', () => {
  it('"paychecks" finds the passages on salaries, saying which word stood for it', () => {
    const response = searchFor({ q: 'paychecks' });
    expect(response.total).toBe(0);
    const results = response.partial!.results;
    expect(results.length).toBeGreaterThan(0);
    for (const result of results.slice(0, 3)) {
      expect(result.via).toEqual([{ typed: 'paychecks', found: expect.stringMatching(/salary|wages|payment/) }]);
      expect(result.text).toMatch(/salar|wage|payment|earning/i);
    }
  });

  it('ranks what answers the rest of the query first: "paychecks of workers abroad"', () => {
    const first = searchFor({ q: 'who ends up with the paychecks of North Koreans working abroad' }).partial!
      .results[0]!;
    expect(first.text).toMatch(/salaries|wages/i);
    expect(first.via.map((v) => v.typed)).toContain('paychecks');
  });

  it('"how does China treat..." reaches the reports\' "treatment" though "treat" has many senses', () => {
    const results = searchFor({ q: 'how does China treat North Korean refugees' }).partial!.results;
    const treatment = results.find((result) => /treatment/.test(result.text));
    expect(treatment?.via).toContainEqual({ typed: 'treat', found: 'treatment' });
  });

  it('is not looked up for a word passages hold, nor when asked not to, nor in strict mode', () => {
    const library = realLibrary();
    const parts = (q: string, options = {}) =>
      queryParts(library.engine, parseQuery(q, library.vocabulary), { strict: false, ...options })!.parts;
    expect(parts('wages')[0]!.byExpansions).toBeUndefined();
    expect(parts('paychecks')[0]!.byExpansions).toBe(true);
    expect(parts('paychecks', { dictionary: false })[0]!.expansions).toEqual([]);
    expect(parts('paychecks', { strict: true })[0]!.expansions).toEqual([]);
  });

  it('looks a word up once per index, not once per request', () => {
    const library = realLibrary();
    const lookups = vi.spyOn(dictionary(), 'neighbours');
    for (let i = 0; i < 3; i++)
      queryParts(library.engine, parseQuery('qwzvxbankrolling online', library.vocabulary), { strict: false });
    expect(lookups.mock.calls.filter(([word]) => word === 'qwzvxbankrolling')).toHaveLength(1);
    lookups.mockRestore();
  });

  it('keeps no dictionary word that most passages hold: it would stand for anything', () => {
    const library = realLibrary();
    const { parts } = queryParts(library.engine, parseQuery('population', library.vocabulary), { strict: false })!;
    expect(parts[0]!.expansions.map((e) => e.word)).not.toContain('people');
  });
});

describe('words of a question that name no topic', () => {
  const partsOf = (q: string) => {
    const library = realLibrary();
    return queryParts(library.engine, parseQuery(q, library.vocabulary), { strict: false })!.parts.map(
      (part) => part.label,
    );
  };

  it('drops the measure a "how" asks for, which the answer does not hold: "how long a sentence"', () => {
    expect(partsOf('how long a sentence do you get for trying to escape')).not.toContain('long');
    expect(partsOf('how long a sentence do you get for trying to escape')).toContain('a figure');
    // Outside "how ...", the word is a topic: "long hours".
    expect(partsOf('workers long hours')).toContain('long hours');
  });

  it('drops a measure noun before "of", asking for a figure: "number of North Korean laborers in China"', () => {
    expect(partsOf('number of North Korean laborers in China')).toEqual([
      'North Korean',
      'laborers',
      'China',
      'a figure',
    ]);
    expect(partsOf("size of North Korea's gulag population")).not.toContain('size');
    expect(partsOf("size of North Korea's gulag population")).toContain('a figure');
    // Not the last words, nor without "of": then it is the topic.
    expect(partsOf('number of')).toContain('number');
    expect(partsOf('workers number')).toContain('number');
  });

  it('drops the publisher named as the one saying: "does the State Department say..."', () => {
    expect(partsOf('does the State Department say the North Korean state is a trafficker')).toEqual([
      'North Korean',
      'state',
      'trafficker',
    ]);
    expect(partsOf('does the US Department of State actually consider North Korea tier 3')).not.toContain('Department');
    // Named as a topic, it stays: the commentary's "Office ... at the Department of State".
    expect(partsOf('State Department office to combat trafficking').join(' ')).toMatch(/State Department|Department/);
  });

  it('drops "end up", a light verb, which would reach the Recommendations\' "End the use of"', () => {
    expect(partsOf('who ends up with the paychecks of North Koreans working abroad')).toEqual([
      'paychecks',
      'North Koreans',
      'working',
      'abroad',
    ]);
    expect(partsOf('where does the money earned by north korean laborers abroad end up')).not.toContain('end');
    // Without "up", the verb is the topic: the Recommendations' "End the use of forced labor".
    expect(partsOf('end forced labor')).toContain('end');
  });

  it('drops "face", a light verb in a question: "what sentence does someone face"', () => {
    expect(partsOf('what sentence does someone face for trying to defect')).not.toContain('face');
    expect(partsOf('what sentence does someone face for trying to defect')).toContain('sentence');
  });

  it('drops discourse words and contractions, typed with either apostrophe: "also", "ever", "don’t"', () => {
    expect(partsOf('does Russia also hand refugees back')).not.toContain('also');
    expect(partsOf("why don't women go to the police")).toEqual(['women', 'police', 'a reason']);
    expect(partsOf('why don’t women go to the police')).toEqual(['women', 'police', 'a reason']);
  });
});

describe('two words written as one', () => {
  const known = (word: string) =>
    ['school', 'kids', 'kid', 'prison', 'labor', 'any', 'one'].includes(word.toLowerCase());
  const words = (q: string) => {
    const tree = splitCompounds(parseQuery(q, realLibrary().vocabulary)!, known);
    return (tree.type === 'and' ? tree.children : [tree]).map((node) =>
      node.type === 'term' ? `${node.word}@${node.position}` : node.type,
    );
  };

  it('splits a word that is no word into the two words it is written from, keeping where each was typed', () => {
    expect(words('schoolkids')).toEqual(['school@0', 'kids@6']);
    expect(words('are Schoolkids unpaid')).toEqual(['are@0', 'School@4', 'kids@10', 'unpaid@15']);
    expect(words('prisonlabor camps')).toEqual(['prison@0', 'labor@6', 'camps@12']);
  });

  it('leaves known words, stop words, fillers and words of no split as typed', () => {
    expect(words('school')).toEqual(['school@0']);
    expect(words('anyone')).toEqual(['anyone@0']);
    expect(words('qwxzv')).toEqual(['qwxzv@0']);
    expect(words('schoolkids*')).toEqual(['schoolkids@0']);
  });

  it('"are schoolkids made to do unpaid work" finds the students and children put to work', () => {
    const results = searchFor({ q: 'are schoolkids in the DPRK made to do unpaid work' }).partial!.results;
    expect(results.slice(0, 3).every((r) => /student|child|school/i.test(r.text))).toBe(true);
    expect(results[0]!.missing).not.toContain('schoolkids');
  });
});

describe('a capital for its country', () => {
  it('"Pyongyang" and "Beijing" reach their countries and demonyms, at the thesaurus weight', () => {
    const results = searchFor({ q: "Beijing's treatment of escapees" }).partial!.results;
    const viaCapital = results.filter((r) => r.via.some((v) => v.typed === "Beijing's"));
    expect(viaCapital.length).toBeGreaterThan(0);
    for (const r of viaCapital) expect(r.text).toMatch(/Chin|PRC|P\. R\. C\./);
    const library = realLibrary();
    const { parts } = queryParts(library.engine, parseQuery('Pyongyang', library.vocabulary), { strict: false })!;
    expect(parts[0]!.expansions.map((e) => e.word)).toEqual(expect.arrayContaining(['North Korea', 'DPRK']));
  });
});
