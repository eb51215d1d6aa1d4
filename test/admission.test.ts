// Admission as clients meet it: who counts as one client, which requests are costly, and what a client
// gets when costly requests from many addresses fill the server (503 with Retry-After, in the API's
// error shape) while a cheap request goes ahead.
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admission, clientKey } from '../server/web/admission.ts';
import { MAX_CHEAP_CITATIONS, MAX_CHEAP_PAGE, MAX_CHEAP_WORDS, requestCost } from '../server/web/request-cost.ts';
import { errorHandler } from '../server/web/error-handler.ts';

describe('clientKey', () => {
  const cases = [
    { ip: '203.0.113.9', expected: '203.0.113.9' },
    { ip: '::ffff:203.0.113.9', expected: '203.0.113.9' },
    { ip: '::ffff:cb00:7109', expected: '203.0.113.9' },
    { ip: '2001:db8:1:2:aaaa:bbbb:cccc:dddd', expected: '2001:db8:1:2::/64' },
    { ip: '2001:db8:1:2::1', expected: '2001:db8:1:2::/64' },
    { ip: '2001:0db8:0001:0003::1', expected: '2001:db8:1:3::/64' },
    { ip: '::1', expected: '0:0:0:0::/64' },
    { ip: 'unknown', expected: 'unknown' },
  ];
  it.each(cases)('counts $ip as $expected', ({ ip, expected }) => {
    expect(clientKey(ip)).toBe(expected);
  });
});

describe('requestCost', () => {
  const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
  const cases = [
    { path: '/api/search', query: { q: 'Dandong' }, expected: 'cheap' },
    { path: '/search', query: { q: 'forced labor', year: '2016', sort: 'year' }, expected: 'cheap' },
    { path: '/', query: {}, expected: 'cheap' },
    { path: '/api/search', query: { q: words(MAX_CHEAP_WORDS) }, expected: 'cheap' },
    { path: '/api/search', query: { q: words(MAX_CHEAP_WORDS + 1) }, expected: 'costly' },
    { path: '/api/search', query: { q: 'a OR b OR c OR d OR e' }, expected: 'costly' },
    { path: '/api/search', query: { q: 'repatriat*' }, expected: 'costly' },
    { path: '/api/search', query: { q: 'Dandog~' }, expected: 'costly' },
    { path: '/api/search', query: { q: 'Dandong', size: String(MAX_CHEAP_PAGE) }, expected: 'cheap' },
    { path: '/api/search', query: { q: 'Dandong', size: String(MAX_CHEAP_PAGE + 1) }, expected: 'costly' },
    { path: '/p/2025-tip-trafficking-profile-p6-s3', query: {}, expected: 'cheap' },
    { path: '/p/2025-tip-trafficking-profile-p6-s3.bib', query: {}, expected: 'cheap' },
    { path: '/api/passages/2025-tip-trafficking-profile-p6-s3', query: {}, expected: 'cheap' },
    { path: '/docs', query: {}, expected: 'cheap' },
    { path: '/docs/2025-tip', query: {}, expected: 'cheap' },
    { path: '/docs/2025-tip', query: { q: 'Dandong' }, expected: 'costly' },
    { path: '/words', query: {}, expected: 'cheap' },
    { path: '/healthz', query: {}, expected: 'cheap' },
    { path: '/export/citations.bib', query: { id: Array(MAX_CHEAP_CITATIONS).fill('x') }, expected: 'cheap' },
    { path: '/export/citations.bib', query: { id: Array(MAX_CHEAP_CITATIONS + 1).fill('x') }, expected: 'costly' },
    { path: '/list', query: { ids: Array(MAX_CHEAP_CITATIONS).fill('x').join(',') }, expected: 'cheap' },
    {
      path: '/list.ris',
      query: {
        ids: Array(MAX_CHEAP_CITATIONS + 1)
          .fill('x')
          .join(','),
      },
      expected: 'costly',
    },
    { path: '/list.bib', query: { ids: 'a,b', id: Array(MAX_CHEAP_CITATIONS - 1).fill('x') }, expected: 'costly' },
    { path: '/search.atom', query: { q: 'Dandong' }, expected: 'costly' },
    { path: '/trends', query: { q: 'Dandong' }, expected: 'costly' },
    { path: '/api/trends', query: { q: 'Dandong' }, expected: 'costly' },
    { path: '/kwic', query: { q: 'Dandong' }, expected: 'costly' },
    { path: '/kwic.csv', query: { q: 'Dandong' }, expected: 'costly' },
    { path: '/export.json', query: {}, expected: 'costly' },
    { path: '/compare', query: { from: '2016', to: '2025' }, expected: 'costly' },
    { path: '/recommendations', query: {}, expected: 'costly' },
    // A route nobody has measured yet is costly until it is.
    { path: '/some/new/page', query: {}, expected: 'costly' },
  ];
  it.each(cases)('$path $query is $expected', ({ path, query, expected }) => {
    expect(requestCost(path, query)).toBe(expected);
  });
});

describe('many clients sending costly requests', () => {
  let server: Server;
  let origin: string;
  let slowRuns = 0;
  beforeAll(async () => {
    const app = express();
    app.set('trust proxy', 'loopback');
    // Costly requests may take a quarter of the server; one runs 100 ms, so the next may start 300 ms
    // after it ends: past the 250 ms a request may wait here.
    app.use(
      admission({
        scheduler: { costlyShare: 0.25, costlyBurstMs: 1, maxWaiting: 100, deadlineMs: 250, contentionMs: 5000 },
        isCostly: (req) => req.path === '/slow',
      }),
    );
    app.get('/slow', (_req, res) => {
      slowRuns++;
      const until = performance.now() + 100;
      while (performance.now() < until);
      res.json({ ok: true });
    });
    app.get('/fast', (_req, res) => res.json({ ok: true }));
    app.use(errorHandler);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = async (path: string, client: string) => {
    const response = await fetch(origin + path, { headers: { 'X-Forwarded-For': client, Accept: 'application/json' } });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: await response.json(),
      at: performance.now(),
    };
  };

  it('answers the costly requests past the share with 503 and Retry-After, and a cheap one at once', async () => {
    slowRuns = 0;
    const attackers = Array.from({ length: 6 }, (_, i) => get('/slow', `198.51.100.${i + 1}`));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const victim = await get('/fast', '203.0.113.7');
    const answers = await Promise.all(attackers);
    expect(victim.status).toBe(200);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(slowRuns);
    const refused = answers.filter((answer) => answer.status === 503);
    expect(refused.length).toBeGreaterThanOrEqual(4);
    for (const answer of refused) {
      expect(answer.retryAfter).toBe('1');
      expect(answer.body).toEqual({
        error: { message: 'The server is busy with expensive requests; please try again in 1 second.' },
      });
    }
    // The cheap request was not kept waiting for the costly ones' deadline.
    expect(victim.at).toBeLessThan(Math.min(...refused.map((answer) => answer.at)));
  });

  it('forgets a costly request whose client went away while it waited', async () => {
    slowRuns = 0;
    const first = get('/slow', '198.51.100.20');
    const controller = new AbortController();
    const second = fetch(`${origin}/slow`, {
      headers: { 'X-Forwarded-For': '198.51.100.21' },
      signal: controller.signal,
    }).catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await first;
    await second;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(slowRuns).toBe(1);
  });
});
