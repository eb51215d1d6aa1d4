// Amounts in words and digits: the forms a typed number is searched in, and what they find.
import { describe, expect, it } from 'vitest';
import { amountForms } from '../server/search/query/amounts.ts';
import { searchFor } from './support/library.ts';

describe('amountForms', () => {
  const cases = [
    {
      number: '$105',
      next: 'million',
      consumed: true,
      has: [{ sequence: ['$105', 'million'] }, { term: '$105000000' }, { term: '105000000' }],
    },
    { number: '2.6', next: 'million', consumed: true, has: [{ sequence: ['2.6', 'million'] }, { term: '2600000' }] },
    {
      number: '$105,000,000',
      next: undefined,
      consumed: false,
      has: [{ term: '$105000000' }, { sequence: ['$105', 'million'] }],
    },
    {
      number: '105',
      next: 'workers',
      consumed: false,
      has: [{ term: '105' }, { term: '$105' }, { term: '$105000000' }, { sequence: ['105', 'million'] }],
    },
    { number: '80,000', next: undefined, consumed: false, has: [{ term: '80000' }, { sequence: ['80', 'thousand'] }] },
  ];
  it.each(cases)('$number $next', ({ number, next, consumed, has }) => {
    const read = amountForms(number, next)!;
    expect(read.consumed).toBe(consumed);
    for (const form of has) expect(read.forms).toContainEqual(form);
  });

  it('leaves words alone, and does not scale a fraction of a unit into a whole number', () => {
    expect(amountForms('million', undefined)).toBeNull();
    expect(amountForms('1.2345', 'thousand')!.forms).not.toContainEqual({ term: '1234.5' });
  });
});

describe('amounts in search', () => {
  it.each(['$105 million', '105 million', '$105,000,000', '105'])(
    '%s finds the 105 million dollars a year from selling women, marked',
    (q) => {
      const response = searchFor({ q });
      expect(response.results[0]?.text).toContain('$105,000,000');
      expect(response.results[0]!.highlight).toContain('<mark>$105,000,000</mark>');
    },
  );

  it('strict mode takes a number as typed', () => {
    expect(searchFor({ q: '105', strict: '1' }).total).toBe(0);
  });
});
