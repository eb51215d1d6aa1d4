// Keeping a library loaded: at start, load the saved index, rebuilding it first when it is missing or
// was built from other seeds or code; while serving, reload it when `npm run index` or the importer
// writes a new one. Whatever fails, a library that was serving keeps serving, whole.
//
// A reload reads the manifest first and stops there when the index is the one serving. Otherwise the
// new library is built beside the serving one, which nothing changes, and swapped in by one assignment:
// when the new index is the serving one plus delta segments (an import), from the serving library's
// parts (its packed search index copied and changed, its passages and tokens rearranged into new
// arrays, its alignment overlaid), else loaded whole. The old library is dropped the moment the new one
// serves; if building the new one fails at any step, the old one never stopped serving.

import { unwatchFile, watchFile } from 'node:fs';
import { Library } from '../library.ts';
import { buildIndex, type BuildPaths, type Log } from './build-index.ts';
import { fingerprint, libraryFrom, readIndexFile, readManifest, segmentsAfter, type IndexFile, type Manifest } from './index-file.ts';
import { changedSearchIndex, mergeSegments, type DeltaSegment } from './delta.ts';

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
  const current = fingerprint(paths, saved?.inputs);
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
          this.log(`index: updated (built ${manifest.builtAt}, ${segments.length} segment${segments.length === 1 ? '' : 's'} applied beside the serving index, ${this.library.passages.length} passages)`);
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

/**
 * A new library: the serving one with delta segments applied, built beside it (the serving library is
 * read, never changed: a failure half-way leaves it whole). Its packed postings are copied rather than
 * read again from disk.
 */
function withSegments(library: Library, manifest: Manifest, segments: DeltaSegment[]): Library {
  const { state, searchChange, from } = mergeSegments({ documents: library.documents, passages: library.passages, alignment: library.alignment }, segments);
  const index = changedSearchIndex(library.engine.index, searchChange, state.passages, (i) => library.passages.id(i));
  // The serving library's tokens, copied into the new order; only the added documents are tokenized.
  const tokens = library.engine.store.rearranged(
    state.passages.length,
    (position) => (from[position]! >= 0 ? from[position] : undefined),
    (position) => state.passages.text(position),
  );
  return new Library({ ...state, synonyms: manifest.synonyms, index, builtAt: manifest.builtAt, aliases: manifest.aliases, tokens });
}
