// Across the years at the top: sort=each-year shows the best passages of every year that has a match,
// year by year, reachable from the year chart.
import { describe, expect, it } from 'vitest';
import { searchFor } from './support/library.ts';
import { http } from './support/app.ts';

describe('the best of each year (API)', () => {
  it('"prison camps" shows every year with a match, in order, best first, at most three each', () => {
    const relevance = searchFor({ q: 'prison camps', size: '100' });
    const response = searchFor({ q: 'prison camps', sort: 'each-year' });
    const withMatches = relevance.facets.year.filter((f) => f.count > 0);
    expect(response.years!.map((y) => y.year)).toEqual(withMatches.map((f) => f.value));
    for (const group of response.years!) {
      expect(group.total).toBe(withMatches.find((f) => f.value === group.year)!.count);
      const inYear = relevance.results.filter((r) => r.year === group.year).map((r) => r.id);
      expect(group.results.map((r) => r.id)).toEqual(inYear.slice(0, 3));
    }
    expect(response.results.map((r) => r.id)).toEqual(response.years!.flatMap((y) => y.results.map((r) => r.id)));
    expect(response.total).toBe(relevance.total);
    expect(response.results.some((r) => r.year === 2007)).toBe(true);
  });

  it('orders an export year by year, best first', () => {
    const years = searchFor({ q: 'prison camps', sort: 'each-year', size: '100' }).years!;
    expect(years.map((y) => y.year)).toEqual([...years.map((y) => y.year)].sort());
  });

  it('is absent from other sorts, and a bad sort is a 400 naming the choices', async () => {
    expect(searchFor({ q: 'prison camps' }).years).toBeNull();
    const { body } = await http().get('/api/search?q=x&sort=decade').expect(400);
    expect(JSON.stringify(body)).toContain('each-year');
  });
});

describe('the best of each year (page)', () => {
  it('is linked from the year chart and shows a heading per year with a link to all of that year', async () => {
    const plain = (await http().get('/search?q=prison+camps').expect(200)).text;
    expect(plain).toMatch(/href="\/search\?q=prison\+camps&amp;sort=each-year"[^>]*>Best of each year/);
    const { text } = await http().get('/search?q=prison+camps&sort=each-year').expect(200);
    for (const year of [2007, 2016, 2019, 2023, 2025]) expect(text).toContain(`id="year-group-${year}"`);
    expect(text).toMatch(/all 10 from 2016/);
    expect(text).toContain('href="/search?q=prison+camps&amp;year=2016"');
    expect(text).not.toContain('id="more-results"');
  });
});
