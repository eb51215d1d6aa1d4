// Highlighting: replay a hit's matchers on the passage's tokens and wrap each match in <mark>.
// Everything outside the marks is HTML-escaped here; this is the only HTML built outside a template.

import type { Token } from '../words/tokenize.ts';
import { matchedSpans, type Matcher } from '../evaluation/engine.ts';

/** A character range of the passage text to mark. */
export interface MarkRange {
  start: number;
  end: number;
}

/**
 * The character ranges matched by any of the matchers, merged and in order. A sequence (a phrase, a
 * multi-word synonym) is one range from its first word to its last.
 * @example markRanges(tokenize('Forced labor in camps'), [{ kind: 'terms', key: 'stem', values: new Set(['labor']) }])
 *   // -> [{ start: 7, end: 12 }]
 */
export function markRanges(tokens: Token[], matchers: Matcher[]): MarkRange[] {
  const ranges: MarkRange[] = [];
  for (const matcher of matchers) {
    for (const [first, last] of matchedSpans(tokens, matcher))
      ranges.push({ start: tokens[first]!.start, end: tokens[last]!.end });
  }
  return mergeRanges(ranges);
}

/** The text with each range passed through `mark` and the rest through `plain`. */
export function renderMarks(
  text: string,
  ranges: MarkRange[],
  mark: (matched: string) => string,
  plain: (rest: string) => string = (rest) => rest,
): string {
  let out = '';
  let at = 0;
  for (const { start, end } of ranges) {
    out += plain(text.slice(at, start)) + mark(text.slice(start, end));
    at = end;
  }
  return out + plain(text.slice(at));
}

/** The text as HTML, ranges wrapped in <mark>, everything escaped. */
export function highlightHtml(text: string, ranges: MarkRange[]): string {
  return renderMarks(text, ranges, (matched) => `<mark>${escapeHtml(matched)}</mark>`, escapeHtml);
}

function mergeRanges(ranges: MarkRange[]): MarkRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: MarkRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}
