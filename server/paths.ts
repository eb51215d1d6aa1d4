// Where things live on disk. The one place that knows the layout.
//
// Code, views and assets live in the repository, and so do the word lists people edit that hold for any
// collection (`words/word-families.json`, `words/thesaurus.json`, read by the tokenizer and the query).
// The collection (seeds, its synonym groups, aliases and the built index) lives in the repository too,
// unless TIP_COLLECTION names another folder with the same layout (`seeds/`, `words/synonyms.json`,
// `index/aliases.json`, `index/build/`): the scale benchmark builds and serves a generated collection that
// way without touching the committed one. What people edit is in `seeds/` and `words/`; `index/` is what
// the indexer writes (the build, and the aliases it keeps).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The collection's folder: TIP_COLLECTION when set, else the repository. */
export function collectionRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.TIP_COLLECTION ? resolve(env.TIP_COLLECTION) : root;
}

/** A collection folder's layout: seeds, synonyms, aliases and the built index. */
export function collectionPaths(collection: string) {
  return {
    /** The collection's folder; seed paths in passages are relative to it (`seeds/<file>`). */
    root: collection,
    seeds: join(collection, 'seeds'),
    /** Built artefacts (git-ignored): the saved index. */
    build: join(collection, 'index', 'build'),
    indexFile: join(collection, 'index', 'build', 'index.json'),
    /** User-editable synonym groups (committed). */
    synonyms: synonymsOf(collection),
    /** Retired passage ids -> current ids, kept by the indexer (committed). */
    aliases: join(collection, 'index', 'aliases.json'),
  };
}

/** `words/synonyms.json`; a collection laid out before the word lists left `index/` keeps `index/synonyms.json`. */
function synonymsOf(collection: string): string {
  const current = join(collection, 'words', 'synonyms.json');
  const before = join(collection, 'index', 'synonyms.json');
  return !existsSync(current) && existsSync(before) ? before : current;
}

export const PATHS = {
  ...collectionPaths(collectionRoot()),
  /** The repository: code, views, assets. */
  code: root,
  views: join(root, 'views'),
  public: join(root, 'public'),
};
