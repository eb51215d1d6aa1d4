// The search engine on the real corpus: what a researcher typing into the box gets back.
import { describe, expect, it } from 'vitest';
import { idsFor, realLibrary, searchFor } from './support/library.ts';
import { AppError } from '../server/errors.ts';
import { STOPWORDS, tokenize } from '../server/search/words/tokenize.ts';

const textsFor = (q: string, extra: Record<string, string | string[]> = {}) =>
  searchFor({ q, size: '100', ...extra }).results.map((r) => r.text);
const yearsCount = (q: string) => Object.fromEntries(searchFor({ q }).facets.year.map((f) => [f.value, f.count]));

describe('words', () => {
  it('finds the one sentence that names Dandong, with the word marked', () => {
    const response = searchFor({ q: 'Dandong' });
    expect(response.total).toBe(1);
    expect(response.results[0]!.id).toBe('2025-tip-trafficking-profile-p6-s3');
    expect(response.results[0]!.highlight).toContain('the city of <mark>Dandong</mark>.');
  });

  it('requires every word (AND)', () => {
    const texts = textsFor('overseas wages');
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text.toLowerCase()).toMatch(/overseas[\s\S]*wage|wage[\s\S]*overseas/);
  });

  it('ignores case, accents and curly quotes', () => {
    expect(idsFor('DANDONG')).toEqual(idsFor('dandong'));
    expect(idsFor('Côte')).toEqual(idsFor('cote'));
    expect(idsFor('People’s')).toEqual(idsFor("People's"));
  });

  it('stems unquoted words: "mobilization" finds mobilizations and mobilize', () => {
    const texts = textsFor('mobilization');
    expect(texts.some((t) => /mobilizations/.test(t))).toBe(true);
    expect(texts.some((t) => /mobilize\b/.test(t))).toBe(true);
  });

  it('treats D. P. R. K., D.P.R.K. and DPRK as one term', () => {
    expect(idsFor('"D. P. R. K."')).toEqual(idsFor('"DPRK"'));
    expect(idsFor('"D.P.R.K."')).toEqual(idsFor('"DPRK"'));
    expect(idsFor('"DPRK"').some((id) => id.startsWith('2007-tip'))).toBe(true);
  });

  it('keeps numbers whole', () => {
    expect(idsFor('80,000')).toEqual(idsFor('80000'));
    expect(textsFor('2397').every((t) => t.includes('2397'))).toBe(true);
    expect(textsFor('$4')).toEqual([expect.stringContaining('as little as $4')]);
  });

  it('drops unquoted stopwords but keeps them in phrases', () => {
    expect(idsFor('the Dandong')).toEqual(idsFor('Dandong'));
    expect(searchFor({ q: '"city of Dandong"' }).total).toBe(1);
    expect(searchFor({ q: '"city Dandong"' }).total).toBe(0);
  });

  it('needs no match for the verb before an infinitive: "want to", "trying to" ask about the verb after', () => {
    expect(idsFor('North Koreans trying to leave')).toEqual(idsFor('North Koreans leave'));
    for (const r of searchFor({ q: 'how do brokers trick women who want to escape' }).partial!.results)
      expect(r.missing).not.toContain('want');
  });
});

describe('synonyms', () => {
  it('finds "forced repatriation" in every year in other words, though no report says it verbatim', () => {
    expect(searchFor({ q: '"forced repatriation"' }).total).toBe(0);
    const counts = yearsCount('forced repatriation');
    for (const year of [2007, 2016, 2019, 2023, 2025]) expect(counts[year], String(year)).toBeGreaterThan(0);
  });

  it('ranks passages that say it in other words above passages that merely share the words', () => {
    const results = searchFor({ q: 'forced repatriation', size: '100' }).results;
    const saysIt = (text: string) => /forcibly repatriated|forcibly returned|involuntarily repatriated/i.test(text);
    const firstLoose = results.findIndex((r) => !saysIt(r.text));
    const lastSynonym = results.map((r) => saysIt(r.text)).lastIndexOf(true);
    expect(firstLoose === -1 || firstLoose > lastSynonym).toBe(true);
  });

  it('marks the synonym that matched', () => {
    const response = searchFor({ q: 'forced repatriation', year: '2023' });
    expect(response.results[0]!.highlight).toContain('<mark>involuntarily repatriated</mark>');
  });

  it('expands a single word: China finds P. R. C. in 2007', () => {
    const ids = idsFor('China', { year: '2007' });
    expect(ids).toContain('2007-tip-protection-p1-s3');
  });

  it('is switched off by strict matching', () => {
    expect(searchFor({ q: 'forced repatriation', strict: '1' }).total).toBe(0);
    expect(searchFor({ q: 'mobilization', strict: '1' }).total).toBe(searchFor({ q: '"mobilization"' }).total);
  });
});

describe('operators', () => {
  it('OR finds either word', () => {
    const ids = idsFor('Dandong OR Russia');
    expect(ids).toContain('2025-tip-trafficking-profile-p6-s3');
    expect(ids.length).toBe(idsFor('Russia').length + 1);
  });

  it('-word excludes passages with the word (and its synonyms)', () => {
    const texts = textsFor('workers -China');
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text).not.toMatch(/China|P\. R\. C\.|PRC/);
  });

  it('-"phrase" excludes the phrase only', () => {
    const all = idsFor('labor');
    const without = idsFor('labor -"forced labor"');
    expect(without.length).toBeGreaterThan(0);
    expect(without.length).toBeLessThan(all.length);
  });

  it('a quoted phrase is the exact word sequence, case and punctuation aside, without stemming', () => {
    expect(textsFor('"forced labor"').every((t) => /forced labor/i.test(t))).toBe(true);
    expect(searchFor({ q: '"labor forced"' }).total).toBe(0);
    expect(searchFor({ q: '"forced labors"' }).total).toBe(0);
    expect(searchFor({ q: '"tier 3"' }).total).toBe(searchFor({ q: '"Tier 3."' }).total);
  });

  it('marks a phrase as one span', () => {
    expect(searchFor({ q: '"city of Dandong"' }).results[0]!.highlight).toContain('<mark>city of Dandong</mark>');
  });

  it('prefix* finds every word starting so, and marks each', () => {
    const highlights = searchFor({ q: 'garnish*' }).results.map((r) => r.highlight);
    expect(highlights).toHaveLength(2);
    for (const html of highlights) expect(html).toContain('<mark>garnishing</mark>');
  });

  it('fuzzy~ forgives a typo, scaled to the word length, and marks the real word', () => {
    expect(searchFor({ q: 'Dandog~' }).results[0]!.highlight).toContain('<mark>Dandong</mark>');
    expect(searchFor({ q: 'Dndng~' }).total).toBe(0);
  });

  it('groups with parentheses', () => {
    const ids = idsFor('(Dandong OR Russia) year:2025');
    expect(ids).toContain('2025-tip-trafficking-profile-p6-s3');
    expect(ids.every((id) => id.startsWith('2025-'))).toBe(true);
  });

  it('filters in the query: year, year range, section, doc', () => {
    expect(searchFor({ q: 'year:2016 section:prosecution' }).total).toBe(7);
    expect(idsFor('labor year:2016..2023').every((id) => /^(2016|2019|2023)-/.test(id))).toBe(true);
    expect(idsFor('doc:2023-tip-excerpt')).toHaveLength(15);
  });

  it('a query that is only an exclusion matches everything else', () => {
    expect(searchFor({ q: '-China' }).total).toBe(realLibrary().passages.length - searchFor({ q: 'China' }).total);
  });
});

describe('filters as parameters, browsing, sorting and paging', () => {
  it('an empty query with filters browses passages in document order', () => {
    const response = searchFor({ q: '', year: '2016', section: 'protection' });
    expect(response.results.map((r) => r.id)).toEqual([
      '2016-tip-protection-p1-s1',
      '2016-tip-protection-p1-s2',
      '2016-tip-protection-p1-s3',
      '2016-tip-protection-p2-s1',
      '2016-tip-protection-p2-s2',
      '2016-tip-protection-p2-s3',
      '2016-tip-protection-p2-s4',
      '2016-tip-protection-p2-s5',
    ]);
  });

  it('repeated and comma-separated parameters select several values', () => {
    expect(idsFor('forced labor', { year: ['2016', '2025'] })).toEqual(idsFor('forced labor', { year: '2016,2025' }));
    expect(idsFor('forced labor', { year: ['2016', '2025'] }).every((id) => /^(2016|2025)-/.test(id))).toBe(true);
  });

  it('sort=year is chronological, then document order', () => {
    const years = searchFor({ q: 'forced labor', sort: 'year', size: '100' }).results.map((r) => r.year);
    expect(years).toEqual([...years].sort((a, b) => a - b));
  });

  it('pages continue one another and keep the total', () => {
    const first = searchFor({ q: 'forced labor', size: '10' });
    const second = searchFor({ q: 'forced labor', size: '10', page: '2' });
    expect(second.total).toBe(first.total);
    expect(idsFor('forced labor').slice(10, 20)).toEqual(second.results.map((r) => r.id));
  });

  it('gives each result its neighbours, a citation and a permalink', () => {
    const result = searchFor({ q: 'Dandong' }).results[0]!;
    expect(result.before).toMatch(/^There are an estimated 20,000-100,000 North Koreans/);
    expect(result.after).toMatch(/^Observers noted the Government of Russia/);
    expect(result.citation).toContain('Trafficking in Persons Report 2025');
    expect(result.url).toBe('/p/2025-tip-trafficking-profile-p6-s3');
  });
});

describe('facets', () => {
  it('count every year and section for the current query, zeros included, and the documents with a match', () => {
    const facets = searchFor({ q: 'Dandong' }).facets;
    expect(facets.year).toEqual([
      { value: 2007, label: '2007', count: 0, selected: false },
      { value: 2016, label: '2016', count: 0, selected: false },
      { value: 2019, label: '2019', count: 0, selected: false },
      { value: 2023, label: '2023', count: 0, selected: false },
      { value: 2025, label: '2025', count: 1, selected: false },
    ]);
    expect(facets.section.find((f) => f.value === 'trafficking-profile')).toMatchObject({
      label: 'Trafficking Profile',
      count: 1,
    });
    expect(facets.doc).toEqual([{ value: '2025-tip', label: '2025 TIP Report', count: 1, selected: false }]);
  });

  it('are disjunctive: a selected year still shows what the other years would add', () => {
    const all = searchFor({ q: 'forced labor' }).facets.year;
    const with2016 = searchFor({ q: 'forced labor', year: '2016' });
    expect(with2016.facets.year.map((f) => f.count)).toEqual(all.map((f) => f.count));
    expect(with2016.facets.year.find((f) => f.value === 2016)!.selected).toBe(true);
    expect(with2016.total).toBe(all.find((f) => f.value === 2016)!.count);
  });

  it('narrow the other facets to the selection', () => {
    const facets = searchFor({ q: 'forced labor', year: '2016' }).facets;
    const sectionTotal = facets.section.reduce((n, f) => n + f.count, 0);
    expect(sectionTotal).toBe(searchFor({ q: 'forced labor', year: '2016' }).total);
    expect(facets.doc.map((f) => f.value)).toEqual(['2016-tip']);
  });

  it('add up to the total', () => {
    const response = searchFor({ q: 'victims' });
    expect(response.facets.year.reduce((n, f) => n + f.count, 0)).toBe(response.total);
    expect(response.facets.doc.reduce((n, f) => n + f.count, 0)).toBe(response.total);
  });
});

describe('when nothing matches', () => {
  it('searches the spelling correction from the index, keeping the capitalisation, and says so', () => {
    const response = searchFor({ q: 'Dandog' });
    expect(response.corrected).toEqual({ query: 'Dandong', literal: '"Dandog"' });
    expect(response.results.map((r) => r.id)).toEqual(['2025-tip-trafficking-profile-p6-s3']);
    expect(searchFor({ q: 'overseas wrokers' }).corrected?.query).toBe('overseas workers');
    expect(searchFor({ q: 'Dandong' }).corrected).toBeNull();
  });

  it('takes quoted words as typed: the way back from a correction', () => {
    const literal = searchFor({ q: '"Dandog"' });
    expect(literal.total).toBe(0);
    expect(literal.corrected).toBeNull();
  });

  it('offers the unquoted form of a phrase, with its count', () => {
    expect(searchFor({ q: '"forced repatriation"' }).hints?.unquoted).toEqual({
      query: 'forced repatriation',
      total: 15,
    });
  });

  it('unquotes phrases only, and never turns a valid query into an error', () => {
    expect(searchFor({ q: 'section:"trafficking profile" "zzz yyy"' }).hints).toMatchObject({ unquoted: null });
    expect(searchFor({ q: '"labor (camps" Dandong' }).total).toBe(0);
    expect(searchFor({ q: '"-"' }).total).toBe(0);
    expect(searchFor({ q: '"city Dandong" section:"trafficking profile"' }).hints?.unquoted).toEqual({
      query: 'city Dandong section:"trafficking profile"',
      total: 1,
    });
  });

  it('says which filter to drop', () => {
    expect(searchFor({ q: 'Dandong', year: '2016' }).hints?.withoutFilter).toEqual([
      { facet: 'year', value: 2016, total: 1 },
    ]);
  });

  it('gives no hints when something matched', () => {
    expect(searchFor({ q: 'Dandong' }).hints).toBeNull();
  });
});

describe('bad requests', () => {
  const bad = [
    { params: { q: '"open' }, message: 'This quotation mark is never closed.' },
    {
      params: { q: 'x', year: '16' },
      message: '"16" is not a year: write 2016, a range 2007..2016, or several years 2016,2025.',
    },
    { params: { q: 'x', section: 'victims' }, message: /There is no section "victims"/ },
    { params: { q: 'x', doc: 'nope' }, message: /There is no document "nope"/ },
    { params: { q: 'x', sort: 'date' }, message: 'sort must be "relevance", "year" or "each-year", not "date".' },
    { params: { q: 'x', page: '0' }, message: 'page must be a whole number from 1, not "0".' },
    { params: { q: 'x', size: '1000' }, message: 'size can be at most 100.' },
    { params: { q: ['a', 'b'] }, message: 'Give "q" once.' },
    { params: { q: 'state-spons*' }, message: 'Prefix (*) and fuzzy (~) searches work on single words.' },
  ];
  it.each(bad)('$params is a 400 with a message', ({ params, message }) => {
    let caught: unknown;
    try {
      searchFor(params as unknown as Record<string, string>);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).status).toBe(400);
    if (typeof message === 'string') expect((caught as AppError).message).toBe(message);
    else expect((caught as AppError).message).toMatch(message);
  });
});

describe('what researchers type (issue 9)', () => {
  it.each([
    { typed: 'd.p.r.k.', as: 'D.P.R.K.' },
    { typed: 'd. p. r. k.', as: 'D.P.R.K.' },
    { typed: 'D.p.r.k.', as: 'D.P.R.K.' },
    { typed: 'u.s.', as: 'U.S.' },
    { typed: 'p.r.c.', as: 'P.R.C.' },
  ])('case does not matter in an initialism: $typed finds what $as finds', ({ typed, as }) => {
    expect(idsFor(as).length).toBeGreaterThan(0);
    expect(idsFor(typed)).toEqual(idsFor(as));
  });

  // Every member of every synonym group, as a query: no result may match only inside a longer name of
  // another group ("Republic of Korea" inside "Democratic People's Republic of Korea").
  const groups = realLibrary().synonyms;
  const members = groups.flatMap((group) => group.map((alternative) => ({ phrase: alternative.phrase, group })));
  // Names the collection never uses have nothing to check; the last test makes sure most names had.
  const checked = new Set<string>();
  it.each(members)('a synonym never matches inside a longer name: $phrase', ({ phrase, group }) => {
    const longer = groups
      .filter((other) => other !== group)
      .flatMap((other) => other.map((alternative) => alternative.phrase))
      .filter((name) =>
        group.some(
          (alternative) =>
            alternative.phrase !== name && normalised(name).includes(` ${normalised(alternative.phrase).trim()} `),
        ),
      );
    // A name no passage holds (an acronym the reports never use) finds only its spelling correction's results.
    if (searchFor({ q: phrase }).corrected) return;
    const texts = textsFor(phrase);
    if (texts.length > 0) checked.add(phrase);
    for (const text of texts) {
      const masked = longer.reduce((rest, name) => rest.replaceAll(normalised(name).trim(), ' '), normalised(text));
      const found =
        group.some((alternative) => masked.includes(` ${normalised(alternative.phrase).trim()} `)) ||
        tokensOf(phrase).every((stem) => tokensOf(masked).includes(stem));
      expect(found, `${phrase}: ${text}`).toBe(true);
    }
  });
  it('had passages to check for most of the synonym groups’ names', () => {
    expect(checked.size).toBeGreaterThan(members.length / 2);
  });

  it('ROK, South Korea, R.O.K. and Republic of Korea find the same passages, none only about North Korea', () => {
    const rok = idsFor('ROK');
    expect(rok.length).toBeGreaterThan(0);
    for (const q of ['South Korea', 'R.O.K.', 'Republic of Korea']) expect(idsFor(q)).toEqual(rok);
    for (const text of textsFor('ROK')) expect(text).toMatch(/\bROK\b|South Korea|(?<!People.s )Republic of Korea/);
  });

  it('corrects only into what finds something, and never "corrects" a year', () => {
    for (const q of ['wrokers 2016', 'prision camps 2007', 'smugglng 2025']) {
      const response = searchFor({ q });
      expect(response.corrected?.query, q).toMatch(/ 20(16|07|25)$/);
      expect(response.total, q).toBeGreaterThan(0);
    }
    // "Dandong" is only in 2025: a correction that would find nothing is not made.
    const nothing = searchFor({ q: 'Dandog 2007' });
    expect(nothing.corrected).toBeNull();
    expect(nothing.total).toBe(0);
  });

  it('a query of stop words and an exclusion matches the stop words, not every passage', () => {
    const all = searchFor({ q: '' }).total;
    const response = searchFor({ q: 'The -R', size: '100' });
    expect(response.total).toBeLessThan(all);
    expect(response.results.every((r) => /\bthe\b/i.test(r.text))).toBe(true);
    expect(searchFor({ q: 'to -"DPRK laws"', size: '100' }).results.every((r) => /\bto\b/i.test(r.text))).toBe(true);
  });
});

function normalised(text: string): string {
  return ` ${tokenize(text)
    .map((token) => token.stem)
    .join(' ')} `;
}

function tokensOf(text: string): string[] {
  return tokenize(text)
    .map((token) => token.stem)
    .filter((stem) => !STOPWORDS.has(stem));
}

describe('operators are capitals only (as the README says)', () => {
  const cases = [
    { q: 'labor or wages', sameAs: 'labor wages', not: 'labor OR wages' },
    { q: 'labor Or wages', sameAs: 'labor wages', not: 'labor OR wages' },
    { q: 'Dandong or Sinuiju', sameAs: 'Dandong Sinuiju', not: 'Dandong OR Sinuiju' },
  ];
  for (const { q, sameAs, not } of cases) {
    it(`reads "${q}" as words, like "${sameAs}", not as "${not}"`, () => {
      const ids = (query: string) => searchFor({ q: query, size: '100' }).results.map((r) => r.id);
      expect(ids(q)).toEqual(ids(sameAs));
      expect(ids(q)).not.toEqual(ids(not));
    });
  }

  it('reads a lowercase "not" as a word, not required like a stop word: it excludes nothing', () => {
    const { results, total } = searchFor({ q: 'labor not China', size: '100' });
    expect(total).toBeGreaterThan(0);
    // China or its synonyms (PRC, P. R. C.), not passages without it.
    for (const result of results) expect(result.text).toMatch(/China|P\. ?R\. ?C|PRC/);
    expect(results.some((result) => !/\bnot\b/.test(result.text))).toBe(true);
  });
});

describe('result items', () => {
  it('list their fields in one order, the dimensions first, whatever the passage', () => {
    const library = realLibrary();
    const own = [
      'id',
      'heading',
      'paragraph',
      'sentence',
      'text',
      'highlight',
      'score',
      'citation',
      'url',
      'before',
      'after',
    ];
    const results = searchFor({ q: 'labor' }).results;
    expect(results.length).toBeGreaterThan(1);
    for (const result of results)
      expect(Object.keys(result)).toEqual([...Object.keys(library.dimensionFields(0)), ...own]);
  });
});
