// "What changed" over HTTP: passages' counterparts in other years, year against year, recommendations.
import { describe, expect, it } from 'vitest';
import { http } from './support/app.ts';

describe('GET /api/passages/:id across the years', () => {
  it('gives the first year and the counterparts of a sentence repeated with edits', async () => {
    const { body } = await http().get('/api/passages/2025-tip-trafficking-profile-p5-s11').expect(200);
    expect(body.firstYear).toBe(2016);
    expect(body.alsoIn).toEqual([
      { year: 2016, id: '2016-tip-trafficking-profile-p2-s9', status: 'revised', similarity: expect.any(Number) },
    ]);
  });

  it('says Dandong first appears in 2025, with no counterpart', async () => {
    const { body } = await http().get('/api/passages/2025-tip-trafficking-profile-p6-s3').expect(200);
    expect(body).toMatchObject({ firstYear: 2025, alsoIn: [] });
  });

  it('leaves commentary out of the alignment (firstYear null)', async () => {
    const { body } = await http().get('/api/passages/2019-king-keia-commentary-p1-s1').expect(200);
    expect(body).toMatchObject({ firstYear: null, alsoIn: [] });
  });
});

describe('GET /api/compare', () => {
  it('answers with sections of added, dropped, revised (with diffs) and unchanged counts', async () => {
    const { body } = await http().get('/api/compare?from=2023&to=2025').expect(200);
    expect(body).toMatchObject({ from: 2023, to: 2025 });
    const recommendations = body.sections.find((s: { section: string }) => s.section === 'recommendations');
    expect(recommendations).toMatchObject({ added: [], dropped: [], unchanged: 8 });
    expect(recommendations.revised).toHaveLength(3);
    expect(recommendations.revised[0]).toEqual(
      expect.objectContaining({
        from: expect.objectContaining({ year: 2023 }),
        to: expect.objectContaining({ year: 2025 }),
        diff: expect.any(Array),
      }),
    );
  });

  it('refuses a year that cannot be compared, or the same year twice', async () => {
    expect((await http().get('/api/compare?from=2019&to=2025').expect(400)).body.error.message).toBe(
      'from=2019: the years that can be compared are 2007, 2016, 2023, 2025.',
    );
    expect((await http().get('/api/compare?from=2025&to=2025').expect(400)).body.error.message).toBe(
      'Choose two different years to compare.',
    );
  });
});

describe('the compare page', () => {
  it('shows counts per section at the top and each revision as a word diff', async () => {
    const { text } = await http().get('/compare?from=2023&to=2025').expect(200);
    expect(text).toContain('What changed from 2023 to 2025');
    expect(text).toContain('<caption>Changes per section</caption>');
    expect(text).toMatch(
      /<del><span class="visually-hidden">\[removed: <\/span>coercion<span class="visually-hidden">\]<\/span><\/del>/,
    );
    expect(text).toMatch(/<details class="compare-unchanged"><summary>Unchanged \(8\)<\/summary>/);
  });

  it('says when a year’s text lacks a section because it is an excerpt', async () => {
    const { text } = await http().get('/compare?from=2023&to=2025').expect(200);
    expect(text).toContain('The 2023 text in this collection is an excerpt without a Prosecution section');
  });

  it('says a full report lacks a section without calling it an excerpt', async () => {
    const { text } = await http().get('/compare?from=2007&to=2016').expect(200);
    expect(text).toContain('The 2007 report has no Recommendations section.');
    expect(text).not.toContain('excerpt');
  });

  it('defaults to the two latest comparable years', async () => {
    expect((await http().get('/compare').expect(200)).text).toContain('What changed from 2023 to 2025');
  });
});

describe('the recommendations tracker', () => {
  it('follows each recommendation across 2016, 2023 and 2025', async () => {
    const { text } = await http().get('/recommendations').expect(200);
    expect(text).toContain('11 are in the latest list; 2 were dropped.');
    expect(text).toMatch(
      /Forge partnerships with international organizations and NGOs to combat human trafficking\.<\/a><\/th><td class="status-new"><span class="status-year">2016 <\/span><a class="status"[^>]*>new<\/a><\/td><td class="status-repeated"><span class="status-year">2023 <\/span><a class="status"[^>]*>repeated<\/a><\/td><td class="status-repeated">/,
    );
    expect(text).toContain('Dropped after 2016.');
  });

  it('has a JSON twin', async () => {
    const { body } = await http().get('/api/recommendations').expect(200);
    expect(body.threads).toHaveLength(13);
  });
});

describe('the passage page across the years', () => {
  it('shows the first year and each counterpart with its diff', async () => {
    const { text } = await http().get('/p/2025-tip-recommendations-p3-s1').expect(200);
    expect(text).toContain('first appears in 2016');
    expect(text).toContain('Also in 2016</a> (revised, similarity');
    expect(text).toContain('Also in 2023</a> (revised, similarity');
  });
});
