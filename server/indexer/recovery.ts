// Putting a collection right after a writer was killed, as the next writer's first step once it holds
// the build lock (a build, an import, or a start that finds no build running):
//   1. an import killed while adding a document left its journal: every file it names is put back
//      (collection-journal.ts);
//   2. what killed builds and imports left beside the index is removed (leftovers.ts).
// Then the fingerprint says whether the saved index is the one of the collection as it now is.

import type { BuildPaths } from './build-index.ts';
import { readManifest, type Manifest } from './index-file.ts';
import { abandonedJournals, rollBack } from './collection-journal.ts';
import { removeLeftovers } from './leftovers.ts';
import { acquireBuildLock, acquireBuildLockAsync, BuildLockBusy, isRunning } from './build-lock.ts';

/** Recover the collection (above); returns lines saying what was done, none when nothing was. Hold the lock. */
export function recoverCollection(paths: BuildPaths): string[] {
  const lines: string[] = [];
  for (const journal of abandonedJournals(paths.indexFile, (pid) => isRunning(pid))) {
    const restored = rollBack(journal, paths.root);
    lines.push(`an interrupted import was rolled back: ${restored.join(', ') || 'nothing had been written'}`);
  }
  const removed = removeLeftovers(
    { indexFile: paths.indexFile, seeds: paths.seeds, aliases: paths.aliases },
    manifestOrNull(paths.indexFile),
  );
  if (removed.length) lines.push(`removed what an interrupted build or import left: ${removed.join(', ')}`);
  return lines;
}

/** Recover the collection unless another process holds the build lock (a start does not wait for that). */
export function recoverUnlessBuilding(paths: BuildPaths, log: (line: string) => void): void {
  let release: () => void;
  try {
    release = acquireBuildLock(paths.indexFile, { wait: false, log });
  } catch (error) {
    if (error instanceof BuildLockBusy) return;
    throw error;
  }
  try {
    for (const line of recoverCollection(paths)) log(line);
  } finally {
    release();
  }
}

/** Take the build lock, waiting without blocking the event loop, and recover the collection. Returns the release. */
export async function lockCollection(paths: BuildPaths, log: (line: string) => void): Promise<() => void> {
  const release = await acquireBuildLockAsync(paths.indexFile, { log });
  try {
    for (const line of recoverCollection(paths)) log(line);
    return release;
  } catch (error) {
    release();
    throw error;
  }
}

/** The manifest, or null when there is none or it cannot be read (then no parts folder is removed). */
export function manifestOrNull(indexFile: string): Manifest | null {
  try {
    return readManifest(indexFile);
  } catch {
    return null;
  }
}
