import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readSeeds } from '../server/corpus/read-seeds.ts';
import { ingestCorpus } from '../server/corpus/ingest.ts';
import { SEEDS } from './support/corpus.ts';
import { catalogEntry } from './support/catalog-entry.ts';

let root: string;
let seeds: string;
const entry = (id: string, file: string) => catalogEntry({ id, file });
const writeCatalog = (...entries: object[]) =>
  writeFileSync(join(seeds, 'catalog.json'), JSON.stringify({ documents: entries }, null, 2));
const report2024 =
  'U.S. Department of State\n\n2024 Trafficking in Persons Report\n\nNORTH KOREA (Tier 3)\n\nThe Government of the DPRK does not fully meet the minimum standards. It did not act.\n\nPROSECUTION\n\nThe government made no efforts.\n';
const failure = () => {
  try {
    readSeeds(seeds, root);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected readSeeds to fail');
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'seeds-'));
  seeds = join(root, 'seeds');
  mkdirSync(seeds);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('readSeeds', () => {
  it('adds a sixth report from a file and a catalog entry', () => {
    writeFileSync(join(seeds, '2024-tip.txt'), report2024);
    writeCatalog(entry('2024-tip', '2024-tip.txt'));
    const corpus = ingestCorpus(readSeeds(seeds, root));
    expect(corpus.passages.map((p) => p.id)).toEqual([
      '2024-tip-overview-p1-s1',
      '2024-tip-overview-p1-s2',
      '2024-tip-prosecution-p1-s1',
    ]);
    expect(corpus.passages[0]!.source).toBe('seeds/2024-tip.txt');
  });

  it('names the missing catalog', () => {
    expect(failure()).toBe('seeds/catalog.json: the seed catalog is missing');
  });

  it('names the catalog line of an entry whose file does not exist', () => {
    writeCatalog(entry('2024-tip', 'missing.txt'));
    expect(failure()).toBe('seeds/catalog.json:4: entry "2024-tip" names seeds/missing.txt, which does not exist');
  });

  it('names a file that has no catalog entry', () => {
    writeCatalog();
    writeFileSync(join(seeds, 'stray.txt'), report2024);
    expect(failure()).toMatch(/^seeds\/stray\.txt: has no entry in seeds\/catalog\.json/);
  });

  it('names an empty file', () => {
    writeFileSync(join(seeds, 'empty.txt'), '\n  \n');
    writeCatalog(entry('2024-tip', 'empty.txt'));
    expect(failure()).toBe('seeds/empty.txt: is empty');
  });

  it('names a binary file and the line of its first NUL byte', () => {
    writeFileSync(
      join(seeds, 'report.pdf'),
      Buffer.concat([Buffer.from('%PDF-1.4\nline two\n'), Buffer.from([0, 1, 2, 255])]),
    );
    writeCatalog(entry('2024-tip', 'report.pdf'));
    expect(failure()).toMatch(/^seeds\/report\.pdf:3: looks like a binary file/);
  });

  it('names a file that is not UTF-8 and the line of the first bad byte', () => {
    writeFileSync(join(seeds, 'latin1.txt'), Buffer.from('The report\nsays caf\xe9 here.\n', 'latin1'));
    writeCatalog(entry('2024-tip', 'latin1.txt'));
    expect(failure()).toBe('seeds/latin1.txt:2: is not valid UTF-8 text; convert it to UTF-8');
  });

  it('names the catalog line when the catalog does not parse', () => {
    writeFileSync(join(seeds, 'catalog.json'), '{\n "documents": [\n  {"id": "x",,}\n ]\n}');
    expect(failure()).toMatch(/^seeds\/catalog\.json:3: the catalog is not valid JSON/);
  });

  it('stops when the text contradicts the catalog, naming the seed line', () => {
    writeFileSync(join(seeds, '2024-tip.txt'), report2024);
    writeCatalog({ ...entry('2024-tip', '2024-tip.txt'), year: 2023 });
    expect(() => ingestCorpus(readSeeds(seeds, root))).toThrow(
      'seeds/2024-tip.txt:3: the text is the 2024 report but the catalog gives year 2023',
    );
  });

  it('stops on a file with no body text', () => {
    writeFileSync(join(seeds, '2024-tip.txt'), '2024 Trafficking in Persons Report\n\nNORTH KOREA (Tier 3)\n');
    writeCatalog(entry('2024-tip', '2024-tip.txt'));
    expect(() => ingestCorpus(readSeeds(seeds, root))).toThrow(/^seeds\/2024-tip\.txt: no body text found/);
  });

  it('reads the real catalog: five documents, the files it lists byte for byte', () => {
    const real = readSeeds(SEEDS, join(SEEDS, '..'));
    expect(real.map((seed) => seed.source)).toEqual([
      'seeds/2007-tip-report-north-korea-refworld.txt',
      'seeds/2016-tip-report-north-korea.md',
      'seeds/2019-king-keia-commentary.txt',
      'seeds/2023-tip-report-north-korea-excerpt-gvnet.txt',
      'seeds/2025-tip-report-north-korea-state-gov.txt',
    ]);
    for (const seed of real) expect(seed.text).toBe(readFileSync(join(SEEDS, seed.entry.file), 'utf8'));
  });
});
