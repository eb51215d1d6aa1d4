import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser tests start chromium and a server; give them room on a shared 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
