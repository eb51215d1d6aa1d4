import { describe, expect, it } from 'vitest';
import { wordDiff, type DiffPart, typographicKey } from '../server/analysis/word-diff.ts';
import { passageById, realCorpus } from './support/corpus.ts';

/** A diff as one string: [-removed] and [+added], the way a reader sees it marked up. */
const marked = (parts: DiffPart[]) =>
  parts.map((p) => (p.op === 'same' ? p.text : p.op === 'added' ? `[+${p.text}]` : `[-${p.text}]`)).join('');

describe('wordDiff', () => {
  const cases: Array<{ name: string; from: string; to: string; expected: string }> = [
    {
      name: 'identical texts are one same part',
      from: 'Accede to the 2000 UN TIP Protocol.',
      to: 'Accede to the 2000 UN TIP Protocol.',
      expected: 'Accede to the 2000 UN TIP Protocol.',
    },
    {
      name: 'a replaced phrase is removed then added, spaces outside',
      from: 'Wages of some North Korean workers',
      to: 'Wages of some DPRK workers',
      expected: 'Wages of some [-North Korean][+DPRK] workers',
    },
    {
      name: 'an inserted word keeps one space either side',
      from: 'did not demonstrate any efforts',
      to: 'did not demonstrate any meaningful efforts',
      expected: 'did not demonstrate any [+meaningful] efforts',
    },
    {
      name: 'a deleted word takes its space with it',
      from: 'monitor and limit the movements',
      to: 'monitor and limit movements',
      expected: 'monitor and limit [-the ]movements',
    },
    {
      name: 'a deletion starting with a comma leaves the space after it',
      from: 'trafficking and, even considering COVID-19, is not',
      to: 'trafficking and is not',
      expected: 'trafficking and[-, even considering COVID-19,] is not',
    },
    {
      name: 'a deleted ending keeps the final full stop shared',
      from: 'address trafficking through prosecution.',
      to: 'address trafficking.',
      expected: 'address trafficking[- through prosecution].',
    },
    {
      name: 'a spaced initialism changes as one word',
      from: 'The D. P. R. K. made no efforts.',
      to: 'The DPRK made no efforts.',
      expected: 'The [-D. P. R. K.][+DPRK] made no efforts.',
    },
    {
      name: 'numbers with thousands separators change whole',
      from: 'an estimated 80,000 to 120,000 prisoners',
      to: 'an estimated 80,000 to 200,000 persons',
      expected: 'an estimated 80,000 to [-120,000 prisoners][+200,000 persons]',
    },
    {
      name: 'case alone is not a change: the word is shown as the newer text writes it',
      from: 'and accede to the Protocol.',
      to: 'Accede to the Protocol.',
      expected: '[-and ]Accede to the Protocol.',
    },
    {
      name: 'curly and straight quotes are the same',
      from: 'various “voluntary” contributions',
      to: 'various "voluntary" contributions',
      expected: 'various "voluntary" contributions',
    },
    {
      name: 'curly and straight apostrophes, and the kinds of dash, are the same',
      from: 'the DPRK’s workers – abroad',
      to: "the DPRK's workers - abroad",
      expected: "the DPRK's workers - abroad",
    },
    {
      name: 'a changed word next to a typographic difference is still marked',
      from: 'the DPRK’s workers',
      to: "the DPRK's laborers",
      expected: "the DPRK's [-workers][+laborers]",
    },
    {
      name: 'an empty old text is all added',
      from: '',
      to: 'Trafficking affects all communities.',
      expected: '[+Trafficking affects all communities.]',
    },
    {
      name: 'an empty new text is all removed',
      from: 'Many prisoners do not survive.',
      to: '',
      expected: '[-Many prisoners do not survive.]',
    },
  ];
  for (const { name, from, to, expected } of cases) {
    it(name, () => expect(marked(wordDiff(from, to))).toBe(expected));
  }

  it('never has two parts of the same kind in a row, nor an empty part', () => {
    const parts = wordDiff(
      'The D. P. R. K. government does not recognize victims.',
      'The government reported no efforts to identify victims.',
    );
    for (const [i, part] of parts.entries()) {
      expect(part.text).not.toBe('');
      if (i > 0) expect(part.op).not.toBe(parts[i - 1]!.op);
    }
  });

  it('rebuilds the new text exactly and the old text word for word, on every pair of real passages tried', () => {
    const passages = realCorpus().passages;
    for (let k = 0; k < 400; k++) {
      const from = passages[(k * 7) % passages.length]!.text;
      const to = passages[(k * 13 + 5) % passages.length]!.text;
      const parts = wordDiff(from, to);
      expect(
        parts
          .filter((p) => p.op !== 'removed')
          .map((p) => p.text)
          .join(''),
      ).toBe(to);
      // The old text comes back word for word up to typography (the unchanged parts are written as the new text writes them).
      expect(
        typographicKey(
          parts
            .filter((p) => p.op !== 'added')
            .map((p) => p.text)
            .join('')
            .replace(/\s+/g, ''),
        ),
      ).toBe(typographicKey(from.replace(/\s+/g, '')));
    }
  });

  it('shows the 2023 to 2025 rewording of the overseas workers recommendation', () => {
    const from = passageById('2023-tip-excerpt-recommendations-p3-s1').text;
    const to = passageById('2025-tip-recommendations-p3-s1').text;
    expect(marked(wordDiff(from, to))).toBe(
      'Eliminate [-coercion][+coercive] tactics used to monitor and limit [-the ]movements and communications of [-workers][+North Koreans dispatched as] overseas [+workers in violation of UNSCR 2397].',
    );
  });
});
