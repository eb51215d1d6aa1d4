// The concordance: every match in context, as marked by search.
import { describe, expect, it } from 'vitest';
import { concordance, KWIC_WINDOW } from '../server/analysis/kwic.ts';
import { realLibrary, searchFor } from './support/library.ts';
import { http, parseCsv } from './support/app.ts';

const request = (q: string) => ({ q, strict: false, filters: {} });

describe('concordance', () => {
  it('gives one line per match, the match as written, within a fixed window of words', () => {
    const lines = concordance(realLibrary(), request('repatriated'), 'year').lines;
    expect(lines.length).toBeGreaterThanOrEqual(searchFor({ q: 'repatriated' }).total);
    for (const line of lines) {
      expect(line.match.toLowerCase()).toMatch(/^repatriat/);
      expect(line.left.split(' ').filter(Boolean).length).toBeLessThanOrEqual(KWIC_WINDOW);
      expect(line.right.split(' ').filter(Boolean).length).toBeLessThanOrEqual(KWIC_WINDOW);
      const text = realLibrary().passage(line.id)!.text;
      expect(text).toContain(`${line.left ? `${line.left} ` : ''}${line.match}`.trim());
    }
  });

  it('centres synonyms and phrases as single matches', () => {
    const matches = concordance(realLibrary(), request('forced repatriation'), 'year').lines.map((l) =>
      l.match.toLowerCase(),
    );
    expect(matches).toContain('involuntarily repatriated');
    expect(matches).toContain('forcibly returned');
  });

  it('sorts by the word nearest the match on the left, then the next one out', () => {
    const lines = concordance(realLibrary(), request('cybersex'), 'left').lines.map((l) =>
      l.left.split(' ').slice(-2).join(' '),
    );
    expect(lines).toEqual(['to a', 'years in', 'into the', 'into the']);
  });

  it('sorts by the right context, punctuation aside', () => {
    const lines = concordance(realLibrary(), request('cybersex'), 'right').lines.map((l) =>
      l.right.split(' ').slice(0, 2).join(' '),
    );
    expect(lines).toEqual(['industry.', 'industry in', 'operator. Her', 'slavery: “For']);
  });

  it('sorts by year, then document order', () => {
    const years = concordance(realLibrary(), request('labor'), 'year').lines.map((l) => l.year);
    expect(years).toEqual([...years].sort((a, b) => a - b));
    expect(new Set(years)).toEqual(new Set([2007, 2016, 2019, 2023, 2025]));
  });
});

describe('the concordance page and CSV', () => {
  it('lists every line with a link to its passage', async () => {
    const { text } = await http().get('/kwic').query({ q: 'Dandong' }).expect(200);
    expect(text).toContain('1 match');
    expect(text).toMatch(/<td class="kwic-match"><a href="\/p\/2025-tip-trafficking-profile-p6-s3">Dandong<\/a><\/td>/);
  });

  it('exports the lines as CSV that parses back', async () => {
    const { text } = await http().get('/kwic.csv').query({ q: 'repatriated', sort: 'left' }).expect(200);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['id', 'year', 'section', 'document', 'left', 'match', 'right', 'permalink']);
    expect(rows.map((r) => r[5])).toEqual(
      concordance(realLibrary(), request('repatriated'), 'left').lines.map((l) => l.match),
    );
  });

  it('refuses an unknown sort order', async () => {
    await http().get('/kwic').query({ q: 'x', sort: 'middle' }).expect(400);
  });
});

describe('the concordance says how a query was read', () => {
  it('as search reads it: "Dandog 2025" is Dandong in 2025, and the page says so', async () => {
    const { lines, searchedAs } = concordance(realLibrary(), request('Dandog 2025'), 'year');
    expect(searchedAs).toBe('Dandong · year:2025');
    expect(lines.map((l) => l.match)).toEqual(['Dandong']);
    expect(concordance(realLibrary(), request('Dandong'), 'year').searchedAs).toBeNull();
    const { text } = await http().get('/kwic?q=Dandog+2025').expect(200);
    expect(text).toContain('Searched as <strong>Dandong · year:2025</strong>');
  });
});
