// The reviewed thesaurus file: read by stem, refused with the file's name when malformed.
import { describe, expect, it } from 'vitest';
import { THESAURUS, parseThesaurus } from '../server/search/words/thesaurus.ts';
import { searchFor } from './support/library.ts';
import { AppError } from '../server/errors.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, realCorpus } from './support/corpus.ts';
import { tokenize } from '../server/search/words/tokenize.ts';

describe('the thesaurus', () => {
  it("makes keys with the same stems one entry, their words merged, and drops words with the key's own stems", () => {
    const thesaurus = parseThesaurus(
      { entries: { foreign: ['overseas', 'abroad'], foreigner: ['foreign', 'alien'], Thai: ['Thai'] } },
      't.json',
    );
    const entry = thesaurus.get('foreign')!;
    expect(entry.phrases).toEqual(['foreign', 'foreigner']);
    expect(entry.targets.map((t) => t.word)).toEqual(['overseas', 'abroad', 'alien']);
    expect(thesaurus.has('thai')).toBe(false);
  });

  it('reads keys and words by stem: "schoolchildren" and "sent back" reach the reports\' words', () => {
    const thesaurus = parseThesaurus(
      { entries: { schoolchildren: ['student', 'child'], 'sent back': ['repatriate'] } },
      't.json',
    );
    expect(
      thesaurus
        .get(
          tokenize('schoolchildren')
            .map((t) => t.stem)
            .join(' '),
        )!
        .targets.map((t) => t.word),
    ).toEqual(['student', 'child']);
    expect(
      thesaurus.get(
        tokenize('sent back')
          .map((t) => t.stem)
          .join(' '),
      )!.targets[0]!.stems,
    ).toEqual(tokenize('repatriated').map((t) => t.stem));
  });

  it.each([{ entries: [] }, { entries: { 'one two three': ['x'] } }, { entries: { abroad: [] } }, {}])(
    'refuses %j, naming the file',
    (data) => {
      expect(() => parseThesaurus(data, 't.json')).toThrow(AppError);
      expect(() => parseThesaurus(data, 't.json')).toThrow(/^t\.json: /);
    },
  );

  it('leads demonyms to their country: "North Korean", "Chinese"', () => {
    const northKorean = THESAURUS.get('north korean')!.targets.map((t) => t.word);
    expect(northKorean).toEqual(
      expect.arrayContaining(['North Korea', 'DPRK', "Democratic People's Republic of Korea"]),
    );
    expect(northKorean.some((word) => word.includes(','))).toBe(false);
    expect(THESAURUS.get('chines')!.targets.map((t) => t.word)).toContain('PRC');
  });

  it('leads a country to its demonyms too: "China" reaches "Chinese authorities", at the thesaurus weight', () => {
    expect(THESAURUS.get('china')!.targets.map((t) => t.word)).toEqual(['Chinese']);
    expect(THESAURUS.get('russia')!.targets.map((t) => t.word)).toContain('Russian');
    // "China" is a synonym (PRC, People's Republic of China) and still reaches its demonym.
    const results = searchFor({ q: 'China treat refugees' }).partial!.results;
    const viaDemonym = results.filter((r) => r.via.some((v) => v.typed === 'China' && v.found === 'Chinese'));
    expect(viaDemonym.length).toBeGreaterThan(0);
    for (const r of viaDemonym) expect(r.text).toMatch(/Chinese/);
  });

  it("leads the reports' words for one thing in different years to each other, both ways: minders, security agents", () => {
    const via = (q: string) =>
      searchFor({ q }).partial!.results.flatMap((r) => r.via.map((v) => `${v.typed} -> ${v.found}: ${r.year}`));
    expect(via('minders')).toEqual(
      expect.arrayContaining(['minders -> security personnel: 2019', 'minders -> security agents: 2025']),
    );
    expect(via('security agents')).toContain('security agents -> minders: 2016');
  });

  it('leads a researcher\'s two words to the reports\' own: "without papers" reaches the stateless children', () => {
    const stateless = searchFor({ q: 'without papers' }).partial!.results.filter((r) =>
      r.via.some((v) => v.typed === 'without papers' && v.found === 'stateless'),
    );
    expect(stateless.map((r) => r.year).sort()).toEqual([2016, 2025]);
    for (const r of stateless) expect(r.text).toMatch(/stateless/);
  });

  it('leads every reviewed entry to at least one word the reports use', () => {
    const reviewed = parseThesaurus(
      JSON.parse(readFileSync(join(ROOT, 'words/thesaurus.json'), 'utf8')),
      'words/thesaurus.json',
    );
    const stems = new Set(realCorpus().passages.flatMap((p) => tokenize(p.text).map((t) => t.stem)));
    const dead = [...reviewed.values()]
      .filter((entry) => !entry.targets.some((target) => target.stems.every((stem) => stems.has(stem))))
      .map((entry) => entry.phrase);
    expect(dead).toEqual([]);
  });
});
