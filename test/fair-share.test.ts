// Each client's share of the server's time: the bucket arithmetic on a fake clock, then the middleware.
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ServerTimeBudget } from '../server/web/fair-share.ts';
import { admission } from '../server/web/admission.ts';
import { errorHandler } from '../server/web/error-handler.ts';

describe('ServerTimeBudget', () => {
  const cases = [
    { name: 'a new client may go ahead', charges: [], at: 0, wait: 0 },
    { name: 'a client within its burst may go ahead', charges: [[90, 0]], at: 0, wait: 0 },
    { name: 'a client that spent its burst waits until it refills', charges: [[100, 0]], at: 0, wait: 1 },
    {
      name: 'the wait grows with the debt',
      charges: [
        [100, 0],
        [1000, 0],
      ],
      at: 0,
      wait: 5,
    },
    { name: 'the bucket refills at the share: 400 ms of quiet pays 100 ms', charges: [[100, 0]], at: 401, wait: 0 },
    { name: 'refilling stops at the burst', charges: [[50, 0]], at: 1_000_000, wait: 0 },
  ];
  for (const { name, charges, at, wait } of cases) {
    it(name, () => {
      // Someone else is always here: these cases are the bucket's arithmetic under contention.
      const budget = new ServerTimeBudget({ share: 0.25, burstMs: 100, contentionMs: Infinity });
      budget.seen('someone else', 0);
      for (const [ms, now] of charges) budget.charge('client', ms!, now!);
      expect(budget.retryAfter('client', at)).toBe(wait);
      expect(budget.retryAfter('someone else', at)).toBe(0);
    });
  }

  it('forgets idle clients when it remembers too many', () => {
    const budget = new ServerTimeBudget({ share: 0.25, burstMs: 100, maxClients: 2, contentionMs: Infinity });
    budget.seen('someone else', 0);
    budget.charge('busy', 500, 0);
    budget.charge('idle', 0, 0);
    budget.charge('new', 1, 0);
    expect(budget.clients).toBe(2);
    expect(budget.retryAfter('busy', 0)).toBeGreaterThan(0);
  });
});

describe('only contended time counts', () => {
  it('a client alone on the server is neither charged nor refused, however costly its requests', () => {
    const budget = new ServerTimeBudget({ share: 0.25, burstMs: 100, contentionMs: 5000 });
    budget.seen('reader', 0);
    budget.charge('reader', 10_000, 0);
    expect(budget.retryAfter('reader', 1)).toBe(0);
  });

  it('time a reader spent alone is not held against it when someone else arrives', () => {
    const budget = new ServerTimeBudget({ share: 0.25, burstMs: 100, contentionMs: 5000 });
    budget.seen('reader', 0);
    budget.charge('reader', 10_000, 0);
    budget.seen('newcomer', 10);
    expect(budget.retryAfter('reader', 11)).toBe(0);
  });

  it('a client is refused while another was seen within the window, and let through once it has gone', () => {
    const budget = new ServerTimeBudget({ share: 0.25, burstMs: 100, contentionMs: 5000 });
    budget.seen('victim', 0);
    budget.seen('attacker', 0);
    budget.charge('attacker', 10_000, 0);
    expect(budget.retryAfter('attacker', 10)).toBeGreaterThan(0);
    expect(budget.retryAfter('victim', 10)).toBe(0);
    expect(budget.retryAfter('attacker', 5001)).toBe(0);
  });
});

describe('the fair share as admission applies it', () => {
  // Two clients, told apart by X-Forwarded-For from a trusted loopback proxy: a share is only enforced
  // when someone else is there.
  function app(trustProxy: string | false = 'loopback') {
    const server = express();
    server.set('trust proxy', trustProxy);
    server.use(admission({ fairShare: { share: 0.25, burstMs: 50 } }));
    server.get('/slow', (_req, res) => {
      const until = performance.now() + 60;
      while (performance.now() < until);
      res.json({ ok: true });
    });
    server.get('/fast', (_req, res) => {
      res.json({ ok: true });
    });
    server.use(errorHandler);
    return server;
  }

  it('answers a client that used up its share with 429 and Retry-After, in the API error shape', async () => {
    const server = app();
    await request(server).get('/fast').set('X-Forwarded-For', '203.0.113.9').expect(200);
    await request(server).get('/slow').set('X-Forwarded-For', '203.0.113.1').expect(200);
    const { status, headers, body } = await request(server)
      .get('/fast')
      .set('X-Forwarded-For', '203.0.113.1')
      .set('Accept', 'application/json');
    expect(status).toBe(429);
    expect(Number(headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(body.error.message).toMatch(
      /^Too many expensive requests from your address; please wait \d+ seconds? and try again\.$/,
    );
  });

  it('lets a client of cheap requests through, request after request', async () => {
    const server = app();
    await request(server).get('/fast').set('X-Forwarded-For', '203.0.113.9').expect(200);
    for (let i = 0; i < 30; i++) await request(server).get('/fast').set('X-Forwarded-For', '203.0.113.1').expect(200);
  });

  it('never refuses a reader alone on the server, even after a costly page', async () => {
    const server = app();
    for (let i = 0; i < 3; i++) await request(server).get('/slow').expect(200);
    await request(server).get('/fast').expect(200);
  });
});

describe('behind a trusted proxy', () => {
  it('gives each forwarded client its own share', async () => {
    const server = express();
    server.set('trust proxy', 'loopback');
    server.use(admission({ fairShare: { share: 0.25, burstMs: 50 } }));
    server.get('/slow', (_req, res) => {
      const until = performance.now() + 60;
      while (performance.now() < until);
      res.json({ ok: true });
    });
    server.use(errorHandler);
    await request(server).get('/slow').set('X-Forwarded-For', '203.0.113.3').expect(200);
    await request(server).get('/slow').set('X-Forwarded-For', '203.0.113.1').expect(200);
    await request(server).get('/slow').set('X-Forwarded-For', '203.0.113.1').expect(429);
    await request(server).get('/slow').set('X-Forwarded-For', '203.0.113.2').expect(200);
  });
});

describe('an IPv6 client is its /64', () => {
  it('gives every address of one /64 one share, and another /64 its own', async () => {
    const server = express();
    server.set('trust proxy', 'loopback');
    server.use(admission({ fairShare: { share: 0.25, burstMs: 50 } }));
    server.get('/slow', (_req, res) => {
      const until = performance.now() + 60;
      while (performance.now() < until);
      res.json({ ok: true });
    });
    server.use(errorHandler);
    await request(server).get('/slow').set('X-Forwarded-For', '2001:db8:aaaa:1::1').expect(200);
    await request(server).get('/slow').set('X-Forwarded-For', '2001:db8:bbbb:1::1').expect(200);
    // Another address of the same /64: the same client, already over its share.
    await request(server).get('/slow').set('X-Forwarded-For', '2001:db8:bbbb:1:ffff:ffff:ffff:fffe').expect(429);
    await request(server).get('/slow').set('X-Forwarded-For', '2001:db8:bbbb:2::1').expect(200);
  });
});
