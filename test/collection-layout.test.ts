// A collection's folder layout (server/paths.ts): its synonym groups in words/synonyms.json, or in
// index/synonyms.json for a collection laid out before the word lists left index/; neither is a clear error.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { collectionPaths } from '../server/paths.ts';
import { buildIndex } from '../server/indexer/build-index.ts';
import { temporaryCollection } from './support/narratives.ts';

describe('a collection’s synonym groups', () => {
  let remove = () => {};
  afterEach(() => remove());

  it('are read from words/synonyms.json', () => {
    const collection = temporaryCollection();
    remove = collection.remove;
    const paths = collectionPaths(collection.paths.root);
    expect(paths.synonyms).toBe(join(collection.paths.root, 'words', 'synonyms.json'));
    expect(buildIndex(paths).synonyms.length).toBeGreaterThan(0);
  });

  it('are read from index/synonyms.json in a collection laid out before', () => {
    const collection = temporaryCollection();
    remove = collection.remove;
    const { root } = collection.paths;
    renameSync(join(root, 'words', 'synonyms.json'), join(root, 'index', 'synonyms.json'));
    const paths = collectionPaths(root);
    expect(paths.synonyms).toBe(join(root, 'index', 'synonyms.json'));
    expect(buildIndex(paths).synonyms.length).toBeGreaterThan(0);
  });

  it('missing, stop the build with the file named and what to put there', () => {
    const collection = temporaryCollection();
    remove = collection.remove;
    const { root } = collection.paths;
    rmSync(join(root, 'words'), { recursive: true });
    mkdirSync(join(root, 'words'));
    expect(() => buildIndex(collectionPaths(root))).toThrow(
      /words\/synonyms\.json: no such file: .*\{"groups": \[\]\}/,
    );
  });
});
