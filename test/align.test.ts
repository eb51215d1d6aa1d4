import { describe, expect, it } from 'vitest';
import {
  alignPassages,
  ALIGN_OPTIONS,
  alignmentGroup,
  matchIn,
  takesPart,
  type AlignedDocument,
  type Alignment,
} from '../server/analysis/align.ts';
import { cosine, similarPairs, stemSets, weighStems } from '../server/analysis/similarity.ts';
import type { Passage, Section } from '../server/corpus/types.ts';
import { tokenize } from '../server/search/words/tokenize.ts';
import { passageById, passageContaining, realCorpus } from './support/corpus.ts';

let real: Alignment | undefined;
const realAlignment = () => (real ??= alignPassages(realCorpus().passages, realCorpus().documents));

describe('alignPassages on the real reports', () => {
  it('finds the 2023 and 2025 recommendation "Criminalize sex trafficking and labor trafficking." identical, both ways', () => {
    const from2023 = passageContaining('Criminalize sex trafficking and labor trafficking.', '2023-tip-excerpt');
    const from2025 = passageContaining('Criminalize sex trafficking and labor trafficking.', '2025-tip');
    expect(matchIn(realAlignment(), from2025.id, 2023)).toEqual({
      year: 2023,
      id: from2023.id,
      status: 'identical',
      similarity: 1,
    });
    expect(matchIn(realAlignment(), from2023.id, 2025)).toEqual({
      year: 2025,
      id: from2025.id,
      status: 'identical',
      similarity: 1,
    });
  });

  it('finds the overseas workers recommendation revised from 2023 to 2025', () => {
    const match = matchIn(realAlignment(), '2025-tip-recommendations-p3-s1', 2023);
    expect(match).toMatchObject({ id: '2023-tip-excerpt-recommendations-p3-s1', status: 'revised' });
    expect(match!.similarity).toBeGreaterThan(ALIGN_OPTIONS.revised);
    expect(match!.similarity).toBeLessThan(1);
  });

  it('finds nothing earlier for the 2025 sentence about Dandong, so it first appears in 2025', () => {
    const dandong = passageById('2025-tip-trafficking-profile-p6-s3');
    expect(dandong.text).toContain('Dandong');
    expect(realAlignment()[dandong.id]).toEqual({ alsoIn: [], firstYear: 2025 });
  });

  it('finds the 2016 sentence on withheld wages revised in 2025, and dates the 2025 sentence to 2016', () => {
    const from2016 = passageContaining(
      'Wages of some North Korean workers employed abroad reportedly are withheld',
      '2016-tip',
    );
    const from2025 = passageContaining('Wages of some DPRK workers employed abroad', '2025-tip');
    expect(matchIn(realAlignment(), from2025.id, 2016)).toMatchObject({ id: from2016.id, status: 'revised' });
    expect(matchIn(realAlignment(), from2016.id, 2025)).toMatchObject({ id: from2025.id, status: 'revised' });
    expect(realAlignment()[from2025.id]!.firstYear).toBe(2016);
  });

  it('dates the tier statement to 2007 by following its matches back', () => {
    expect(matchIn(realAlignment(), '2025-tip-overview-p1-s1', 2007)).toMatchObject({
      id: '2007-tip-overview-p1-s1',
      status: 'revised',
    });
    expect(realAlignment()['2023-tip-excerpt-overview-p1-s1']!.firstYear).toBe(2007);
    expect(realAlignment()['2025-tip-overview-p1-s1']!.firstYear).toBe(2007);
  });

  it('pairs a stock phrase with its own successor, not with a longer sentence sharing more words', () => {
    // "did not demonstrate any efforts to address human trafficking through prosecution, protection, or
    // prevention measures" is a little closer, but it pairs with its own 2025 successor first.
    expect(matchIn(realAlignment(), '2025-tip-prevention-p1-s1', 2016)?.id).toBe('2016-tip-prevention-p1-s1');
    expect(matchIn(realAlignment(), '2016-tip-overview-p1-s2', 2025)?.id).toBe('2025-tip-overview-p1-s3');
  });

  it('leaves commentary out, and never pairs a recommendation with a finding', () => {
    const { passages, documents } = realCorpus();
    const typeOf = new Map(documents.map((d) => [d.id, d.type]));
    const byId = new Map(passages.map((p) => [p.id, p]));
    for (const passage of passages) {
      const entry = realAlignment()[passage.id];
      expect(entry !== undefined, passage.id).toBe(takesPart(typeOf.get(passage.doc)));
      for (const match of entry?.alsoIn ?? [])
        expect(alignmentGroup(byId.get(match.id)!.section)).toBe(alignmentGroup(passage.section));
    }
    expect(realAlignment()['2025-tip-prevention-p2-s4']!.alsoIn.map((m) => m.id)).not.toContain(
      '2025-tip-recommendations-p11-s1',
    );
  });

  it('gives at most one counterpart per other year, in year order, matched both ways', () => {
    const byId = new Map(realCorpus().passages.map((p) => [p.id, p]));
    for (const [id, { alsoIn, firstYear }] of Object.entries(realAlignment())) {
      const years = alsoIn.map((m) => m.year);
      expect(years).toEqual([...new Set(years)].sort((a, b) => a - b));
      expect(years).not.toContain(byId.get(id)!.year);
      expect(firstYear).toBeLessThanOrEqual(byId.get(id)!.year);
      for (const match of alsoIn) expect(matchIn(realAlignment(), match.id, byId.get(id)!.year)?.id).toBe(id);
    }
  });

  it('finds the same pairs with the caps as without them', () => {
    const uncapped = alignPassages(realCorpus().passages, realCorpus().documents, {
      ...ALIGN_OPTIONS,
      probeCap: Infinity,
      candidateCap: Infinity,
    });
    expect(realAlignment()).toEqual(uncapped);
  });
});

describe('similarPairs', () => {
  it('finds exactly the pairs that comparing every pair finds, on the real reports', () => {
    const { passages, documents } = realCorpus();
    const typeOf = new Map(documents.map((d) => [d.id, d.type]));
    const sentences = passages
      .filter((p) => takesPart(typeOf.get(p.doc)))
      .map((p) => ({ year: p.year, group: alignmentGroup(p.section), stems: tokenize(p.text).map((t) => t.stem) }));
    const sets = stemSets(sentences);
    const weighted = weighStems(sets);
    const everyPair: string[] = [];
    for (let a = 0; a < sentences.length; a++) {
      for (let b = a + 1; b < sentences.length; b++) {
        if (sentences[a]!.year === sentences[b]!.year || sentences[a]!.group !== sentences[b]!.group) continue;
        if (cosine(weighted, a, b) >= ALIGN_OPTIONS.revised) everyPair.push(`${a}-${b}`);
      }
    }
    const found = similarPairs(sets, {
      threshold: ALIGN_OPTIONS.revised,
      probeCap: ALIGN_OPTIONS.probeCap,
      candidateCap: ALIGN_OPTIONS.candidateCap,
    });
    expect(Array.from(found.a, (a, k) => `${a}-${found.b[k]}`).sort()).toEqual(everyPair.sort());
    expect(everyPair.length).toBeGreaterThan(50);
  });
});

describe('alignPassages on small inputs', () => {
  const documents: AlignedDocument[] = [
    { id: 'r2007', type: 'report' },
    { id: 'r2016', type: 'report' },
    { id: 'e2016', type: 'excerpt' },
    { id: 'k2019', type: 'commentary' },
    { id: 'r2025', type: 'report' },
  ];
  const passage = (
    doc: string,
    n: number,
    text: string,
    section: Section = 'trafficking-profile',
    country = 'PRK',
  ): Passage => ({
    id: `${doc}-${n}`,
    doc,
    year: Number(doc.slice(1)),
    country,
    section,
    heading: null,
    paragraph: 1,
    sentence: n,
    text,
    source: `${doc}.txt`,
    start: 0,
    end: text.length,
  });
  const filler = [
    passage('r2007', 9, 'Loggers fell timber in remote northern forests.'),
    passage('r2016', 9, 'Fishing crews sail from eastern harbours in winter.'),
    passage('r2025', 9, 'Textile factories sew garments for export markets.'),
  ];
  const align = (...passages: Passage[]) => alignPassages([...passages, ...filler], documents);

  const cases: Array<{
    name: string;
    passages: Passage[];
    id: string;
    expected: { alsoIn: Array<[string, string]>; firstYear: number } | undefined;
  }> = [
    {
      name: 'the same words in another case and punctuation are identical',
      passages: [
        passage('r2016', 1, 'Wages are withheld until workers return home.'),
        passage('r2025', 1, 'wages are withheld, until workers return home'),
      ],
      id: 'r2025-1',
      expected: { alsoIn: [['r2016-1', 'identical']], firstYear: 2016 },
    },
    {
      name: 'a sentence with a few words changed is revised',
      passages: [
        passage(
          'r2016',
          1,
          'Wages of some North Korean workers employed abroad are withheld until the laborers return home.',
        ),
        passage('r2025', 1, 'Wages of some DPRK workers employed abroad are withheld until the workers return home.'),
      ],
      id: 'r2025-1',
      expected: { alsoIn: [['r2016-1', 'revised']], firstYear: 2016 },
    },
    {
      name: 'an unrelated sentence has no counterpart and first appears in its own year',
      passages: [
        passage('r2016', 1, 'Wages are withheld until workers return home.'),
        passage('r2025', 1, 'Eighty thousand North Koreans work in Dandong.'),
      ],
      id: 'r2025-1',
      expected: { alsoIn: [], firstYear: 2025 },
    },
    {
      name: 'documents of the same year are not compared',
      passages: [
        passage('r2016', 1, 'Wages are withheld until workers return home.'),
        passage('e2016', 1, 'Wages are withheld until workers return home.'),
      ],
      id: 'e2016-1',
      expected: { alsoIn: [], firstYear: 2016 },
    },
    {
      name: "another country's narrative in the same words is not a counterpart",
      passages: [
        passage('r2016', 1, 'Wages are withheld until workers return home.', 'trafficking-profile', 'CHN'),
        passage('r2025', 1, 'Wages are withheld until workers return home.'),
      ],
      id: 'r2025-1',
      expected: { alsoIn: [], firstYear: 2025 },
    },
    {
      name: 'commentary takes no part',
      passages: [
        passage('k2019', 1, 'Wages are withheld until workers return home.', 'commentary'),
        passage('r2025', 1, 'Wages are withheld until workers return home.'),
      ],
      id: 'k2019-1',
      expected: undefined,
    },
    {
      name: 'a recommendation is not matched with a finding in the same words',
      passages: [
        passage('r2016', 1, 'Accede to the 2000 UN TIP Protocol.', 'recommendations'),
        passage('r2025', 1, 'Accede to the 2000 UN TIP Protocol.', 'prevention'),
      ],
      id: 'r2025-1',
      expected: { alsoIn: [], firstYear: 2025 },
    },
    {
      name: 'the first year follows matches back through a middle year',
      passages: [
        passage('r2007', 1, 'Prisoners log, mine and tend crops in remote camps under guard.'),
        passage('r2016', 1, 'Prisoners log, mine and farm in remote camps for long hours under guard.'),
        passage('r2025', 1, 'Inmates log, mine, manufacture and farm for long hours in camps.'),
      ],
      id: 'r2025-1',
      expected: { alsoIn: [['r2016-1', 'revised']], firstYear: 2007 },
    },
  ];
  for (const { name, passages, id, expected } of cases) {
    it(name, () => {
      const entry = align(...passages)[id];
      expect(entry && { alsoIn: entry.alsoIn.map((m) => [m.id, m.status]), firstYear: entry.firstYear }).toEqual(
        expected,
      );
    });
  }

  it('gives a year with several documents one counterpart: the best of them', () => {
    const alignment = align(
      passage('r2016', 1, 'Wages of some workers abroad are withheld until they return home.'),
      passage('e2016', 1, 'Wages of some workers abroad are withheld until the workers return home.'),
      passage('r2025', 1, 'Wages of some workers abroad are withheld until the workers return home.'),
    );
    expect(alignment['r2025-1']!.alsoIn).toEqual([{ year: 2016, id: 'e2016-1', status: 'identical', similarity: 1 }]);
    expect(matchIn(alignment, 'r2016-1', 2025)?.id).toBe('r2025-1');
  });

  it('lets the strongest pair claim its sentences first, so the next best pairs with what is left', () => {
    // r2025-2 is closer to r2016-2 (0.73) than to r2016-1 (0.48), but r2016-2 pairs with r2025-1 (0.78).
    const alignment = align(
      passage('r2016', 1, 'The government made no efforts to prevent trafficking.'),
      passage(
        'r2016',
        2,
        'The government did not report any efforts to address trafficking through prosecution or prevention.',
      ),
      passage(
        'r2025',
        1,
        'The government did not report any meaningful efforts to address trafficking through prosecution.',
      ),
      passage('r2025', 2, 'The government did not report any efforts to prevent trafficking.'),
    );
    expect(matchIn(alignment, 'r2025-1', 2016)?.id).toBe('r2016-2');
    expect(matchIn(alignment, 'r2025-2', 2016)?.id).toBe('r2016-1');
  });
});
