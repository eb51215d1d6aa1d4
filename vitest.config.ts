import { defineConfig } from 'vitest/config';

// Three tiers; `npm test` (what CI runs) runs them all, `npm run test:unit` only the first, for everyday work.
// - unit: everything that runs in the test process (pages and the API through the app in process, the index,
//   search, import): about a minute on a quiet 2-core machine.
// - commands: the commands as a user starts them (`npm run import`, `search`, `passages`, `index`, `start`),
//   each a new Node process: builds killed at each step, four builds at once, a start after a comment or
//   a seed edit, starts over a damaged index, the relevance floors through `npm run eval` and FTS5; and
//   the suite's collection checks re-run against a user's own collection.
// - tools: Chromium driving the pages, and citations rendered through pandoc, biber and pdflatex.
const COMMANDS = [
  'test/cli.test.ts',
  'test/import-cli.test.ts',
  'test/import-limits.test.ts',
  'test/own-collection.test.ts',
  'test/index-kills.test.ts',
  'test/build-lock.test.ts',
  'test/build-inputs.test.ts',
  'test/index-faults.test.ts',
  // The judged sets run through `npm run eval`, and SQLite FTS5 in python3: processes of their own.
  'test/judged-set.test.ts',
  // `npm start`'s compiled server, rebuilt when a source changes.
  'test/start.test.ts',
];
const TOOLS = ['test/e2e-*.test.ts', 'test/cite-formats.test.ts', 'test/cite-rendering.test.ts'];

export default defineConfig({
  test: {
    // The suite's own collection, built once and named by TIP_COLLECTION (test/support/global-setup.ts).
    globalSetup: ['test/support/global-setup.ts'],
    // Browser tests start chromium and a server; give them room on a shared 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser tests poll the page after a 300 ms debounce and a request; the 1 s default fails on a loaded
    // machine (four engineers share two cores), so polls wait up to 10 s (they end as soon as they pass).
    expect: { poll: { timeout: 10_000 } },
    projects: [
      // Threads sharing modules between files (no isolation): loading the server's modules once per worker, not
      // once per file, is what brings the tier under a minute (175 s isolated with one worker, 60 s so).
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...COMMANDS, ...TOOLS],
          pool: 'threads',
          isolate: false,
        },
      },
      { extends: true, test: { name: 'commands', include: COMMANDS } },
      { extends: true, test: { name: 'tools', include: TOOLS } },
    ],
  },
});
