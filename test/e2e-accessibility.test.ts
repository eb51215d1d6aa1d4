// Accessibility in a real browser: axe-core's WCAG 2 A/AA rules on every kind of page at a desktop and a
// phone width, and the search page used from the keyboard alone.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser.ts';

const browser = useBrowser();
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG2_A_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Serious and critical violations on the page, one line each. axe is evaluated through the DevTools
 * protocol, which the page's CSP (script-src 'self') does not govern, so the page is checked under its
 * real policy: no bypassCSP needed.
 */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(
        document,
        { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] },
      ),
    WCAG2_A_AA,
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes.length}x, e.g. ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(' | ')})`,
    );
}

const pages = [
  { name: 'the home page', path: '/', status: 200 },
  { name: 'a results page with a filter', path: '/search?q=forced+labor&year=2016', status: 200 },
  { name: 'a page with no results', path: '/search?q=%22Dandog%22', status: 200 },
  { name: 'a spelling correction', path: '/search?q=Dandog', status: 200 },
  { name: 'partial matches only', path: '/search?q=Russia+logging', status: 200 },
  {
    name: 'years and sections read as filters, with partial matches',
    path: '/search?q=forced+repatriation+pregnant+2016',
    status: 200,
  },
  { name: 'the best of each year', path: '/search?q=prison+camps&sort=each-year', status: 200 },
  { name: 'a query error', path: '/search?q=labor+%22forced', status: 400 },
  { name: 'the passage page', path: '/p/2025-tip-trafficking-profile-p6-s3', status: 200 },
  { name: 'the reader with matches marked', path: '/docs/2025-tip?q=Dandong', status: 200 },
  { name: 'the list of reports', path: '/docs', status: 200 },
  { name: 'the not-found page', path: '/docs/2030-tip', status: 404 },
  {
    name: 'trends for three queries, split by section',
    path: '/trends?q=forced+repatriation&q=Dandong&q=overseas+workers&by=section',
    status: 200,
  },
  { name: 'the concordance', path: '/kwic?q=repatriated&sort=left', status: 200 },
  { name: 'what changed between two years', path: '/compare?from=2016&to=2025', status: 200 },
  { name: 'the recommendations tracker', path: '/recommendations', status: 200 },
  { name: 'the word lists', path: '/words', status: 200 },
];
const cases = pages.flatMap((page) => [1280, 360].map((width) => ({ ...page, width })));

describe('axe-core, WCAG 2 A and AA', () => {
  for (const { name, path, status, width } of cases) {
    it(`${name} (${path}) at ${width}px wide has no serious or critical violation`, async () => {
      const { page } = browser;
      browser.allowProblems(/Failed to load resource: the server responded with a status of 40[04]/);
      await page.setViewportSize({ width, height: 900 });
      const response = await page.goto(browser.url(path));
      expect(response?.status()).toBe(status);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  it('no page scrolls sideways on a 320px wide screen (WCAG reflow)', async () => {
    const { page } = browser;
    browser.allowProblems(/Failed to load resource: the server responded with a status of 40[04]/);
    await page.setViewportSize({ width: 320, height: 640 });
    const tooWide: string[] = [];
    for (const { path } of pages) {
      await page.goto(browser.url(path));
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 320) tooWide.push(`${path} is ${width}px wide`);
    }
    expect(tooWide).toEqual([]);
  });

  it('results swapped in by htmx have no serious or critical violation', async () => {
    const { page } = browser;
    await page.goto(browser.url('/'));
    await page.locator('#q').fill('forced labor');
    await page.waitForURL(browser.url('/search?q=forced+labor'));
    await page.getByRole('link', { name: /More results/ }).click();
    await expect.poll(() => page.locator('.result').count()).toBeGreaterThan(20);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

/** What has the focus, in words: `a "Permalink"`, `input#q`, `input "Select this passage..."`. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement!;
    const label = element instanceof HTMLInputElement ? element.labels?.[0]?.innerText : undefined;
    const text = element instanceof HTMLElement && !(element instanceof HTMLSelectElement) ? element.innerText : '';
    const name = (element.getAttribute('aria-label') ?? label ?? text).replace(/\s+/g, ' ').trim();
    return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${name ? ` "${name}"` : ''}`;
  });
}

/** Whether the focused element shows it: an outline, or (the chart's bars) a highlighted bar. */
function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const element = document.activeElement!;
    const style = getComputedStyle(element);
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) return true;
    const hit = element.querySelector('.year-bar-hit');
    return hit !== null && getComputedStyle(hit).fill !== 'rgba(0, 0, 0, 0)';
  });
}

describe('the keyboard', () => {
  it("Tab from the search box reaches the filters, then each result's links in reading order, always with a visible focus", async () => {
    const { page } = browser;
    await page.goto(browser.url('/search?q=Dandong'));
    await page.locator('#q').focus();
    const order: string[] = [];
    const invisible: string[] = [];
    for (let step = 0; step < 60 && !order.at(-1)?.startsWith('a "Short ref:'); step++) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      order.push(now);
      if (!(await focusIsVisible(page))) invisible.push(now);
    }

    expect(order[0]).toBe('button "Search"');
    const at = (label: string) => {
      const index = order.findIndex((entry) => entry.startsWith(label));
      expect(index, `${label} in ${order.join(', ')}`).toBeGreaterThanOrEqual(0);
      return index;
    };
    const facet = at('a "2025 1"');
    const permalink = at('a "Permalink"');
    expect(facet).toBeLessThan(permalink);
    expect(at('a "In context"')).toBe(permalink + 1);
    expect(at('a "Cite: copy the full note')).toBe(permalink + 2);
    expect(at('a "Short ref: copy the short reference only"')).toBe(permalink + 3);
    expect(invisible).toEqual([]);
  });

  it('the focus ring is a solid outline on :focus-visible', async () => {
    const { page } = browser;
    await page.goto(browser.url('/search?q=Dandong'));
    await page.locator('#q').focus();
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return {
        visible: document.activeElement!.matches(':focus-visible'),
        style: style.outlineStyle,
        width: style.outlineWidth,
      };
    });
    expect(ring).toEqual({ visible: true, style: 'solid', width: '3px' });
  });

  it('pressing "/" anywhere on the search page puts the cursor in the search box without typing a slash', async () => {
    const { page } = browser;
    await page.goto(browser.url('/search?q=Dandong'));
    await page.getByRole('link', { name: 'Permalink' }).first().focus();
    expect(await focused(page)).toBe('a "Permalink"');

    await page.keyboard.press('/');
    expect(await focused(page)).toBe('input#q "Search the reports"');
    expect(await page.locator('#q').inputValue()).toBe('Dandong');
    // Selected, so typing replaces the old query.
    expect(
      await page.locator('#q').evaluate((box: HTMLInputElement) => [box.selectionStart, box.selectionEnd]),
    ).toEqual([0, 7]);
    expect(page.url()).toBe(browser.url('/search?q=Dandong'));
  });
});
