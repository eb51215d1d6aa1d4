import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The suite's own collection, built once and named by TIP_COLLECTION (test/support/global-setup.ts).
    globalSetup: ['test/support/global-setup.ts'],
    // Browser tests start chromium and a server; give them room on a shared 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser tests poll the page after a 300 ms debounce and a request; the 1 s default fails on a loaded
    // machine (four engineers share two cores), so polls wait up to 10 s (they end as soon as they pass).
    expect: { poll: { timeout: 10_000 } },
  },
});
