import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, parseQuery, type QueryNode } from '../server/search/query/query.ts';
import { AppError } from '../server/errors.ts';

const vocabulary = { docs: ['2007-tip', '2016-tip', '2025-tip'] };
const parse = (q: string) => parseQuery(q, vocabulary);

/** A compact rendering of a tree, for readable expectations. */
function show(node: QueryNode | null): string {
  if (!node) return '∅';
  switch (node.type) {
    case 'term':
      return `${node.word}${node.prefix ? '*' : ''}${node.fuzzy ? '~' : ''}`;
    case 'phrase':
      return `"${node.text}"`;
    case 'filter':
      return `${node.field}:${node.values.join(',')}`;
    case 'not':
      return `-${show(node.child)}`;
    case 'and':
      return `(${node.children.map(show).join(' ')})`;
    case 'or':
      return `(${node.children.map(show).join(' | ')})`;
  }
}

describe('parseQuery', () => {
  const cases = [
    { q: '', tree: '∅' },
    { q: '   ', tree: '∅' },
    { q: 'Dandong', tree: 'Dandong' },
    { q: 'forced labor', tree: '(forced labor)' },
    { q: 'forced AND labor', tree: '(forced labor)' },
    { q: 'Dandong OR Sinuiju', tree: '(Dandong | Sinuiju)' },
    { q: 'a b OR c', tree: '((a b) | c)' },
    { q: 'wages -China', tree: '(wages -China)' },
    { q: 'wages NOT China', tree: '(wages -China)' },
    { q: '-"sex trafficking" labor', tree: '(-"sex trafficking" labor)' },
    { q: '"forced labor" camps', tree: '("forced labor" camps)' },
    { q: '“forced labor”', tree: '"forced labor"' },
    { q: 'repatriat*', tree: 'repatriat*' },
    { q: 'Dandog~', tree: 'Dandog~' },
    { q: 'Dandog~2', tree: 'Dandog~' },
    { q: '(wages OR salaries) -China', tree: '((wages | salaries) -China)' },
    { q: 'year:2016', tree: 'year:2016' },
    { q: 'year:2007..2009', tree: 'year:2007,2008,2009' },
    { q: 'year:2016,2025 camps', tree: '(year:2016,2025 camps)' },
    { q: 'section:protection', tree: 'section:protection' },
    { q: 'section:"trafficking profile"', tree: 'section:trafficking-profile' },
    { q: 'section:Profile', tree: 'section:trafficking-profile' },
    { q: 'doc:2025-tip', tree: 'doc:2025-tip' },
    { q: 'country:China', tree: 'country:CHN' },
    { q: 'Dandong country:PRC,DPRK', tree: '(Dandong country:CHN,PRK)' },
    { q: 'country:"North Korea"', tree: 'country:PRK' },
    { q: 'D. P. R. K. government', tree: '(D. P. R. K. government)' },
    { q: 'state-sponsored', tree: 'state-sponsored' },
    { q: 'TRAFFICKING PROFILE:', tree: '(TRAFFICKING PROFILE:)' },
    { q: '10:30', tree: '10:30' },
  ];
  it.each(cases)('parses $q as $tree', ({ q, tree }) => expect(show(parse(q))).toBe(tree));

  const errors = [
    { q: '"forced labor', message: 'This quotation mark is never closed.', position: 0 },
    { q: 'camps "', message: 'This quotation mark is never closed.', position: 6 },
    { q: '(wages OR salaries', message: 'This parenthesis is never closed.', position: 0 },
    { q: 'wages (', message: 'This parenthesis is never closed.', position: 6 },
    { q: 'wages)', message: 'This closing parenthesis has no opening one.', position: 5 },
    { q: '()', message: 'These parentheses are empty.', position: 0 },
    { q: '""', message: 'These quotation marks are empty.', position: 0 },
    { q: 'OR Dandong', message: 'OR needs a search term before it.', position: 0 },
    { q: 'Dandong OR', message: 'OR needs a search term after it.', position: 8 },
    { q: 'Dandong OR OR x', message: 'OR needs a search term after it.', position: 8 },
    { q: 'AND labor', message: 'AND needs a search term on each side.', position: 0 },
    { q: 'labor -', message: 'A minus sign must be followed by the word or phrase to exclude.', position: 6 },
    { q: 'labor NOT', message: 'NOT must be followed by the word or phrase to exclude.', position: 6 },
    { q: '*', message: 'A prefix search needs at least 2 letters before the *.', position: 0 },
    { q: 'r*', message: 'A prefix search needs at least 2 letters before the *.', position: 0 },
    { q: 'fo*rced', message: 'Use * only at the end of a word (prefix) and ~ only at the end (fuzzy).', position: 0 },
    {
      q: 'author:King',
      message: 'Unknown field "author:". Filter with year:, country:, section:, doc:, tier:.',
      position: 0,
    },
    {
      q: 'year:20x6',
      message: '"20x6" is not a year: write 2016, a range 2007..2016, or several years 2016,2025.',
      position: 0,
    },
    { q: 'labor year:2025..2016', message: 'The year range 2025..2016 runs backwards; write 2016..2025.', position: 6 },
    {
      q: 'section:victims',
      message: /^There is no section "victims". Sections: overview, recommendations/,
      position: 0,
    },
    {
      q: 'country:Atlantis',
      message: /^There is no country "Atlantis". Give a country's name, another name for it or its ISO code/,
      position: 0,
    },
    {
      q: 'doc:2030-tip',
      message: 'There is no document "2030-tip". Documents: 2007-tip, 2016-tip, 2025-tip.',
      position: 0,
    },
  ];
  it.each(errors)('rejects $q with a message a person understands', ({ q, message, position }) => {
    let caught: unknown;
    try {
      parse(q);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const error = caught as AppError;
    expect(error.status).toBe(400);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
    expect(error.position).toBe(position);
  });

  it('refuses very long queries before reading them, with the limit in the message', () => {
    // An unclosed quote would be a different error if the query were lexed at all.
    const long = `"${'forced '.repeat(200)}`;
    expect(() => parse(long)).toThrow(
      `The query is too long: ${long.length} characters, the limit is ${MAX_QUERY_LENGTH}.`,
    );
  });

  it('refuses a query with too many terms', () => {
    expect(() => parse(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))).toThrow(
      'The query has 40 terms; the limit is 32.',
    );
  });
});

describe('parseQuery on any input', () => {
  it('returns a tree or a 400, never loops or crashes, for random mixes of quotes, brackets and operators', () => {
    const alphabet = [
      '"',
      '“',
      '”',
      '„',
      '(',
      ')',
      '-',
      '*',
      '~',
      ':',
      ' ',
      'OR',
      'AND',
      'NOT',
      'a',
      'year',
      'section',
      '2016',
      '..',
      ',',
      '\u00a0',
      'é',
    ];
    let seed = 20261123;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 5000; run++) {
      const q = Array.from(
        { length: 1 + Math.floor(random() * 12) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
      try {
        parse(q);
      } catch (error) {
        expect(error, JSON.stringify(q)).toBeInstanceOf(AppError);
        expect((error as AppError).status).toBe(400);
      }
    }
  });

  const quotes = [
    { q: 'Dandong”', error: 'This quotation mark has no opening one.', position: 7 },
    { q: '"forced labor”', tree: '"forced labor"' },
    { q: '„forced labor“', tree: '"forced labor"' },
    { q: '“forced labor"', tree: '"forced labor"' },
  ];
  it.each(quotes)('reads mixed quotation marks: $q', ({ q, tree, error, position }) => {
    if (tree) return expect(show(parse(q))).toBe(tree);
    expect(() => parse(q)).toThrow(error);
    try {
      parse(q);
    } catch (caught) {
      expect((caught as AppError).position).toBe(position);
    }
  });
});
