// The word lists page and its JSON twin: the families and synonyms the search applies, as the files say.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { http } from './support/app.ts';
import { COLLECTION, ROOT } from './support/corpus.ts';

// Word families are code (index/ of the repository); synonyms are the collection's.
const file = (name: string) => JSON.parse(readFileSync(join(name === 'synonyms.json' ? COLLECTION : ROOT, 'index', name), 'utf8'));

describe('/words and /api/words', () => {
  it('the JSON lists exactly the families, partings, synonym groups and acronyms of the files', async () => {
    const { body } = await http().get('/api/words').expect(200);
    expect(body.families).toEqual(file('word-families.json').families);
    expect(body.apart).toEqual(file('word-families.json').apart);
    expect(body.synonyms).toEqual([...file('synonyms.json').groups, ...file('synonyms.json').acronyms]);
  });

  it('the page shows each family with every word linked to its search, and is linked from the search form', async () => {
    const { text } = await http().get('/words').expect(200);
    expect(text).toContain('<a href="/search?q=child">child</a> = <a href="/search?q=children">children</a>');
    expect(text).toContain('<a href="/search?q=smuggle">smuggle</a> = <a href="/search?q=smuggler">smuggler</a>');
    expect(text).toContain('<a href="/search?q=Republic+of+Korea">Republic of Korea</a>');
    expect((await http().get('/').expect(200)).text).toContain('<a href="/words">Word forms and synonyms</a>');
  });
});
