// Searching in a real browser: live results as you type, facets, the chart, paging, history, and the same
// pages without JavaScript. Each test asserts what a user sees.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser.ts';

const browser = useBrowser();

/** Marks the current document; the mark survives htmx swaps and disappears on a page load. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
}

async function isSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => 'sameDocument' in window);
}

/** What a reader sees of a search: the box, the summary, the filters and the results, in order. */
async function visibleSearch(page: Page) {
  return {
    query: await page.locator('#q').inputValue(),
    summary: await page.locator('.results-summary').innerText(),
    chips: await page.locator('.chip').allInnerTexts(),
    results: await page.locator('.result-list > .result').evaluateAll((items) => items.map((item) => item.id)),
  };
}

/** The results heading as read on screen, less the quotation marks `<q>` draws with CSS. */
const summary = (page: Page) => page.locator('.results-summary').innerText();
/** The years of the full matches (the partial matches after them are a list of their own). */
const resultYears = (page: Page) => page.locator('.results > .result-list .result .badge-year').allInnerTexts();
const yearFacet = (page: Page, year: string) =>
  page
    .locator('.facet', { has: page.getByRole('heading', { name: 'Report year' }) })
    .locator('.facet-value', { has: page.locator('.facet-label', { hasText: year }) });

describe('searching as you type', () => {
  it('typing "Dandong" shows its one 2025 passage without loading a page, and puts the search in the address bar', async () => {
    const { page } = browser;
    await page.goto(browser.url('/'));
    await markDocument(page);
    await page.locator('#q').pressSequentially('Dandong');

    await page.waitForURL(browser.url('/search?q=Dandong'));
    await expect.poll(() => summary(page)).toBe('1 passage for Dandong');
    expect(await resultYears(page)).toEqual(['2025']);
    await expect.poll(() => page.locator('.result-hit mark').allInnerTexts()).toEqual(['Dandong']);
    expect(await isSameDocument(page)).toBe(true);
    // Screen readers hear the new summary from a live region that outlives the swap.
    await expect.poll(() => page.locator('[aria-live="polite"]').textContent()).toBe('1 passage for Dandong');
  });

  it('a query it cannot read shows the problem next to the box and no results, without a stack trace', async () => {
    const { page } = browser;
    browser.allowProblems(/status of 400/);
    await page.goto(browser.url('/search?q=forced+labor'));
    await page.locator('#q').fill('labor "forced');

    const error = page.locator('#search-results .query-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('This quotation mark is never closed.');
    expect(await page.locator('.query-echo').innerText()).toBe('labor "forced');
    expect(await page.locator('.result').count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toMatch(/\.ts:\d+|\bat \w+ \(|Error:/);
  });
});

describe('facets and the chart', () => {
  it('ticking a year narrows the results in place, shows a removable chip, and keeps the other years counted', async () => {
    const { page } = browser;
    await page.goto(browser.url('/search?q=forced+labor'));
    await markDocument(page);
    const everything = await visibleSearch(page);
    const count2016 = await yearFacet(page, '2016').locator('.facet-count').innerText();

    await yearFacet(page, '2016').click();
    await page.waitForURL(browser.url('/search?q=forced+labor&year=2016'));
    await expect.poll(() => summary(page)).toBe(`${count2016} passages for forced labor`);
    expect(new Set(await resultYears(page))).toEqual(new Set(['2016']));
    expect(await page.locator('.chip').allInnerTexts()).toEqual([expect.stringContaining('Year 2016')]);
    // Disjunctive: the other years still say how many they would add.
    for (const year of ['2007', '2019', '2025']) {
      expect(Number(await yearFacet(page, year).locator('.facet-count').innerText()), year).toBeGreaterThan(0);
    }
    expect(await yearFacet(page, '2016').getAttribute('class')).toContain('is-selected');

    await page.getByRole('link', { name: 'Remove filter: Year 2016' }).click();
    await page.waitForURL(browser.url('/search?q=forced+labor'));
    await expect.poll(() => visibleSearch(page)).toEqual(everything);
    expect(await isSameDocument(page)).toBe(true);
  });

  it('following a bar of the across-years chart shows only that year', async () => {
    const { page } = browser;
    await page.goto(browser.url('/search?q=forced+labor'));
    await markDocument(page);

    await page.locator('a.year-bar', { has: page.locator('.year-bar-year', { hasText: '2019' }) }).click();
    await page.waitForURL(browser.url('/search?q=forced+labor&year=2019'));
    await expect.poll(() => page.locator('.chip').allInnerTexts()).toEqual([expect.stringContaining('Year 2019')]);
    expect(new Set(await resultYears(page))).toEqual(new Set(['2019']));
    expect(await page.locator('a.year-bar.is-selected .year-bar-year').textContent()).toBe('2019');
    expect(await isSameDocument(page)).toBe(true);
  });
});

describe('paging and history', () => {
  it('"More results" appends the next page to the list in place and moves the focus to the first new result', async () => {
    const { page } = browser;
    await page.goto(browser.url('/search?q=forced+labor'));
    await markDocument(page);
    const results = page.locator('.result-list > .result');
    const first = await results.evaluateAll((items) => items.map((item) => item.id));
    expect(first).toHaveLength(20);
    const total = Number((await summary(page)).match(/^(\d+) passages/)![1]);

    await page.getByRole('link', { name: /More results/ }).click();
    await expect.poll(() => results.count()).toBe(Math.min(40, total));
    const after = await results.evaluateAll((items) => items.map((item) => item.id));
    expect(after.slice(0, 20)).toEqual(first);
    expect(new Set(after).size).toBe(after.length);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(after[20]);
    expect(page.url()).toBe(browser.url('/search?q=forced+labor'));
    expect(await isSameDocument(page)).toBe(true);
  });

  it('Back from a permalink returns to the same search with the same results', async () => {
    const { page } = browser;
    await page.goto(browser.url('/'));
    await page.locator('#q').fill('Dandong');
    await page.waitForURL(browser.url('/search?q=Dandong'));
    await expect.poll(() => summary(page)).toBe('1 passage for Dandong');
    const before = await visibleSearch(page);

    await page.getByRole('link', { name: 'Permalink' }).first().click();
    // The link carries the search, so the passage page's "← Search" can return to it.
    await page.waitForURL(browser.url('/p/2025-tip-trafficking-profile-p6-s3?q=Dandong'));
    expect(await page.locator('.passage-quote').innerText()).toContain('the city of Dandong');

    await page.goBack();
    await page.waitForURL(browser.url('/search?q=Dandong'));
    await expect.poll(() => visibleSearch(page)).toEqual(before);
  });

  it('Back after ticking a facet restores the unfiltered results', async () => {
    const { page } = browser;
    await page.goto(browser.url('/search?q=forced+labor'));
    const everything = await visibleSearch(page);
    await yearFacet(page, '2007').click();
    await page.waitForURL(browser.url('/search?q=forced+labor&year=2007'));
    await expect.poll(() => page.locator('.chip').count()).toBe(1);

    await page.goBack();
    await page.waitForURL(browser.url('/search?q=forced+labor'));
    await expect.poll(() => visibleSearch(page)).toEqual(everything);
  });

  it('reloading, or pasting the address into a new window, gives the same page as the live search', async () => {
    const { page } = browser;
    await page.goto(browser.url('/'));
    await page.locator('#q').fill('repatriation');
    await page.waitForURL(browser.url('/search?q=repatriation'));
    await yearFacet(page, '2016').click();
    await page.waitForURL(browser.url('/search?q=repatriation&year=2016'));
    await expect.poll(() => page.locator('.chip').count()).toBe(1);
    const live = await visibleSearch(page);

    await page.reload();
    expect(await visibleSearch(page)).toEqual(live);

    const pasted = await browser.newPage();
    await pasted.goto(page.url());
    expect(await visibleSearch(pasted)).toEqual(live);
  });
});

describe('user text in the search box', () => {
  const payloads = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];

  it.each(payloads)('%s is shown as text: no dialog opens and no element is injected', async (payload) => {
    const { page } = browser;
    browser.allowProblems(/status of 400/);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(browser.url('/'));
    await page.locator('#q').fill(payload);
    await page.waitForURL((url) => url.searchParams.get('q') === payload);

    const echo = page.locator('.results-summary q, .query-echo');
    await expect.poll(() => echo.first().innerText()).toBe(payload);
    await page.reload();
    await expect.poll(() => echo.first().innerText()).toBe(payload);

    const injected = await page.evaluate(() => ({
      images: document.querySelectorAll('img').length,
      inlineScripts: document.querySelectorAll('script:not([src])').length,
      handlers: document.querySelectorAll('[onerror], [onload]').length,
    }));
    expect(injected).toEqual({ images: 0, inlineScripts: 0, handlers: 0 });
    expect(dialogs).toEqual([]);
  });
});

describe('without JavaScript', () => {
  it('the search form and the facet links work as plain pages', async () => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(browser.url('/'));
    await page.locator('#q').fill('forced labor');
    await page.locator('#q').press('Enter');
    // A plain GET form sends every field, the sort order at its default too.
    await page.waitForURL(browser.url('/search?q=forced+labor&sort=relevance'));
    expect(await summary(page)).toMatch(/^\d+ passages for forced labor$/);
    expect(await page.locator('.result').count()).toBe(20);

    await yearFacet(page, '2016').click();
    await page.waitForURL(browser.url('/search?q=forced+labor&year=2016'));
    expect(new Set(await resultYears(page))).toEqual(new Set(['2016']));
    expect(await page.locator('.chip').allInnerTexts()).toEqual([expect.stringContaining('Year 2016')]);

    await page.locator('#q').fill('repatriation');
    await page.locator('#q').press('Enter');
    await page.waitForURL(browser.url('/search?q=repatriation&sort=relevance&year=2016'));
    expect(new Set(await resultYears(page))).toEqual(new Set(['2016']));
  });
});

describe('the browser console', () => {
  it('stays free of errors and CSP violations across every kind of page and live update', async () => {
    const { page } = browser;
    await page.goto(browser.url('/'));
    await page.locator('#q').fill('forced labor');
    await page.waitForURL(browser.url('/search?q=forced+labor'));
    await yearFacet(page, '2016').click();
    await page.waitForURL(browser.url('/search?q=forced+labor&year=2016'));
    await page.getByRole('link', { name: 'In context' }).first().click();
    await page.waitForURL((url) => url.pathname === '/docs/2016-tip');
    for (const path of ['/p/2025-tip-trafficking-profile-p6-s3', '/docs', '/search?q=Dandog&sort=year']) {
      await page.goto(browser.url(path));
    }
    expect(browser.problems).toEqual([]);
  });

  it('would report a CSP violation: an injected inline handler is refused and logged', async () => {
    const { page } = browser;
    browser.allowProblems(/Content Security Policy/);
    await page.goto(browser.url('/'));
    await page.evaluate(() =>
      document.body.insertAdjacentHTML('beforeend', '<img alt="" src="data:," onerror="window.pwned = true">'),
    );
    await expect
      .poll(() => browser.problems)
      .toEqual([
        expect.stringMatching(/inline event handler violates the following Content Security Policy directive/),
      ]);
    expect(await page.evaluate(() => 'pwned' in window)).toBe(false);
  });
});
