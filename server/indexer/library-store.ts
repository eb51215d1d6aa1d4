// Keeping a library loaded: at start, load the saved index, rebuilding it first when it is missing,
// damaged, or was built from other seeds, word lists or by another analyzer; while serving, reload it
// when `npm run index` or the importer writes a new one. Whatever fails, a library that was serving
// keeps serving, whole.
//
// A start rebuilds from the seeds alone, holding the build lock: when another process is building, it
// waits, then serves what that build wrote if it is current. It first puts right what an interrupted
// build or import left, unless a build is running (recovery.ts).
//
// A reload reads the manifest first and stops there when the index is the one serving. Otherwise the
// new library is built beside the serving one, which nothing changes, and swapped in by one assignment:
// when the new index is the serving one plus delta segments (an import), from the serving library's
// parts (its packed search index copied and changed, its passages and tokens rearranged into new
// arrays, its alignment overlaid), else loaded whole. The old library is dropped the moment the new one
// serves; if building the new one fails at any step, the old one never stopped serving.

import { existsSync, unwatchFile, watchFile } from 'node:fs';
import { Library } from '../library.ts';
import { buildIndex, type BuildPaths, type Log } from './build-index.ts';
import {
  libraryFrom,
  readIndexFile,
  readManifest,
  segmentsAfter,
  type IndexFile,
  type Manifest,
} from './index-file.ts';
import { changedInputs } from './build-inputs.ts';
import { changedSearchIndex, mergeSegments, type DeltaSegment } from './delta.ts';
import { withBuildLock } from './build-lock.ts';
import { manifestOrNull, recoverUnlessBuilding } from './recovery.ts';

/**
 * The library to serve at start. Rebuilds a missing, damaged or stale index; when that build fails (a
 * broken seed, say) but a readable older index exists, serves the older one and says so.
 */
export function openLibrary(paths: BuildPaths, log: Log): Library {
  const note = (line: string) => log(`index: ${line}`);
  recoverUnlessBuilding(paths, note);
  const seen = manifestOrNull(paths.indexFile)?.builtAt;
  const saved = readSaved(paths.indexFile, note);
  const changed = saved && changedInputs(saved, paths);
  if (saved && changed === null) {
    const library = loaded(saved, note);
    if (library) return library;
  }
  note(
    changed
      ? `${changed} since the index was built; rebuilding`
      : existsSync(paths.indexFile)
        ? 'rebuilding from the seeds'
        : 'none yet; building',
  );
  try {
    return withBuildLock(
      paths.indexFile,
      () => writtenMeanwhile(paths, seen, note) ?? libraryFrom(buildIndex(paths, note)),
      { log: note },
    );
  } catch (error) {
    if (!saved) throw error;
    note(`rebuild failed, serving the previous index (built ${saved.builtAt}): ${(error as Error).message}`);
    return libraryFrom(saved);
  }
}

/** The saved index, or null when there is none or it cannot be read (said). */
function readSaved(indexFile: string, note: Log): IndexFile | null {
  try {
    return readIndexFile(indexFile);
  } catch (error) {
    note((error as Error).message);
    return null;
  }
}

/** The library of a saved index, or null when it cannot be made (said). */
function loaded(saved: IndexFile, note: Log): Library | null {
  try {
    return libraryFrom(saved);
  } catch (error) {
    note((error as Error).message);
    return null;
  }
}

/**
 * Holding the lock: the library of an index another process wrote since the one built at `seen` (this
 * one waited for its build), when it is current and loads; else null.
 */
function writtenMeanwhile(paths: BuildPaths, seen: string | undefined, note: Log): Library | null {
  const manifest = manifestOrNull(paths.indexFile);
  if (!manifest || manifest.builtAt === seen || changedInputs(manifest, paths) !== null) return null;
  const written = readSaved(paths.indexFile, note);
  const library = written && loaded(written, note);
  if (library) note(`serving the index another build wrote meanwhile (built ${written!.builtAt})`);
  return library;
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

  /** Load the index file again if it changed; on any failure keep the current library. Returns whether it changed. */
  reload(): boolean {
    try {
      const manifest = readManifest(this.indexFile);
      if (!manifest) throw new Error(`${this.indexFile} is gone`);
      if (manifest.builtAt === this.library.builtAt) return false;
      const segments = segmentsAfter(this.indexFile, manifest, this.library.builtAt);
      if (segments) {
        try {
          this.library = withSegments(this.library, manifest, segments);
          this.log(
            `index: updated (built ${manifest.builtAt}, ${segments.length} segment${segments.length === 1 ? '' : 's'} applied beside the serving index, ${this.library.passages.length} passages)`,
          );
          return true;
        } catch (error) {
          // Nothing of the serving library was changed: try the whole index instead.
          this.log(`index: applying the segments failed (${(error as Error).message}); loading the whole index`);
        }
      }
      const saved = readIndexFile(this.indexFile);
      if (!saved) throw new Error(`${this.indexFile} is gone`);
      this.library = libraryFrom(saved);
      this.log(`index: reloaded (built ${saved.builtAt}, ${this.library.passages.length} passages)`);
      return true;
    } catch (error) {
      this.log(
        `index: reload failed, still serving the index built ${this.library.builtAt}: ${(error as Error).message}`,
      );
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

/**
 * A new library: the serving one with delta segments applied, built beside it (the serving library is
 * read, never changed: a failure half-way leaves it whole). Its packed postings are copied rather than
 * read again from disk.
 */
function withSegments(library: Library, manifest: Manifest, segments: DeltaSegment[]): Library {
  const { state, searchChange, from } = mergeSegments(
    { documents: library.documents, passages: library.passages, alignment: library.alignment },
    segments,
  );
  const index = changedSearchIndex(library.engine.index, searchChange, state.passages, (i) => library.passages.id(i));
  // The serving library's tokens, copied into the new order; only the added documents are tokenized.
  const tokens = library.engine.store.rearranged(
    state.passages.length,
    (position) => (from[position]! >= 0 ? from[position] : undefined),
    (position) => state.passages.text(position),
  );
  return new Library({
    ...state,
    synonyms: manifest.synonyms,
    index,
    builtAt: manifest.builtAt,
    aliases: manifest.aliases,
    tokens,
  });
}
