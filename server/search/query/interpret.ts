// Query understanding: a report year or a section's name typed among the words ("recommendations 2016")
// is read as a filter, because as words they find nothing or almost nothing: no passage says
// "recommendations", "overview", "trafficking profile" or "2016" (the headings and dates are not in the
// sentences). The reading is shown with a link that searches the words instead (quoted: taken literally).
//
// Section names that are also topics (prosecution, protection, prevention: each is a word in 8-14
// passages, half of them outside that section) stay words, unless followed by "section" ("the 2025
// protection section: ...") or the query is only that name and years (and no other section's name), give
// or take words that only ask ("prosecution 2025", "what did the 2025 report say about prevention": the
// 2025 prevention section). See docs/search.md, "Query understanding: years and sections read as filters".

import { SECTION_LABELS, type Section } from '../../corpus/types.ts';
import type { FilterNode, QueryNode, TermNode } from './query.ts';
import { editDistance } from './suggest.ts';
import { FILLERS, STOPWORDS, tokenize } from '../words/tokenize.ts';
import { appendAll } from '../../extremes.ts';

/** Sections whose names are not words of the reports' sentences, so they are read as filters. */
const NAMED_SECTIONS: Section[] = ['overview', 'recommendations', 'trafficking-profile', 'commentary'];
/** Sections named after a topic: read as filters only beside nothing but years. */
const TOPIC_SECTIONS: Section[] = ['prosecution', 'protection', 'prevention'];

export interface Interpretation {
  /** The filters read from the query, as the query language writes them: ["section:recommendations", "year:2016"]. */
  filters: string[];
  /** The words read as filters, as typed. */
  words: string[];
  /** The report years read. */
  years: number[];
  /** The sections read. */
  sections: Section[];
  /** The same query with those words quoted: searches them as words. */
  literal: string;
  /** The same query without those words: the words in every year and section. */
  unfiltered: string;
  /**
   * Full matches of the words outside the filters read (in other years or sections), counted by search
   * when few match inside; 0 when not counted.
   */
  outside: number;
}

/**
 * Read bare report years and section names among a query's top-level words as filters.
 * @example interpretQuery('recommendations 2016', tree, [2007, 2016])
 *   // -> { tree: and(section:recommendations, year:2016), interpretation: { filters: ['section:recommendations', 'year:2016'], ... }, words: null }
 */
export function interpretQuery(
  query: string,
  tree: QueryNode | null,
  years: number[],
): { tree: QueryNode | null; interpretation: Interpretation | null; words?: QueryNode | null } {
  if (!tree || (tree.type !== 'and' && tree.type !== 'term')) return { tree, interpretation: null };
  const children = tree.type === 'and' ? tree.children : [tree];
  const kept: QueryNode[] = [];
  const taken: TermNode[][] = [];
  const sections: Section[] = [];
  const yearsRead: number[] = [];
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    // A topic's name followed by "section" names the section ("2025 prosecution section: were charges
    // misused"); so does any section's name, and "section" goes with it (no sentence says "section").
    const named = sectionAt(children, i, NAMED_SECTIONS, true);
    const topic = named ? null : sectionAt(children, i, TOPIC_SECTIONS, false);
    const section = named ?? (topic && isSectionWord(children[i + topic.terms.length]) ? topic : null);
    if (section) {
      const terms = isSectionWord(children[i + section.terms.length])
        ? [...section.terms, children[i + section.terms.length] as TermNode]
        : section.terms;
      sections.push(section.section);
      taken.push(terms);
      i += terms.length - 1;
    } else if (isPlain(child) && /^\d{4}$/.test(child.word) && openRange(children, i)) {
      // "since 2007", "before 2019": the years of the collection on that side, not the one year.
      const bound = Number(child.word);
      const side = openRange(children, i)!;
      const inRange = years.filter((year) =>
        side === 'from'
          ? year >= bound
          : side === 'after'
            ? year > bound
            : side === 'until'
              ? year <= bound
              : year < bound,
      );
      appendAll(yearsRead, inRange);
      if (kept[kept.length - 1] === children[i - 1]) kept.pop();
      taken.push([children[i - 1] as TermNode, child]);
    } else if (isPlain(child) && /^\d{4}$/.test(child.word) && years.includes(Number(child.word))) {
      yearsRead.push(Number(child.word));
      taken.push([child]);
    } else {
      kept.push(child);
    }
  }
  // Exact words only: "protection" is two edits from "prosecution". Words that only ask ("what did the
  // 2025 report say about prevention") do not count as other words.
  const content = kept.filter(
    (child) => !(isPlain(child) && (STOPWORDS.has(child.word.toLowerCase()) || FILLERS.has(child.word.toLowerCase()))),
  );
  // Beside a section already read, a topic's name is what that section is asked about ("2016
  // recommendations on prosecution": the recommendations on prosecuting, not both sections).
  const topic =
    yearsRead.length && sections.length === 0 && content.length === 1
      ? sectionAt(content, 0, TOPIC_SECTIONS, false)
      : null;
  if (topic) {
    sections.push(topic.section);
    taken.push(topic.terms);
    kept.splice(kept.indexOf(topic.terms[0]!), 1);
  }
  if (taken.length === 0) return { tree, interpretation: null };
  taken.sort((a, b) => a[0]!.position - b[0]!.position);
  const position = taken[0]![0]!.position;
  const filters: FilterNode[] = [];
  if (sections.length) filters.push({ type: 'filter', field: 'section', values: [...new Set(sections)], position });
  if (yearsRead.length) filters.push({ type: 'filter', field: 'year', values: [...new Set(yearsRead)], position });
  const all = [...kept, ...filters];
  return {
    tree: all.length === 1 ? all[0]! : { type: 'and', children: all },
    interpretation: {
      filters: [
        ...(sections.length ? [`section:${[...new Set(sections)].join(',')}`] : []),
        ...(yearsRead.length ? [`year:${[...new Set(yearsRead)].join(',')}`] : []),
      ],
      words: taken.map((terms) => query.slice(terms[0]!.position, end(terms[terms.length - 1]!))),
      years: [...new Set(yearsRead)],
      sections: [...new Set(sections)],
      literal: quoted(query, taken),
      unfiltered: withoutSpans(query, taken),
      outside: 0,
    },
    words: kept.length === 0 ? null : kept.length === 1 ? kept[0]! : { type: 'and', children: kept },
  };
}

/** Words that, before a year, open a range of years: "since 2007" is 2007 and every later report. */
const OPENING: Record<string, 'from' | 'after' | 'until' | 'before'> = {
  since: 'from',
  from: 'from',
  after: 'after',
  until: 'until',
  till: 'until',
  through: 'until',
  before: 'before',
};

/**
 * The side of the range the year at `at` closes, when the word before it opens one ("since 2007", "after
 * 2016", "before 2019"); none for "from 2007 to 2025", two years named (both read, as compared).
 */
function openRange(children: QueryNode[], at: number): (typeof OPENING)[string] | null {
  const before = children[at - 1];
  if (!before || !isPlain(before)) return null;
  const side = OPENING[before.word.toLowerCase()];
  if (!side) return null;
  const next = children[at + 1];
  if (side === 'from' && next && isPlain(next) && /^(?:to|and|until|through|till)$/i.test(next.word)) return null;
  return side;
}

/** A section's name spelt by the plain words starting at `from` ("trafficking profile", "Recommendations"). */
function sectionAt(
  children: QueryNode[],
  from: number,
  names: Section[],
  misspelt: boolean,
): { section: Section; terms: TermNode[] } | null {
  for (const section of names) {
    const words = SECTION_LABELS[section].toLowerCase().split(' ');
    const terms = children.slice(from, from + words.length);
    const spelt =
      terms.length === words.length &&
      terms.every((term, k) => isPlain(term) && sameWord(term.word, words[k]!, misspelt));
    if (spelt) return { section, terms: terms as TermNode[] };
  }
  return null;
}

/** "section", "section:" or "sections", typed after a section's name. */
function isSectionWord(node: QueryNode | undefined): boolean {
  return node !== undefined && isPlain(node) && /^sections?:?$/i.test(node.word);
}

function isPlain(node: QueryNode): node is TermNode {
  return node.type === 'term' && !node.prefix && !node.fuzzy;
}

/**
 * A section name's word as typed: any case, any form the stemmer joins with it ("recommend",
 * "recommended": what did the 2016 report recommend), and (when `misspelt` is allowed) off by up to two
 * edits if it is long ("recomendations"); no word of the reports is that close to the names read this way
 * (overview, recommendations, trafficking profile, commentary).
 */
function sameWord(typed: string, name: string, misspelt: boolean): boolean {
  const [a, b] = [singular(typed), singular(name)];
  // An edit distance is at least the difference in length: most words are not worth the table.
  return (
    a === b ||
    stem(a) === stem(b) ||
    (misspelt && b.length >= 8 && Math.abs(a.length - b.length) <= 2 && editDistance(a, b) <= 2)
  );
}

/**
 * Stems of the words compared, remembered: every word of every query is compared with the seven sections'
 * names, each a tokenization of both words (a tenth of a question's time at 20k passages).
 */
const stems = new Map<string, string | undefined>();
/** Words remembered at most: queries can bring any number of new words. */
const STEMS_REMEMBERED = 10_000;

function stem(word: string): string | undefined {
  if (stems.has(word)) return stems.get(word);
  const tokens = tokenize(word);
  const found = tokens.length === 1 ? tokens[0]!.stem : undefined;
  if (stems.size >= STEMS_REMEMBERED) stems.clear();
  stems.set(word, found);
  return found;
}

function singular(word: string): string {
  return word.toLowerCase().replace(/s$/, '');
}

function end(term: TermNode): number {
  return term.position + term.word.length;
}

/** The query without the taken words. */
function withoutSpans(query: string, taken: TermNode[][]): string {
  let out = query;
  for (const terms of [...taken].sort((a, b) => b[0]!.position - a[0]!.position))
    out = out.slice(0, terms[0]!.position) + out.slice(end(terms[terms.length - 1]!));
  return out.replace(/\s+/g, ' ').trim();
}

/** The query with each run of taken words in quotation marks. */
function quoted(query: string, taken: TermNode[][]): string {
  return quoteSpans(
    query,
    taken.map((terms) => [terms[0]!.position, end(terms[terms.length - 1]!) - terms[0]!.position]),
  );
}

/**
 * The query with each [position, length] span in quotation marks: the words as typed, taken literally
 * (neither read as filters nor corrected).
 * @example quoteSpans('Dandog 2016', [[0, 6]]) // -> '"Dandog" 2016'
 */
export function quoteSpans(query: string, spans: Array<[number, number]>): string {
  let out = query;
  for (const [from, length] of [...spans].sort((a, b) => b[0] - a[0])) {
    out = `${out.slice(0, from)}"${out.slice(from, from + length)}"${out.slice(from + length)}`;
  }
  return out;
}
