// Line-end hyphens: undone where the document writes the word whole, kept where it writes the compound
// with its hyphen, and decided by the pieces (and reported as a guess) where it writes neither.
import { describe, expect, it } from 'vitest';
import { buildVocabulary, joinLines } from '../server/import/dehyphenate.ts';

const vocabulary = buildVocabulary([
  'trafficking victims and trafficking networks',
  'a state-sponsored system of state-sponsored labor',
  'in each sub-district; the People’s Republic',
  'repatriated women, repatriated men, state control',
  'the traffic-', // a fragment at a line end is not evidence
  'king of the road',
  'sponsored events',
  'education and training',
]);

describe('joinLines', () => {
  const cases = [
    {
      first: 'victims of traf-',
      second: 'ficking were',
      text: 'victims of trafficking were',
      result: 'joined',
      unsure: false,
    },
    { first: 'a state-', second: 'sponsored system', text: 'a state-sponsored system', result: 'kept', unsure: false },
    { first: 'each sub-', second: 'district', text: 'each sub-district', result: 'kept', unsure: false },
    { first: 'forcibly repa-', second: 'triated', text: 'forcibly repatriated', result: 'joined', unsure: false },
    { first: 'the PEO-', second: 'PLE’S REPUBLIC', text: 'the PEOPLE’S REPUBLIC', result: 'joined', unsure: false },
    { first: 'the Sino-', second: 'Korean border', text: 'the Sino-Korean border', result: 'kept', unsure: false },
    { first: 'through re-', second: 'education', text: 'through re-education', result: 'kept', unsure: true },
    { first: 'their re-', second: 'victimization', text: 'their revictimization', result: 'joined', unsure: true },
    { first: 'non-', second: 'governmental', text: 'nongovernmental', result: 'joined', unsure: true },
    { first: 'state-', second: 'control', text: 'state-control', result: 'kept', unsure: true },
    { first: 'brok-', second: 'ers', text: 'brokers', result: 'joined', unsure: true },
  ];
  it.each(cases)('joins "$first" and "$second" as "$text"', ({ first, second, text, result, unsure }) => {
    const joined = joinLines(first, second, vocabulary);
    expect(joined.text).toBe(text);
    expect(joined.decision).toMatchObject({ result, unsure });
  });

  it('joins lines without a hyphen with a space, and after a dash without one', () => {
    expect(joinLines('forced', 'labor', vocabulary)).toEqual({ text: 'forced labor' });
    expect(joinLines('camps—', 'and', vocabulary)).toEqual({ text: 'camps—and' });
    expect(joinLines('in 2016-', '2017', vocabulary)).toEqual({ text: 'in 2016- 2017' });
  });

  it('does not count the pieces around a line-end hyphen as words of the document', () => {
    expect(vocabulary.words.has('traffic')).toBe(false);
    expect(vocabulary.words.has('king')).toBe(false);
    expect(vocabulary.words.get('trafficking')).toBe(2);
  });
});
