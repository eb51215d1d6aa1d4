// Every passage id, locked to a hash of its text. A change to ingestion that moves or re-numbers any
// sentence fails here, so it cannot break published permalinks unnoticed. When the change is meant,
// rebuild (`npm run index` records aliases for moved sentences in index/aliases.json), then update this
// snapshot with `npx vitest run test/permalinks.test.ts -u` and commit both.
import { describe, expect, it } from 'vitest';
import { realCorpus } from './support/corpus.ts';
import { contentHash } from '../server/cite/formats.ts';

describe('permalinks', () => {
  it('every passage id still names the same sentence', async () => {
    const ids = Object.fromEntries(realCorpus().passages.map((passage) => [passage.id, contentHash(passage.text)]));
    await expect(`${JSON.stringify(ids, null, 1)}\n`).toMatchFileSnapshot('fixtures/passage-ids.json');
  });
});
