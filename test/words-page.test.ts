// The word lists page and its JSON twin: the families and synonyms the search applies, as the files say.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { http } from './support/app.ts';
import { COLLECTION, ROOT } from './support/corpus.ts';
import { tokenize } from '../server/search/words/tokenize.ts';

// Word families are code (index/ of the repository); synonyms are the collection's.
const file = (name: string) =>
  JSON.parse(readFileSync(join(name === 'synonyms.json' ? COLLECTION : ROOT, 'words', name), 'utf8'));

describe('/words and /api/words', () => {
  it('the JSON lists exactly the families, partings, synonym groups and acronyms of the files', async () => {
    const { body } = await http().get('/api/words').expect(200);
    expect(body.families).toEqual(file('word-families.json').families);
    expect(body.apart).toEqual(file('word-families.json').apart);
    expect(body.synonyms).toEqual([...file('synonyms.json').groups, ...file('synonyms.json').acronyms]);
    // Every key of the file is listed, with its words; keys with the same stems are one entry, their words merged.
    const entryOf = (typed: string) =>
      (body.thesaurus as Array<{ typed: string[]; found: string[] }>).find((entry) => entry.typed.includes(typed));
    for (const [typed, found] of Object.entries(file('thesaurus.json').entries as Record<string, string[]>)) {
      const stems = (words: string) =>
        tokenize(words)
          .map((token) => token.stem)
          .join(' ');
      expect(entryOf(typed)?.found.map(stems), typed).toEqual(
        expect.arrayContaining(found.map(stems).filter((word) => word !== stems(typed))),
      );
    }
    expect(entryOf('foreigner')!.found).toEqual(['overseas', 'abroad']);
    // "labourer" is a word of its own (word-families.json: laborer apart from labor), so labour and labourer lead apart.
    expect(entryOf('labour')!.found).toEqual(['labor']);
    expect(entryOf('labourer')!.found).toEqual(expect.arrayContaining(['worker']));
    expect(entryOf('Chinese')!.found).toEqual(expect.arrayContaining(['China']));
  });

  it('the page lists the thesaurus, each word linked to its search', async () => {
    const { text } = await http().get('/words').expect(200);
    expect(text).toContain('Other words for what you type');
    expect(text).toMatch(
      /<dt><a href="\/search\?q=abroad">abroad<\/a><\/dt><dd><a href="\/search\?q=overseas">overseas<\/a>, <a href="\/search\?q=foreign">foreign<\/a><\/dd>/,
    );
    expect(text).toMatch(
      /<dt><a href="\/search\?q=foreign">foreign<\/a>, <a href="\/search\?q=foreigner">foreigner<\/a><\/dt>/,
    );
  });

  it('the page shows each family with every word linked to its search, and is linked from the search form', async () => {
    const { text } = await http().get('/words').expect(200);
    expect(text).toContain('<a href="/search?q=child">child</a> = <a href="/search?q=children">children</a>');
    expect(text).toContain('<a href="/search?q=smuggle">smuggle</a> = <a href="/search?q=smuggler">smuggler</a>');
    expect(text).toContain('<a href="/search?q=Republic+of+Korea">Republic of Korea</a>');
    expect((await http().get('/').expect(200)).text).toContain('<a href="/words">Word forms and synonyms</a>');
  });
});
