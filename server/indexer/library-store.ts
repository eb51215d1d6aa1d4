// Keeping a library loaded: at start, load the saved index, rebuilding it first when it is missing or
// was built from other seeds or code; while serving, reload it when `npm run index` writes a new one.
// Whatever fails, a library that was serving keeps serving.

import { unwatchFile, watchFile } from 'node:fs';
import type { Library } from '../library.ts';
import { buildIndex, type BuildPaths, type Log } from './build-index.ts';
import { fingerprint, libraryFrom, readIndexFile, type IndexFile } from './index-file.ts';

/**
 * The library to serve at start. Rebuilds a stale or missing index; when that build fails (a broken
 * seed, say) but an older index exists, serves the older one and says so.
 */
export function openLibrary(paths: BuildPaths, log: Log): Library {
  let saved: IndexFile | null = null;
  try {
    saved = readIndexFile(paths.indexFile);
  } catch (error) {
    log(`index: ${(error as Error).message}`);
  }
  const current = fingerprint(paths);
  if (saved && saved.fingerprint === current) return libraryFrom(saved);
  log(saved ? 'index: seeds, synonyms or indexing code changed since the index was built; rebuilding' : 'index: none yet; building');
  try {
    return libraryFrom(buildIndex(paths, (line) => log(`index: ${line}`)));
  } catch (error) {
    if (!saved) throw error;
    log(`index: rebuild failed, serving the previous index (built ${saved.builtAt}): ${(error as Error).message}`);
    return libraryFrom(saved);
  }
}

export class LibraryStore {
  private library: Library;

  constructor(
    initial: Library,
    private readonly indexFile: string,
    private readonly log: Log,
  ) {
    this.library = initial;
  }

  get current(): Library {
    return this.library;
  }

  /** Load the index file again; on any failure keep the current library. Returns whether it changed. */
  reload(): boolean {
    try {
      const saved = readIndexFile(this.indexFile);
      if (!saved) throw new Error(`${this.indexFile} is gone`);
      if (saved.builtAt === this.library.builtAt) return false;
      this.library = libraryFrom(saved);
      this.log(`index: reloaded (built ${saved.builtAt}, ${saved.passages.length} passages)`);
      return true;
    } catch (error) {
      this.log(`index: reload failed, still serving the index built ${this.library.builtAt}: ${(error as Error).message}`);
      return false;
    }
  }

  /** Poll the index file (a rename-over-write defeats fs.watch on some systems). Returns a stop function. */
  watch(intervalMs = 1000): () => void {
    const listener = () => this.reload();
    watchFile(this.indexFile, { interval: intervalMs }, listener);
    return () => unwatchFile(this.indexFile, listener);
  }
}
