import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
// @ts-expect-error citation-js ships no type declarations
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import {
  bibtexFile,
  citationBibtex,
  citationCsl,
  citationRis,
  citations,
  citationText,
  contentHash,
  escapeBibtex,
  risFile,
} from '../server/cite/formats.ts';
import { chapterTitle, formatDate, shortCitation, type CitationInput } from '../server/cite/citation.ts';
import { PageText } from '../server/cite/text-fragment.ts';
import type { DocumentRecord, Passage } from '../server/corpus/types.ts';
import { passageById, realCorpus } from './support/corpus.ts';
import { ACCESSED, inputFor } from './support/citation-input.ts';

// The official CSL-JSON input schema, schemas/input/csl-data.json of github.com/citation-style-language/schema
// (commit 00412663cee29f630e8a112abf751fce6c9c1748), saved so the test runs without a network.
const cslSchema = JSON.parse(readFileSync(new URL('./fixtures/csl-data.json', import.meta.url), 'utf8'));
const validateCsl = new Ajv({ strict: false }).compile(cslSchema);

/** The subset of a CSL item that citation-js gives back and these tests read. */
interface ParsedItem {
  id: string;
  type: string;
  title: string;
  author: Array<Record<string, string>>;
  'container-title'?: string;
  publisher?: string;
  issued: { 'date-parts': number[][] };
  URL?: string;
  note?: string;
  annote?: string;
}

/** Parse BibTeX or RIS with citation-js, as a reference manager would. */
const parse = (text: string): ParsedItem[] => new Cite(text).data;

const STATE_DEPARTMENT = { literal: 'U.S. Department of State, Office to Monitor and Combat Trafficking in Persons' };

/** One passage of every kind of document, and what any format must say about it. */
const kinds = [
  {
    kind: 'a report without a verified address (2025)',
    id: '2025-tip-trafficking-profile-p6-s3',
    cslType: 'chapter',
    author: STATE_DEPARTMENT,
    title: "Korea, Democratic People's Republic of (Tier 3)",
    container: 'Trafficking in Persons Report 2025',
    issued: [2025],
    url: null,
  },
  {
    kind: 'a report reproduced by Refworld (2007)',
    id: '2007-tip-prosecution-p1-s8',
    cslType: 'chapter',
    author: STATE_DEPARTMENT,
    title: 'North Korea (Tier 3)',
    container: 'Trafficking in Persons Report 2007',
    issued: [2007, 6, 12],
    url: 'https://www.refworld.org/docid/467be3cd33.html#:~:text=',
  },
  {
    kind: 'a report with no known address (2016)',
    id: '2016-tip-recommendations-p1-s2',
    cslType: 'chapter',
    author: STATE_DEPARTMENT,
    title: "Democratic People's Republic of Korea (Tier 3)",
    container: 'Trafficking in Persons Report 2016',
    issued: [2016],
    url: null,
  },
  {
    kind: 'an excerpt reproduced by gvnet (2023)',
    id: '2023-tip-excerpt-overview-p1-s2',
    cslType: 'chapter',
    author: STATE_DEPARTMENT,
    title: 'North Korea (Tier 3)',
    container: 'Trafficking in Persons Report 2023',
    issued: [2023],
    url: 'http://gvnet.com/humantrafficking/NorthKorea-2.htm#:~:text=',
  },
  {
    kind: 'a commentary article (2019)',
    id: '2019-king-keia-commentary-p1-s2',
    cslType: 'post-weblog',
    author: { family: 'King', given: 'Robert R.' },
    title: 'State Department Report finds North Korea Policies Encourage Human Trafficking',
    container: 'The Peninsula',
    issued: [2019, 7, 24],
    url: 'https://keia.org/the-peninsula/state-department-report-finds-north-korea-policies-encourage-human-trafficking/#:~:text=',
  },
];

describe('contentHash', () => {
  const cases = [
    { text: 'abc', expected: 'ba7816bf8f01' },
    { text: '  abc\n', expected: 'ba7816bf8f01' },
    { text: 'Fair and  transparent\ntrials', expected: contentHash('Fair and transparent trials') },
  ];
  it.each(cases)(
    'hashes $text as the first 12 hex digits of SHA-256 after folding whitespace',
    ({ text, expected }) => {
      expect(contentHash(text)).toBe(expected);
    },
  );

  it('matches SHA-256 computed directly over a real quotation', () => {
    const { text } = passageById('2025-tip-trafficking-profile-p6-s3');
    expect(contentHash(text)).toBe(createHash('sha256').update(text).digest('hex').slice(0, 12));
  });
});

describe('formatDate', () => {
  const cases = [
    { iso: '2019-07-24', expected: 'July 24, 2019' },
    { iso: '2007-06-12', expected: 'June 12, 2007' },
    { iso: null, expected: null },
  ];
  it.each(cases)('writes $iso as a reader would, month spelled out', ({ iso, expected }) => {
    expect(formatDate(iso)).toBe(expected);
  });
});

describe('citationText', () => {
  it('cites a 2025 report passage Chicago-style, with quote, access date, hash and permalink but no unverified address', () => {
    expect(citationText(inputFor('2025-tip-trafficking-profile-p6-s3'))).toBe(
      "U.S. Department of State, Office to Monitor and Combat Trafficking in Persons, “Korea, Democratic People's Republic of (Tier 3),” " +
        'in Trafficking in Persons Report 2025 (U.S. Department of State, 2025), para. 24 (Trafficking Profile): ' +
        '“According to one media report that cited figures from Chinese officials, as of 2022 there were 80,000 North Koreans working just in the city of Dandong.” ' +
        'Permalink: https://tip.example.org/p/2025-tip-trafficking-profile-p6-s3, accessed July 1, 2025. ' +
        'Quote check: f863f9f52fde (first 12 hex digits of the SHA-256 of the quoted text, UTF-8, whitespace folded).',
    );
  });

  it('cites a 2007 passage through its verified Refworld copy, deep-linked to the sentence', () => {
    expect(citationText(inputFor('2007-tip-prosecution-p1-s8'))).toBe(
      'U.S. Department of State, Office to Monitor and Combat Trafficking in Persons, “North Korea (Tier 3),” ' +
        'in Trafficking in Persons Report 2007 (U.S. Department of State, June 12, 2007), para. 4 (Prosecution): ' +
        '“Fair and transparent trials do not occur in the D. P. R. K.” Reproduced via UNHCR Refworld, ' +
        'https://www.refworld.org/docid/467be3cd33.html#:~:text=Fair%20and%20transparent%20trials,D.%20P.%20R.%20K%2E, accessed July 1, 2025. ' +
        'Permalink: https://tip.example.org/p/2007-tip-prosecution-p1-s8. ' +
        'Quote check: cecefda66ece (first 12 hex digits of the SHA-256 of the quoted text, UTF-8, whitespace folded).',
    );
  });

  const cases = [
    {
      behaviour: 'names the report an excerpt comes from and the site that reproduced it',
      id: '2023-tip-excerpt-overview-p1-s2',
      includes: [
        'in Trafficking in Persons Report 2023 (U.S. Department of State, 2023), para. 1 (Overview):',
        'Excerpt reproduced via gvnet.com, Human Trafficking, Country-by-Country, http://gvnet.com/humantrafficking/NorthKorea-2.htm#:~:text=',
      ],
      excludes: [],
    },
    {
      behaviour:
        'cites commentary as an article by its author in its blog, with its date, not as a State Department report',
      id: '2019-king-keia-commentary-p1-s2',
      includes: [
        'Robert R. King, “State Department Report finds North Korea Policies Encourage Human Trafficking,” The Peninsula (Korea Economic Institute of America), July 24, 2019, para. 1: “There is a certain irony',
      ],
      excludes: ['U.S. Department of State, Office', 'Trafficking in Persons Report 2019 ('],
    },
    {
      behaviour: 'gives only the public permalink for a report with no known address',
      id: '2016-tip-recommendations-p1-s2',
      includes: [
        'para. 5 (Recommendations): “end the use of the death penalty',
        'abroad”. Permalink: https://tip.example.org/p/2016-tip-recommendations-p1-s2, accessed July 1, 2025.',
      ],
      excludes: ['http://', 'state.gov'],
    },
  ];
  it.each(cases)('$behaviour', ({ id, includes, excludes }) => {
    const text = citationText(inputFor(id));
    for (const part of includes) expect(text).toContain(part);
    for (const part of excludes) expect(text).not.toContain(part);
  });
});

describe('without a public permalink (no PUBLIC_URL)', () => {
  const local = (id: string): CitationInput => ({ ...inputFor(id), permalink: null });
  const everyFormat = (input: CitationInput) => {
    const all = citations(input);
    return [all.text, all.bibtex, all.ris, JSON.stringify(all.csl)];
  };

  it('cites the verified original, deep-linked, with the access date, and no permalink', () => {
    expect(citationText(local('2007-tip-prosecution-p1-s8'))).toBe(
      'U.S. Department of State, Office to Monitor and Combat Trafficking in Persons, “North Korea (Tier 3),” ' +
        'in Trafficking in Persons Report 2007 (U.S. Department of State, June 12, 2007), para. 4 (Prosecution): ' +
        '“Fair and transparent trials do not occur in the D. P. R. K.” Reproduced via UNHCR Refworld, ' +
        'https://www.refworld.org/docid/467be3cd33.html#:~:text=Fair%20and%20transparent%20trials,D.%20P.%20R.%20K%2E, accessed July 1, 2025. ' +
        'Quote check: cecefda66ece (first 12 hex digits of the SHA-256 of the quoted text, UTF-8, whitespace folded).',
    );
  });

  it('cites a report with no verified address by its publication alone: no address, so no access date', () => {
    expect(citationText(local('2025-tip-trafficking-profile-p6-s3'))).toBe(
      "U.S. Department of State, Office to Monitor and Combat Trafficking in Persons, “Korea, Democratic People's Republic of (Tier 3),” " +
        'in Trafficking in Persons Report 2025 (U.S. Department of State, 2025), para. 24 (Trafficking Profile): ' +
        '“According to one media report that cited figures from Chinese officials, as of 2022 there were 80,000 North Koreans working just in the city of Dandong.” ' +
        'Quote check: f863f9f52fde (first 12 hex digits of the SHA-256 of the quoted text, UTF-8, whitespace folded).',
    );
  });

  it.each(kinds)(
    'leaves the permalink out of every format of $kind, and no address but the original is in it',
    (expected) => {
      for (const text of everyFormat(local(expected.id))) {
        expect(text).not.toContain('Permalink');
        expect(text).not.toContain('/p/');
        const addresses = text.match(/https?:\/\/[^\s"}]+/g) ?? [];
        for (const address of addresses) expect(address.startsWith(expected.url ?? 'no address at all')).toBe(true);
      }
    },
  );
});

describe('chapterTitle', () => {
  const cases = [
    { title: 'CHINA: TIER 3', expected: 'China (Tier 3)' },
    { title: 'CHINA (Tier 3)', expected: 'China (Tier 3)' },
    {
      title: 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF: TIER 3',
      expected: "Korea, Democratic People's Republic of (Tier 3)",
    },
    { title: 'CÔTE D’IVOIRE: TIER 2 WATCH LIST', expected: "Côte d'Ivoire (Tier 2 Watch List)" },
    { title: 'GUINEA-BISSAU (TIER 3)', expected: 'Guinea-Bissau (Tier 3)' },
    { title: 'LIBYA: SPECIAL CASE', expected: 'Libya (Special Case)' },
    { title: 'North Korea (Tier 3)', expected: 'North Korea (Tier 3)' },
    {
      title: "Korea, Democratic People's Republic of (Tier 3)",
      expected: "Korea, Democratic People's Republic of (Tier 3)",
    },
  ];
  it.each(cases)('writes $title as $expected', ({ title, expected }) => {
    expect(chapterTitle(title)).toBe(expected);
  });

  it('is the title every format and the short citation give an imported chapter', () => {
    const input = inputFor('2025-tip-trafficking-profile-p6-s3');
    const imported: CitationInput = { ...input, doc: { ...input.doc, title: 'CHINA (Tier 3)' } };
    const all = citations(imported);
    for (const text of [all.text, all.bibtex, all.ris, all.csl.title, shortCitation(imported.passage, imported.doc)]) {
      expect(text).toContain('China (Tier 3)');
      expect(text).not.toContain('CHINA');
    }
  });
});

describe('citationBibtex', () => {
  it.each(kinds)(
    'writes $kind as BibTeX that citation-js reads back with its title, author, date and address',
    (expected) => {
      const input = inputFor(expected.id);
      const [item, ...rest] = parse(citationBibtex(input));
      expect(rest).toEqual([]);
      expect(item).toMatchObject({
        id: expected.id,
        type: expected.cslType === 'chapter' ? 'chapter' : 'webpage',
        title: expected.title,
        publisher: input.doc.publisher,
        issued: { 'date-parts': [expected.issued] },
      });
      // citation-js reads a chapter's `booktitle` but not the blog an @online entry names in `journaltitle`.
      if (expected.cslType === 'chapter') expect(item!['container-title']).toBe(expected.container);
      expect(item!.author).toEqual([
        expected.cslType === 'chapter' ? { family: STATE_DEPARTMENT.literal } : expected.author,
      ]);
      if (expected.url) expect(item!.URL).toMatch(new RegExp(`^${escapeRegExp(expected.url)}`));
      else expect(item!.URL).toBeUndefined();
      expect(item!.annote).toContain(`“${input.passage.text}”`);
      expect(item!.note).toBeUndefined();
    },
  );

  it.each(kinds)('writes $kind as one well-formed entry with balanced braces', ({ id }) => {
    const bibtex = citationBibtex(inputFor(id));
    expect(bibtex).toMatch(
      /^@(incollection|online)\{[a-z0-9-]+,\n( {2}[a-z]+ = (\{.*\}|[a-z]{3}),\n)* {2}[a-z]+ = \{.*\}\n\}\n$/,
    );
    expect(braceDepths(bibtex)).toEqual({ lowest: 0, final: 0 });
  });

  it('uses @incollection for reports and @online for commentary, keyed by passage id', () => {
    expect(citationBibtex(inputFor('2025-tip-trafficking-profile-p6-s3'))).toMatch(
      /^@incollection\{2025-tip-trafficking-profile-p6-s3,\n/,
    );
    expect(citationBibtex(inputFor('2019-king-keia-commentary-p1-s2'))).toMatch(
      /^@online\{2019-king-keia-commentary-p1-s2,\n/,
    );
  });

  it('names the report as the book a narrative is in, and the State Department as its publisher', () => {
    const bibtex = citationBibtex(inputFor('2023-tip-excerpt-overview-p1-s2'));
    expect(bibtex).toContain(
      '  booktitle = {Trafficking in Persons Report 2023},\n  publisher = {U.S. Department of State},\n  type = {Country narrative (excerpt)},\n',
    );
  });

  it('keeps the quotation, hash and permalink in `annote`, which no standard style prints, never in `note`', () => {
    const bibtex = citationBibtex(inputFor('2007-tip-prosecution-p1-s8'));
    expect(bibtex).toMatch(
      /\n {2}annote = \{In Trafficking in Persons Report 2007, reproduced via UNHCR Refworld\. para\. 4 \(Prosecution\): “Fair and transparent trials do not occur in the D\. P\. R\. K\.” Quote check: cecefda66ece /,
    );
    expect(bibtex).not.toMatch(/^ {2}note = /m);
  });

  const specials = [
    { value: '{x}', expected: '\\textbraceleft{}x\\textbraceright{}' },
    { value: '100% & $4', expected: '100\\% \\& \\$4' },
    { value: '#1 file_name', expected: '\\#1 file\\_name' },
    { value: 'back\\slash ~ ^', expected: 'back\\textbackslash{}slash \\textasciitilde{} \\textasciicircum{}' },
    { value: '“curly” "straight" ’', expected: '“curly” "straight" ’' },
  ];
  it.each(specials)('escapes $value for a braced BibTeX field', ({ value, expected }) => {
    expect(escapeBibtex(value)).toBe(expected);
  });

  it('round-trips a quotation and title full of BibTeX specials through a real parser', () => {
    const { input, quote } = syntheticInput();
    const bibtex = citationBibtex(input);
    expect(braceDepths(bibtex)).toEqual({ lowest: 0, final: 0 });
    const [item] = parse(bibtex);
    expect(item!.title).toBe(input.doc.title);
    expect(item!.annote).toContain(`“${quote}”`);
    expect(item!.URL).toMatch(new RegExp(`^${escapeRegExp(`${input.doc.url}#:~:text=`)}`));
  });
});

describe('citationRis', () => {
  it.each(kinds)(
    'writes $kind as RIS that citation-js reads back with its title, author, date and address',
    (expected) => {
      const input = inputFor(expected.id);
      const [item, ...rest] = parse(citationRis(input));
      expect(rest).toEqual([]);
      expect(item).toMatchObject({ id: expected.id, type: expected.cslType, title: expected.title });
      // citation-js reads only PY (the year) for a CHAP; Zotero reads the full DA (test/cite-rendering.test.ts).
      expect(item!.issued['date-parts'][0]![0]).toBe(expected.issued[0]);
      expect(item!['container-title']).toBe(expected.container);
      expect(item!.author).toEqual([
        expected.cslType === 'chapter'
          ? { literal: 'U.S. Department of State. Office to Monitor and Combat Trafficking in Persons' }
          : expected.author,
      ]);
      if (expected.url) expect(item!.URL).toMatch(new RegExp(`^${escapeRegExp(expected.url)}`));
      else expect(item!.URL).toBeUndefined();
      expect(item!.note).toContain(`“${input.passage.text}”`);
    },
  );

  it.each(kinds)('writes $kind as tagged CRLF lines from TY to ER', ({ id }) => {
    const ris = citationRis(inputFor(id));
    expect(ris.endsWith('\r\n')).toBe(true);
    expect(ris.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    const lines = ris.split('\r\n').slice(0, -1);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line).toMatch(/^[A-Z][A-Z0-9] {2}- /);
    expect(lines[0]).toMatch(/^TY {2}- (CHAP|BLOG)$/);
    expect(lines.at(-1)).toBe('ER  - ');
  });

  it('types reports as CHAP (a chapter of the annual report) and commentary as BLOG', () => {
    expect(citationRis(inputFor('2023-tip-excerpt-overview-p1-s2'))).toMatch(/^TY {2}- CHAP\r\n/);
    expect(citationRis(inputFor('2019-king-keia-commentary-p1-s2'))).toMatch(/^TY {2}- BLOG\r\n/);
  });

  it('round-trips a quotation full of special characters', () => {
    const { input, quote } = syntheticInput();
    expect(parse(citationRis(input))[0]!.note).toContain(`“${quote}”`);
  });
});

describe('citationCsl', () => {
  it('gives every passage of the corpus an item valid against the official CSL-JSON schema', () => {
    const { documents, passages } = realCorpus();
    const items = passages.map((passage) => {
      const doc = documents.find((candidate) => candidate.id === passage.doc)!;
      const own = passages.filter((candidate) => candidate.doc === doc.id);
      return citationCsl({
        passage,
        doc,
        accessed: ACCESSED,
        permalink: `https://tip.example.org/p/${passage.id}`,
        page: PageText.ofPassages(own),
      });
    });
    expect(items).toHaveLength(passages.length);
    expect(validateCsl(items), JSON.stringify(validateCsl.errors)).toBe(true);
  });

  it.each(kinds)('describes $kind with the right type, author, container, date and address', (expected) => {
    const item = citationCsl(inputFor(expected.id));
    expect(item).toMatchObject({
      id: expected.id,
      type: expected.cslType,
      author: [expected.author],
      title: expected.title,
      'container-title': expected.container,
      issued: { 'date-parts': [expected.issued] },
    });
    if (expected.url) {
      expect(item.URL).toMatch(new RegExp(`^${escapeRegExp(expected.url)}`));
      expect(item.accessed).toEqual({ 'date-parts': [[2025, 7, 1]] });
    } else {
      expect(item.URL).toBeUndefined();
      expect(item.accessed).toBeUndefined();
    }
  });

  it('names the site that reproduced a text as its source', () => {
    expect(citationCsl(inputFor('2007-tip-prosecution-p1-s8')).source).toBe('UNHCR Refworld');
    expect(citationCsl(inputFor('2023-tip-excerpt-overview-p1-s2'))).toMatchObject({
      source: 'gvnet.com, Human Trafficking, Country-by-Country',
      genre: 'Country narrative (excerpt)',
    });
  });
});

describe('citations', () => {
  it('returns the text, BibTeX, RIS and CSL renderings of one passage together, with its paragraph as the pinpoint', () => {
    const input = inputFor('2019-king-keia-commentary-p1-s2');
    expect(citations(input)).toEqual({
      text: citationText(input),
      bibtex: citationBibtex(input),
      ris: citationRis(input),
      csl: citationCsl(input),
      cite: {
        pandoc: '[@2019-king-keia-commentary-p1-s2, para. 1]',
        latex: '\\autocite[para.~1]{2019-king-keia-commentary-p1-s2}',
        csl: { id: '2019-king-keia-commentary-p1-s2', locator: '1', label: 'paragraph' },
      },
    });
  });

  const pinpoints = [
    { id: '2025-tip-trafficking-profile-p6-s3', paragraph: '24' },
    { id: '2007-tip-prosecution-p1-s8', paragraph: '4' },
    { id: '2023-tip-excerpt-overview-p1-s2', paragraph: '1' },
  ];
  it.each(pinpoints)(
    'cites $id at paragraph $paragraph of its document in pandoc, LaTeX and CSL',
    ({ id, paragraph }) => {
      expect(citations(inputFor(id)).cite).toEqual({
        pandoc: `[@${id}, para. ${paragraph}]`,
        latex: `\\autocite[para.~${paragraph}]{${id}}`,
        csl: { id, locator: paragraph, label: 'paragraph' },
      });
    },
  );

  it('never offers the unverified 2025 state.gov address, in any format', () => {
    const { text, bibtex, ris, csl } = citations(inputFor('2025-tip-overview-p1-s1'));
    for (const rendering of [text, bibtex, ris, JSON.stringify(csl)]) expect(rendering).not.toContain('state.gov');
  });
});

describe("another country's chapter, as an importer of other narratives would add it", () => {
  it('is cited in every format with its own chapter title and report, and nothing of Korea', () => {
    const base = inputFor('2025-tip-trafficking-profile-p6-s3');
    const doc: DocumentRecord = {
      ...base.doc,
      id: '2024-tip-china',
      title: 'China (Tier 3)',
      report: 'Trafficking in Persons Report 2024',
      year: 2024,
      published: null,
      url: null,
      urlVerified: false,
      via: null,
    };
    const text = 'Officials continued to detain and forcibly return trafficking victims.';
    const passage: Passage = {
      ...base.passage,
      id: '2024-tip-china-prosecution-p2-s1',
      doc: doc.id,
      year: 2024,
      section: 'prosecution',
      paragraph: 7,
      text,
    };
    const cited = citations({ ...base, doc, passage, page: PageText.of(text) });

    expect(shortCitation(passage, doc)).toBe(
      'U.S. Department of State, “China (Tier 3),” Trafficking in Persons Report 2024, para. 7 (Prosecution).',
    );
    expect(cited.text).toContain(
      '“China (Tier 3),” in Trafficking in Persons Report 2024 (U.S. Department of State, 2024), para. 7 (Prosecution): “Officials',
    );
    expect(cited.bibtex).toContain(
      '  title = {{China (Tier 3)}},\n  booktitle = {Trafficking in Persons Report 2024},\n',
    );
    expect(cited.ris).toContain('TI  - China (Tier 3)\r\nT2  - Trafficking in Persons Report 2024\r\n');
    expect(cited.csl).toMatchObject({
      title: 'China (Tier 3)',
      'container-title': 'Trafficking in Persons Report 2024',
      issued: { 'date-parts': [[2024]] },
    });
    for (const rendering of [cited.text, cited.bibtex, cited.ris, JSON.stringify(cited.csl)])
      expect(rendering).not.toMatch(/Korea|D\. ?P\. ?R\. ?K/);
  });
});

describe('multi-passage export', () => {
  const ids = ['2007-tip-prosecution-p1-s8', '2019-king-keia-commentary-p1-s2', '2025-tip-trafficking-profile-p6-s3'];
  const items = [...ids, ids[0]!].map(inputFor);

  it('joins several passages into one BibTeX file with each key once', () => {
    const parsed = parse(bibtexFile(items));
    expect(parsed.map((item) => item.id)).toEqual(ids);
  });

  it('joins several passages into one RIS file, record after record', () => {
    const ris = risFile(items);
    expect(ris.match(/^TY {2}- /gm)).toHaveLength(3);
    expect(ris.match(/^ER {2}- \r$/gm)).toHaveLength(3);
    expect(parse(ris).map((item) => item.id)).toEqual(ids);
  });
});

/** A report whose title, address and quotation hold every character BibTeX treats specially. */
function syntheticInput(): { input: CitationInput; quote: string } {
  const base = inputFor('2025-tip-overview-p1-s1');
  const quote =
    'A } alone, a { alone and {both}: 100% of $4 & #1 in file_name, “curly” and "straight" quotes, back\\slash, ~tilde and ^caret.';
  const doc: DocumentRecord = {
    ...base.doc,
    id: 'synthetic',
    title: 'Braces {x} & 100% of $4 #1 under_score',
    url: 'https://example.org/tip_report?year=2025&country=kp',
    urlVerified: true,
  };
  const passage: Passage = { ...base.passage, id: 'synthetic-overview-p1-s1', doc: 'synthetic', text: quote };
  return { input: { ...base, doc, passage, page: PageText.of(`Before. ${quote} After.`) }, quote };
}

/** How BibTeX sees braces: every one counts, escaped or not. The depth must never go below zero and end at zero. */
function braceDepths(text: string): { lowest: number; final: number } {
  let depth = 0;
  let lowest = 0;
  for (const char of text) {
    if (char === '{') depth++;
    if (char === '}') lowest = Math.min(lowest, --depth);
  }
  return { lowest, final: depth };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
