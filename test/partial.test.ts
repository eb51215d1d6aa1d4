// Partial matches: passages with some but not all of the required words, offered apart from the full
// matches (API and page), never counted with them.
import { describe, expect, it } from 'vitest';
import { searchFor } from './support/library.ts';
import { http } from './support/app.ts';
import {
  asksForCountry,
  asksForFigure,
  asksForKinds,
  asksForReason,
  asksOfStateTrafficking,
} from '../server/search/query/query-parts.ts';
import { sectionsCued } from '../server/search/query/section-cues.ts';
import { parseQuery } from '../server/search/query/query.ts';

describe('partial matches in the API', () => {
  it('"Russia logging": no full match, but the passages naming one of the words, each with the other missing or in the sentence before or after', () => {
    const response = searchFor({ q: 'Russia logging' });
    expect(response.total).toBe(0);
    expect(response.results).toEqual([]);
    expect(response.partial!.total).toBeGreaterThanOrEqual(6);
    expect(response.partial!.atLeast).toBe(false);
    for (const result of response.partial!.results) {
      // Each word it does not hold is missing, or in the sentence before or after; it holds the other, or that is there too.
      expect([...result.missing, ...result.context, ...result.following].sort()).toEqual(
        ['Russia', 'logging'].filter((word) => !result.text.includes(word)).sort(),
      );
      expect(result.missing.length).toBeLessThan(2);
      for (const word of result.context) expect(result.before).toContain(word);
      for (const word of result.following) expect(result.after).toContain(word);
    }
    expect(response.partial!.results.map((r) => r.id)).toContain('2025-tip-trafficking-profile-p6-s4');
  });

  it('puts the passage holding the rare word before those holding only the common one: "Dandong wages"', () => {
    const results = searchFor({ q: 'Dandong wages' }).partial!.results;
    expect(results[0]!.text).toContain('Dandong');
    expect(results.length).toBeGreaterThan(5);
  });

  it.each(['wages salaries earnings overseas', 'cybersex China brides'])(
    'lists passages lacking the same words (and holding the same by context) by score: %s',
    (q) => {
      const results = searchFor({ q }).partial!.results;
      expect(results.length).toBeGreaterThan(5);
      const byMissing = new Map<string, number[]>();
      for (const result of results) {
        const key = [[...result.missing].sort(), [...result.context].sort(), [...result.following].sort()].join('|');
        byMissing.set(key, [...(byMissing.get(key) ?? []), result.score]);
      }
      for (const scores of byMissing.values()) expect(scores).toEqual([...scores].sort((a, b) => b - a));
    },
  );

  it('never lists a full match again, even when a synonym matched whole and its words apart', () => {
    for (const q of ['forced marriage', 'Palermo Protocol', 'deaths in prison camps', 'forced repatriation pregnant']) {
      const response = searchFor({ q });
      const full = new Set(response.results.map((r) => r.id));
      expect(
        (response.partial?.results ?? []).filter((r) => full.has(r.id)).map((r) => r.id),
        q,
      ).toEqual([]);
    }
  });

  it('finds passages through the thesaurus, says why, and marks the word that stood for the one typed', () => {
    const response = searchFor({ q: 'women sent back to North Korea' });
    const through = response.partial!.results.filter((r) => r.via.length > 0);
    expect(through.length).toBeGreaterThan(3);
    for (const result of through) {
      expect(result.via[0]!.typed).toBe('sent back');
      expect(['repatriate', 'return']).toContain(result.via[0]!.found);
      expect(result.highlight).toMatch(/<mark>(forcibly )?(repatriat|return)[a-z]*/i);
    }
  });

  it('finds the sentence that goes on about what the one before it names ("these camps", "he"), and says so', () => {
    const response = searchFor({ q: 'who gets sent to labor training centers' });
    // "Authorities reportedly send people to such centers ...": which centers, the sentence before says.
    const [first] = response.partial!.results;
    expect(first!.id).toBe('2016-tip-trafficking-profile-p1-s13');
    expect(first!.context).toEqual(['labor', 'training']);
    expect(first!.missing).toEqual([]);
    expect(first!.before).toMatch(/labor training centers/i);
    const richmond = searchFor({ q: 'John Cotton Richmond' });
    expect(richmond.total).toBe(1);
    expect(richmond.partial!.results[0]!.id).toBe('2019-king-keia-commentary-p3-s4');
    expect(richmond.partial!.results[0]!.context).toEqual(['John', 'Cotton', 'Richmond']);
  });

  it('ranks passages that give a figure first when the question asks for one ("how many", "what share", "price of")', () => {
    const results = searchFor({ q: "what share of overseas workers' pay does the state keep", size: '20' }).partial!
      .results;
    // Among passages holding the same words, those giving a figure come first.
    const groups = new Map<string, boolean[]>();
    for (const r of results) {
      const key = [...r.missing, '|', ...r.context, '|', ...r.via.map((v) => v.typed)].join(' ');
      groups.set(key, [...(groups.get(key) ?? []), /\d/.test(r.text)]);
    }
    const ordered = [...groups.values()].filter((figures) => figures.includes(true) && figures.includes(false));
    expect(ordered.length).toBeGreaterThan(0);
    for (const figures of ordered) expect(figures).toEqual([...figures].sort((a, b) => Number(b) - Number(a)));
    // A figure is no word: never listed as missing, and a passage giving only a figure is not listed.
    for (const r of results) expect(r.missing).not.toContain('a figure');
    for (const r of searchFor({ q: 'how many workers sent to Dandong' }).partial!.results)
      expect(r.highlight + (r.before ?? '')).toMatch(/<mark>|Dandong|worker|sent/i);
  });

  it.each([
    { q: 'how many hours do workers work', figure: true },
    { q: 'What share of wages is kept', figure: true },
    { q: 'price of a bride in China', figure: true },
    { q: 'number of victims identified', figure: true },
    { q: 'how do brokers trick women', figure: false },
    { q: 'many workers abroad', figure: false },
  ])('reads "$q" as asking for a figure: $figure', ({ q, figure }) => {
    expect(asksForFigure(parseQuery(q, { docs: [], years: [] })!)).toBe(figure);
  });

  it.each([
    { q: 'which countries host North Korean workers', country: true },
    { q: 'In what country are brides sold', country: true },
    { q: 'where are overseas workers sent', country: true },
    { q: 'camps where prisoners die', country: false },
    { q: 'how many countries', country: false },
    { q: 'country report 2016', country: false },
  ])('reads "$q" as asking for countries: $country', ({ q, country }) => {
    expect(asksForCountry(parseQuery(q, { docs: [], years: [] })!)).toBe(country);
  });

  it.each([
    { q: 'what kinds of jobs do North Koreans do abroad', kinds: true },
    { q: 'Which forms of forced labor', kinds: true },
    { q: 'what type of work', kinds: true },
    { q: 'forms of trafficking', kinds: false },
    { q: 'what kind', kinds: false },
  ])('reads "$q" as asking for kinds: $kinds', ({ q, kinds }) => {
    expect(asksForKinds(parseQuery(q, { docs: [], years: [] })!)).toBe(kinds);
  });

  it('ranks passages giving examples first when the question asks what kinds', () => {
    const asked = searchFor({ q: 'what kinds of jobs do North Koreans do abroad' }).partial!.results;
    const words = searchFor({ q: 'jobs North Koreans abroad' }).partial!.results;
    const rank = (results: typeof asked) =>
      results.findIndex((r) => r.text.startsWith('North Koreans work in a range of industries overseas, including'));
    expect(rank(asked)).toBeGreaterThanOrEqual(0);
    expect(rank(words) < 0 || rank(asked) < rank(words)).toBe(true);
    for (const r of asked) expect(r.missing).not.toContain('examples');
  });

  it.each([
    { q: 'why do women fall victim to traffickers in China', reason: true },
    { q: 'What causes forced labor', reason: true },
    { q: 'reasons for defection', reason: true },
    { q: 'how come workers cannot leave', reason: true },
    { q: 'causes of trafficking', reason: false },
    { q: 'how do brokers trick women', reason: false },
    // What makes something worse is its cause.
    { q: "how does Beijing's handling of escapees make trafficking worse", reason: true },
    { q: 'does forced repatriation fuel trafficking', reason: true },
    { q: 'worse conditions in prison camps', reason: false },
  ])('reads "$q" as asking for a reason: $reason', ({ q, reason }) => {
    expect(asksForReason(parseQuery(q, { docs: [], years: [] })!)).toBe(reason);
  });

  it('ranks passages stating a cause first when the question asks why', () => {
    const cause =
      /\b(?:because|due to|as a result|in order to|if|fears?|lacks?|prompts?|vulnerab\w*|caus\w*|reasons?)\b/i;
    const asked = searchFor({ q: 'why do women fall victim to traffickers in China' }).partial!.results;
    const words = searchFor({ q: 'women fall victim traffickers China' }).partial!.results;
    const stating = (results: typeof asked) => results.slice(0, 5).filter((r) => cause.test(r.text)).length;
    expect(stating(asked)).toBeGreaterThanOrEqual(3);
    expect(stating(asked)).toBeGreaterThan(stating(words));
    for (const r of asked) expect(r.missing).not.toContain('a reason');
  });

  it.each([
    { words: 'does North Korea have any law against selling children', sections: ['prosecution'] },
    { words: 'is anyone helping victims after they escape', sections: ['protection'] },
    { words: 'what is done to prevent trafficking or raise awareness', sections: ['prevention'] },
    { words: 'are traffickers sentenced and victims sheltered', sections: ['prosecution', 'protection'] },
    // Outside a question only a section's own name cues it: "helping" describes brokers here.
    { words: 'brokers helping defectors escape', sections: [] },
    { words: 'prosecution of traffickers', sections: ['prosecution'] },
    // Punishing a trafficker is what Prosecution reports; punishing someone trafficked is not.
    { words: 'has Pyongyang ever jailed anyone for trafficking', sections: ['prosecution'] },
    { words: 'are traffickers punished', sections: ['prosecution'] },
    { words: 'are women punished for being trafficked', sections: [] },
    { words: 'are women jailed after trafficking', sections: [] },
    // A sentence for leaving the country is the state's on its people, not a court's on traffickers.
    { words: 'what sentence does someone face for trying to defect', sections: [] },
    { words: 'is there a law against crossing the border', sections: [] },
    { words: 'what sentence do traffickers get for crossing the border', sections: ['prosecution'] },
    { words: 'how many prosecutions of defectors', sections: ['prosecution'] },
  ])('cues the sections $sections in "$words"', ({ words, sections }) => {
    expect(sectionsCued(words.split(' '))).toEqual(sections);
  });

  it("reads a question whether the state itself traffics as the reports' findings on state trafficking", () => {
    const finding = /state-sponsored|policy or pattern|participated in human trafficking|complicit/;
    for (const q of ['is the north korean regime itself running the trafficking', 'is the state itself a trafficker']) {
      const results = searchFor({ q }).partial!.results;
      expect(results.slice(0, 3).filter((r) => finding.test(r.text)).length).toBeGreaterThanOrEqual(2);
      // "running" is the state's agency, read by that part: no passage is listed for "operate" alone.
      expect(results.slice(0, 5).every((r) => finding.test(r.text) || !/operat/.test(r.text))).toBe(true);
      // "Matched because" says how the question was read.
      expect(results[0]!.via.map((v) => v.typed)).toContain('the state as trafficker');
    }
    expect(asksOfStateTrafficking('are officials involved in trafficking'.split(' '))).toBe(true);
    expect(asksOfStateTrafficking('is the regime running labor camps'.split(' '))).toBe(false);
    expect(asksOfStateTrafficking('do traffickers run the brothels'.split(' '))).toBe(false);
    // A verb of doing counts with trafficking as its object only.
    expect(asksOfStateTrafficking('did the government run awareness campaigns against trafficking'.split(' '))).toBe(
      false,
    );
    expect(asksOfStateTrafficking('has the government participated in trafficking'.split(' '))).toBe(true);
  });

  it('reads a sentence for escaping as the labor the state sentences people to', () => {
    const results = searchFor({ q: 'what sentence does someone face for trying to defect' }).partial!.results;
    const top = results.slice(0, 3);
    expect(top.some((r) => /reform through labor/.test(r.text))).toBe(true);
    expect(top.every((r) => r.section !== 'prosecution' || /defect|border/.test(r.text))).toBe(true);
  });

  it('reads "easy to exploit", "easy targets" as the reports\' "vulnerable"', () => {
    const results = searchFor({ q: 'why are North Korean women in China such easy targets for traffickers' }).partial!
      .results;
    expect(results.slice(0, 3).some((r) => /vulnerab/.test(r.text))).toBe(true);
    expect(results.find((r) => /vulnerable/.test(r.text))!.via).toContainEqual({ typed: 'easy', found: 'vulnerable' });
  });

  it('reads "jailed anyone for trafficking" as what courts do to traffickers, not as prison camps', () => {
    const results = searchFor({ q: 'has Pyongyang ever jailed anyone for trafficking' }).partial!.results;
    expect(results.slice(0, 3).every((r) => r.section === 'prosecution')).toBe(true);
    expect(results.slice(0, 3).some((r) => /convict|prosecut|punish/.test(r.text))).toBe(true);
    // Victims jailed after being trafficked keep the everyday words: prison.
    const victims = searchFor({ q: 'are women jailed after being trafficked' }).partial!.results;
    expect(victims.some((r) => r.via.some((v) => v.typed === 'jailed' && /prison|detention/.test(v.found)))).toBe(true);
  });

  it('reads a phrasal verb typed apart as the thesaurus key it is together: "hand escaped North Koreans back"', () => {
    const apart = searchFor({ q: 'does Russia hand escaped North Koreans back to Pyongyang' }).partial!.results;
    // The treaty passage: Chinese and Russian authorities "extradited or otherwise returned" North Koreans.
    expect(apart[0]!.text).toMatch(/Russian authorities extradited/);
    expect(apart[0]!.via.map((v) => v.typed)).toContain('hand … back');
    for (const r of apart) expect(r.missing).not.toContain('back');
    // A particle that is a stop word too ("over"), and no join without a key ("women back" is none).
    const over = searchFor({ q: 'do Chinese police turn the women over' }).partial!.results;
    expect(over.some((r) => r.via.some((v) => v.typed === 'turn … over'))).toBe(true);
    const none = searchFor({ q: 'women came back' }).partial?.results ?? [];
    for (const r of none) for (const v of r.via) expect(v.typed).not.toMatch(/…/);
  });

  it('ranks the Prosecution section first when a question asks about laws and courts, as a prior, not a filter', () => {
    const asked = searchFor({ q: 'do courts convict traffickers under any law' }).partial!;
    const words = searchFor({ q: 'courts convict traffickers law' }).partial!;
    expect(asked.results.slice(0, 5).map((r) => r.section)).toEqual(Array(5).fill('prosecution'));
    expect(words.results.slice(0, 5).map((r) => r.section)).not.toEqual(Array(5).fill('prosecution'));
    // Passages of other sections still come: a prior reorders, it hides nothing.
    expect(asked.results.some((r) => r.section !== 'prosecution')).toBe(true);
    for (const r of asked.results) expect(r.missing).not.toContain('the Prosecution section');
    expect(asked.results[0]!.answers).toEqual(['the Prosecution section']);
    for (const r of asked.results) expect(r.answers.length > 0).toBe(r.section === 'prosecution');
  });

  it('ranks passages naming other countries first when the question asks which countries', () => {
    const names = /Russia|China|P\. R\. C\.|Algeria|Czech|Poland|Mongolia|Kuwait|Qatar|Libya/;
    const asked = searchFor({ q: 'which countries host North Korean workers' }).partial!.results;
    expect(asked.slice(0, 3).every((r) => names.test(r.text))).toBe(true);
    // The same words, not asked as a question: passages naming no country come among the first.
    const words = searchFor({ q: 'countries host North Korean workers' }).partial!.results;
    expect(words.slice(0, 5).some((r) => !names.test(r.text))).toBe(true);
    // A country is no word: never listed as missing; North Korea, the narrative's own country, does not count.
    for (const r of asked) expect(r.missing).not.toContain('a country');
    expect(asked.slice(0, 10).map((r) => r.text)).not.toContainEqual(expect.stringMatching(/is a source country/));
  });

  it('never reads context across a paragraph: the first sentence of a paragraph has none', () => {
    for (const q of ['Russia logging', 'Korea Future Initiative', 'women sent back to North Korea from China']) {
      const results = searchFor({ q }).partial!.results;
      expect(
        results.some((result) => result.context.length > 0),
        q,
      ).toBe(true);
      for (const result of results) if (result.context.length) expect(result.id, q).not.toMatch(/-s1$/);
    }
  });

  it('keeps exclusions and filters, in the query and as parameters', () => {
    const excluded = searchFor({ q: 'Russia logging -China' }).partial!.results;
    expect(excluded.length).toBeGreaterThan(0);
    expect(excluded.every((r) => !/China/.test(r.text))).toBe(true);
    for (const response of [
      searchFor({ q: 'Russia logging', year: '2016' }),
      searchFor({ q: 'Russia logging year:2016' }),
    ]) {
      expect(response.partial!.results.length).toBeGreaterThan(0);
      expect(response.partial!.results.every((r) => r.year === 2016)).toBe(true);
    }
  });

  it('counts only full matches in total and facets', () => {
    const response = searchFor({ q: 'Russia logging' });
    expect(response.facets.year.every((facet) => facet.count === 0)).toBe(true);
    const few = searchFor({ q: 'forced repatriation pregnant' });
    expect(few.total).toBe(1);
    expect(few.facets.year.reduce((sum, facet) => sum + facet.count, 0)).toBe(1);
    expect(few.partial!.results.map((r) => r.id)).not.toContain(few.results[0]!.id);
  });

  it('for a one-word query, lists only the sentences next to its matches in their paragraphs', () => {
    for (const q of ['Dandong', 'TVPA', 'logging']) {
      const response = searchFor({ q });
      const partial = response.partial!.results;
      expect(partial.length, q).toBeGreaterThan(0);
      for (const result of partial) {
        expect(result.missing, q).toEqual([]);
        expect([...result.context, ...result.following], q).toEqual([q]);
      }
    }
    // Still exactly one full match: the sentences around it are not counted.
    expect(searchFor({ q: 'Dandong' }).total).toBe(1);
    expect(searchFor({ q: 'TVPA' }).partial!.results.map((r) => r.text)).toContainEqual(
      expect.stringMatching(/^The legislation created/),
    );
  });

  it('is absent once there are ten full matches', () => {
    const many = searchFor({ q: 'forced labor' });
    expect(many.total).toBeGreaterThanOrEqual(10);
    expect(many.partial).toBeNull();
  });

  it('is in the JSON API with the usual fields plus missing', async () => {
    const { body } = await http().get('/api/search?q=Russia+logging').expect(200);
    expect(body.total).toBe(0);
    expect(body.partial.results[0]).toMatchObject({
      id: expect.any(String),
      citation: expect.any(String),
      highlight: expect.stringContaining('<mark>'),
      missing: [expect.any(String)],
    });
  });
});

describe('partial matches on the page', () => {
  it('come after the full matches, under their own heading, each naming its missing words', async () => {
    const { text } = await http().get('/search?q=forced+repatriation+pregnant').expect(200);
    const full = text.indexOf('class="result-list"');
    const partial = text.indexOf('id="partial-heading"');
    expect(full).toBeGreaterThan(0);
    expect(partial).toBeGreaterThan(full);
    expect(text).toMatch(/passages with some of the words/);
    expect(text.slice(partial)).toContain('Missing: <s>pregnant</s>');
  });

  it('say when the words are in the sentence before or after, and count the passages as found', async () => {
    const { text } = await http().get('/search?q=John+Cotton+Richmond').expect(200);
    expect(text).toMatch(/The sentence before has <q>John<\/q>, <q>Cotton<\/q>, <q>Richmond<\/q>/);
    expect(text).toMatch(/The sentence after has <q>John<\/q>, <q>Cotton<\/q>, <q>Richmond<\/q>/);
    expect(text).toMatch(/2 passages with some of the words/);
    // The sentence after the match is about its words more surely than the one before: it comes first.
    expect(text.indexOf('The sentence before has')).toBeLessThan(text.indexOf('The sentence after has'));
  });

  it('say when a word was found in other words', async () => {
    const { text } = await http().get('/search?q=workers+sent+back').expect(200);
    expect(text).toMatch(/Matched because <q>sent back<\/q> → <q>(repatriate|return)<\/q>/);
  });

  it('say what the question asked for that ranked a passage up', async () => {
    const { text } = await http().get('/search?q=do+courts+convict+traffickers+under+any+law').expect(200);
    expect(text).toContain('Ranked up for what the question asks: the Prosecution section');
    const why = await http().get('/search?q=why+do+women+fall+victim+to+traffickers+in+China').expect(200);
    expect(why.text).toContain('Ranked up for what the question asks: a reason');
  });

  it('are not shown once a page of full matches is there', async () => {
    const { text } = await http().get('/search?q=forced+labor').expect(200);
    expect(text).not.toContain('partial-heading');
  });

  it('show the sentences around a one-word match, after it, saying where the word is', async () => {
    const { text } = await http().get('/search?q=Dandong').expect(200);
    const partial = text.indexOf('id="partial-heading"');
    expect(partial).toBeGreaterThan(text.indexOf('class="result-list"'));
    expect(text.slice(partial)).toMatch(/The sentence (before|after) has <q>Dandong<\/q>/);
    expect(text.slice(partial)).not.toContain('Missing:');
  });
});

describe('citing partial matches', () => {
  it('offers the citation form when there are only partial matches, so their boxes can be ticked', async () => {
    const { text } = await http().get('/search?q=Russia+logging').expect(200);
    expect(text).toContain('id="citation-export"');
    expect(text).toMatch(/name="id" value="2025-tip-trafficking-profile-p6-s4" form="citation-export"/);
  });
});
