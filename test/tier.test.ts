// The tier: a dimension added by its declaration alone (server/search/dimensions.ts), so everything a
// dimension has follows: `tier:3` in a query, `tier=3` in a URL, a Tier facet, chips, the API's and
// the exports' tier, `--tier` on the command line.
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createApp } from '../server/web/app.ts';
import { search } from '../server/search/search.ts';
import { parseSearchRequest } from '../server/search/query/request.ts';
import type { Library } from '../server/library.ts';
import { generatedCorpus, generatedLibrary } from '../bench/generated-library.ts';
import { searchFor } from './support/library.ts';
import { parseCsv } from './support/app.ts';
import { ROOT } from './support/corpus.ts';

const searchIn = (library: Library, params: Record<string, string | string[]>) =>
  search(library, parseSearchRequest({ size: '100', ...params }, library.vocabulary), { permalink: (id) => id });

describe('tier in the query language and the URL', () => {
  it('keeps the narratives of a tier, leaving out commentary, which has none', () => {
    const all = searchFor({ q: 'tier' });
    const inTier3 = searchFor({ q: 'tier tier:3' });
    expect(all.results.some((result) => result.doc === '2019-king-keia')).toBe(true);
    expect(inTier3.results.every((result) => result.tier === 3)).toBe(true);
    expect(inTier3.total).toBe(all.results.filter((result) => result.tier === 3).length);
    expect(searchFor({ q: 'tier', tier: '3' }).total).toBe(inTier3.total);
    expect(searchFor({ q: 'tier', tier: 'Tier 3' }).total).toBe(inTier3.total);
  });

  it('reads the Watch List and special cases as people write them, and names the tiers when it cannot', () => {
    expect(searchFor({ q: 'tier:2WL' }).total).toBe(0);
    expect(searchFor({ q: 'tier:"special case"' }).total).toBe(0);
    expect(() => searchFor({ q: 'tier:7' })).toThrow(
      'There is no tier "7". Tiers: Tier 1, Tier 2, Tier 2 Watch List, Tier 3, Special case',
    );
  });

  it('offers the search without the tier when the tier hides every match', () => {
    const response = searchFor({ q: 'Dandong', tier: '1' });
    expect(response.total).toBe(0);
    expect(response.hints?.withoutFilter).toEqual([{ facet: 'tier', value: 1, total: 1 }]);
  });
});

describe('the Tier facet', () => {
  const library = generatedLibrary(generatedCorpus(3000));
  const http = () => request(createApp({ library: () => library }));

  it('counts matches per tier, every tier the collection holds in the reports’ order, disjunctively', () => {
    const response = searchIn(library, { q: 'victims', tier: '3' });
    const tiers = response.facets.tier.map((facet) => facet.value);
    expect(tiers.length).toBeGreaterThan(2);
    expect(tiers).toEqual(
      ['1', '2', '2-watch-list', '3'].map((t) => (/^\d$/.test(t) ? Number(t) : t)).filter((t) => tiers.includes(t)),
    );
    const unfiltered = searchIn(library, { q: 'victims' });
    expect(response.facets.tier.map((facet) => facet.count)).toEqual(
      unfiltered.facets.tier.map((facet) => facet.count),
    );
    expect(response.total).toBe(unfiltered.facets.tier.find((facet) => facet.value === 3)!.count);
    expect(unfiltered.facets.tier.reduce((sum, facet) => sum + facet.count, 0)).toBe(unfiltered.total);
  });

  it('is on the search page, with links that select a tier, and a chip for the selected one', async () => {
    const { text } = await http().get('/search?q=victims&tier=2-watch-list').expect(200);
    expect(text).toContain('<h2 class="facet-title">Tier</h2>');
    expect(text).toContain('href="/search?q=victims&amp;tier=2-watch-list&amp;tier=3"');
    expect(text).toContain('aria-label="Remove filter: Tier 2 Watch List"');
  });

  it('is in the API’s results and facets, and a column of the exports', async () => {
    const { body } = await http().get('/api/search?q=victims&tier=1').expect(200);
    expect(body.results.every((result: { tier: number }) => result.tier === 1)).toBe(true);
    expect(body.facets.tier.find((facet: { value: number }) => facet.value === 1).selected).toBe(true);
    const csv = parseCsv((await http().get('/export.csv?q=victims&tier=1').expect(200)).text);
    expect(csv[0]).toContain('tier');
    expect(csv.slice(1).every((row) => row[csv[0]!.indexOf('tier')] === '1')).toBe(true);
  });
});

describe('npm run search --tier', () => {
  it('filters by tier, and refuses a tier it does not know', () => {
    const cli = (...args: string[]) =>
      spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/search.ts', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
    const inTier = cli('tier', '--tier', '3', '--json', '--limit', '100');
    expect(inTier.status).toBe(0);
    const body = JSON.parse(inTier.stdout) as { total: number; results: Array<{ tier: number }> };
    expect(body.total).toBe(searchFor({ q: 'tier', tier: '3' }).total);
    expect(body.results.every((result) => result.tier === 3)).toBe(true);
    expect(cli('tier', '--tier', 'five').stderr).toContain('There is no tier "five"');
  });

  it('lists --tier among its flags', () => {
    const help = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/search.ts', '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(help.stdout).toMatch(/--year, --country, --section, --doc, --tier/);
  });
});
