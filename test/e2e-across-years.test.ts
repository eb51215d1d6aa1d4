// The across-years pages in a real browser: trends, the concordance, what changed, recommendations.
import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/browser.ts';

const browser = useBrowser();

describe('trends', () => {
  it('draws a line per query and a point opens exactly the passages it counts', async () => {
    const { page } = browser;
    await page.goto(browser.url('/trends'));
    await page.getByRole('searchbox', { name: 'Query 1' }).fill('forced repatriation');
    await page.getByRole('button', { name: 'Show trends' }).click();
    await page.waitForURL(/\/trends\?q=forced\+repatriation/);
    await page.getByRole('searchbox', { name: 'Query 2' }).fill('Dandong');
    await page.getByRole('button', { name: 'Show trends' }).click();
    await page.waitForURL(/q=Dandong/);
    expect(await page.locator('path.trend-line').count()).toBe(2);
    const point = page.getByRole('link', { name: '“forced repatriation”, 2016: 7 passages' });
    await point.click();
    await page.waitForURL(/\/search\?q=forced\+repatriation&year=2016/);
    await expect.poll(() => page.locator('.results-summary').innerText()).toMatch(/^7 passages for/);
    // The full matches; partial matches follow under their own heading.
    expect(await page.locator('.results > .result-list > .result').count()).toBe(7);
  });

  it('switches to per 1,000 passages and says so', async () => {
    const { page } = browser;
    await page.goto(browser.url('/trends?q=Dandong'));
    await page.getByRole('link', { name: 'Show per 1,000 passages instead' }).click();
    await page.waitForURL(/measure=per1000/);
    await expect
      .poll(() => page.locator('.trend-explain').innerText())
      .toContain('per 1,000 passages of that year’s documents');
    expect(await page.getByRole('link', { name: '“Dandong”, 2025: 10.8 per 1,000 passages' }).count()).toBe(1);
  });

  it('is reached from the search page’s chart for the current query', async () => {
    const { page } = browser;
    await page.goto(browser.url('/search?q=Dandong'));
    await page.getByRole('link', { name: 'Trends over time →' }).click();
    await page.waitForURL(browser.url('/trends?q=Dandong'));
    expect(await page.locator('.trend-table tbody tr').count()).toBe(1);
  });
});

describe('the concordance', () => {
  it('re-sorts by left context and opens a line’s passage', async () => {
    const { page } = browser;
    await page.goto(browser.url('/kwic?q=repatriated'));
    const rightSorted = await page.locator('td.kwic-right').allInnerTexts();
    expect(rightSorted).toEqual(
      [...rightSorted].sort((a, b) =>
        a
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\s]/gu, '')
          .localeCompare(b.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, '')),
      ),
    );
    await page.getByRole('link', { name: 'left context' }).click();
    await page.waitForURL(/sort=left/);
    const lines = await page.locator('.kwic-table tbody tr').count();
    expect(lines).toBe(rightSorted.length);
    await page.locator('td.kwic-match a').first().click();
    await page.waitForURL(/\/p\/\d{4}-/);
    expect(await page.locator('.passage-quote').innerText()).toMatch(/repatriated/);
  });
});

describe('what changed', () => {
  it('compares the years chosen, shows diffs, and unfolds the unchanged sentences', async () => {
    const { page } = browser;
    await page.goto(browser.url('/compare'));
    await page.getByRole('combobox', { name: 'From' }).selectOption('2016');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/from=2016&to=2025/);
    expect(await page.locator('h1').innerText()).toBe('What changed from 2016 to 2025');
    expect(await page.locator('.compare-diff del').count()).toBeGreaterThan(0);
    const unchanged = page.locator('details.compare-unchanged').first();
    expect(await unchanged.locator('li').first().isVisible()).toBe(false);
    await unchanged.locator('summary').click();
    expect(await unchanged.locator('li').first().isVisible()).toBe(true);
  });

  it('follows a recommendation across the years and shows what changed in it', async () => {
    const { page } = browser;
    await page.goto(browser.url('/recommendations'));
    const row = page.locator('tr', { hasText: 'Eliminate coercive tactics' });
    expect(await row.locator('.status').allInnerTexts()).toEqual(['new', 'revised', 'revised']);
    await row.locator('summary').first().click();
    expect(await row.locator('.thread-diff ins').first().isVisible()).toBe(true);
  });
});
