import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../server/corpus/catalog.ts';
import { catalogEntry } from './support/catalog-entry.ts';

const valid = catalogEntry();
const catalogOf = (...documents: object[]) => JSON.stringify({ documents }, null, 2);
const errorOf = (json: string) => {
  try {
    parseCatalog(json, 'seeds/catalog.json');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
};

describe('parseCatalog', () => {
  it('accepts a well-formed entry', () => {
    expect(parseCatalog(catalogOf(valid), 'seeds/catalog.json')).toEqual([
      expect.objectContaining({ id: '2024-tip', year: 2024 }),
    ]);
  });

  it('names the catalog and the line when the JSON does not parse', () => {
    expect(errorOf('{\n  "documents": [\n    { "id": "x", }\n  ]\n}')).toMatch(
      /^seeds\/catalog\.json:3: the catalog is not valid JSON/,
    );
  });

  it('needs a documents array', () => {
    expect(errorOf('{"docs": []}')).toBe('seeds/catalog.json:1: the catalog needs a "documents" array');
  });

  const invalid = [
    { change: { year: '2024' }, message: /"year" must be a report year/ },
    { change: { type: 'blog' }, message: /"type" must be one of report, excerpt, commentary/ },
    { change: { file: '../etc/passwd' }, message: /plain file name inside seeds/ },
    { change: { id: 'Bad Id' }, message: /"id" must be lower-case words/ },
    { change: { published: '24 July 2019' }, message: /"published" must be a date written YYYY-MM-DD/ },
    { change: { url: 'keia.org/x' }, message: /"url" must be an http\(s\) address/ },
    { change: { tier: 4 }, message: /"tier" must be 1, 2, 3, "2-watch-list", "special-case" or null/ },
    { change: { tier: '2WL' }, message: /"tier" must be 1, 2, 3, "2-watch-list", "special-case" or null/ },
    { change: { title: undefined }, message: /"title" is required/ },
  ];
  it.each(invalid)('rejects $change with a message naming the entry and its line', ({ change, message }) => {
    const text = errorOf(catalogOf({ ...valid, ...change }));
    expect(text).toMatch(message);
    if ('id' in change) return;
    expect(text).toMatch(/^seeds\/catalog\.json:4: entry 1 \("2024-tip"\)/);
  });

  it('rejects two entries with the same id or file', () => {
    expect(errorOf(catalogOf(valid, { ...valid, file: 'other.txt' }))).toMatch(/two entries share the id 2024-tip/);
    expect(errorOf(catalogOf(valid, { ...valid, id: 'other' }))).toMatch(/two entries share the file 2024-tip\.txt/);
  });
});
