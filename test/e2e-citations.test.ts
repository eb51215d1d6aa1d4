// Copying citations in a real browser: what lands on the clipboard and what the button says.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser.ts';

const browser = useBrowser();

/** A page allowed to read and write the clipboard, with a controllable clock for the "Copied" label. */
async function clipboardPage(path: string): Promise<Page> {
  const { context, page } = browser;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: browser.origin });
  // The label goes back after two seconds; a paused clock keeps it while a slow machine looks.
  await page.clock.install();
  await page.goto(browser.url(path));
  return page;
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

describe('copying a citation', () => {
  it('"Cite" on a result puts its citation on the clipboard and says it was copied', async () => {
    const page = await clipboardPage('/search?q=Dandong');
    const cite = page.locator('.result').first().locator('a.cite-link');
    expect(await cite.innerText()).toBe('Cite');
    const citation = await cite.getAttribute('data-citation');
    expect(citation).toMatch(/^U\.S\. Department of State, .*Trafficking in Persons Report 2025, para\. \d+ \(Trafficking Profile\)\.$/);

    await cite.click();
    await expect.poll(() => cite.innerText()).toBe('Copied');
    expect(await clipboard(page)).toBe(citation);
    expect(page.url()).toBe(browser.url('/search?q=Dandong'));

    await page.clock.runFor(2_100);
    await expect.poll(() => cite.innerText()).toBe('Cite');
    expect(await page.locator('[aria-live="polite"]').innerText()).toBe('Citation copied to the clipboard');
  });

  it('each "Copy" button on the passage page copies the citation beside it', async () => {
    const page = await clipboardPage('/p/2025-tip-trafficking-profile-p6-s3');
    const buttons = page.locator('button[data-copy-target]');
    const count = await buttons.count();
    expect(count).toBe(7);
    expect(await buttons.allInnerTexts()).toEqual(Array(count).fill('Copy'));

    for (let index = 0; index < count; index++) {
      const button = buttons.nth(index);
      const target = page.locator(`#${await button.getAttribute('data-copy-target')}`);
      const expected = (await target.textContent())!.trim();
      await button.click();
      await expect.poll(() => button.innerText()).toBe('Copied');
      expect(await clipboard(page)).toBe(expected);
      await page.clock.runFor(2_100);
      await expect.poll(() => button.innerText()).toBe('Copy');
    }
    const chicago = await page.locator('#citation-text').textContent();
    expect(chicago).toContain('“According to one media report that cited figures from Chinese officials');
    expect(chicago).toContain(browser.url('/p/2025-tip-trafficking-profile-p6-s3'));
  });
});
