// Facets as the API returns them: which values are selected, and what each count means.
import { describe, expect, it } from 'vitest';
import { searchFor } from './support/library.ts';
import { http } from './support/app.ts';

const selectedOf = (values: Array<{ value: string | number; selected: boolean }>) =>
  values.filter((v) => v.selected).map((v) => v.value);

describe('facet selection', () => {
  const cases: Array<{ params: Record<string, string | string[]>; year: number[]; section: string[]; doc: string[] }> =
    [
      { params: { q: 'labor' }, year: [], section: [], doc: [] },
      { params: { q: 'labor', year: '2016' }, year: [2016], section: [], doc: [] },
      { params: { q: 'labor', section: 'protection' }, year: [], section: ['protection'], doc: [] },
      {
        params: { q: 'labor', section: ['protection', 'prosecution'] },
        year: [],
        section: ['prosecution', 'protection'],
        doc: [],
      },
      { params: { q: 'labor', doc: '2025-tip' }, year: [], section: [], doc: ['2025-tip'] },
      {
        params: { q: 'labor', year: '2019,2025', section: 'prevention', doc: ['2023-tip-excerpt', '2025-tip'] },
        year: [2019, 2025],
        section: ['prevention'],
        doc: ['2023-tip-excerpt', '2025-tip'],
      },
    ];
  for (const { params, year, section, doc } of cases) {
    it(`marks exactly the chosen values selected for ${JSON.stringify(params)}`, () => {
      const { facets } = searchFor(params);
      expect(selectedOf(facets.year)).toEqual(year);
      expect(selectedOf(facets.section)).toEqual(section);
      expect(selectedOf(facets.doc)).toEqual(doc);
    });
  }

  it('counts each facet without its own selection, so other values show what they would add', () => {
    const { facets, total } = searchFor({ q: 'labor', doc: '2025-tip' });
    const docCount = (id: string) => facets.doc.find((d) => d.value === id)!.count;
    expect(docCount('2025-tip')).toBe(total);
    expect(docCount('2016-tip')).toBe(searchFor({ q: 'labor', doc: '2016-tip' }).total);
    expect(docCount('2016-tip')).toBeGreaterThan(0);
  });

  it('are the same in the JSON API', async () => {
    const { body } = await http().get('/api/search?q=labor&section=protection&doc=2016-tip').expect(200);
    expect(selectedOf(body.facets.section)).toEqual(['protection']);
    expect(selectedOf(body.facets.doc)).toEqual(['2016-tip']);
  });

  it('show as selected, with words for screen readers, on the search page', async () => {
    const { text } = await http().get('/search?q=labor&section=protection&doc=2016-tip').expect(200);
    const selected = [
      ...text.matchAll(
        /class="facet-value is-selected"[\s\S]*?<span class="facet-label">([^<]+)<\/span><span class="visually-hidden"> \(selected; select to remove\)<\/span>/g,
      ),
    ].map((m) => m[1]);
    expect(selected).toEqual(['Protection', '2016 TIP Report']);
  });
});
