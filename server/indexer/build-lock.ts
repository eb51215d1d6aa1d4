// One writer of a collection's index at a time: `npm run index`, a start that builds, an import. The lock
// is a file beside the manifest, `index/build/build.lock`, holding its owner: process id, the process's
// start time (so a recycled pid is not mistaken for the owner), host, command and since when.
//
//   acquire: write the owner to a temporary file, then link it to build.lock. link() fails if the lock
//            exists, atomically, and the lock is never seen half-written.
//   held by a live process: wait (a line says whose lock it is), or throw BuildLockBusy.
//   held by a dead one (killed during a build): take it over. The stale lock is renamed aside and
//            removed only if what was moved is the lock judged stale; otherwise it is put back.
//   release: remove build.lock if it is still ours.
//
// Within a process the lock is re-entrant: the importer holds it across its seeds and index update, and
// the build it may run takes it again. A lock on another host cannot be judged and is never taken over.
//
// The lock is the first line of defence, not the only one: a parts folder of a live process is never
// removed (leftovers.ts), and the manifest only ever names complete parts, so two builds that ran at
// once by some accident would still leave a complete index.

import { hostname } from 'node:os';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { temporaryName } from './durable-write.ts';

const LOCK_FILE = 'build.lock';
/** Between looks at a lock a live process holds. */
const POLL_MS = 200;

/** Who holds the lock, as written in it. */
export interface LockOwner {
  pid: number;
  /** The process's start time as /proc gives it (clock ticks since boot), where there is a /proc. */
  started: string | null;
  host: string;
  /** What runs: `npm run index`, `npm start`, `npm run import`... */
  command: string;
  since: string;
}

/** Another live process holds the lock, and the caller chose not to wait. */
export class BuildLockBusy extends Error {
  constructor(readonly owner: LockOwner) {
    super(`another build is running (${describeOwner(owner)}); it will write the index`);
    this.name = 'BuildLockBusy';
  }
}

export interface LockOptions {
  /** Wait for a live owner to finish (default), or throw BuildLockBusy at once. */
  wait?: boolean;
  /** Where the one line about waiting or a taken-over lock goes. */
  log?: (line: string) => void;
}

/** Locks this process holds, by lock file: how many times each was taken, and the owner written in it. */
const held = new Map<string, { count: number; mine: string }>();

/** The lock file of the index whose manifest is `indexFile`. */
export function lockFileOf(indexFile: string): string {
  return join(dirname(indexFile), LOCK_FILE);
}

/**
 * Hold the build lock of the index at `indexFile`; returns the function that releases it. Waits while
 * another live process holds it (unless `wait` is false: BuildLockBusy), blocking this thread; takes
 * over a dead one's.
 * @example const release = acquireBuildLock(paths.indexFile, { log }); try { build() } finally { release() }
 */
export function acquireBuildLock(indexFile: string, options: LockOptions = {}): () => void {
  const attempt = lockAttempt(indexFile, options);
  for (;;) {
    const result = attempt();
    if (typeof result === 'function') return result;
    sleep(result);
  }
}

/** acquireBuildLock for a process that must stay responsive while it waits (the importer hears Ctrl-C). */
export async function acquireBuildLockAsync(indexFile: string, options: LockOptions = {}): Promise<() => void> {
  const attempt = lockAttempt(indexFile, options);
  for (;;) {
    const result = attempt();
    if (typeof result === 'function') return result;
    await new Promise((resolve) => setTimeout(resolve, result));
  }
}

/**
 * One try at the lock: the release function when it is ours (or already was, in this process), else
 * how long to wait before the next try. Throws BuildLockBusy when the caller does not wait.
 */
function lockAttempt(indexFile: string, options: LockOptions): () => (() => void) | number {
  const lock = lockFileOf(indexFile);
  const { wait = true, log = () => {} } = options;
  let announced = false;
  return () => {
    const holding = held.get(lock);
    if (holding !== undefined) {
      holding.count++;
      return once(() => release(lock));
    }
    mkdirSync(dirname(lock), { recursive: true });
    const mine = JSON.stringify(currentOwner());
    const temporary = temporaryName(lock);
    writeFileSync(temporary, mine);
    try {
      for (;;) {
        try {
          linkSync(temporary, lock);
          held.set(lock, { count: 1, mine });
          return once(() => release(lock));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const text = readIfThere(lock);
        if (text === null) continue;
        const owner = parseOwner(text);
        if (owner === null || !isAlive(owner)) {
          if (takeOver(lock, text))
            log(
              `took over the build lock of ${owner ? describeOwner(owner) : 'an unreadable owner'}, which is no longer running`,
            );
          continue;
        }
        if (!wait) throw new BuildLockBusy(owner);
        if (!announced) log(`waiting for another build to finish (${describeOwner(owner)})`);
        announced = true;
        return POLL_MS;
      }
    } finally {
      rmSync(temporary, { force: true });
    }
  };
}

/** Run `work` holding the build lock (acquireBuildLock's options). */
export function withBuildLock<T>(indexFile: string, work: () => T, options: LockOptions = {}): T {
  const release = acquireBuildLock(indexFile, options);
  try {
    return work();
  } finally {
    release();
  }
}

/**
 * Whether the process `pid` is running: it exists and, when its start time is known (`started`), started
 * then; a pid the system gave to a new process after the owner died is not the owner.
 */
export function isRunning(pid: number, started: string | null = null): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, owned by another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (started === null) return true;
  const now = startTimeOf(pid);
  return now === null || now === started;
}

function describeOwner(owner: LockOwner): string {
  const where = owner.host === hostname() ? '' : ` on ${owner.host}`;
  return `pid ${owner.pid}${where}, ${owner.command}, since ${owner.since}`;
}

function isAlive(owner: LockOwner): boolean {
  // Another host's processes cannot be seen from here: its lock stands until it is released.
  return owner.host !== hostname() || isRunning(owner.pid, owner.started);
}

/**
 * Remove a stale lock whose content was `stale`. Renamed aside first, so that what is removed is known
 * to be what was judged: if another process replaced it meanwhile, the lock moved is theirs and is put
 * back. Returns whether the stale lock was removed.
 */
function takeOver(lock: string, stale: string): boolean {
  const aside = temporaryName(`${lock}.stale`);
  try {
    renameSync(lock, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    if (readFileSync(aside, 'utf8') === stale) return true;
    try {
      linkSync(aside, lock);
    } catch {
      // A third process took the lock in the instant it was away; the build it runs writes its own
      // parts folder, which nothing removes while it runs (see the top of this file).
    }
    return false;
  } finally {
    rmSync(aside, { force: true });
  }
}

function release(lock: string): void {
  const holding = held.get(lock);
  if (!holding || --holding.count > 0) return;
  held.delete(lock);
  if (readIfThere(lock) === holding.mine) rmSync(lock, { force: true });
}

function currentOwner(): LockOwner {
  return {
    pid: process.pid,
    started: startTimeOf(process.pid),
    host: hostname(),
    command: commandName(),
    since: new Date().toISOString(),
  };
}

/** `npm start`, `npm run index`, `npm run import`, else the script node runs. */
function commandName(): string {
  const script = process.env.npm_lifecycle_event;
  if (script === 'start') return 'npm start';
  if (script === 'index' || script === 'import') return `npm run ${script}`;
  return `node ${relative(process.cwd(), process.argv[1] ?? '')}`;
}

/** A process's start time in clock ticks since boot (/proc/<pid>/stat, field 22), or null without /proc. */
function startTimeOf(pid: number): string | null {
  const stat = readIfThere(`/proc/${pid}/stat`);
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
  return stat === null ? null : (stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null);
}

function parseOwner(text: string): LockOwner | null {
  try {
    const owner = JSON.parse(text) as LockOwner;
    return Number.isInteger(owner.pid) && owner.pid > 0 ? owner : null;
  } catch {
    return null;
  }
}

function readIfThere(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function once(release: () => void): () => void {
  let done = false;
  return () => {
    if (!done) release();
    done = true;
  };
}
