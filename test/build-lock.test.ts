// One build at a time: the lock file and its owner, a second build that waits or says in one line that
// another is running, a dead owner's lock taken over, and builds started together that leave one
// complete index.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  acquireBuildLock,
  BuildLockBusy,
  isRunning,
  lockFileOf,
  type LockOwner,
} from '../server/indexer/build-lock.ts';
import { buildIndex, type BuildPaths } from '../server/indexer/build-index.ts';
import { openLibrary } from '../server/indexer/library-store.ts';
import { readIndexFile } from '../server/indexer/index-file.ts';
import { answersOf, builtCollection, copyCollection, indexFolder, removeCollections } from './support/lifecycle.ts';
import { runScript, runToEnd } from './support/processes.ts';

let pristine: BuildPaths;
let expected: ReturnType<typeof answersOf>;

beforeAll(() => {
  pristine = builtCollection();
  expected = answersOf(openLibrary(pristine, () => {}));
});
afterAll(removeCollections);

/** The pid of a process that has exited. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  expect(isRunning(pid!)).toBe(false);
  return pid!;
}

function writeLock(paths: BuildPaths, owner: Partial<LockOwner>): void {
  writeFileSync(
    lockFileOf(paths.indexFile),
    JSON.stringify({
      pid: deadPid(),
      started: null,
      host: hostname(),
      command: 'npm run index',
      since: '2026-01-01T00:00:00.000Z',
      ...owner,
    }),
  );
}

describe('the build lock', () => {
  it('is a file beside the manifest naming its owner, removed when released', () => {
    const paths = copyCollection(pristine.root);
    const release = acquireBuildLock(paths.indexFile);
    const owner = JSON.parse(readFileSync(join(paths.root, 'index/build/build.lock'), 'utf8')) as LockOwner;
    expect(owner).toMatchObject({ pid: process.pid, host: hostname() });
    expect(owner.started).toMatch(/^\d+$/);
    release();
    expect(existsSync(lockFileOf(paths.indexFile))).toBe(false);
  });

  it('is taken again by the process holding it (an import running a build), and released by the last release', () => {
    const paths = copyCollection(pristine.root);
    const outer = acquireBuildLock(paths.indexFile, { wait: false });
    buildIndex(paths);
    expect(existsSync(lockFileOf(paths.indexFile))).toBe(true);
    outer();
    expect(existsSync(lockFileOf(paths.indexFile))).toBe(false);
  });

  it('of a dead process is taken over, and said so', () => {
    const paths = copyCollection(pristine.root);
    writeLock(paths, {});
    const log: string[] = [];
    // Not waiting: a lock wrongly judged live fails here at once rather than blocking the suite.
    buildIndex(paths, (line) => log.push(line), { wait: false });
    expect(log[0]).toMatch(
      /^took over the build lock of pid \d+, npm run index, since 2026-01-01T00:00:00\.000Z, which is no longer running$/,
    );
    expect(existsSync(lockFileOf(paths.indexFile))).toBe(false);
  });

  it('of a process id the system gave to another process since (its start time differs) is taken over', () => {
    const paths = copyCollection(pristine.root);
    writeLock(paths, { pid: process.ppid, started: '1' });
    expect(isRunning(process.ppid)).toBe(true);
    const log: string[] = [];
    acquireBuildLock(paths.indexFile, { wait: false, log: (line) => log.push(line) })();
    expect(log[0]).toMatch(/^took over the build lock of pid \d+/);
  });

  it('of a live process is not taken: a build that does not wait fails at once, naming the owner', () => {
    const paths = copyCollection(pristine.root);
    writeLock(paths, { pid: process.ppid, started: null, command: 'npm run import' });
    expect(() => buildIndex(paths, () => {}, { wait: false })).toThrow(BuildLockBusy);
    expect(() => buildIndex(paths, () => {}, { wait: false })).toThrow(
      /^another build is running \(pid \d+, npm run import, since 2026-01-01T00:00:00\.000Z\); it will write the index$/,
    );
  });

  it('held on another host is never taken over (its processes cannot be seen from here)', () => {
    const paths = copyCollection(pristine.root);
    writeLock(paths, { host: 'elsewhere.example' });
    expect(() => acquireBuildLock(paths.indexFile, { wait: false })).toThrow(/on elsewhere\.example/);
  });

  it('is not removed by a process that does not hold it', () => {
    const paths = copyCollection(pristine.root);
    const release = acquireBuildLock(paths.indexFile);
    writeLock(paths, { pid: process.ppid, started: null });
    release();
    expect(existsSync(lockFileOf(paths.indexFile))).toBe(true);
  });
});

describe('a second build while one is running', () => {
  it('`npm run index -- --no-wait` says in one line that another is running, and exits 1', async () => {
    const paths = copyCollection(pristine.root);
    const release = acquireBuildLock(paths.indexFile);
    try {
      const { code, stderr } = await runToEnd('scripts/index.ts', ['--no-wait'], { TIP_COLLECTION: paths.root });
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          new RegExp(
            `^index not built: another build is running \\(pid ${process.pid}, .*\\); it will write the index$`,
          ),
        ),
      ]);
    } finally {
      release();
    }
  });

  it('`npm run index` says it waits, then builds once the first is done', async () => {
    const paths = copyCollection(pristine.root);
    const release = acquireBuildLock(paths.indexFile);
    const second = runScript('scripts/index.ts', ['--quiet'], { TIP_COLLECTION: paths.root });
    try {
      await second.waitFor(new RegExp(`waiting for another build to finish \\(pid ${process.pid}, `));
      expect(second.output()).not.toMatch(/^seeds /m);
    } finally {
      release();
    }
    const { code, stdout } = await second.finished;
    expect(code).toBe(0);
    expect(stdout).toMatch(/^built in /m);
  });

  it('`npm start` that must build waits for the running build, then serves what it wrote without building again', async () => {
    const paths = copyCollection(pristine.root);
    const catalog = join(paths.seeds, 'catalog.json');
    writeFileSync(catalog, readFileSync(catalog, 'utf8').replace('"Markdown conversion', '"A markdown conversion'));
    const release = acquireBuildLock(paths.indexFile);
    const server = runScript('server/main.ts', [], { TIP_COLLECTION: paths.root, HOST: '', PORT: '0', PUBLIC_URL: '' });
    try {
      let built: string;
      try {
        await server.waitFor(new RegExp(`index: waiting for another build to finish \\(pid ${process.pid}, `));
        built = buildIndex(paths).builtAt;
      } finally {
        release();
      }
      await server.waitFor(/Serving .* on \S+/);
      expect(server.output()).toContain(`index: serving the index another build wrote meanwhile (built ${built})`);
      expect(server.output()).not.toMatch(/index: seeds /);
    } finally {
      server.child.kill();
      await server.finished;
    }
  });
});

describe('four `npm run index` at once, twice, then a start', () => {
  it('builds one after the other and leaves a complete index, which the start serves without rebuilding', async () => {
    const paths = copyCollection(pristine.root);
    for (let round = 0; round < 2; round++) {
      const builds = await Promise.all(
        Array.from({ length: 4 }, () => runToEnd('scripts/index.ts', ['--quiet'], { TIP_COLLECTION: paths.root })),
      );
      expect(builds.map((build) => build.code)).toEqual([0, 0, 0, 0]);
      expect(
        builds.filter((build) => build.stdout.includes('waiting for another build to finish')).length,
        'builds that waited',
      ).toBeGreaterThanOrEqual(1);
      expect(indexFolder(paths)).toEqual({ partsFolders: 2, others: [] });
      expect(readIndexFile(paths.indexFile)!.passages).toHaveLength(281);
    }
    const log: string[] = [];
    const library = openLibrary(paths, (line) => log.push(line));
    expect(log).toEqual([]);
    expect(answersOf(library)).toEqual(expected);
  });
});
