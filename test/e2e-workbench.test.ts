// The researcher's workbench in a real browser: a reading list kept across two searches, reordered,
// trimmed, shared and exported (the exports read back by citation-js); the concordance on a phone, measured
// for clipped words; and every citation a page offers scanned for addresses of this machine.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
// @ts-expect-error citation-js ships no type declarations
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { useBrowser } from './support/browser.ts';

const storedList = (page: Page) =>
  page.evaluate(() => JSON.parse(localStorage.getItem('tip-reading-list') ?? '[]') as string[]);
const listCount = (page: Page) => page.locator('a.list-link .list-count').innerText();
const itemIds = (page: Page) =>
  page.locator('.list-item').evaluateAll((items) => items.map((item) => item.id.replace(/^item-/, '')));

describe('the reading list, without PUBLIC_URL', () => {
  const browser = useBrowser();

  it('keeps passages ticked in two searches, reorders and removes them, and exports them as files citation-js reads back', async () => {
    const { page } = browser;
    await page.goto(browser.url('/search?q=Dandong'));
    const dandong = page.locator('.result input.list-toggle').first();
    const first = await dandong.getAttribute('value');
    await dandong.check();
    await expect.poll(() => listCount(page)).toBe(' (1)');

    // A second search, a new page load: the list carries over, and two more passages join it.
    await page.goto(browser.url('/search?q=prison%20camps&year=2007'));
    const boxes = page.locator('.result input.list-toggle');
    const second = await boxes.nth(0).getAttribute('value');
    const third = await boxes.nth(1).getAttribute('value');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await expect.poll(() => listCount(page)).toBe(' (3)');
    expect(await storedList(page)).toEqual([first, second, third]);

    await page.getByRole('link', { name: /^Reading list/ }).click();
    await page.waitForURL(/\/list\?ids=/);
    expect(await itemIds(page)).toEqual([first, second, third]);
    expect(await page.locator('.list-shared').isVisible()).toBe(false);

    // Reorder and remove: the page and the stored list follow.
    await page
      .locator('.list-item')
      .nth(2)
      .getByRole('link', { name: /^Move up/ })
      .click();
    await expect.poll(() => itemIds(page)).toEqual([first, third, second]);
    await page
      .locator('.list-item')
      .nth(0)
      .getByRole('link', { name: /^Remove/ })
      .click();
    await expect.poll(() => itemIds(page)).toEqual([third, second]);
    expect(await storedList(page)).toEqual([third, second]);
    expect(page.url()).toBe(browser.url(`/list?ids=${third},${second}`));

    // Every export holds the list, in its order, as the tools read it.
    const download = async (label: string) => {
      const href = await page.getByRole('link', { name: label, exact: true }).getAttribute('href');
      const response = await page.request.get(browser.url(href!));
      expect(response.status()).toBe(200);
      return { type: response.headers()['content-type'], body: await response.text() };
    };
    const bib = await download('BibTeX');
    expect(bib.type).toBe('application/x-bibtex; charset=utf-8');
    expect(new Cite(bib.body).data.map((item: { id: string }) => item.id)).toEqual([third, second]);
    const ris = await download('RIS');
    expect(ris.type).toBe('application/x-research-info-systems; charset=utf-8');
    expect(new Cite(ris.body).data.map((item: { title: string }) => item.title)).toEqual([
      'North Korea (Tier 3)',
      'North Korea (Tier 3)',
    ]);
    const csl = await download('CSL-JSON');
    expect(csl.type).toBe('application/vnd.citationstyles.csl+json; charset=utf-8');
    const items = new Cite(JSON.parse(csl.body)).data as Array<{ id: string; note: string; URL: string }>;
    expect(items.map((item) => item.id)).toEqual([third, second]);
    for (const item of items) {
      expect(item.URL).toMatch(/^https:\/\/www\.refworld\.org\/docid\/467be3cd33\.html#:~:text=/);
      expect(item.note).not.toContain('127.0.0.1');
    }
    const markdown = await download('Quotes (Markdown)');
    expect(markdown.type).toBe('text/markdown; charset=utf-8');
    expect(markdown.body).toContain(`[@${third}, para. `);

    // Back on a search page the boxes show what the list holds.
    await page.goto(browser.url('/search?q=Dandong'));
    await expect.poll(() => page.locator('.result input.list-toggle').first().isChecked()).toBe(false);
  });

  it('opens a shared list from its address in another browser, and keeps it there on request', async () => {
    const ids = ['2025-tip-trafficking-profile-p6-s3', '2007-tip-prosecution-p1-s8'];
    const other = await browser.newPage();
    await other.goto(browser.url(`/list?ids=${ids.join(',')}`));
    expect(await itemIds(other)).toEqual(ids);
    await other.getByRole('button', { name: 'Keep this as my reading list' }).click();
    await expect.poll(() => storedList(other)).toEqual(ids);
    await expect.poll(() => other.locator('.list-shared').isVisible()).toBe(false);
    expect(await listCount(other)).toBe(' (2)');
  });

  it('works without JavaScript for one page: the ticked results open as a list', async () => {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(browser.url('/search?q=Dandong'));
    await page.locator('.result input.list-toggle').first().check();
    await page.getByRole('button', { name: 'Open the list' }).click();
    await page.waitForURL(/\/list\?id=/);
    expect(await itemIds(page)).toEqual(['2025-tip-trafficking-profile-p6-s3']);
    expect(await page.getByRole('link', { name: /^Remove/ }).getAttribute('href')).toBe('/list');
  });
});

describe('the concordance on a phone', () => {
  const browser = useBrowser();

  /** Every concordance line's parts, measured: what overflows its box, and which context words are cut. */
  async function measure(page: Page) {
    return page.locator('.kwic-table tbody tr').evaluateAll((rows) =>
      rows.map((row) => {
        const box = (selector: string) => row.querySelector(selector)!.getBoundingClientRect();
        const match = row.querySelector('.kwic-match a')!;
        const where = box('.kwic-where');
        const cut: string[] = [];
        for (const words of row.querySelectorAll('.kwic-words')) {
          const frame = words.getBoundingClientRect();
          for (const word of words.children) {
            const rect = word.getBoundingClientRect();
            const hidden = rect.top >= frame.bottom - 1;
            const whole =
              rect.left >= frame.left - 0.5 && rect.right <= frame.right + 0.5 && rect.bottom <= frame.bottom + 0.5;
            if (!hidden && !whole) cut.push(word.textContent!);
          }
        }
        return {
          match: match.textContent,
          matchClipped:
            match.getBoundingClientRect().right > box('.kwic-match').right + 0.5 ||
            match.getBoundingClientRect().left < 0,
          matchWidth: match.getBoundingClientRect().width,
          whereShown: where.width > 0 && where.height > 0 && where.right <= window.innerWidth,
          cut,
        };
      }),
    );
  }

  it('shows every line’s whole match, its year and section, and no word cut in two', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(browser.url('/kwic?q=forcibly%20repatriated'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const lines = await measure(page);
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) {
      expect(line, line.match!).toMatchObject({ matchClipped: false, whereShown: true, cut: [] });
      expect(line.matchWidth).toBeGreaterThan(20);
    }
  });

  it('cuts no context word on a desktop either', async () => {
    await browser.page.goto(browser.url('/kwic?q=repatriated&sort=left'));
    for (const line of await measure(browser.page)) expect(line.cut, line.match!).toEqual([]);
  });
});

/** Every citation a reader can take away from the pages and files of one passage and one list. */
async function citationsOffered(page: Page, url: (path: string) => string): Promise<string[]> {
  const texts: string[] = [];
  await page.goto(url('/search?q=Dandong'));
  texts.push(
    ...(await page
      .locator('[data-citation]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('data-citation')!))),
  );
  for (const id of [
    '2025-tip-trafficking-profile-p6-s3',
    '2007-tip-prosecution-p1-s8',
    '2019-king-keia-commentary-p1-s2',
  ]) {
    await page.goto(url(`/p/${id}`));
    texts.push(...(await page.locator('#cite .citation-text, #cite .citation-code').allTextContents()));
    for (const file of [`/p/${id}.bib`, `/p/${id}.ris`]) texts.push(await (await page.request.get(url(file))).text());
  }
  const ids = '2025-tip-trafficking-profile-p6-s3,2016-tip-recommendations-p1-s2,2023-tip-excerpt-overview-p1-s2';
  await page.goto(url(`/list?ids=${ids}`));
  texts.push(...(await page.locator('.list-item .citation-text').allTextContents()));
  for (const format of ['bib', 'ris', 'json', 'md'])
    texts.push(await (await page.request.get(url(`/list.${format}?ids=${ids}`))).text());
  texts.push(
    await (await page.request.get(url('/search.atom?q=Dandong')))
      .text()
      .then((xml) => /<content type="html">([\s\S]*?)<\/content>/.exec(xml)![1]!),
  );
  return texts;
}

const LOOPBACK = /127\.\d+\.\d+\.\d+|localhost|\[::1\]|0\.0\.0\.0|192\.168\.|\b10\.\d+\.\d+\.\d+/;

describe('citations as started by the README (no PUBLIC_URL)', () => {
  const browser = useBrowser();

  it('carry no address of this machine and no permalink: they cite the original publication', async () => {
    const texts = await citationsOffered(browser.page, browser.url);
    expect(texts.length).toBeGreaterThan(30);
    for (const text of texts) {
      expect(text).not.toMatch(LOOPBACK);
      expect(text).not.toContain('Permalink');
    }
    expect(texts.join('\n')).toContain('https://www.refworld.org/docid/467be3cd33.html#:~:text=');
  });
});

describe('citations with PUBLIC_URL', () => {
  const browser = useBrowser({ publicUrl: 'https://tip.example.org' });

  it('carry the public permalink and still no address of this machine', async () => {
    const texts = await citationsOffered(browser.page, browser.url);
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text).not.toMatch(LOOPBACK);
    const all = texts.join('\n');
    expect(all).toContain('Permalink: https://tip.example.org/p/2025-tip-trafficking-profile-p6-s3');
    expect(all).toContain(
      'https://tip.example.org/list?ids=2025-tip-trafficking-profile-p6-s3,2016-tip-recommendations-p1-s2,2023-tip-excerpt-overview-p1-s2',
    );
  });
});
