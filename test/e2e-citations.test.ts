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

/** Today as a citation's access date ("July 1, 2025"), in UTC as the server writes it. */
const today = () =>
  new Date().toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

describe('copying a citation', () => {
  it('"Cite" on a result puts the full note on the clipboard: quote, paragraph, report and the original’s address', async () => {
    const page = await clipboardPage('/search?q=prison%20camps&year=2007');
    const cite = page.locator('.result').first().getByRole('link', { name: /^Cite/ });
    expect(await cite.innerText()).toBe('Cite');
    await cite.click();
    await expect.poll(() => cite.innerText()).toBe('Note copied');
    const note = await clipboard(page);
    expect(note).toBe(
      'U.S. Department of State, Office to Monitor and Combat Trafficking in Persons, “North Korea (Tier 3),” in Trafficking in Persons Report 2007 ' +
        '(U.S. Department of State, June 12, 2007), para. 5 (Protection): “North Koreans forcibly repatriated from P. R. C. , some of whom may be ' +
        'trafficking victims, may be jailed and forced into prison labor camps.” Reproduced via UNHCR Refworld, ' +
        `https://www.refworld.org/docid/467be3cd33.html#:~:text=North%20Koreans%20forcibly%20repatriated,into%20prison%20labor%20camps%2E, accessed ${today()}. ` +
        'Quote check: 722b1a763be6 (first 12 hex digits of the SHA-256 of the quoted text, UTF-8, whitespace folded).',
    );
    // Started without PUBLIC_URL: the note carries no address of this machine.
    expect(note).not.toContain(browser.origin);
    expect(page.url()).toBe(browser.url('/search?q=prison%20camps&year=2007'));
    await page.clock.runFor(2_100);
    await expect.poll(() => cite.innerText()).toBe('Cite');
    expect(await page.locator('[aria-live="polite"]').innerText()).toBe('Note copied to the clipboard');
  });

  it('"Short ref" is the separate, labelled choice of the short reference', async () => {
    const page = await clipboardPage('/search?q=Dandong');
    const short = page
      .locator('.result')
      .first()
      .getByRole('link', { name: /^Short ref/ });
    await short.click();
    await expect.poll(() => short.innerText()).toBe('Short reference copied');
    expect(await clipboard(page)).toMatch(
      /^U\.S\. Department of State, “Korea, Democratic People's Republic of \(Tier 3\),” Trafficking in Persons Report 2025, para\. 24 \(Trafficking Profile\)\.$/,
    );
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
    expect(chicago).not.toContain(browser.origin);
  });
});
