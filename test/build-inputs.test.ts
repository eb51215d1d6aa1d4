// The fingerprint: the index is rebuilt when what it is built from changes (the seeds, the synonyms,
// the aliases, the word lists, the analyzer), and only then. A comment in the code rebuilds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  analyzerIdentity,
  changedInputs,
  fingerprint,
  fingerprintOf,
  inputDigests,
} from '../server/indexer/build-inputs.ts';
import { ANALYZER_VERSION } from '../server/indexer/analyzer-version.ts';
import type { BuildPaths } from '../server/indexer/build-index.ts';
import { builtCollection, copyCollection, manifestOf, removeCollections } from './support/lifecycle.ts';
import { startServer } from './support/processes.ts';
import { ROOT } from './support/corpus.ts';

afterAll(removeCollections);

const edit = (path: string, change: (text: string) => string) =>
  writeFileSync(path, change(readFileSync(path, 'utf8')));

describe('the build inputs', () => {
  it('are the seeds, the synonyms, the aliases and the word list: no code', () => {
    const paths = copyCollection();
    expect(Object.keys(inputDigests(paths))).toEqual([
      'seeds/2007-tip-report-north-korea-refworld.txt',
      'seeds/2016-tip-report-north-korea.md',
      'seeds/2019-king-keia-commentary.txt',
      'seeds/2023-tip-report-north-korea-excerpt-gvnet.txt',
      'seeds/2025-tip-report-north-korea-state-gov.txt',
      'seeds/catalog.json',
      'words/synonyms.json',
      'index/aliases.json',
      'words/word-families.json',
    ]);
  });

  const cases: Array<{ change: string; apply: (paths: BuildPaths) => void; rebuilds: boolean; says?: RegExp }> = [
    {
      change: 'a sentence added to a seed',
      apply: (p) => appendFileSync(join(p.seeds, '2016-tip-report-north-korea.md'), '\nOne more sentence.\n'),
      rebuilds: true,
      says: /^seeds\/2016-tip-report-north-korea\.md changed$/,
    },
    {
      change: 'a catalog entry edited',
      apply: (p) =>
        edit(join(p.seeds, 'catalog.json'), (t) => t.replace('"Markdown conversion', '"A markdown conversion')),
      rebuilds: true,
      says: /^seeds\/catalog\.json changed$/,
    },
    {
      change: 'a synonym group added',
      apply: (p) => edit(p.synonyms, (t) => t.replace('"groups": [', '"groups": [["gulag", "prison camp"], ')),
      rebuilds: true,
      says: /^words\/synonyms\.json changed$/,
    },
    {
      change: 'an alias recorded',
      apply: (p) =>
        edit(p.aliases, (t) => t.replace('"aliases": {', '"aliases": {"x-p1-s1": "2016-tip-overview-p1-s1", ')),
      rebuilds: true,
      says: /^index\/aliases\.json changed$/,
    },
    {
      change: 'a seed removed',
      apply: (p) => rmSync(join(p.seeds, '2019-king-keia-commentary.txt')),
      rebuilds: true,
      says: /^seeds\/2019-king-keia-commentary\.txt removed$/,
    },
    {
      change: 'an importer’s temporary file in seeds/ (a dot-file)',
      apply: (p) => writeFileSync(join(p.seeds, '.2024-tip.txt.123.tmp'), 'half'),
      rebuilds: false,
    },
    {
      change: 'a seed’s modification time alone (a fresh clone)',
      apply: (p) => edit(join(p.seeds, 'catalog.json'), (t) => t),
      rebuilds: false,
    },
  ];
  for (const { change, apply, rebuilds, says } of cases) {
    it(`${rebuilds ? 'change' : 'do not change'} with ${change}`, () => {
      const paths = copyCollection();
      const digests = inputDigests(paths);
      const saved = { fingerprint: fingerprintOf(digests), inputs: digests, analyzer: analyzerIdentity() };
      apply(paths);
      expect(fingerprint(paths, digests) !== saved.fingerprint).toBe(rebuilds);
      if (says) expect(changedInputs(saved, paths)).toMatch(says);
      else expect(changedInputs(saved, paths)).toBeNull();
    });
  }

  it('are listed on another thread as `npm start` begins, and the start compares those (scripts/early-checks.mjs)', async () => {
    const paths = builtCollection();
    const saved = JSON.parse(readFileSync(paths.indexFile, 'utf8')) as Parameters<typeof changedInputs>[0];
    appendFileSync(join(paths.seeds, '2016-tip-report-north-korea.md'), '\nOne more sentence.\n');
    const { startEarlyChecks } = (await import('../scripts/early-checks.mjs' as string)) as {
      startEarlyChecks: (indexFile: string) => void;
    };
    startEarlyChecks(paths.indexFile);
    // (Its checksums are for a start's first index reader, not this test's.)
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('tip-search.early-checks')];
    const listing = (globalThis as Record<symbol, { state: Int32Array }>)[Symbol.for('tip-search.early-seeds')]!;
    Atomics.wait(listing.state, 0, 0, 10_000);
    // Changed after the listing: judged as it was when the start began, as the index's checksums are.
    // So the start read the listing, not the files.
    appendFileSync(join(paths.seeds, '2019-king-keia-commentary.txt'), '\nA later sentence.\n');
    expect(changedInputs(saved, paths)).toBe('seeds/2016-tip-report-north-korea.md changed');
    // Taken once: the next comparison reads the files.
    expect(changedInputs(saved, paths)).toBe(
      'seeds/2016-tip-report-north-korea.md changed, seeds/2019-king-keia-commentary.txt changed',
    );
  });

  it('change with the analyzer’s version, and with a word list’s content', () => {
    const digests = inputDigests(copyCollection());
    const identity = analyzerIdentity();
    expect(identity).toMatch(
      new RegExp(
        `^analyzer ${ANALYZER_VERSION}; minisearch \\d+\\.\\d+\\.\\d+; snowball-stemmers \\S+; world-countries \\S+$`,
      ),
    );
    expect(
      fingerprintOf(digests, identity.replace(`analyzer ${ANALYZER_VERSION}`, `analyzer ${ANALYZER_VERSION + 1}`)),
    ).not.toBe(fingerprintOf(digests, identity));
    const families = { ...digests['words/word-families.json']!, sha256: 'f'.repeat(64) };
    expect(fingerprintOf({ ...digests, 'words/word-families.json': families })).not.toBe(fingerprintOf(digests));
  });
});

describe('the next start, on a copy of the repository', () => {
  let repository: string;
  let collection: BuildPaths;

  /** `npm start` of the copy: its output, and the builtAt of the index it serves. */
  async function start(): Promise<{ output: string; builtAt: string }> {
    const server = await startServer({ TIP_COLLECTION: collection.root }, repository);
    await server.stop();
    return { output: server.output(), builtAt: manifestOf(collection).builtAt };
  }

  beforeAll(async () => {
    repository = mkdtempSync(join(tmpdir(), 'tip-repository-'));
    for (const part of ['server', 'index', 'words', 'views', 'public', 'package.json', 'tsconfig.json'])
      cpSync(join(ROOT, part), join(repository, part), {
        recursive: true,
        filter: (path) => !path.includes(join('index', 'build')),
      });
    symlinkSync(join(ROOT, 'node_modules'), join(repository, 'node_modules'));
    collection = copyCollection();
    expect((await start()).output).toContain('index: none yet; building');
  }, 120_000);
  afterAll(() => rmSync(repository, { recursive: true, force: true }));

  it('A comment added to a search module leaves builtAt unchanged at the next start', async () => {
    const { builtAt } = manifestOf(collection);
    for (const module of [
      'server/search/evaluation/engine.ts',
      'server/search/words/tokenize.ts',
      'server/corpus/sentences.ts',
      'server/analysis/align.ts',
    ]) {
      edit(join(repository, module), (text) => `// A comment that changes no token.\n${text}`);
    }
    const next = await start();
    expect(next.output).not.toMatch(/index: .*(building|rebuilding)/);
    expect(next.builtAt).toBe(builtAt);
  });

  it('an edit of words/thesaurus.json (read at query time) rebuilds nothing either', async () => {
    const { builtAt } = manifestOf(collection);
    const thesaurus = join(repository, 'words/thesaurus.json');
    const before = readFileSync(thesaurus, 'utf8');
    edit(thesaurus, (text) => text.replace('"entries": {', '"entries": {"gulag": ["prison camp"], '));
    expect(readFileSync(thesaurus, 'utf8')).not.toBe(before);
    const next = await start();
    expect(next.output).not.toMatch(/rebuilding/);
    expect(next.builtAt).toBe(builtAt);
  });

  it('a bump of ANALYZER_VERSION rebuilds at the next start, saying why', async () => {
    const { builtAt } = manifestOf(collection);
    edit(join(repository, 'server/indexer/analyzer-version.ts'), (text) =>
      text.replace(/ANALYZER_VERSION = (\d+)/, (_, n: string) => `ANALYZER_VERSION = ${Number(n) + 1}`),
    );
    const next = await start();
    expect(next.output).toContain(`index: the analyzer changed (analyzer ${ANALYZER_VERSION}; `);
    expect(next.output).toMatch(
      new RegExp(`-> analyzer ${ANALYZER_VERSION + 1}; .*\\) since the index was built; rebuilding`),
    );
    expect(next.builtAt).not.toBe(builtAt);
  });

  it('a sentence added to a seed rebuilds at the next start, and the new sentence is served', async () => {
    const { builtAt } = manifestOf(collection);
    appendFileSync(
      join(collection.seeds, '2016-tip-report-north-korea.md'),
      '\nA sentence about Xylophonia, added after the build.\n',
    );
    const server = await startServer({ TIP_COLLECTION: collection.root }, repository);
    try {
      const found = (await (await fetch(`${server.url}/api/search?q=Xylophonia`)).json()) as { total: number };
      expect(found.total).toBe(1);
    } finally {
      await server.stop();
    }
    expect(server.output()).toContain(
      'index: seeds/2016-tip-report-north-korea.md changed since the index was built; rebuilding',
    );
    expect(manifestOf(collection).builtAt).not.toBe(builtAt);
  });

  it('an edit of a word list the tokenizer reads rebuilds at the next start', async () => {
    const { builtAt } = manifestOf(collection);
    edit(join(repository, 'words/word-families.json'), (text) => `${text.trimEnd()}\n\n`);
    const next = await start();
    expect(next.output).toContain('index: words/word-families.json changed since the index was built; rebuilding');
    expect(next.builtAt).not.toBe(builtAt);
  });
});
