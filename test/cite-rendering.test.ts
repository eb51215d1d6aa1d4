// What researchers see: every citation format rendered by the tools that consume it, not only parsed back.
//   BibTeX and CSL-JSON through pandoc --citeproc (its built-in Chicago author-date);
//   CSL-JSON through citeproc-js in Chicago notes (short and full), Chicago author-date and APA;
//   RIS through Zotero's documented RIS import, then citeproc-js in the same styles;
//   BibTeX through biblatex (standard author-year style) with biber and pdflatex.
import { describe, expect, it } from 'vitest';
import { citationBibtex, citationCsl, citationRis, citations } from '../server/cite/formats.ts';
import type { CitationInput } from '../server/cite/citation.ts';
import { PageText } from '../server/cite/text-fragment.ts';
import type { DocumentRecord, Passage } from '../server/corpus/types.ts';
import { renderCsl, STYLES, type Rendered, type StyleId } from './support/citeproc.ts';
import { pandocVersion, renderWithPandoc } from './support/pandoc.ts';
import { biblatexToolchain, renderWithBiblatex } from './support/biblatex.ts';
import { zoteroImportRis, zoteroItemToCsl } from './support/zotero-ris.ts';
import { ACCESSED, inputFor } from './support/citation-input.ts';

// RIS writes the office after a full stop, as library catalogues do, so Zotero does not split it at the comma.
const STATE_OFFICE = /U\.S\. Department of State[,.] Office to Monitor and Combat Trafficking in Persons/;

/**
 * A chapter an importer of other countries' narratives would add: its own title, country, report and
 * address, built from a real record so that only the metadata differs. Nothing in it says Korea.
 */
function otherCountry(title: string, country: string, year: number, url: string, text: string): CitationInput {
  const base = inputFor('2025-tip-trafficking-profile-p6-s3');
  const id = `${year}-tip-${title
    .split(' ')[0]!
    .toLowerCase()
    .replace(/[^a-z]/g, '')}`;
  const doc: DocumentRecord = {
    ...base.doc,
    id,
    title,
    country,
    report: `Trafficking in Persons Report ${year}`,
    year,
    published: null,
    url,
    urlVerified: true,
    via: null,
    label: `${year} TIP Report`,
  };
  const passage: Passage = {
    ...base.passage,
    id: `${id}-prosecution-p2-s1`,
    doc: id,
    year,
    country,
    section: 'prosecution',
    paragraph: 7,
    text,
  };
  return {
    passage,
    doc,
    accessed: ACCESSED,
    permalink: `https://tip.example.org/p/${passage.id}`,
    page: PageText.of(`Before. ${text} After.`),
  };
}

/** What any rendering of a passage must name, as a style prints it (straight apostrophes become curly). */
interface Expected {
  kind: string;
  input: CitationInput;
  author: RegExp;
  /** Compared without case: Chicago capitalises "finds" in a headline, APA leaves titles as given. */
  title: string;
  container: string;
  year: string;
  publisher: string;
  /** The verified address as given (deep link included); null when none may be given. */
  url: string | null;
  locator: string;
}

const curly = (text: string) => text.replaceAll("'", '’');

function expected(kind: string, input: CitationInput, author: RegExp): Expected {
  const { doc, passage } = input;
  return {
    kind,
    input,
    author,
    title: curly(doc.title),
    container: doc.type === 'commentary' ? doc.container! : doc.report,
    year: String(doc.year),
    publisher: doc.publisher,
    url: doc.url && doc.urlVerified ? citationCsl(input).URL! : null,
    locator: `para. ${passage.paragraph}`,
  };
}

const documents: Expected[] = [
  expected(
    'a report narrative (2025, no verified address)',
    inputFor('2025-tip-trafficking-profile-p6-s3'),
    STATE_OFFICE,
  ),
  expected(
    'a report narrative reproduced by Refworld (2007, "D. P. R. K.")',
    inputFor('2007-tip-prosecution-p1-s8'),
    STATE_OFFICE,
  ),
  expected('an excerpt reproduced by gvnet (2023)', inputFor('2023-tip-excerpt-overview-p1-s2'), STATE_OFFICE),
  expected('a commentary (King, 2019)', inputFor('2019-king-keia-commentary-p1-s2'), /King, R(obert R\.|\. R\.)/),
  expected(
    "another country's chapter (China, 2024)",
    otherCountry(
      'China (Tier 3)',
      'CHN',
      2024,
      'https://www.state.gov/reports/2024-trafficking-in-persons-report/china/',
      'Officials continued to detain and forcibly return trafficking victims.',
    ),
    STATE_OFFICE,
  ),
  expected(
    "another country's chapter with non-ASCII in its title (Côte d'Ivoire, 2024)",
    otherCountry(
      "Côte d'Ivoire (Tier 2)",
      'CIV',
      2024,
      'https://www.state.gov/reports/2024-trafficking-in-persons-report/cote-divoire/',
      'Traffickers exploit “children” in cocoa—and gold—mining.',
    ),
    STATE_OFFICE,
  ),
];

/** How we tell researchers to cite the entry with its paragraph, in each tool's syntax. */
const cite = (input: CitationInput) => citations(input).cite;

/** One consumer of one export format, and what it made of the document. */
interface Consumer {
  name: string;
  render: (input: CitationInput) => Rendered;
  /**
   * What the consumer leaves out of a blog post's reference by design: APA 7 names no publisher for a blog,
   * Zotero has no publisher field for one, and biblatex's standard @online driver prints no blog name.
   */
  blogOmits: Array<'publisher' | 'container'>;
}

/**
 * pandoc and LaTeX cost up to seconds a run, so all documents go through one run, as one researcher's
 * bibliography; each document's part is its own cite and the reference with its chapter title and report
 * (for the blog post, its title).
 */
function oneRunForAll(renderAll: (inputs: CitationInput[]) => Rendered): (input: CitationInput) => Rendered {
  let all: Rendered | undefined;
  return (input) => {
    all ??= renderAll(documents.map((want) => want.input));
    const index = documents.findIndex((want) => want.input === input);
    const { doc } = input;
    const own = (entry: string) =>
      entry.toLowerCase().includes(curly(doc.title).toLowerCase()) &&
      (doc.type === 'commentary' || entry.includes(doc.report));
    return { citations: [all.citations[index]!], bibliography: withRepeatedAuthors(all.bibliography).filter(own) };
  };
}

/** Chicago writes "———." for the author of the entry above; put the name back so each entry reads alone. */
function withRepeatedAuthors(entries: string[]): string[] {
  let author = '';
  return entries.map((entry) => {
    if (entry.startsWith('———')) return entry.replace('———', author);
    author = entry.match(/^(.+?)\. \d{4}[a-z]?\./)?.[1] ?? '';
    return entry;
  });
}

const zoteroCsl = (input: CitationInput) => zoteroItemToCsl(zoteroImportRis(citationRis(input)), input.passage.id);

const consumers: Consumer[] = [
  {
    name: 'pandoc --citeproc reading BibTeX',
    render: oneRunForAll((inputs) =>
      renderWithPandoc(
        inputs.map(citationBibtex).join('\n'),
        'bib',
        inputs.map((input) => cite(input).pandoc),
      ),
    ),
    blogOmits: [],
  },
  {
    name: 'pandoc --citeproc reading CSL-JSON',
    render: oneRunForAll((inputs) =>
      renderWithPandoc(
        JSON.stringify(inputs.map(citationCsl)),
        'json',
        inputs.map((input) => cite(input).pandoc),
      ),
    ),
    blogOmits: [],
  },
  {
    name: 'biblatex (authoryear) with biber reading BibTeX',
    render: oneRunForAll((inputs) =>
      renderWithBiblatex(
        inputs.map(citationBibtex).join('\n'),
        inputs.map((input) => cite(input).latex),
      ),
    ),
    blogOmits: ['container'],
  },
  ...STYLES.map(
    (style: StyleId): Consumer => ({
      name: `citeproc-js ${style} reading CSL-JSON`,
      render: (input) => renderCsl(style, [citationCsl(input)], [cite(input).csl]),
      blogOmits: style === 'apa' ? ['publisher'] : [],
    }),
  ),
  ...STYLES.map(
    (style: StyleId): Consumer => ({
      name: `Zotero importing RIS, then citeproc-js ${style}`,
      render: (input) => renderCsl(style, [zoteroCsl(input)], [cite(input).csl]),
      blogOmits: ['publisher'],
    }),
  ),
];

/** Marks of a botched rendering: doubled or empty punctuation, markup that leaked, mangled characters. */
const GARBLE = [/\.\./, /,,/, / [,.;:]/, /\(\s*\)/, /[{}\\]/, /&amp;|&#/, /\uFFFD/, /Ã|â€/, /\bIn In\b/, / {2}/];

const count = (text: string, part: string) => text.split(part).length - 1;

describe.each(consumers)('$name', ({ render, blogOmits }) => {
  it.each(documents)('renders $kind naming author, chapter, report, year, publisher, address and paragraph', (want) => {
    const { citations, bibliography } = render(want.input);
    expect(bibliography).toHaveLength(1);
    const [entry] = bibliography as [string];
    const [citation] = citations as [string];

    expect(entry).toMatch(want.author);
    expect(entry.toLowerCase()).toContain(want.title.toLowerCase());
    const omitted = want.input.doc.type === 'commentary' ? blogOmits : [];
    if (!omitted.includes('container')) expect(entry).toContain(want.container);
    // A narrative is a chapter of the annual report, not a report in a series of that name.
    if (want.input.doc.type !== 'commentary') expect(entry).toMatch(new RegExp(`\\bIn:? ${want.container}\\b`));
    expect(entry).toContain(want.year);
    // After the title: the office named as author already contains "U.S. Department of State".
    const afterTitle = entry.slice(entry.toLowerCase().indexOf(want.title.toLowerCase()) + want.title.length);
    if (!omitted.includes('publisher')) expect(afterTitle).toContain(want.publisher);
    if (want.url) expect(entry).toContain(want.url);
    else expect(entry).not.toMatch(/https?:/);
    expect(citation).toContain(want.locator);

    for (const text of [entry, citation]) for (const mark of GARBLE) expect(text).not.toMatch(mark);
    expect(count(entry.toLowerCase(), want.title.toLowerCase())).toBe(1);
    if (!omitted.includes('container')) expect(count(entry, want.container)).toBe(1);
  });

  it("renders another country's chapter with its own title and report, and nothing of Korea", () => {
    const china = documents.find((want) => want.title === 'China (Tier 3)')!;
    const { citations, bibliography } = render(china.input);
    expect(bibliography[0]).toContain('China (Tier 3)');
    expect(bibliography[0]).toContain('Trafficking in Persons Report 2024');
    expect([...citations, ...bibliography].join(' ')).not.toMatch(/Korea|D\. ?P\. ?R\. ?K/);
  });
});

describe('a full Chicago note from our CSL-JSON', () => {
  it('reads like the note we write ourselves: office, chapter, report, publisher, year, paragraph', () => {
    const input = inputFor('2025-tip-trafficking-profile-p6-s3');
    const {
      citations: [note],
    } = renderCsl('chicago-fullnote-bibliography', [citationCsl(input)], [cite(input).csl]);
    expect(note).toBe(
      'U.S. Department of State, Office to Monitor and Combat Trafficking in Persons, “Korea, Democratic People’s Republic of (Tier 3),” ' +
        'Country narrative, in Trafficking in Persons Report 2025 (U.S. Department of State, 2025), para. 24.',
    );
  });
});

describe('the consumers themselves', () => {
  it('include biblatex with biber, pdflatex and pdftotext, as CI installs them', () => {
    expect(biblatexToolchain()).toEqual([
      expect.stringMatching(/^pdfTeX/),
      expect.stringMatching(/^biber/),
      expect.stringMatching(/^pdftotext/),
    ]);
  });

  it('run pandoc 2.17 or later, as CI installs it', () => {
    const [major, minor] = pandocVersion()
      .replace(/^pandoc(\.exe)? /, '')
      .split('.')
      .map(Number);
    expect(major! * 100 + minor!).toBeGreaterThanOrEqual(217);
  });

  it('Zotero files a report narrative as a book section in the annual report, published by the State Department', () => {
    const item = zoteroImportRis(citationRis(inputFor('2025-tip-trafficking-profile-p6-s3')));
    expect(item).toMatchObject({
      itemType: 'bookSection',
      creators: [
        {
          creatorType: 'author',
          lastName: 'U.S. Department of State. Office to Monitor and Combat Trafficking in Persons',
          fieldMode: 1,
        },
      ],
      fields: {
        title: "Korea, Democratic People's Republic of (Tier 3)",
        bookTitle: 'Trafficking in Persons Report 2025',
        publisher: 'U.S. Department of State',
        date: '2025',
      },
    });
    expect(item.notes).toHaveLength(1);
    expect(item.notes[0]).toContain('para. 24 (Trafficking Profile): “According to one media report');
  });

  it('Zotero keeps the site that reproduced a text as its archive, and the quotation as a child note', () => {
    const item = zoteroImportRis(citationRis(inputFor('2007-tip-prosecution-p1-s8')));
    expect(item.fields).toMatchObject({ archive: 'UNHCR Refworld', date: '2007-06-12', accessDate: '2025-07-01' });
    expect(item.notes).toEqual([
      expect.stringContaining('“Fair and transparent trials do not occur in the D. P. R. K.”'),
    ]);
  });

  it("Zotero keeps a blog post's publisher, which it has no field for, as a note rather than dropping it", () => {
    const item = zoteroImportRis(citationRis(inputFor('2019-king-keia-commentary-p1-s2')));
    expect(item.itemType).toBe('blogPost');
    expect(item.fields).toMatchObject({ blogTitle: 'The Peninsula', date: '2019-07-24' });
    expect(item.creators).toEqual([{ creatorType: 'author', lastName: 'King', firstName: 'Robert R.' }]);
    expect(item.notes).toContain('PB  - Korea Economic Institute of America');
  });
});
