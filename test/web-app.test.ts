// The app as an operator runs it: templates compiled once, request parameters it cannot use refused,
// security headers that agree with each other.
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { http } from './support/app.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('templates', () => {
  it('are read and compiled once, not on every request (whatever NODE_ENV says)', async () => {
    expect(process.env.NODE_ENV).not.toBe('production');
    const pages = ['/', '/search?q=Dandong', '/docs', '/trends?q=Dandong', '/kwic?q=Dandong', '/compare', '/p/2025-tip-trafficking-profile-p6-s3', '/nothing-here'];
    for (const page of pages) await http().get(page);
    const read = vi.spyOn(fs, 'readFileSync');
    for (const page of pages) await http().get(page);
    const templatesRead = read.mock.calls.map(([path]) => String(path)).filter((path) => path.endsWith('.pug'));
    expect(templatesRead).toEqual([]);
  });
});
