// Country as a dimension: a collection holding North Korea's chapters and two China chapters (made from
// our seeds, told of China). The `country:` filter, the country facet (only once there are two
// countries), the API field, trends side by side, and comparisons across years that stay within one
// country.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { Library } from '../server/library.ts';
import { ingestDocument } from '../server/corpus/ingest.ts';
import type { CatalogEntry } from '../server/corpus/types.ts';
import { buildSearchIndex } from '../server/search/storage/search-index.ts';
import { parseSynonyms } from '../server/search/words/synonyms.ts';
import { parseSearchRequest } from '../server/search/query/request.ts';
import { search } from '../server/search/search.ts';
import { createApp } from '../server/web/app.ts';
import { SEEDS, SYNONYMS, realCorpus } from './support/corpus.ts';
import { http as realHttp } from './support/app.ts';

const NORTH_KOREA = /North Korea|DPRK|D\. P\. R\. K\.|Democratic People['’]s Republic of Korea/g;

function chinaChapter(year: number, seed: string): ReturnType<typeof ingestDocument> {
  const entry: CatalogEntry = {
    id: `${year}-tip-china`,
    file: `${year}-tip-report-china.txt`,
    type: 'report',
    title: 'CHINA: TIER 3',
    country: 'CHN',
    report: `Trafficking in Persons Report ${year}`,
    year,
    tier: 3,
    publisher: 'U.S. Department of State',
    author: 'Office to Monitor and Combat Trafficking in Persons',
    published: null,
    url: null,
    urlVerified: false,
    via: null,
  };
  const text = readFileSync(join(SEEDS, seed), 'utf8').replace(NORTH_KOREA, 'China');
  return ingestDocument({ entry, source: `seeds/${entry.file}`, text });
}

const china = [
  chinaChapter(2016, '2016-tip-report-north-korea.md'),
  chinaChapter(2025, '2025-tip-report-north-korea-state-gov.txt'),
];
const documents = [...realCorpus().documents, ...china.map((c) => c.record)].sort((a, b) => a.year - b.year);
const order = new Map(documents.map((d, i) => [d.id, i]));
const passages = [...realCorpus().passages, ...china.flatMap((c) => c.passages)].sort(
  (a, b) => order.get(a.doc)! - order.get(b.doc)! || a.sentence - b.sentence,
);
const synonyms = parseSynonyms(readFileSync(SYNONYMS, 'utf8'), 'words/synonyms.json');
const library = new Library({ documents, passages, synonyms, index: buildSearchIndex(passages), builtAt: 'test' });
const http = () => request(createApp({ library: () => library }));

const searchFor = (params: Record<string, string>) =>
  search(library, parseSearchRequest({ size: '100', ...params }, library.vocabulary), {
    permalink: (id) => `/p/${id}`,
  });

describe('the country: filter', () => {
  it('keeps one country’s passages, named by name, alias or code', () => {
    for (const name of ['China', 'PRC', 'CHN']) {
      const response = searchFor({ q: `Dandong country:${name}` });
      expect(response.results.map((r) => r.doc)).toEqual(['2025-tip-china']);
      expect(response.results[0]!.country).toBe('CHN');
    }
    expect(searchFor({ q: 'Dandong country:DPRK' }).results.map((r) => r.id)).toEqual([
      '2025-tip-trafficking-profile-p6-s3',
    ]);
    expect(searchFor({ q: 'Dandong' }).total).toBe(2);
  });
});

describe('the country facet', () => {
  it('counts matches per country, disjunctively, once the collection holds two countries', () => {
    const response = searchFor({ q: 'Dandong', country: 'PRC' });
    expect(response.facets.country).toEqual([
      { value: 'PRK', label: 'North Korea', count: 1, selected: false },
      { value: 'CHN', label: 'China', count: 1, selected: true },
    ]);
    expect(response.total).toBe(1);
  });

  it('appears on the search page with a link per country, and labels other countries’ documents', async () => {
    const { text } = await http().get('/search?q=Dandong').expect(200);
    expect(text).toContain('<h2 class="facet-title">Country</h2>');
    expect(text).toContain('href="/search?q=Dandong&amp;country=CHN"');
    expect(text).toContain('2025 TIP Report: China');
  });

  it('rejects an unknown country in the URL with a 400 that lists the countries', async () => {
    const { body } = await http().get('/api/search?q=Dandong&country=Atlantis').expect(400);
    expect(body.error.message).toMatch(/^There is no country "Atlantis"\. Give a country's name/);
  });
});

describe('comparing across years, like with like', () => {
  it('aligns each country’s chapters only with the same country’s other years', () => {
    const countryOf = new Map(passages.map((p) => [p.id, p.country]));
    expect(passages.some((passage) => library.alsoIn(passage.id).length > 0)).toBe(true);
    for (const passage of passages) {
      for (const match of library.alsoIn(passage.id)) expect(countryOf.get(match.id)).toBe(passage.country);
    }
    const chinaLinked = passages.filter(
      (p) => p.doc === '2025-tip-china' && library.alsoIn(p.id).some((m) => m.year === 2016),
    );
    expect(chinaLinked.length).toBeGreaterThan(10);
  });

  it('compares North Korea’s years by default and another country’s on request', async () => {
    const ids = (body: { sections: Array<{ added: Array<{ id: string }> }> }) =>
      body.sections.flatMap((s) => s.added.map((p) => p.id));
    const northKorea = (await http().get('/api/compare?from=2016&to=2025').expect(200)).body;
    expect(ids(northKorea).length).toBeGreaterThan(0);
    expect(ids(northKorea).every((id) => id.startsWith('2025-tip-') && !id.startsWith('2025-tip-china'))).toBe(true);
    const chinese = (await http().get('/api/compare?from=2016&to=2025&country=China').expect(200)).body;
    expect(ids(chinese).length).toBeGreaterThan(0);
    expect(ids(chinese).every((id) => id.startsWith('2025-tip-china-'))).toBe(true);
  });

  it('puts countries side by side in trends through the country: filter', async () => {
    const { body } = await http()
      .get('/api/trends')
      .query({ q: ['Dandong country:China', 'Dandong country:"North Korea"'] })
      .expect(200);
    expect(body.series.map((s: { total: number }) => s.total)).toEqual([1, 1]);
    expect(body.series[0].points.find((p: { year: number }) => p.year === 2025).count).toBe(1);
    // Rates within each country's own chapters: one sentence of China's 2025 chapter, one of North Korea's 93.
    const chinese2025 = passages.filter((p) => p.doc === '2025-tip-china').length;
    const at2025 = (series: { points: Array<{ year: number; per1000: number }> }) =>
      series.points.find((p) => p.year === 2025)!.per1000;
    expect(at2025(body.series[0])).toBe(Math.round((1 / chinese2025) * 10000) / 10);
    expect(at2025(body.series[1])).toBe(10.8);
  });

  it('splits a trend by country on request, one line per country, and offers the split on the page', async () => {
    const { body } = await http().get('/api/trends?q=Dandong&by=country').expect(200);
    expect(body.series.map((s: { query: string; total: number }) => [s.query, s.total])).toEqual([
      ['(Dandong) country:PRK', 1],
      ['(Dandong) country:CHN', 1],
    ]);
    const { text } = await http().get('/trends?q=Dandong&by=country&measure=per1000').expect(200);
    expect(text).toContain('<input type="checkbox" name="by" value="country" checked>');
    const chinese2025 = passages.filter((p) => p.doc === '2025-tip-china').length;
    expect(text).toContain(
      `; China 2016: ${passages.filter((p) => p.doc === '2016-tip-china').length}, 2025: ${chinese2025} passages)`,
    );
    const tooMany = await http()
      .get('/api/trends')
      .query({ q: ['a', 'b', 'c', 'd'], by: 'country' })
      .expect(400);
    expect(tooMany.body.error.message).toBe(
      'Split by country, these queries make 8 lines; at most 6 fit. Give fewer queries.',
    );
    // North Korea's own collection has nothing to split.
    expect((await realHttp().get('/trends?q=Dandong').expect(200)).text).not.toContain('value="country"');
  });
});

describe('trends split by country: gaps, not zeros, and names', () => {
  it('gives a year in which the country has no document no count (null), and counts the years it has', async () => {
    const { body } = await http().get('/api/trends?q=Dandong&by=country').expect(200);
    const china = body.series.find((s: { country: string }) => s.country === 'CHN');
    expect(china.label).toBe('Dandong — China');
    expect(china.points).toEqual([
      { year: 2007, count: null, per1000: null },
      { year: 2016, count: 0, per1000: 0 },
      { year: 2019, count: null, per1000: null },
      { year: 2023, count: null, per1000: null },
      { year: 2025, count: 1, per1000: expect.any(Number) },
    ]);
    // A query's own country: filter has the same gaps.
    const typed = (await http().get('/api/trends?q=Dandong country:China').expect(200)).body.series[0];
    expect(typed.points.map((p: { count: number | null }) => p.count)).toEqual([null, 0, null, null, 1]);
  });

  it('draws the line with breaks at those years, names countries in the legend and marks the table cells', async () => {
    const { text } = await http().get('/trends?q=Dandong&by=country').expect(200);
    expect(text).toContain('Dandong — China');
    expect(text).not.toContain('country:CHN</li>');
    const chinaLine = /<path class="trend-line series-1" d="([^"]+)"/.exec(text)![1]!;
    // 2016 and 2025 are separate pieces: the pen is lifted over 2019 and 2023.
    expect(chinaLine.match(/M/g)).toHaveLength(2);
    expect(chinaLine).not.toContain('L');
    expect(text).toContain('(no document of 2007)');
    expect(text).toContain('A line breaks where its country has no document of that year');
  });
});

describe('hints when a country filter hides every match', () => {
  it('offers the search without that country, with the count it would find', async () => {
    // Dandong is in North Korea's 2025 chapter and China's: China within North Korea's document is nothing.
    const response = searchFor({ q: 'Dandong', country: 'PRC', doc: '2025-tip' });
    expect(response.total).toBe(0);
    expect(response.hints?.withoutFilter).toEqual([
      { facet: 'country', value: 'CHN', total: 1 },
      { facet: 'doc', value: '2025-tip', total: 1 },
    ]);
    const { text } = await http().get('/search?q=Dandong&country=PRC&doc=2025-tip').expect(200);
    expect(text).toContain('Without the filter China:');
  });
});
