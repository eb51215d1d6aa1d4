import { describe, expect, it } from 'vitest';
import { escapeHtml, highlightHtml, markRanges } from '../server/search/results/highlight.ts';
import { tokenize } from '../server/search/words/tokenize.ts';
import type { Matcher } from '../server/search/evaluation/engine.ts';

const terms = (key: 'stem' | 'term', ...values: string[]): Matcher => ({ kind: 'terms', key, values: new Set(values) });
const sequence = (key: 'stem' | 'term', ...values: string[]): Matcher => ({ kind: 'sequence', key, values });
const highlight = (text: string, ...matchers: Matcher[]) => highlightHtml(text, markRanges(tokenize(text), matchers));

describe('highlight', () => {
  const cases = [
    {
      name: 'marks every token with a matching stem',
      text: 'Workers and a worker work.',
      matchers: [terms('stem', 'worker')],
      expected: '<mark>Workers</mark> and a <mark>worker</mark> work.',
    },
    {
      name: 'marks an initialism as written',
      text: 'In the D. P. R. K. today',
      matchers: [terms('term', 'dprk')],
      expected: 'In the <mark>D. P. R. K.</mark> today',
    },
    {
      name: 'marks a sequence as one span, punctuation inside',
      text: 'the “forcibly, repatriated” ones',
      matchers: [sequence('stem', 'forc', 'repatri')],
      expected: 'the “<mark>forcibly, repatriated</mark>” ones',
    },
    {
      name: 'marks only where the sequence occurs',
      text: 'forced here, labor there, forced labor',
      matchers: [sequence('term', 'forced', 'labor')],
      expected: 'forced here, labor there, <mark>forced labor</mark>',
    },
    {
      name: 'merges overlapping marks',
      text: 'forced labor camps',
      matchers: [sequence('term', 'forced', 'labor'), terms('term', 'labor', 'camps')],
      expected: '<mark>forced labor</mark> <mark>camps</mark>',
    },
    {
      name: 'escapes everything outside and inside marks',
      text: `<b>"Tom's" & co</b>`,
      matchers: [terms('term', 'tom')],
      expected: '&lt;b&gt;&quot;<mark>Tom&#39;s</mark>&quot; &amp; co&lt;/b&gt;',
    },
    { name: 'marks nothing when nothing matched', text: 'Nothing here.', matchers: [], expected: 'Nothing here.' },
    {
      name: 'skips a match inside a longer name it must lie outside',
      text: "The Democratic People's Republic of Korea and the Republic of Korea (ROK)",
      matchers: [
        { ...sequence('stem', 'republ', 'of', 'korea'), outside: [['democrat', 'peopl', 'republ', 'of', 'korea']] },
      ],
      expected: 'The Democratic People&#39;s Republic of Korea and the <mark>Republic of Korea</mark> (ROK)',
    },
    {
      name: 'skips terms inside a longer name, not beside it',
      text: "Democratic People's Republic of Korea; Korea",
      matchers: [{ ...terms('stem', 'korea'), outside: [['democrat', 'peopl', 'republ', 'of', 'korea']] }],
      expected: 'Democratic People&#39;s Republic of Korea; <mark>Korea</mark>',
    },
  ];
  it.each(cases)('$name', ({ text, matchers, expected }) => expect(highlight(text, ...matchers)).toBe(expected));

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<script>alert("x" + 'y') & </script>`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;) &amp; &lt;/script&gt;',
    );
  });
});
