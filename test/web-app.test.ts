// The app as an operator runs it: templates compiled once, request parameters it cannot use refused,
// security headers that agree with each other.
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import request from 'supertest';
import { createApp } from '../server/web/app.ts';
import { http } from './support/app.ts';
import { realLibrary } from './support/library.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('templates', () => {
  it('are read and compiled once, not on every request (whatever NODE_ENV says)', async () => {
    expect(process.env.NODE_ENV).not.toBe('production');
    const pages = [
      '/',
      '/search?q=Dandong',
      '/docs',
      '/trends?q=Dandong',
      '/kwic?q=Dandong',
      '/compare',
      '/p/2025-tip-trafficking-profile-p6-s3',
      '/nothing-here',
    ];
    for (const page of pages) await http().get(page);
    const read = vi.spyOn(fs, 'readFileSync');
    for (const page of pages) await http().get(page);
    const templatesRead = read.mock.calls.map(([path]) => String(path)).filter((path) => path.endsWith('.pug'));
    expect(templatesRead).toEqual([]);
  });
});

describe('array and object parameters', () => {
  const cases = [
    { url: '/api/search?q[]=Dandong', name: 'q[]' },
    { url: '/api/search?q[a]=b', name: 'q[a]' },
    { url: '/api/search?q=labor&year[]=2016', name: 'year[]' },
    { url: '/api/trends?q[]=Dandong', name: 'q[]' },
    { url: '/search?q[]=Dandong', name: 'q[]' },
    { url: '/export.csv?q=labor&section[0]=protection', name: 'section[0]' },
    { url: '/kwic?q[]=Dandong', name: 'q[]' },
  ];
  for (const { url, name } of cases) {
    it(`${url} is a 400 naming ${name}, not every passage`, async () => {
      const response = await http().get(url).set('Accept', 'application/json');
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(`"${name}"`);
    });
  }

  it('are refused on an HTML page with the message shown', async () => {
    const { text } = await http().get('/search?q[]=Dandong').expect(400);
    expect(text).toContain('Parameter &quot;q[]&quot;');
  });
});

describe('security headers', () => {
  it('forbid framing the same way in CSP and X-Frame-Options', async () => {
    const { headers } = await http().get('/').expect(200);
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
  });
});

describe('a failure inside the app', () => {
  it('is a plain 500 page without a stack trace or file paths, even when the library cannot be read', async () => {
    const broken = createApp({
      library: () => {
        throw new Error('index file unreadable at /secret/path');
      },
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { status, text } = await request(broken).get('/search?q=Dandong');
    expect(status).toBe(500);
    expect(text).toContain('Something went wrong');
    expect(text).not.toMatch(/\/secret\/path|\.ts:\d+| {4}at /);
  });
});

describe('the fair share as the app applies it', () => {
  // No burst at all: under contention every charged request is refused at once, so what is let through
  // shows what the share does not cover.
  const app = createApp({
    library: realLibrary,
    admission: { fairShare: { share: 0.25, burstMs: 0 } },
    trustProxy: 'loopback',
  });
  const from = (client: string, url: string) => request(app).get(url).set('X-Forwarded-For', client);

  it('never refuses a stylesheet or script, even to a client over its share while others wait', async () => {
    await from('203.0.113.1', '/healthz').expect(200);
    await from('203.0.113.2', '/search?q=Dandong').expect(429);
    await from('203.0.113.2', '/static/app.css').expect(200);
    await from('203.0.113.2', '/static/htmx.min.js').expect(200);
  });
});

describe('PUBLIC_URL, as npm start checked it', () => {
  it('is the origin of every permalink and citation, whatever Host the request names', async () => {
    const app = createApp({ library: realLibrary, publicUrl: 'https://tip.example.org' });
    const { body } = await request(app).get('/api/search?q=Dandong').set('Host', 'forged.example.com').expect(200);
    expect(body.results[0].url).toBe('https://tip.example.org/p/2025-tip-trafficking-profile-p6-s3');
    const { text } = await request(app)
      .get('/p/2025-tip-trafficking-profile-p6-s3')
      .set('Host', 'forged.example.com')
      .expect(200);
    expect(text).toContain('https://tip.example.org/p/2025-tip-trafficking-profile-p6-s3');
    expect(text).not.toContain('forged.example.com');
  });
});
