// A search as an Atom feed (RFC 4287): one entry per matching passage, newest report first, so a feed
// reader subscribed to "Dandong" shows a new entry when a newly imported report mentions it. Pure: the
// route gathers the entries, this writes the XML.

export interface FeedEntry {
  /** The passage's address on this site: the entry's id and its link. */
  url: string;
  /** "2025 TIP Report, para. 24 (Trafficking Profile)". */
  title: string;
  /** Who wrote the passage (the office, or the commentator). */
  author: string;
  /** RFC 3339: the document's publication date, or the first day of its report year when the catalog has none. */
  updated: string;
  categories: Array<{ term: string; label: string }>;
  /** The sentence as plain text. */
  summary: string;
  /** The sentence with its matches marked, and its full note, as HTML (escaped again inside the XML). */
  contentHtml: string;
}

export interface Feed {
  /** The feed's own canonical address: its id and its rel="self" link. */
  selfUrl: string;
  /** The same search as a page. */
  pageUrl: string;
  title: string;
  subtitle: string;
  /** When the collection was last indexed: the feed changes only then. */
  updated: string;
  entries: FeedEntry[];
}

/**
 * The feed as an Atom 1.0 document.
 * @example atomFeed({ selfUrl, pageUrl, title: '“Dandong” in the TIP reports', subtitle, updated, entries: [] })
 *   // -> '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">...'
 */
export function atomFeed(feed: Feed): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    `  <id>${xml(feed.selfUrl)}</id>`,
    `  <title type="text">${xml(feed.title)}</title>`,
    `  <subtitle type="text">${xml(feed.subtitle)}</subtitle>`,
    `  <updated>${xml(feed.updated)}</updated>`,
    '  <author><name>North Korea TIP reports search</name></author>',
    `  <link rel="self" type="application/atom+xml" href="${xml(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(feed.pageUrl)}"/>`,
    '  <generator>North Korea TIP reports search</generator>',
    ...feed.entries.flatMap((entry) => [
      '  <entry>',
      `    <id>${xml(entry.url)}</id>`,
      `    <title type="text">${xml(entry.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xml(entry.url)}"/>`,
      `    <updated>${xml(entry.updated)}</updated>`,
      `    <author><name>${xml(entry.author)}</name></author>`,
      ...entry.categories.map(
        (category) => `    <category term="${xml(category.term)}" label="${xml(category.label)}"/>`,
      ),
      `    <summary type="text">${xml(entry.summary)}</summary>`,
      `    <content type="html">${xml(entry.contentHtml)}</content>`,
      '  </entry>',
    ]),
    '</feed>',
  ];
  return `${lines.join('\n')}\n`;
}

/** A date of the catalog ("2019-07-24") or a report year as an RFC 3339 instant. */
export function feedDate(published: string | null, year: number): string {
  return `${published ?? `${year}-01-01`}T00:00:00Z`;
}

/**
 * Escape text for XML content and attribute values, dropping the control characters XML 1.0 forbids.
 * @example xml('a < b & "c"') // -> 'a &lt; b &amp; &quot;c&quot;'
 */
export function xml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters; an imported text may hold them
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/[&<>"']/g, (special) => XML_ENTITIES[special]!)
  );
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
