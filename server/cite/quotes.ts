// The quotes document of a reading list: each quotation with the full note that cites it and the pandoc
// citation with its paragraph, ready to paste into a paper. Markdown (which pandoc turns into anything)
// and Word (.docx, written by the `docx` library). Pure: entries in, a document out; the route decides
// which passages and which permalinks (none without PUBLIC_URL).

import type { Paragraph as DocxParagraph } from 'docx';

export interface QuoteEntry {
  /** Where the quotation is: "Trafficking in Persons Report 2025, para. 24 (Trafficking Profile)". */
  heading: string;
  /** The sentence, as the report words it. */
  quote: string;
  /** The full note (citationText): quote, paragraph, report, the original's address, a public permalink if any. */
  note: string;
  /** pandoc's citation with the pinpoint: `[@2025-tip-trafficking-profile-p6-s3, para. 24]`. */
  pandoc: string;
}

export interface QuotesMeta {
  /** When the document was made, stated in it. */
  made: Date;
  /** The list's public address, or null (no PUBLIC_URL: a local address is no use to a reader). */
  listUrl: string | null;
}

const TITLE = 'Reading list: quotations from the Trafficking in Persons reports';

function intro(entries: QuoteEntry[], meta: QuotesMeta): string {
  const count = `${entries.length} ${entries.length === 1 ? 'quotation' : 'quotations'}`;
  return `${count}, each with the note that cites it, made ${meta.made.toISOString().slice(0, 10)}${meta.listUrl ? ` from the list at ${meta.listUrl}` : ''}.`;
}

/**
 * The quotes document in Markdown (CommonMark; pandoc reads its citations with a .bib of the same list).
 * @example quotesMarkdown([{ heading, quote, note, pandoc }], { made: new Date(), listUrl: null })
 *   // -> '# Reading list: ...\n\n1 quotation, ...\n\n## 1. Trafficking in Persons Report 2025, para. 24 ...\n\n> According to ...'
 */
export function quotesMarkdown(entries: QuoteEntry[], meta: QuotesMeta): string {
  const parts = [`# ${TITLE}`, escapeMarkdown(intro(entries, meta))];
  entries.forEach((entry, index) => {
    parts.push(
      `## ${index + 1}. ${escapeMarkdown(entry.heading)}`,
      `> ${escapeMarkdown(entry.quote)}`,
      withLinks(entry.note),
      `With pandoc: \`${entry.pandoc}\``,
    );
  });
  return `${parts.join('\n\n')}\n`;
}

/** The same document as a Word file. */
export async function quotesDocx(entries: QuoteEntry[], meta: QuotesMeta): Promise<Buffer> {
  // Imported when a .docx is first asked for: docx is a large module every start would otherwise load
  // (about 0.1 s), for an export few requests make.
  const { Document, ExternalHyperlink, HeadingLevel, Packer, Paragraph, TextRun } = await import('docx');
  const children: DocxParagraph[] = [
    new Paragraph({ text: TITLE, heading: HeadingLevel.HEADING_1 }),
    new Paragraph({ text: intro(entries, meta) }),
  ];
  entries.forEach((entry, index) => {
    children.push(
      new Paragraph({ text: `${index + 1}. ${entry.heading}`, heading: HeadingLevel.HEADING_2 }),
      new Paragraph({
        children: [new TextRun({ text: `“${entry.quote}”`, italics: true })],
        indent: { left: 720 },
        spacing: { after: 120 },
      }),
      new Paragraph({
        children: splitUrls(entry.note).map((part) =>
          part.url
            ? new ExternalHyperlink({
                link: part.text,
                children: [new TextRun({ text: part.text, style: 'Hyperlink' })],
              })
            : new TextRun(part.text),
        ),
      }),
      new Paragraph({
        children: [new TextRun('With pandoc: '), new TextRun({ text: entry.pandoc, font: 'Courier New' })],
        spacing: { after: 240 },
      }),
    );
  });
  const document = new Document({ title: TITLE, creator: 'North Korea TIP reports search', sections: [{ children }] });
  return Packer.toBuffer(document);
}

/** Text and the addresses in it, in order. */
function splitUrls(text: string): Array<{ text: string; url: boolean }> {
  return text
    .split(/(https?:\/\/[^\s<>"]*[^\s<>".,;:)])/)
    .filter(Boolean)
    .map((part) => ({ text: part, url: /^https?:\/\//.test(part) }));
}

/** Escaped text with each address as an autolink (`<https://...>`), which no escape may touch. */
function withLinks(text: string): string {
  return splitUrls(text)
    .map((part) => (part.url ? `<${part.text}>` : escapeMarkdown(part.text)))
    .join('');
}

/**
 * Backslash-escape what CommonMark (and pandoc's Markdown) would read as markup inside a paragraph.
 * @example escapeMarkdown('50% of *all* [cases]') // -> '50% of \\*all\\* \\[cases\\]'
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|~^$@]/g, (special) => `\\${special}`);
}
