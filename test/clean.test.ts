import { describe, expect, it } from 'vitest';
import { cleanDocument, headingText } from '../server/corpus/clean.ts';
import type { Paragraph } from '../server/corpus/types.ts';

const noAuthor = { author: null };
const paragraphsOf = (text: string, author: string | null = null) =>
  cleanDocument(text, { author })
    .body.filter((block): block is Paragraph => block.kind === 'paragraph')
    .map((p) => text.slice(p.start, p.end));

describe('cleanDocument', () => {
  it('joins a paragraph broken mid-sentence by a page break, keeping the offsets in the seed', () => {
    const text = 'TITLE\n\nWorkers are paid into accounts\n\ncontrolled by the government. They work.\n';
    expect(paragraphsOf(text)).toEqual(['Workers are paid into accounts\n\ncontrolled by the government. They work.']);
    expect(cleanDocument(text, noAuthor).joins).toEqual([5]);
  });

  it('joins after a comma and before a lower-case word', () => {
    expect(paragraphsOf('Traffickers lure,\n\ndrug, detain, or kidnap women.')).toEqual([
      'Traffickers lure,\n\ndrug, detain, or kidnap women.',
    ]);
  });

  it('does not join a finished paragraph to the next one', () => {
    expect(paragraphsOf('They work long hours.\n\nthe next paragraph oddly starts low.')).toHaveLength(2);
  });

  it('treats short unpunctuated lines and markdown headings as headings, titles before the first prose as front matter', () => {
    const text =
      "## **Democratic People's Republic of Korea**\n\nNORTH KOREA (Tier 3)\n\nThe government failed.\n\n## PROSECUTION\n\nNo efforts were made.\n\nTRAFFICKING PROFILE:\n\nTraffickers exploit.";
    const clean = cleanDocument(text, noAuthor);
    expect(clean.frontMatter.map((h) => h.text)).toEqual([
      "Democratic People's Republic of Korea",
      'NORTH KOREA (Tier 3)',
    ]);
    expect(clean.body.map((b) => (b.kind === 'heading' ? `H:${b.text}` : 'P'))).toEqual([
      'P',
      'H:PROSECUTION',
      'P',
      'H:TRAFFICKING PROFILE:',
      'P',
    ]);
  });

  it('removes furniture lines and names the rule that removed each', () => {
    const text = [
      'FEDERAL GOVERNMENT SHUTDOWN',
      'Due to the Democrat-led shutdown, website updates will be limited until full operations resume.',
      '[Home](#) > ... > 2025 Trafficking in Persons Report',
      'Subscribe to our Mailing List!',
      'The government did not act.',
      'TAGS',
      '[Reports](#)',
      'Contact Us',
    ].join('\n\n');
    const clean = cleanDocument(text, noAuthor);
    expect(paragraphsOf(text)).toEqual(['The government did not act.']);
    expect(clean.removed.map((r) => r.rule)).toEqual([
      'shutdown banner',
      'shutdown banner',
      'breadcrumbs',
      'mailing-list prompt',
      'tag list',
      'link list item',
      'site footer',
    ]);
  });

  it('drops an author bio and everything after it once the body has begun', () => {
    const text =
      'By Robert R. King\n\nThe report is tough.\n\nRobert R. King is a Non-Resident Fellow.\n\nSomething after.';
    expect(paragraphsOf(text, 'Robert R. King')).toEqual(['The report is tough.']);
  });

  it('removes a navigation box as a whole block', () => {
    const text = "IN THIS SECTION /\nKOREA, DEMOCRATIC PEOPLE'S REPUBLIC OF (TIER 3).\n\nThe government did not act.";
    expect(paragraphsOf(text)).toEqual(['The government did not act.']);
  });

  it('keeps a hard-wrapped paragraph together as one paragraph', () => {
    expect(paragraphsOf('The government did not\nreport any efforts.\n\nNext one.')).toEqual([
      'The government did not\nreport any efforts.',
      'Next one.',
    ]);
  });
});

describe('headingText', () => {
  const cases = [
    {
      input: "#### **DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA: Tier 3**",
      expected: "DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA: Tier 3",
    },
    { input: '## PROSECUTION', expected: 'PROSECUTION' },
    { input: 'TRAFFICKING PROFILE:', expected: 'TRAFFICKING PROFILE:' },
    { input: 'U.S. DEPARTMENT *of* STATE', expected: 'U.S. DEPARTMENT of STATE' },
    { input: 'state-sponsored_labor', expected: 'state-sponsored_labor' },
  ];
  it.each(cases)('$input -> $expected', ({ input, expected }) => expect(headingText(input)).toBe(expected));
});
