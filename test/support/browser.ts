// End-to-end tests in a real browser: the app over the real corpus, listening on an ephemeral port, and
// Debian's chromium driven by playwright-core. One server and one browser per test file; every test gets a
// fresh context and page, and fails if a page it opened logged an error (a CSP violation is one).
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { createApp } from '../../server/web/app.ts';
import { realLibrary } from './library.ts';

/** CI installs chromium with apt-get; CHROMIUM_PATH points elsewhere on other machines. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserFixture {
  /** `http://127.0.0.1:<port>` of the app under test. */
  readonly origin: string;
  /** This test's context and page, fresh for every test. */
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and uncaught exceptions of every page this test opened, in order. */
  readonly problems: string[];
  /** Absolute URL of a path on the app. */
  url(path: string): string;
  /** Another context with its own options (no JavaScript, a phone's viewport...), closed after the test. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Console errors this test expects (the browser logs every 4xx response, e.g. the 400 of a bad query). */
  allowProblems(pattern: RegExp): void;
}

/**
 * Registers the hooks that start the server and the browser for this file and give each test a page.
 * `publicUrl` is PUBLIC_URL as `npm start` would pass it (none by default, as the README starts the app).
 * @example
 * const browser = useBrowser();
 * it('shows the home page', async () => { await browser.page.goto(browser.url('/')); });
 */
export function useBrowser(appOptions: { publicUrl?: string | null } = {}): BrowserFixture {
  let server: Server;
  let browser: Browser;
  let origin = '';
  let contexts: BrowserContext[] = [];
  let current: { context: BrowserContext; page: Page } | undefined;
  let problems: string[] = [];
  let allowed: RegExp[] = [];

  async function openPage(options: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    contexts.push(context);
    // Fail a step in seconds, well inside the test's own timeout, so the message names the step.
    context.setDefaultTimeout(10_000);
    context.on('page', (page) => watch(page));
    const page = await context.newPage();
    return { context, page };
  }

  function watch(page: Page): void {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught exception on ${page.url()}: ${error.message}`));
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `The browser tests need chromium at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH.`,
      );
    }
    server = await listen(appOptions.publicUrl ?? null);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
  });

  beforeEach(async () => {
    problems = [];
    allowed = [];
    current = await openPage({});
  });

  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
    current = undefined;
    const unexpected = problems.filter((problem) => !allowed.some((pattern) => pattern.test(problem)));
    expect(unexpected, 'the pages this test opened logged errors').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    }
  });

  const need = () => {
    if (!current) throw new Error('The browser fixture gives a page inside a test only (it is made in beforeEach).');
    return current;
  };

  return {
    get origin() {
      return origin;
    },
    get context() {
      return need().context;
    },
    get page() {
      return need().page;
    },
    get problems() {
      return problems;
    },
    url: (path) => new URL(path, origin).href,
    newPage: async (options = {}) => (await openPage(options)).page,
    allowProblems: (pattern) => {
      allowed.push(pattern);
    },
  };
}

/** The app over the real corpus on 127.0.0.1 and a port the system picks (with PUBLIC_URL when given). */
function listen(publicUrl: string | null): Promise<Server> {
  // Build the corpus and index now, not inside the first page load a test is timing.
  realLibrary();
  const app = createApp({ library: realLibrary, publicUrl });
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}
