import { describe, expect, it } from 'vitest';
import { tokenize } from '../server/search/words/tokenize.ts';

const terms = (text: string) => tokenize(text).map((t) => t.term);
const stems = (text: string) => tokenize(text).map((t) => t.stem);

describe('tokenize', () => {
  const folding = [
    { input: 'D. P. R. K.', expected: ['dprk'] },
    { input: 'D.P.R.K.', expected: ['dprk'] },
    { input: 'DPRK', expected: ['dprk'] },
    { input: 'P. R. C. ) and', expected: ['prc', 'and'] },
    { input: 'PRC', expected: ['prc'] },
    { input: 'U.S. Department', expected: ['us', 'department'] },
    { input: 'R.O.K. and ROK', expected: ['rok', 'and', 'rok'] },
    { input: 'd.p.r.k. and d. p. r. k.', expected: ['dprk', 'and', 'dprk'] },
    { input: 'D.p.r.k., u.s. and p.r.c.', expected: ['dprk', 'us', 'and', 'prc'] },
    { input: "The D. P. R. K. 's system", expected: ['the', 'dprk', 'system'] },
    { input: 'People’s Republic', expected: ['people', 'republic'] },
    { input: "People's Republic", expected: ['people', 'republic'] },
    { input: 'Côte d’Ivoire', expected: ['cote', 'divoire'] },
    { input: 'CÔTE', expected: ['cote'] },
    { input: '80,000 to 120,000', expected: ['80000', 'to', '120000'] },
    { input: 'UNSCR 2397', expected: ['unscr', '2397'] },
    { input: '$4 and ¥5,000', expected: ['$4', 'and', '¥5000'] },
    { input: '2.6 million', expected: ['2.6', 'million'] },
    { input: '20,000-100,000', expected: ['20000', '100000'] },
    { input: 'state-sponsored', expected: ['state', 'sponsored'] },
    { input: '“labor correction.”', expected: ['labor', 'correction'] },
    { input: 'workers’ earnings', expected: ['workers', 'earnings'] },
    {
      input: 'Human traffickers – including officials —',
      expected: ['human', 'traffickers', 'including', 'officials'],
    },
  ];
  it.each(folding)('folds "$input" to $expected', ({ input, expected }) => expect(terms(input)).toEqual(expected));

  const stemming = [
    { input: 'repatriated repatriation repatriate', expected: ['repatri', 'repatri', 'repatri'] },
    { input: 'trafficking traffickers trafficked', expected: ['traffick', 'traffick', 'traffick'] },
    { input: 'workers worker', expected: ['worker', 'worker'] },
    { input: 'mobilizations mobilize', expected: ['mobil', 'mobil'] },
    // Porter would merge these; Porter2 keeps "U.S." apart from "used".
    { input: 'U.S. used uses', expected: ['us', 'use', 'use'] },
    { input: '2397 $4', expected: ['2397', '$4'] },
  ];
  it.each(stemming)('stems "$input" to $expected', ({ input, expected }) => expect(stems(input)).toEqual(expected));

  it('keeps offsets into the original text, so highlighting marks what was written', () => {
    const text = 'In the D. P. R. K. 80,000 work';
    expect(tokenize(text).map((t) => text.slice(t.start, t.end))).toEqual([
      'In',
      'the',
      'D. P. R. K.',
      '80,000',
      'work',
    ]);
  });
});
