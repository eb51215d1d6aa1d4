import { describe, expect, it } from 'vitest';
import { splitSemicolonList, splitSentences } from '../server/corpus/sentences.ts';

const sentencesOf = (text: string) => splitSentences(text).map(({ start, end }) => text.slice(start, end));

describe('splitSentences', () => {
  const cases: Array<{ name: string; input: string; expected: string[] }> = [
    {
      name: 'spaced initialisms inside a sentence do not cut it',
      input: "The Democratic People's Republic of Korea (D. P. R. K. or North Korea) is a source country. It is.",
      expected: [
        "The Democratic People's Republic of Korea (D. P. R. K. or North Korea) is a source country.",
        'It is.',
      ],
    },
    {
      name: 'an initialism followed by a lower-case word continues the sentence',
      input: 'Women are sold as brides to P. R. C. nationals, usually of Korean ethnicity.',
      expected: ['Women are sold as brides to P. R. C. nationals, usually of Korean ethnicity.'],
    },
    {
      name: 'an initialism that ends a sentence splits before a sentence opener',
      input: 'Fair and transparent trials do not occur in the D. P. R. K. It is therefore unclear.',
      expected: ['Fair and transparent trials do not occur in the D. P. R. K.', 'It is therefore unclear.'],
    },
    {
      name: 'an initialism then "The" splits, and the next initialism with a possessive does not',
      input: "They are forced into prostitution once in P. R. C. The D. P. R. K. 's system includes forced labor.",
      expected: [
        'They are forced into prostitution once in P. R. C.',
        "The D. P. R. K. 's system includes forced labor.",
      ],
    },
    {
      name: 'an initialism before a comma or a closing bracket continues',
      input:
        'North Koreans repatriated from P. R. C. , some of whom are victims, are jailed in China (P. R. C. ) and elsewhere.',
      expected: [
        'North Koreans repatriated from P. R. C. , some of whom are victims, are jailed in China (P. R. C. ) and elsewhere.',
      ],
    },
    {
      name: '"U.S." before a capitalised noun continues the sentence',
      input: 'On June 20, 2019, the U.S. Department of State released the report. There is irony.',
      expected: ['On June 20, 2019, the U.S. Department of State released the report.', 'There is irony.'],
    },
    {
      name: 'a middle initial in a name continues the sentence',
      input: 'Robert R. King is a fellow. He writes.',
      expected: ['Robert R. King is a fellow.', 'He writes.'],
    },
    {
      name: '"No." before a number continues',
      input: 'Resolution No. 2397 applies. It is binding.',
      expected: ['Resolution No. 2397 applies.', 'It is binding.'],
    },
    {
      name: 'amounts, ranges and decimals do not cut',
      input:
        'Sold for ¥5,000 Chinese Yuan ($720), as little as $4, to 80,000 to 120,000 people, 2.6 million in all. Next.',
      expected: [
        'Sold for ¥5,000 Chinese Yuan ($720), as little as $4, to 80,000 to 120,000 people, 2.6 million in all.',
        'Next.',
      ],
    },
    {
      name: 'a spaced ellipsis inside a quotation does not cut',
      input:
        'It used proceeds “to fund government functions . . . [and] it did not protect victims.” It is worth noting.',
      expected: [
        'It used proceeds “to fund government functions . . . [and] it did not protect victims.”',
        'It is worth noting.',
      ],
    },
    {
      name: 'a quotation holding two sentences is one sentence',
      input:
        'One survivor said, “I was deceived by a broker ($720 United States Dollars). I spent six years as a slave.” The report estimates.',
      expected: [
        'One survivor said, “I was deceived by a broker ($720 United States Dollars). I spent six years as a slave.”',
        'The report estimates.',
      ],
    },
    {
      name: 'a sentence ending inside a closing quote ends',
      input: 'They face five years of “reform through labor.” In “serious” cases, they face death.',
      expected: ['They face five years of “reform through labor.”', 'In “serious” cases, they face death.'],
    },
    {
      name: 'straight quotes are paired like curly ones',
      input: 'It runs "labor training centers." Authorities send people there.',
      expected: ['It runs "labor training centers."', 'Authorities send people there.'],
    },
    {
      name: 'a closing quote whose opening is missing does not swallow the paragraph',
      input: 'Prices are $146 to purchase a wife.” One survivor spoke. She left.',
      expected: ['Prices are $146 to purchase a wife.”', 'One survivor spoke.', 'She left.'],
    },
    {
      name: 'a parenthesis ending a sentence splits after the period',
      input: 'They consumed media from the Republic of Korea (ROK). According to the ROK, some were executed.',
      expected: ['They consumed media from the Republic of Korea (ROK).', 'According to the ROK, some were executed.'],
    },
    {
      name: 'no-break spaces count as spaces between sentences',
      input: 'The DPRK remained on Tier 3.\u00a0 \u00a0The government did not act.',
      expected: ['The DPRK remained on Tier 3.', 'The government did not act.'],
    },
    {
      name: 'an em dash aside with numbers does not cut',
      input: 'As many as 2.6 million people—1 out of every 10 North Koreans—are victims. The report declares.',
      expected: ['As many as 2.6 million people—1 out of every 10 North Koreans—are victims.', 'The report declares.'],
    },
    {
      name: 'a lower-case word after a period is not a new sentence',
      input: 'They work 12 to 16 hours a\n\nday, and sometimes up to 20 hours per day.',
      expected: ['They work 12 to 16 hours a\n\nday, and sometimes up to 20 hours per day.'],
    },
    {
      name: 'text without a final period is one sentence',
      input: 'Prioritized Recommendations',
      expected: ['Prioritized Recommendations'],
    },
    { name: 'empty text has no sentences', input: '   ', expected: [] },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(sentencesOf(input)).toEqual(expected);
  });

  it('returns spans trimmed of surrounding whitespace', () => {
    const text = '  First one.   Second one.  ';
    expect(splitSentences(text)).toEqual([
      { start: 2, end: 12 },
      { start: 15, end: 26 },
    ]);
  });
});

describe('splitSemicolonList', () => {
  it('cuts a semicolon-joined list into items without the semicolons', () => {
    const text = 'End forced labor; criminalize trafficking; and accede to the Protocol.';
    const items = splitSemicolonList(text, { start: 0, end: text.length }).map(({ start, end }) =>
      text.slice(start, end),
    );
    expect(items).toEqual(['End forced labor', 'criminalize trafficking', 'accede to the Protocol.']);
  });

  it('keeps semicolons inside brackets or quotes', () => {
    const text = 'End abuse (beatings; torture); end “rest; work” quotas; and report.';
    const items = splitSemicolonList(text, { start: 0, end: text.length }).map(({ start, end }) =>
      text.slice(start, end),
    );
    expect(items).toEqual(['End abuse (beatings; torture)', 'end “rest; work” quotas', 'report.']);
  });
});
