// In a real browser: the best of each year from the year chart, partial matches after full ones, and the
// readings of a query (years as filters, spelling corrections) with their way back.
import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/browser.ts';

const browser = useBrowser();

describe('across the years, partial matches and readings, in the browser', () => {
  it('from the year chart, "Best of each year" shows every year with its best passages', async () => {
    const { page } = browser;
    await page.goto(browser.url('/search?q=prison+camps'));
    await page.getByRole('link', { name: 'Best of each year →' }).click();
    await expect
      .poll(() => page.locator('.year-group-title').allInnerTexts())
      .toEqual([
        '2007 5 passages · all 5 from 2007',
        '2016 10 passages · all 10 from 2016',
        '2019 3 passages',
        '2023 2 passages',
        '2025 12 passages · all 12 from 2025',
      ]);
    expect(page.url()).toContain('sort=each-year');
    expect(await page.locator('#search-form select[name="sort"]').inputValue()).toBe('each-year');
  });

  it('"Russia logging" shows passages with some of the words, each naming the missing one', async () => {
    const { page } = browser;
    await page.goto(browser.url('/search?q=Russia+logging'));
    await expect.poll(() => page.locator('#partial-heading').innerText()).toMatch(/passages with some of the words/);
    const missing = await page.locator('.partial-results .result-missing').allInnerTexts();
    expect(missing.length).toBeGreaterThan(3);
    for (const line of missing) expect(line).toMatch(/^Missing: (Russia|logging)$/);
  });

  it('"recommendations 2016" says how it was read, and one click searches the words instead', async () => {
    const { page } = browser;
    await page.goto(browser.url('/search?q=recommendations+2016'));
    await expect
      .poll(() => page.locator('.interpreted').innerText())
      .toContain('Searching section:recommendations year:2016');
    await page.getByRole('link', { name: 'search the words instead' }).click();
    await expect.poll(() => page.locator('#q').inputValue()).toBe('"recommendations" "2016"');
    await expect.poll(() => page.locator('.results-summary').innerText()).toMatch(/^No passages match/);
  });
});
