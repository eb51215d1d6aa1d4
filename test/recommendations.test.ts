import { describe, expect, it } from 'vitest';
import { alignPassages, type AlignedDocument } from '../server/analysis/align.ts';
import { recommendationThreads, type RecommendationThread } from '../server/analysis/recommendations.ts';
import type { Passage } from '../server/corpus/types.ts';
import { passageContaining, realCorpus } from './support/corpus.ts';

let real: RecommendationThread[] | undefined;
const threads = () =>
  (real ??= recommendationThreads(alignPassages(realCorpus().passages, realCorpus().documents), realCorpus().passages));
/** The thread holding the recommendation that contains `fragment` in document `doc`, as year: status. */
const history = (fragment: string, doc: string) => {
  const id = passageContaining(fragment, doc).id;
  const thread = threads().find((t) => t.years.some((y) => y.ids.includes(id)))!;
  return Object.fromEntries(thread.years.map((y) => [y.year, y.status]));
};

describe('recommendationThreads on the real reports', () => {
  // Each verified by reading the 2016 semicolon list and the 2023 and 2025 lists side by side.
  const cases: Array<{ name: string; fragment: string; doc: string; expected: Record<number, string> }> = [
    {
      name: 'forging partnerships with international organizations and NGOs is asked word for word since 2016',
      fragment: 'forge partnerships with international organizations and NGOs',
      doc: '2016-tip',
      expected: { 2016: 'new', 2023: 'repeated', 2025: 'repeated' },
    },
    {
      name: 'acceding to the 2000 UN TIP Protocol is asked for in the same words since 2016',
      fragment: 'accede to the 2000 UN TIP Protocol',
      doc: '2016-tip',
      expected: { 2016: 'new', 2023: 'repeated', 2025: 'repeated' },
    },
    {
      name: 'investigating and prosecuting trafficking cases gains "in accordance with the rule of law" in 2023',
      fragment: 'investigate and prosecute trafficking cases',
      doc: '2016-tip',
      expected: { 2016: 'new', 2023: 'revised', 2025: 'repeated' },
    },
    {
      name: 'letting North Koreans choose their work drops "receive fair wages" in 2023',
      fragment: 'choose their form of work',
      doc: '2016-tip',
      expected: { 2016: 'new', 2023: 'revised', 2025: 'repeated' },
    },
    {
      name: 'eliminating coercion tactics against overseas workers is reworded in 2023 and again in 2025',
      fragment: 'eliminate coercion tactics',
      doc: '2016-tip',
      expected: { 2016: 'new', 2023: 'revised', 2025: 'revised' },
    },
    {
      name: 'ending forced labor in prison camps and among workers abroad grows into state-sponsored forced labor',
      fragment: 'End the use of forced labor in prison camps',
      doc: '2016-tip',
      expected: { 2016: 'new', 2023: 'revised', 2025: 'revised' },
    },
    {
      name: 'criminalizing sex trafficking and labor trafficking is new in 2023 and repeated in 2025',
      fragment: 'Criminalize sex trafficking and labor trafficking.',
      doc: '2025-tip',
      expected: { 2016: 'absent', 2023: 'new', 2025: 'repeated' },
    },
    {
      name: 'allowing human rights monitors is new in 2023 and repeated in 2025',
      fragment: 'Increase transparency by allowing international human rights monitors',
      doc: '2025-tip',
      expected: { 2016: 'absent', 2023: 'new', 2025: 'repeated' },
    },
    {
      name: 'ceasing the garnishing of wages is new in 2023 and reworded in 2025',
      fragment: 'garnishing wages',
      doc: '2025-tip',
      expected: { 2016: 'absent', 2023: 'new', 2025: 'revised' },
    },
    {
      name: 'transparent bilateral work contracts are asked for in 2016 only',
      fragment: 'establish transparent, bilateral work contracts',
      doc: '2016-tip',
      expected: { 2016: 'new', 2023: 'dropped', 2025: 'absent' },
    },
  ];
  for (const { name, fragment, doc, expected } of cases) {
    it(name, () => expect(history(fragment, doc)).toEqual(expected));
  }

  it('puts every recommendation in exactly one thread', () => {
    const ids = threads().flatMap((t) => t.years.flatMap((y) => y.ids));
    const recommendations = realCorpus().passages.filter((p) => p.section === 'recommendations');
    expect(ids.sort()).toEqual(recommendations.map((p) => p.id).sort());
  });

  it('lists the 2025 recommendations first, in their order, then those dropped after 2016', () => {
    const current = threads().filter((t) => t.lastYear === 2025);
    expect(current.map((t) => t.years.at(-1)!.ids[0])).toEqual(
      Array.from({ length: 11 }, (_, i) => `2025-tip-recommendations-p${i + 1}-s1`),
    );
    expect(current.every((t) => t.droppedAfter === null)).toBe(true);
    expect(
      threads()
        .slice(11)
        .map((t) => t.droppedAfter),
    ).toEqual([2016, 2016]);
  });

  it('names a thread by its earliest recommendation and links the similarity of each repeat', () => {
    const partnerships = threads().find((t) => t.id === '2016-tip-recommendations-p1-s7')!;
    expect(partnerships.firstYear).toBe(2016);
    expect(partnerships.years.map((y) => y.similarity)).toEqual([null, 1, 1]);
  });
});

describe('recommendationThreads on small inputs', () => {
  const documents: AlignedDocument[] = [2016, 2020, 2023, 2025].map((year) => ({ id: `r${year}`, type: 'report' }));
  const recommendation = (year: number, n: number, text: string): Passage => ({
    id: `r${year}-${n}`,
    doc: `r${year}`,
    year,
    country: 'PRK',
    section: 'recommendations',
    heading: null,
    paragraph: n,
    sentence: n,
    text,
    source: `r${year}.txt`,
    start: 0,
    end: text.length,
  });
  const others = [2016, 2020, 2023, 2025].map((year) =>
    recommendation(year, 9, `Publish the ${year} budget for shelters run by churches.`),
  );

  it('marks a recommendation left out for a year as dropped, and its return as a repeat', () => {
    const passages = [
      recommendation(2016, 1, 'Accede to the 2000 UN TIP Protocol.'),
      recommendation(2023, 1, 'Accede to the 2000 UN TIP Protocol.'),
      ...others,
    ];
    const thread = recommendationThreads(alignPassages(passages, documents), passages).find((t) => t.id === 'r2016-1')!;
    expect(thread.years.map((y) => [y.year, y.status])).toEqual([
      [2016, 'new'],
      [2020, 'dropped'],
      [2023, 'repeated'],
      [2025, 'dropped'],
    ]);
    expect(thread.droppedAfter).toBe(2023);
  });

  it('marks years before a recommendation first appears as absent', () => {
    const passages = [
      recommendation(2023, 1, 'Criminalize sex trafficking and labor trafficking.'),
      recommendation(2025, 1, 'Criminalize sex trafficking and labor trafficking.'),
      ...others,
    ];
    const thread = recommendationThreads(alignPassages(passages, documents), passages).find((t) => t.id === 'r2023-1')!;
    expect(thread.years.map((y) => y.status)).toEqual(['absent', 'absent', 'new', 'repeated']);
    expect(thread.droppedAfter).toBeNull();
  });
});
