// Before any test file: a copy of the suite's collection (test/fixtures/collection) in a temporary
// folder, its index built, named by TIP_COLLECTION for every test worker and every command a test starts
// (`npm start`, `npm run search`, `npm run passages`...). Whatever collection the user has (seeds/
// after imports, or their own TIP_COLLECTION), the suite runs on this one; it is removed afterwards.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectionPaths } from '../../server/paths.ts';
import { buildIndex } from '../../server/indexer/build-index.ts';
import { COLLECTION } from './corpus.ts';

export function setup(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'tip-test-collection-'));
  cpSync(COLLECTION, folder, { recursive: true });
  buildIndex(collectionPaths(folder));
  process.env.TIP_COLLECTION = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
