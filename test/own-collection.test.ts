// The suite does not depend on the user's collection. A copy of the repository has a chapter imported
// into its seeds/ the README's way (`npm run import`), and TIP_COLLECTION names another collection with an
// extra chapter, as a user may have set it; the suite's checks that read a collection (the corpus, the
// permalinks, search, pages, API, commands and relevance) then run in that copy and must all pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { renderReportPdf } from './support/report-pdf.ts';
import { fullReport } from './support/full-report.ts';
import { ROOT } from './support/corpus.ts';

/** The test files whose checks read a collection: ingested seeds, the index, or a command's output. */
const COLLECTION_CHECKS = [
  'corpus',
  'permalinks',
  'search',
  'facets',
  'trends',
  'compare',
  'each-year',
  'relevance',
  'judged-set',
  'web-pages',
  'web-api',
  'words-page',
  'country',
  'cli',
  'config',
].map((name) => `test/${name}.test.ts`);

// Inside the copy's run, this file does not run itself again.
const inner = process.env.TIP_SUITE_CHECK === '1';

describe.skipIf(inner)('the suite against a user’s collection with an imported chapter', () => {
  let work: string;
  let copy: string;
  const env = () => {
    const { TIP_COLLECTION: _ours, ...rest } = process.env;
    return { ...rest, NO_COLOR: '1' };
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tip-own-collection-'));
    copy = join(work, 'repository');
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\0')
      .filter(Boolean);
    for (const file of files) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      try {
        cpSync(join(ROOT, file), join(copy, file));
      } catch {
        // A file deleted but not yet committed is listed by git and absent here.
      }
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const { spec } = fullReport(2025, {
      names: ['CHINA (INCLUDES TIBET, HONG KONG, AND MACAU)', 'RUSSIA'],
      specialCases: [],
      bodies: [[2016]],
    });
    const pdf = join(work, 'tip-2025.pdf');
    writeFileSync(pdf, await renderReportPdf(spec));
    // The README's workflow, in the copy: a neighbouring chapter into seeds/, the index rebuilt.
    const imported = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', pdf, '--country', 'China'], {
      cwd: copy,
      env: env(),
      encoding: 'utf8',
    });
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    // And a collection of their own, named by TIP_COLLECTION, with another chapter.
    const theirs = join(work, 'their-collection');
    cpSync(join(copy, 'seeds'), join(theirs, 'seeds'), { recursive: true });
    cpSync(join(copy, 'index'), join(theirs, 'index'), { recursive: true });
    cpSync(join(copy, 'words', 'synonyms.json'), join(theirs, 'words', 'synonyms.json'));
    const second = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/import.ts', pdf, '--country', 'Russia', '--collection', theirs],
      { cwd: copy, env: env(), encoding: 'utf8' },
    );
    expect(second.status).toBe(0);
    process.env.OWN_COLLECTION_THEIRS = theirs;
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('has the chapter in the copy’s seeds and catalog, as a user’s import leaves it', () => {
    const catalog = JSON.parse(readFileSync(join(copy, 'seeds', 'catalog.json'), 'utf8')) as {
      documents: Array<{ id: string }>;
    };
    expect(catalog.documents.map((d) => d.id)).toContain('2025-tip-china');
  });

  it('passes every check that reads a collection', () => {
    const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...COLLECTION_CHECKS], {
      cwd: copy,
      env: { ...env(), TIP_SUITE_CHECK: '1', TIP_COLLECTION: process.env.OWN_COLLECTION_THEIRS },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const summary = run.stdout
      .split('\n')
      .filter((line) => /Test Files|Tests |FAIL/.test(line))
      .join('\n');
    expect(summary).not.toMatch(/FAIL|failed/);
    expect(run.status, summary).toBe(0);
    expect(summary).toMatch(new RegExp(`Test Files\\s+\\S*${COLLECTION_CHECKS.length} passed`));
  }, 900_000);
});
