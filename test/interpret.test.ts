// Query understanding: report years and section names among the words read as filters, shown, undoable.
import { describe, expect, it } from 'vitest';
import { interpretQuery } from '../server/search/query/interpret.ts';
import { parseQuery } from '../server/search/query/query.ts';
import { searchFor } from './support/library.ts';
import { http } from './support/app.ts';

const YEARS = [2007, 2016, 2019, 2023, 2025];
const interpret = (q: string) => interpretQuery(q, parseQuery(q, { docs: [] }), YEARS).interpretation;

describe('interpretQuery', () => {
  const cases = [
    {
      q: 'recommendations 2016',
      filters: ['section:recommendations', 'year:2016'],
      literal: '"recommendations" "2016"',
    },
    { q: 'prison camps 2007', filters: ['year:2007'], literal: 'prison camps "2007"' },
    {
      q: 'Trafficking Profile Dandong',
      filters: ['section:trafficking-profile'],
      literal: '"Trafficking Profile" Dandong',
    },
    { q: 'forced labor 2016 2025', filters: ['year:2016,2025'], literal: 'forced labor "2016" "2025"' },
    { q: 'overview 2023', filters: ['section:overview', 'year:2023'], literal: '"overview" "2023"' },
    { q: 'recommendation', filters: ['section:recommendations'], literal: '"recommendation"' },
    { q: 'prosecution 2025', filters: ['section:prosecution', 'year:2025'], literal: '"prosecution" "2025"' },
    { q: '2016 Protection', filters: ['section:protection', 'year:2016'], literal: '"2016" "Protection"' },
    { q: 'prosecution China 2025', filters: ['year:2025'], literal: 'prosecution China "2025"' },
    { q: 'recomendations 2016', filters: ['section:recommendations', 'year:2016'], literal: '"recomendations" "2016"' },
    { q: 'Trafficing profile', filters: ['section:trafficking-profile'], literal: '"Trafficing profile"' },
    // A form of a section's name (by stem) names it too: what did the 2016 report recommend.
    { q: 'recommended 2016', filters: ['section:recommendations', 'year:2016'], literal: '"recommended" "2016"' },
    {
      q: 'what did the 2016 report recommend on overseas workers',
      filters: ['section:recommendations', 'year:2016'],
      literal: 'what did the "2016" report "recommend" on overseas workers',
    },
    { q: 'commented 2016', filters: ['year:2016'], literal: 'commented "2016"' },
    { q: 'protection 2016', filters: ['section:protection', 'year:2016'], literal: '"protection" "2016"' },
    // Beside another section's name, a topic's name is what that section is asked about.
    {
      q: '2016 recommendations on prosecution',
      filters: ['section:recommendations', 'year:2016'],
      literal: '"2016" "recommendations" on prosecution',
    },
  ];
  it.each(cases)('reads $q as $filters', ({ q, filters, literal }) => {
    expect(interpret(q)).toMatchObject({ filters, literal });
  });

  it.each([
    { q: 'prosecution 2014', why: 'not a report year; prosecution is a topic word' },
    { q: 'workers -2016', why: 'an exclusion stays an exclusion' },
    { q: 'Dandong OR 2016', why: 'inside OR the year is an alternative word' },
    { q: 'protection prevention', why: 'topic words, found in 8-14 passages each' },
    { q: 'profile', why: 'half a section name' },
  ])('leaves $q alone ($why)', ({ q }) => {
    expect(interpret(q)).toBeNull();
  });

  it('leaves a quoted year alone: quoting is how to search the word', () => {
    expect(interpret('"2016" recommendations')).toMatchObject({
      filters: ['section:recommendations'],
      words: ['recommendations'],
    });
  });
});

describe('query understanding in search', () => {
  it('"recommendations 2016" finds the 2016 recommendations, says so, and offers the words instead', () => {
    const response = searchFor({ q: 'recommendations 2016', size: '100' });
    expect(response.total).toBe(searchFor({ q: 'section:recommendations year:2016' }).total);
    expect(response.total).toBeGreaterThan(0);
    expect(response.results.every((r) => r.year === 2016 && r.section === 'recommendations')).toBe(true);
    expect(response.interpreted).toEqual({
      filters: ['section:recommendations', 'year:2016'],
      words: ['recommendations', '2016'],
      years: [2016],
      sections: ['recommendations'],
      literal: '"recommendations" "2016"',
      unfiltered: '',
      outside: 0,
    });
    expect(searchFor({ q: response.interpreted!.literal }).total).toBe(0);
  });

  it('says how many full matches the words have outside the year read from the query, with a link to them', async () => {
    const response = searchFor({ q: 'overseas workers 2016' });
    const everywhere = searchFor({ q: 'overseas workers' }).total;
    expect(response.total).toBeLessThan(10);
    expect(response.interpreted!.outside).toBe(everywhere - response.total);
    expect(response.interpreted!.outside).toBeGreaterThan(0);
    expect(response.interpreted!.unfiltered).toBe('overseas workers');
    const { text } = await http().get('/search?q=overseas+workers+2016').expect(200);
    expect(text).toContain(`${response.interpreted!.outside} more passages match the words outside year:2016`);
    expect(text).toContain('href="/search?q=overseas+workers"');
  });

  it('reads a topic section beside a year when the other words only ask: "what did the 2025 report say about prevention"', () => {
    const response = searchFor({ q: 'what did the 2025 report say about prevention', size: '100' });
    expect(response.interpreted!.filters).toEqual(['section:prevention', 'year:2025']);
    expect(response.total).toBe(searchFor({ q: 'section:prevention year:2025' }).total);
    expect(searchFor({ q: '2025 prevention trafficking' }).interpreted!.filters).toEqual(['year:2025']);
  });

  it('"prison camps 2007" puts the 2007 passages first, since only they are searched', () => {
    const response = searchFor({ q: 'prison camps 2007' });
    expect(response.total).toBeGreaterThan(0);
    expect(response.results.every((r) => r.year === 2007)).toBe(true);
    expect(response.results.map((r) => r.id)).toContain('2007-tip-trafficking-profile-p1-s6');
  });

  it('strict mode takes the words as typed', () => {
    const response = searchFor({ q: 'recommendations 2016', strict: '1' });
    expect(response.interpreted).toBeNull();
    expect(response.total).toBe(0);
  });

  it('a misspelt word next to a year is corrected, the year kept, and the suggestion finds something', () => {
    const response = searchFor({ q: 'wrokers 2016' });
    expect(response.corrected).toEqual({ query: 'workers 2016', literal: '"wrokers" 2016' });
    expect(response.total).toBe(searchFor({ q: 'workers 2016' }).total);
    expect(response.results.every((r) => r.year === 2016)).toBe(true);
  });

  it('corrects no English word that no passage holds: its thesaurus or dictionary words find what it means', () => {
    // "police" is one edit from the reports' "policy", "webcam" two from "became": neither is a misspelling.
    for (const q of ['police', 'webcam', "why don't women go to the police"]) {
      const response = searchFor({ q });
      expect(response.corrected, q).toBeNull();
      expect(response.partial!.results.length, q).toBeGreaterThan(0);
    }
    expect(searchFor({ q: 'police' }).partial!.results[0]!.via).toContainEqual(
      expect.objectContaining({ typed: 'police' }),
    );
    // A word no dictionary has is still corrected.
    expect(searchFor({ q: 'Dandog' }).corrected?.query).toBe('Dandong');
  });

  it('reads "since 2007", "after 2016", "before 2019" as the years on that side, not the one year', () => {
    const read = (q: string) => searchFor({ q }).interpreted!;
    expect(read('workers after 2016').years).toEqual([2019, 2023, 2025]);
    expect(read('workers before 2019').years).toEqual([2007, 2016]);
    expect(read('workers since 2016').filters).toEqual(['year:2016,2019,2023,2025']);
    expect(read('workers since 2016').words).toEqual(['since 2016']);
    // Every year: the whole collection, and "since" is no word of the query.
    const since = searchFor({ q: 'workers since 2007' });
    expect(since.total).toBe(searchFor({ q: 'workers' }).total);
    // Two years named are both read, as compared.
    expect(read('workers from 2007 to 2025').years).toEqual([2007, 2025]);
  });

  it('reads a topic named as a section: "2025 prosecution section: were trafficking charges misused"', () => {
    const response = searchFor({ q: '2025 prosecution section: were trafficking charges misused' });
    expect(response.interpreted!.filters).toEqual(['section:prosecution', 'year:2025']);
    expect(response.interpreted!.words).toEqual(['2025', 'prosecution section:']);
    expect([...response.results, ...response.partial!.results].every((r) => r.section === 'prosecution')).toBe(true);
    // Without "section", the topic stays a word.
    expect(searchFor({ q: '2025 prosecution trafficking charges' }).interpreted!.filters).toEqual(['year:2025']);
  });

  it('fills a short page with the best passages just outside what was read: the same section in other years', async () => {
    const response = searchFor({ q: '2016 recommendations on overseas workers' });
    const shown = [...response.results, ...(response.partial?.results ?? [])];
    expect(shown.length).toBeLessThan(10);
    const outside = response.outside!;
    expect(outside.where).toBe('in Recommendations of other years than 2016');
    expect(outside.results.length).toBe(10 - shown.length);
    expect(outside.results.every((r) => r.year !== 2016 && r.section === 'recommendations')).toBe(true);
    expect(new Set(outside.results.map((r) => r.year))).toEqual(new Set([2023, 2025]));
    expect(outside.results[0]!.text).toMatch(/overseas workers|workers overseas/);
    // Never counted, never twice on a page.
    expect(response.total).toBe(searchFor({ q: 'overseas workers', year: '2016', section: 'recommendations' }).total);
    const ids = [...shown, ...outside.results].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Only sections read: the other sections.
    const sectionOnly = searchFor({ q: 'recommendations Dandong' }).outside!;
    expect(sectionOnly.where).toBe('in other sections than Recommendations');
    expect(sectionOnly.results.every((r) => r.section !== 'recommendations')).toBe(true);
    // Words no passage holds in any form: what was read is all the query says, its passages in order.
    const nowhere = searchFor({ q: '2025 protection section: qwxzv' }).outside!;
    expect(nowhere.where).toBe('in 2025, Protection, where no passage holds the words');
    expect(nowhere.inOrder).toBe(true);
    expect(outside.inOrder).toBe(false);
    expect(nowhere.results.map((r) => r.id)).toEqual(
      searchFor({ q: '', year: '2025', section: 'protection' }).results.map((r) => r.id),
    );
    // Nothing read holds any of the words and no passage holds them all: what was read, in order, rather than
    // the passages elsewhere that hold one of them.
    expect(searchFor({ q: 'Dandong Czech' }).partial!.results.length).toBeGreaterThan(0);
    const treated = searchFor({ q: '2025 protection section: Dandong Czech' }).outside!;
    expect(treated.inOrder).toBe(true);
    expect(treated.results.map((r) => r.id)).toEqual(nowhere.results.map((r) => r.id));
    // Nothing read, or a full page: none.
    expect(searchFor({ q: 'overseas workers' }).outside).toBeNull();
    expect(searchFor({ q: 'forced labor 2025' }).outside).toBeNull();
    const { text } = await http().get('/search?q=2016+recommendations+on+overseas+workers').expect(200);
    expect(text).toContain('in Recommendations of other years than 2016');
    expect(text).toContain(outside.results[0]!.text.slice(0, 40));
  });

  it('the page shows the reading and links to the words instead', async () => {
    const { text } = await http().get('/search?q=recommendations+2016').expect(200);
    expect(text).toMatch(/Searching <strong>section:recommendations year:2016<\/strong>/);
    expect(text).toMatch(/href="\/search\?q=%22recommendations%22\+%222016%22"[^>]*>search the words instead/);
  });
});
