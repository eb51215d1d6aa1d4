// Term trends: counts per report year that agree with search, point for point.
import { describe, expect, it } from 'vitest';
import { trends } from '../server/analysis/trends.ts';
import { realLibrary, searchFor } from './support/library.ts';
import { http } from './support/app.ts';
import { AppError } from '../server/errors.ts';

const queries = [
  'forced repatriation',
  'Dandong',
  'overseas workers',
  '"prison camps" -China',
  'traffick* year:2016..2025',
  'D. P. R. K.',
];

describe('trends', () => {
  it('has a point for every corpus year, zeros included', () => {
    const result = trends(realLibrary(), ['Dandong'], { strict: false, bySection: false });
    expect(result.years).toEqual([2007, 2016, 2019, 2023, 2025]);
    expect(result.series[0]!.points.map((p) => p.count)).toEqual([0, 0, 0, 0, 1]);
  });

  it('says how a query was read, as search reads it, and not when it was searched as typed', async () => {
    const result = trends(realLibrary(), ['Dandog', 'recommendations 2016', 'Dandong'], {
      strict: false,
      bySection: false,
    });
    expect(result.series.map((s) => s.searchedAs)).toEqual(['Dandong', 'section:recommendations · year:2016', null]);
    expect(result.series[0]!.total).toBe(1);
    const { text } = await http().get('/trends?q=Dandog').expect(200);
    expect(text).toContain('(searched as Dandong)');
  });

  it('shows that "Dandong" first appears in 2025', () => {
    const points = trends(realLibrary(), ['Dandong'], { strict: false, bySection: false }).series[0]!.points;
    expect(points.find((p) => (p.count ?? 0) > 0)!.year).toBe(2025);
  });

  it.each([false, true])('counts what search counts for the same query and year (strict: %s)', (strict) => {
    const result = trends(realLibrary(), queries, { strict, bySection: false });
    for (const series of result.series) {
      for (const point of series.points) {
        const total = searchFor({
          q: series.query,
          year: String(point.year),
          ...(strict ? { strict: '1' } : {}),
        }).total;
        expect(point.count, `${series.query} ${point.year}`).toBe(total);
      }
    }
  });

  it('normalises per 1,000 passages of that year', () => {
    const result = trends(realLibrary(), ['forced repatriation'], { strict: false, bySection: false });
    expect(result.passagesPerYear).toEqual({ 2007: 36, 2016: 62, 2019: 75, 2023: 15, 2025: 93 });
    // 7 of 2016's 62 passages; 1 of 2019's 75.
    expect(result.series[0]!.points.find((p) => p.year === 2016)).toEqual({ year: 2016, count: 7, per1000: 112.9 });
    expect(result.series[0]!.points.find((p) => p.year === 2019)).toEqual({ year: 2019, count: 1, per1000: 13.3 });
  });

  it('splits by section into counts that add up to the totals', () => {
    const series = trends(realLibrary(), ['forced labor'], { strict: false, bySection: true }).series[0]!;
    series.points.forEach((point, i) => {
      expect(series.bySection!.reduce((sum, row) => sum + row.points[i]!.count!, 0)).toBe(point.count);
    });
  });

  it('refuses more than six queries and names the query that does not parse', () => {
    expect(() =>
      trends(realLibrary(), ['a', 'b', 'c', 'd', 'e', 'f', 'g'], { strict: false, bySection: false }),
    ).toThrow('Compare at most 6 queries at once; 7 were given.');
    expect(() => trends(realLibrary(), ['Dandong', 'labor "forced'], { strict: false, bySection: false })).toThrow(
      AppError,
    );
    expect(() => trends(realLibrary(), ['Dandong', 'labor "forced'], { strict: false, bySection: false })).toThrow(
      'Query 2 (“labor "forced”): This quotation mark is never closed.',
    );
  });
});

describe('GET /api/trends', () => {
  it('answers with the documented shape', async () => {
    const { body } = await http()
      .get('/api/trends')
      .query({ q: ['forced repatriation', 'Dandong'] })
      .expect(200);
    expect(body.years).toEqual([2007, 2016, 2019, 2023, 2025]);
    expect(body.series.map((s: { query: string }) => s.query)).toEqual(['forced repatriation', 'Dandong']);
    expect(body.series[0].points[0]).toEqual({ year: 2007, count: 2, per1000: 55.6 });
  });

  it('answers a bad query with a 400 naming it', async () => {
    const { body } = await http()
      .get('/api/trends')
      .query({ q: ['x', '(y'] })
      .expect(400);
    expect(body.error.message).toMatch(/^Query 2 /);
  });
});

describe('the trends page', () => {
  it('draws one line per query, a table twin, and links every point to exactly the passages it counts', async () => {
    const { text } = await http()
      .get('/trends')
      .query({ q: ['forced repatriation', 'Dandong', 'overseas workers'] })
      .expect(200);
    expect(text.match(/<path class="trend-line series-\d"/g)).toHaveLength(3);
    expect(text).toContain('<caption>Matching passages per report year');
    const links = [
      ...text.matchAll(/<a class="trend-point" href="([^"]+)" aria-label="“([^”]+)”, (\d{4}): (\d+) passages?"/g),
    ];
    expect(links).toHaveLength(15);
    for (const [, href, , , count] of links) {
      const url = new URL(href!.replace(/&amp;/g, '&'), 'http://x');
      const params = Object.fromEntries([...url.searchParams.entries()]);
      expect(searchFor(params).total, href).toBe(Number(count));
    }
  });

  it('says which measure is shown and offers the other', async () => {
    const counts = (await http().get('/trends').query({ q: 'Dandong' })).text;
    expect(counts).toContain('Showing the number of matching passages');
    const per1000 = (await http().get('/trends').query({ q: 'Dandong', measure: 'per1000' })).text;
    expect(per1000).toContain('per 1,000 passages of that year’s documents');
    expect(per1000).toContain('aria-label="“Dandong”, 2025: 10.8 per 1,000 passages"');
  });

  it('shows a query error with a 400', async () => {
    const { text } = await http().get('/trends').query({ q: 'labor "forced' }).expect(400);
    expect(text).toContain('This quotation mark is never closed.');
  });

  it('is linked from the search page for the current query', async () => {
    expect((await http().get('/search?q=Dandong')).text).toContain('href="/trends?q=Dandong"');
  });
});
