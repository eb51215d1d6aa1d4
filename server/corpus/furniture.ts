// Page furniture: the lines of a saved web page or conversion that are not the document's text.
// Each rule has a name so `npm run index` can say what it removed, and the tests can check that
// nothing of the kind survives. Rules look at one line (trimmed) at a time.

export interface FurnitureRule {
  name: string;
  matches: (line: string, context: FurnitureContext) => boolean;
  /** When true, the rest of the file after this line is furniture too (tag lists, footers, author bios). */
  endsBody?: boolean;
  /** When true, the whole blank-line-delimited block holding the line goes (a navigation box). */
  removesBlock?: boolean;
}

export interface FurnitureContext {
  /** The catalog's author, used to recognise bylines and author bios. */
  author: string | null;
}

const pattern =
  (re: RegExp): FurnitureRule['matches'] =>
  (line) =>
    re.test(line);

/** A line of few words: prompts and banners are short, prose that merely mentions them is not. */
const isShort = (line: string, words: number) => line.split(/\s+/).length <= words;

export const FURNITURE_RULES: FurnitureRule[] = [
  { name: 'markdown rule or empty heading', matches: pattern(/^(?:[-*_]{3,}|#{1,6})$/) },
  { name: 'site search box', matches: (line) => /^search\b/i.test(line) && isShort(line, 4) },
  { name: 'site statistics', matches: pattern(/^total index:/i) },
  {
    name: 'mailing-list prompt',
    matches: (line) =>
      /mailing list|subscribe|sign up|register to receive|stay informed/i.test(line) && isShort(line, 16),
  },
  {
    name: 'shutdown banner',
    matches: (line) => /\bshutdown\b/i.test(line) && (isShort(line, 4) || /website updates/i.test(line)),
  },
  { name: 'site banner', matches: pattern(/^U\.S\. DEPARTMENT \*?of\*? STATE$/i) },
  { name: 'breadcrumbs', matches: pattern(/^\[[^\]]*\]\([^)]*\)\s*>|\s>\s\.\.\.\s>\s/) },
  { name: 'section navigation', matches: pattern(/^IN THIS SECTION\b/i), removesBlock: true },
  { name: 'site section label', matches: pattern(/^\[\s[^\]]+\s\]$/) },
  { name: 'link list item', matches: pattern(/^\[[^\]]+\]\([^)]*\)$/) },
  { name: 'tag list', matches: pattern(/^TAGS$/), endsBody: true },
  {
    name: 'site footer',
    matches: pattern(
      /^(?:White House|USA\.gov|Office of the Inspector General|Archives|Contact Us|Privacy Policy|FOIA|Accessibility Statement|Copyright Information|No FEAR Act)$/i,
    ),
  },
  { name: 'last updated', matches: pattern(/^last updated:/i) },
  { name: 'catalog record', matches: pattern(/^(?:Publisher|Author|Publication Date|Cite as)\s/) },
  { name: 'disclaimer', matches: pattern(/^Disclaimer/) },
  // Refworld closes a copied document with this paragraph, without the "Disclaimer" label.
  { name: 'archive disclaimer', matches: pattern(/^This is not a UNHCR publication\b/i) },
  { name: 'byline', matches: (line) => /^(?:By|Author:)\s+\p{Lu}/u.test(line) && isShort(line, 6) },
  { name: 'dateline', matches: pattern(/^Published\s+(?:\w+ \d{1,2}, \d{4}|\d{1,2} \w+ \d{4})$/) },
  { name: 'photo credit', matches: pattern(/^(?:Picture|Photo|Image)s? (?:courtesy|credit|by)\b/i), endsBody: true },
  { name: 'return link', matches: (line) => /^Return to\b/i.test(line) && isShort(line, 6), endsBody: true },
  {
    name: 'author bio',
    matches: (line, { author }) => author !== null && line.startsWith(`${author} is `),
    endsBody: true,
  },
];

/** The first rule a line matches, or undefined when the line is text. */
export function furnitureRule(line: string, context: FurnitureContext): FurnitureRule | undefined {
  const trimmed = line.trim();
  return FURNITURE_RULES.find((rule) => rule.matches(trimmed, context));
}
