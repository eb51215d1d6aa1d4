// What a build or an import killed half-way leaves beside the index, removed by the next writer (a build's
// save, an import's, or a start that finds the build lock free; recovery.ts):
//
//   index/build/parts-<stamp>-<pid>/           a parts folder no manifest names (a build killed before its
//                                              manifest, or one two builds old)
//   index/build/parts-…/delta-<stamp>-<pid>.json  an import's segment no manifest names
//   .<name>.<pid>.tmp in index/build/, index/ or seeds/
//                                              a file killed between its write and its rename (the
//                                              manifest, the lock, the aliases file, a seed, the catalog);
//                                              also index/build/index.json.<pid>.tmp, the name before
//
// Every name carries its writer's process id. What a live process other than this one is writing is
// never removed: a parts folder holds a `.writing` marker until its manifest is in place, and a
// temporary file or segment lives only while written. That process may be a build running now (two
// builds at once should not happen, build-lock.ts, but if they did, neither would remove the other's
// parts). Kept as well: the parts folder the manifest names and the one the manifest before it named
// (`previous`), which a server may still be reading.

import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isRunning } from './build-lock.ts';
import type { Manifest } from './index-file.ts';

/** The folders to clean: the index's (its manifest's folder), and the collection's seeds and aliases. */
export interface LeftoverPlaces {
  indexFile: string;
  seeds?: string;
  aliases?: string;
}

/** In a parts folder until the manifest naming it is in place. */
export const WRITING_MARKER = '.writing';

const PARTS = /^parts-[0-9a-z]+-(\d+)$/;
const SEGMENT = /^delta-[0-9a-z]+-(\d+)\.json$/;
const TEMPORARY = /^\..+\.(\d+)\.tmp$/;
const OLD_MANIFEST_TEMPORARY = /^index\.json\.(\d+)\.tmp$/;

/**
 * Remove what killed writers left (see above). Returns the paths removed, each with its folder
 * (`build/parts-…`, `build/.index.json.123.tmp`, `seeds/.x.txt.123.tmp`). With `manifest` null (none, or
 * unreadable), no parts folder is removed: what it named is unknown.
 */
export function removeLeftovers(
  places: LeftoverPlaces,
  manifest: Pick<Manifest, 'parts' | 'previous' | 'checks'> | null,
): string[] {
  const build = dirname(places.indexFile);
  const removed: string[] = [];
  const removeIf = (folder: string, name: string, match: RegExpExecArray | null, written = false) => {
    if (!match || (!written && !isGone(match[1]!))) return;
    rmSync(join(folder, name), { recursive: true, force: true });
    removed.push(join(basename(folder), name));
  };
  for (const name of namesIn(build)) {
    const kept = !manifest || name === manifest.parts || name === manifest.previous;
    if (!kept) removeIf(build, name, PARTS.exec(name), !existsSync(join(build, name, WRITING_MARKER)));
    removeIf(build, name, TEMPORARY.exec(name) ?? OLD_MANIFEST_TEMPORARY.exec(name));
  }
  if (manifest) {
    const parts = join(build, manifest.parts);
    for (const name of namesIn(parts)) if (!(name in manifest.checks)) removeIf(parts, name, SEGMENT.exec(name));
  }
  for (const folder of [places.seeds, places.aliases && dirname(places.aliases)]) {
    if (folder) for (const name of namesIn(folder)) removeIf(folder, name, TEMPORARY.exec(name));
  }
  return removed;
}

/** Written by this process (any earlier work of it is done) or by one no longer running. */
function isGone(pid: string): boolean {
  return Number(pid) === process.pid || !isRunning(Number(pid));
}

function namesIn(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
