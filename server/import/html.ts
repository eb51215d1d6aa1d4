// A saved web page (state.gov, Refworld, ecoi.net) to headings and paragraphs: the narrative kept, the
// site's furniture dropped. The page is parsed as a DOM (linkedom); its headlines are read first (the
// state.gov report template states the report and year only in its headline, inside the report header);
// landmarks that are never content (navigation, banners, footers, sidebars, forms, share and tag boxes,
// cookie dialogs) are removed; then the content is the report body where the page is the state.gov report
// template, and what Mozilla's Readability (Firefox's reader view) picks elsewhere. What is left is read
// block by block: each heading, paragraph or list item one block, `<br>` separating lines, and text
// bulleted with a glyph ("  • End the use of ...") one item a block, the glyph dropped.

import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { splitBullets, type Block } from './blocks.ts';
import { foldWhitespace } from '../corpus/types.ts';
import { ImportError } from './import-error.ts';
import { IMPORT_LIMITS } from './limits.ts';

export interface HtmlDocument {
  blocks: Block[];
  /** The page's `<title>`, or its first `<h1>` when it has none. */
  title: string | null;
  /** The page's headlines (`<h1>`, and the `<title>`), before any furniture is removed: where a page states its report and year. */
  headlines: string[];
  /** Who published the copy, when the page names a site other than the State Department's. */
  via: string | null;
}

const NEVER_CONTENT = [
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'button',
  'iframe',
  'svg',
  '[role=navigation]',
  '[role=banner]',
  '[role=contentinfo]',
  '[role=complementary]',
  '[role=search]',
  '[aria-hidden=true]',
].join(',');
const FURNITURE_NAMES =
  /nav|menu|breadcrumb|sidebar|footer|cookie|cmplz|consent|share|social|related|(?:^|[\s_-])(?:tags?|links|tools|toolbar|print|banner|header|skip|newsletter|subscribe)(?:$|[\s_-])/i;
/** The report body of the state.gov report template, taken whole rather than guessed by Readability. */
const REPORT_BODY = '#report_content, .report__content';
const BLOCK_TAGS = new Set([
  'P',
  'LI',
  'BLOCKQUOTE',
  'PRE',
  'DT',
  'DD',
  'TD',
  'TH',
  'FIGCAPTION',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'DIV',
  'SECTION',
  'ARTICLE',
  'UL',
  'OL',
  'DL',
  'TABLE',
  'TR',
  'TBODY',
  'MAIN',
]);
const HEADINGS = /^H[1-6]$/;

/** Archive sites whose copies the catalog records as `via`. */
const ARCHIVES: Array<[RegExp, string]> = [
  [/refworld/i, 'UNHCR Refworld'],
  [/ecoi\.net/i, 'ecoi.net (Austrian Red Cross, ACCORD)'],
];

/**
 * Decode and read a saved page. Fails on binary data, on text in an encoding it cannot decode, on text
 * that is not HTML, and on elements nested deeper than `maxDepth`. Run it through readHtmlBounded
 * (html-thread.ts), which adds a time and memory limit.
 */
export function readHtml(bytes: Uint8Array, name: string, maxDepth = IMPORT_LIMITS.htmlDepth): HtmlDocument {
  const text = decodeHtml(bytes, name);
  const { document } = parseHTML(text);
  // Parsing is iterative; Readability and the block walk below recurse, and slow down with the depth.
  const depth = nestingDepth(document.documentElement as unknown as Element, maxDepth);
  if (depth > maxDepth)
    throw new ImportError(
      name,
      `has elements nested more than ${maxDepth} deep, past the nesting limit for a web page (report pages nest a few dozen deep at most)`,
    );
  const pageTitle = foldWhitespace(document.querySelector('title')?.textContent ?? '');
  const h1s = [...document.querySelectorAll('h1')].map((h1) => foldWhitespace(h1.textContent ?? '')).filter(Boolean);
  const title = pageTitle || h1s[0] || null;
  const headlines = [...h1s, ...(pageTitle ? [pageTitle] : [])];
  const via = archiveOf(text);
  for (const element of [...document.querySelectorAll(NEVER_CONTENT)]) element.remove();
  for (const element of [...document.querySelectorAll('[class],[id]')]) {
    if (
      FURNITURE_NAMES.test(`${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`) &&
      element.tagName !== 'BODY'
    )
      element.remove();
  }
  const blocks: Block[] = [];
  const content = document.querySelector(REPORT_BODY) ?? readableContent(document);
  if (content) collectBlocks(content as unknown as Element, blocks);
  return { blocks, title, headlines, via };
}

/** The main content as Readability finds it (it only reads the document; it is given the pruned one). */
function readableContent(document: ReturnType<typeof parseHTML>['document']) {
  const article = new Readability(document as unknown as Document, { charThreshold: 200, keepClasses: false }).parse();
  return article?.content
    ? parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body
    : document.body;
}

/** How deeply elements nest under `root` (1 for a lone element), counted without recursion up to just past `stopAt`. */
export function nestingDepth(root: Element, stopAt = Infinity): number {
  let deepest = 0;
  const pending: Array<[Element, number]> = [[root, 1]];
  while (pending.length > 0 && deepest <= stopAt) {
    const [element, depth] = pending.pop()!;
    deepest = Math.max(deepest, depth);
    for (const child of element.children) pending.push([child, depth + 1]);
  }
  return deepest;
}

function decodeHtml(bytes: Uint8Array, name: string): string {
  if (bytes.includes(0)) throw new ImportError(name, 'is not an HTML page: it holds binary data (NUL bytes)');
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const charset = (/<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ?? 'utf-8').toLowerCase();
  let text: string;
  if (SINGLE_BYTE.has(charset)) {
    text = decodeWindows1252(bytes);
  } else if (charset === 'utf-8' || charset === 'utf8') {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new ImportError(
        name,
        'is not valid UTF-8 text: it is not a saved web page, or it was saved in an encoding its <meta charset> does not name',
      );
    }
  } else {
    throw new ImportError(
      name,
      `is in the ${charset} encoding, which the importer does not read; save the page as UTF-8`,
    );
  }
  if (!/<(?:html|body|p|div|h[1-6]|article|main)\b/i.test(text))
    throw new ImportError(name, 'does not look like an HTML page (no <html>, <body> or <p> element)');
  return text;
}

/**
 * Labels the HTML standard decodes as windows-1252. Decoded here: Node 20's TextDecoder (small ICU, as on
 * this machine) turns the bytes 0x80-0x9F, the curly quotes and dashes, into invisible C1 control characters.
 */
const SINGLE_BYTE = new Set([
  'windows-1252',
  'cp1252',
  'iso-8859-1',
  'iso8859-1',
  'latin1',
  'latin-1',
  'us-ascii',
  'ascii',
]);
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  return text;
}

function archiveOf(html: string): string | null {
  const site =
    /<link[^>]+rel=["']canonical["'][^>]*href=["']([^"']+)/i.exec(html)?.[1] ??
    /<meta[^>]+property=["']og:(?:url|site_name)["'][^>]*content=["']([^"']+)/i.exec(html)?.[1] ??
    '';
  return ARCHIVES.find(([pattern]) => pattern.test(site))?.[1] ?? null;
}

/** Walk the content: a block element without block children is one block, split at `<br>`. */
function collectBlocks(element: Element, blocks: Block[]): void {
  const hasBlockChild = [...element.children].some((child) => BLOCK_TAGS.has(child.tagName));
  if (!hasBlockChild && element.tagName !== 'BODY') {
    for (const br of [...element.querySelectorAll('br')]) br.replaceWith('\n');
    for (const line of (element.textContent ?? '').split('\n')) {
      const kind = HEADINGS.test(element.tagName) ? 'heading' : 'paragraph';
      for (const text of kind === 'heading' ? [foldWhitespace(line)] : splitBullets(foldWhitespace(line)))
        if (text) blocks.push({ kind, text });
    }
    return;
  }
  for (const node of [...element.childNodes]) {
    if (node.nodeType === 1) collectBlocks(node as Element, blocks);
    const text = node.nodeType === 3 ? foldWhitespace(node.textContent ?? '') : '';
    for (const item of splitBullets(text)) if (item) blocks.push({ kind: 'paragraph', text: item });
  }
}
