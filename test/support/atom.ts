// Checking an Atom document against RFC 4287's requirements: well-formed XML in the Atom namespace, and
// the elements the RFC says a feed and each entry MUST (or MUST NOT) have. Written from the RFC's rules
// (sections 4.1.1 to 4.2.15 and 3.3), so it fails with the rule broken, e.g. "entry 3: no atom:updated".
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const ATOM = 'http://www.w3.org/2005/Atom';
/** RFC 3339 date-time, as section 3.3 restricts it (an upper-case T and Z, seconds required). */
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type Node = Record<string, unknown>;

/** Every problem found; an empty list means the document is valid Atom as far as these rules go. */
export function atomProblems(xml: string): string[] {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) return [`not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`];
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['entry', 'link', 'author', 'category', 'contributor'].includes(name),
  }).parse(xml) as Node;
  const feed = parsed.feed as Node | undefined;
  if (!feed) return ['the root element is not atom:feed'];
  if (feed['@xmlns'] !== ATOM) return [`the feed is not in the Atom namespace (${String(feed['@xmlns'])})`];
  const problems: string[] = [];
  const entries = (feed.entry as Node[] | undefined) ?? [];
  checkCommon(feed, 'the feed', problems);
  if (!links(feed).some((link) => link['@rel'] === 'self'))
    problems.push('the feed SHOULD have a rel="self" link (section 4.2.7.2)');
  // 4.1.1: a feed without an author needs one in every entry.
  if (!feed.author && entries.some((entry) => !entry.author))
    problems.push('the feed has no atom:author and some entry has none');
  const ids = new Set<string>();
  entries.forEach((entry, index) => {
    const name = `entry ${index + 1}`;
    checkCommon(entry, name, problems);
    // 4.1.2: an entry without content needs a rel="alternate" link; with non-inline content, a summary.
    if (!entry.content && !links(entry).some((link) => (link['@rel'] ?? 'alternate') === 'alternate'))
      problems.push(`${name}: neither atom:content nor a rel="alternate" link`);
    const content = entry.content as Node | string | undefined;
    if (
      content &&
      typeof content === 'object' &&
      !['text', 'html', 'xhtml', undefined].includes(content['@type'] as string | undefined) &&
      !entry.summary
    )
      problems.push(`${name}: content of another type without atom:summary`);
    // 4.2.6: ids are permanent and unique; the same id twice in one feed means the same entry twice.
    const id = text(entry.id);
    if (ids.has(id)) problems.push(`${name}: atom:id ${id} appears twice`);
    ids.add(id);
  });
  return problems;
}

/** 4.1.1 and 4.1.2: exactly one id (an absolute IRI), title and updated (RFC 3339); links with href; categories with term. */
function checkCommon(element: Node, name: string, problems: string[]): void {
  for (const required of ['id', 'title', 'updated']) {
    if (element[required] === undefined) problems.push(`${name}: no atom:${required}`);
    else if (Array.isArray(element[required])) problems.push(`${name}: more than one atom:${required}`);
  }
  const id = text(element.id);
  if (id && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(id)) problems.push(`${name}: atom:id "${id}" is not an absolute IRI`);
  const updated = text(element.updated);
  if (updated && !DATE.test(updated)) problems.push(`${name}: atom:updated "${updated}" is not an RFC 3339 date-time`);
  if (text(element.title).trim() === '') problems.push(`${name}: an empty atom:title`);
  for (const author of (element.author as Node[] | undefined) ?? [])
    if (!text(author.name)) problems.push(`${name}: an atom:author without a name`);
  for (const link of links(element)) if (!link['@href']) problems.push(`${name}: an atom:link without href`);
  for (const category of (element.category as Node[] | undefined) ?? [])
    if (!category['@term']) problems.push(`${name}: an atom:category without term`);
  const alternates = links(element).filter((link) => (link['@rel'] ?? 'alternate') === 'alternate');
  const pairs = alternates.map((link) => `${String(link['@type'])} ${String(link['@hreflang'])}`);
  if (new Set(pairs).size < pairs.length)
    problems.push(`${name}: two rel="alternate" links with the same type and hreflang`);
}

function links(element: Node): Node[] {
  return (element.link as Node[] | undefined) ?? [];
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return String((value as Node)['#text'] ?? '');
  return String(value);
}
