// Where things live on disk, relative to the repository root. The one place that knows the layout.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));

export const PATHS = {
  root,
  seeds: join(root, 'seeds'),
  /** Built artefacts (git-ignored): the saved index. */
  build: join(root, 'index', 'build'),
  indexFile: join(root, 'index', 'build', 'index.json'),
  /** User-editable synonym groups (committed). */
  synonyms: join(root, 'index', 'synonyms.json'),
  /** Retired passage ids -> current ids, kept by the indexer (committed). */
  aliases: join(root, 'index', 'aliases.json'),
  views: join(root, 'views'),
  public: join(root, 'public'),
};
