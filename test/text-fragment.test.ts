import { describe, expect, it } from 'vitest';
import { PageText, encodeFragmentTerm, textDirective, textFragmentUrl } from '../server/cite/text-fragment.ts';
import type { Passage } from '../server/corpus/types.ts';
import { realCorpus } from './support/corpus.ts';

/** Text as a browser compares it in a text directive, written independently of the module under test. */
const fold = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Resolve a `text=` directive the way the spec's "find a range from a text directive" does (no prefix or
 * suffix): every occurrence of textStart, and the range from the first one to the first textEnd after it.
 */
function resolve(page: string, directive: string): { starts: number; range: string | null } {
  const [start, end] = directive.split(',').map((term) => fold(decodeURIComponent(term)));
  const text = fold(page);
  const starts: number[] = [];
  for (let at = text.indexOf(start!); at >= 0; at = text.indexOf(start!, at + 1)) starts.push(at);
  const first = starts[0];
  if (first === undefined) return { starts: 0, range: null };
  if (end === undefined) return { starts: starts.length, range: text.slice(first, first + start!.length) };
  const endAt = text.indexOf(end, first + start!.length);
  return { starts: starts.length, range: endAt < 0 ? null : text.slice(first, endAt + end.length) };
}

const sentence = (text: string) => ({ text }) as Passage;

describe('encodeFragmentTerm', () => {
  const cases = [
    { term: 'Kim Jong-un', expected: 'Kim%20Jong%2Dun' },
    { term: '80,000 & more', expected: '80%2C000%20%26%20more' },
    { term: '“trafficking in persons”', expected: '%E2%80%9Ctrafficking%20in%20persons%E2%80%9D' },
    { term: "People's (D. P. R. K.)", expected: "People's%20(D.%20P.%20R.%20K.)" },
    { term: '100% #1', expected: '100%25%20%231' },
  ];
  it.each(cases)('percent-encodes $term, including the - & , the spec reserves', ({ term, expected }) => {
    expect(encodeFragmentTerm(term)).toBe(expected);
  });
});

describe('textDirective', () => {
  const long = 'The regime sent workers abroad to earn foreign currency for the state under harsh conditions.';
  const cases = [
    {
      behaviour: 'a short sentence is quoted whole',
      page: 'Intro text. Fair and transparent trials do not occur. Outro.',
      target: 'Fair and transparent trials do not occur.',
      expected: 'Fair%20and%20transparent%20trials%20do%20not%20occur%2E',
    },
    {
      behaviour: 'a long sentence becomes four words from each end',
      page: `Intro text. ${long} Outro.`,
      target: long,
      expected: 'The%20regime%20sent%20workers,state%20under%20harsh%20conditions%2E',
    },
    {
      behaviour: 'the start grows until no other place in the document begins the same way',
      page: `The regime sent workers home. ${long}`,
      target: long,
      expected: 'The%20regime%20sent%20workers%20abroad,state%20under%20harsh%20conditions%2E',
    },
    {
      behaviour: 'repeats are found whatever their case and spacing',
      page: `THE REGIME   SENT\nWORKERS home. ${long}`,
      target: long,
      expected: 'The%20regime%20sent%20workers%20abroad,state%20under%20harsh%20conditions%2E',
    },
    {
      behaviour: 'the end grows until its first occurrence after the start closes the sentence',
      page: 'Intro. Officials said that in Russia workers earn wages abroad and in China workers earn wages abroad',
      target: 'Officials said that in Russia workers earn wages abroad and in China workers earn wages abroad',
      expected: 'Officials%20said%20that%20in,China%20workers%20earn%20wages%20abroad',
    },
  ];
  it.each(cases)('$behaviour', ({ page, target, expected }) => {
    const directive = textDirective(PageText.of(page), target);
    expect(directive).toBe(expected);
    expect(resolve(page, directive!)).toEqual({ starts: 1, range: fold(target) });
  });

  it('gives no directive for a sentence the document contains twice, since none could single it out', () => {
    expect(textDirective(PageText.of('It was cold. It was cold.'), 'It was cold.')).toBeNull();
  });

  it('refuses a sentence that is not in the document text, naming the helper that builds it', () => {
    expect(() => textDirective(PageText.of('Something else entirely.'), 'It was cold.')).toThrow(
      /PageText\.ofPassages\(\)/,
    );
  });
});

describe('textFragmentUrl', () => {
  const page = 'Intro text. Fair and transparent trials do not occur. Outro.';
  const cases = [
    {
      behaviour: 'appends the directive after #:~:text=',
      url: 'https://example.org/report',
      text: 'Fair and transparent trials do not occur.',
      expected: 'https://example.org/report#:~:text=Fair%20and%20transparent%20trials%20do%20not%20occur%2E',
    },
    {
      behaviour: "keeps the page's own fragment in front of the directive",
      url: 'https://example.org/report#korea',
      text: 'Fair and transparent trials do not occur.',
      expected: 'https://example.org/report#korea:~:text=Fair%20and%20transparent%20trials%20do%20not%20occur%2E',
    },
    {
      behaviour: 'returns the address unchanged when the sentence is not unique',
      url: 'https://example.org/report',
      text: 'Outro.',
      page: 'Outro. Intro. Outro.',
      expected: 'https://example.org/report',
    },
  ];
  it.each(cases)('$behaviour', ({ url, text, expected, ...rest }) => {
    expect(textFragmentUrl(url, PageText.of(rest.page ?? page), sentence(text))).toBe(expected);
  });
});

describe('text fragments on the real corpus', () => {
  const { documents, passages } = realCorpus();
  const verified = documents.filter((doc) => doc.url && doc.urlVerified);
  /** Longest `text=` value we accept: a link a reader can still paste into a footnote. */
  const MAX_DIRECTIVE = 120;

  it('has documents with verified addresses to link into', () => {
    expect(verified.map((doc) => doc.id)).toEqual(['2007-tip', '2019-king-keia', '2023-tip-excerpt']);
  });

  it.each(verified.map((doc) => [doc.id, doc] as const))(
    'links every passage of %s to exactly one range of its document, and that range is the sentence',
    (_id, doc) => {
      const own = passages.filter((passage) => passage.doc === doc.id);
      // The page as a browser shows it, for the resolver; the engine gets the same text as a PageText.
      const page = own.map((passage) => passage.text).join(' ');
      const problems = own.flatMap((passage) => {
        const url = textFragmentUrl(doc.url!, PageText.ofPassages(own), passage);
        const [address, directive] = url.split('#:~:text=');
        const { starts, range } = resolve(page, directive ?? '');
        const ok =
          address === doc.url && starts === 1 && range === fold(passage.text) && directive!.length <= MAX_DIRECTIVE;
        return ok ? [] : [{ id: passage.id, url, starts, length: directive?.length }];
      });
      expect(own.length).toBeGreaterThan(10);
      expect(problems).toEqual([]);
    },
  );

  it('keeps the original characters of the sentence (curly quotes, spaced initialisms) in the link', () => {
    const doc = verified.find((d) => d.id === '2007-tip')!;
    const own = passages.filter((passage) => passage.doc === doc.id);
    const passage = own.find((p) => p.text.startsWith('Fair and transparent trials'))!;
    expect(textFragmentUrl(doc.url!, PageText.ofPassages(own), passage)).toBe(
      'https://www.refworld.org/docid/467be3cd33.html#:~:text=Fair%20and%20transparent%20trials,D.%20P.%20R.%20K%2E',
    );
  });
});
