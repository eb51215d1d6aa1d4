// Sentence boundaries for TIP report prose.
//
// Off-the-shelf segmenters fail on this corpus (see docs/ingestion.md, "Sentence splitting: rules, chosen on evidence"): Intl.Segmenter cuts
// "D. P. R. K." into four, sbd and wink-nlp never break after "P. R. C. The", and all three cut quotations
// that hold two sentences. The rules here:
//   - a boundary is . ? or ! (plus any closing quotes or brackets), then whitespace, then a sentence opener;
//   - no boundary inside a matched pair of quotes or brackets (a quoted passage is one sentence);
//   - after an initial ("K." of "D. P. R. K.", "S." of "U.S.") or an abbreviation ("No."), a boundary
//     only when the next word is one that starts sentences ("The", "It", "In"...), so "P. R. C. nationals"
//     and "U.S. Department" stay whole while "in the D. P. R. K. It is" splits;
//   - spaced or unspaced ellipses (". . .", "...") never end a sentence.

/** A half-open range [start, end) of a string. */
export interface Span {
  start: number;
  end: number;
}

const OPENERS: Record<string, string> = { '“': '”', '(': ')', '[': ']', '‘': '’' };
const CLOSERS = new Set(['”', ')', ']', '’', '"']);
const STRAIGHT_QUOTE = '"';

/** Abbreviations after which a period does not end a sentence unless a sentence opener follows. */
const ABBREVIATIONS = new Set([
  'no',
  'nos',
  'art',
  'arts',
  'vol',
  'pp',
  'cf',
  'vs',
  'etc',
  'approx',
  'inc',
  'ltd',
  'co',
  'corp',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'gen',
  'gov',
  'sen',
  'rep',
  'amb',
  'sec',
  'dept',
]);
/** Titles that never end a sentence. */
const TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr', 'e.g', 'i.e']);

/** Words that open sentences: after an initialism, only these mark a new sentence. */
const SENTENCE_OPENERS = new Set(
  (
    'the this that these those there then it its in on at as a an all any some many most much none one ' +
    'other others such since during after before although though while when where whether if however ' +
    'moreover furthermore additionally also but and or yet so for from by with without under according ' +
    'despite because due he she they we i you their his her our each every both'
  ).split(' '),
);

/**
 * Split prose into sentences. Returns spans into `text`, trimmed of surrounding whitespace.
 * @example splitSentences('Trials do not occur in the D. P. R. K. It is unclear.')
 *   // -> spans of "Trials do not occur in the D. P. R. K." and "It is unclear."
 */
export function splitSentences(text: string): Span[] {
  const enclosed = enclosedPositions(text);
  const spans: Span[] = [];
  let start = skipSpace(text, 0);
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '.' && ch !== '?' && ch !== '!') continue;
    if (ch === '.' && isEllipsisDot(text, i)) continue;
    let after = i + 1;
    while (after < text.length && CLOSERS.has(text[after]!)) after++;
    if (after >= text.length || !/\s/.test(text[after]!)) continue;
    if (enclosed[after]) continue;
    const next = skipSpace(text, after);
    if (next >= text.length || !opensSentence(text, next)) continue;
    if (ch === '.' && !periodEndsSentence(text, i, next)) continue;
    spans.push({ start, end: after });
    start = next;
    i = next - 1;
  }
  const end = trimEnd(text, text.length);
  if (end > start) spans.push({ start, end });
  return spans;
}

/**
 * Split a semicolon-joined list (the 2016 recommendations: "End the use of ...; criminalize ...; and
 * accede to ...") into its items. Semicolons inside quotes or brackets do not split. Each item's span
 * excludes the semicolon; the last keeps its closing period but not the list's "and"/"or", so each
 * item reads as the recommendation itself ("accede to the 2000 UN TIP Protocol."). Spans are relative
 * to `text`.
 */
export function splitSemicolonList(text: string, span: Span): Span[] {
  const enclosed = enclosedPositions(text);
  const items: Span[] = [];
  let start = span.start;
  for (let i = span.start; i < span.end; i++) {
    if (text[i] !== ';' || enclosed[i]) continue;
    items.push({ start, end: trimEnd(text, i) });
    start = skipSpace(text, i + 1);
  }
  const conjunction = /^(?:and|or)\s+/.exec(text.slice(start, span.end));
  items.push({ start: items.length > 0 && conjunction ? start + conjunction[0].length : start, end: span.end });
  return items.filter((item) => item.end > item.start);
}

/**
 * Mark every position strictly inside a matched pair of quotes or brackets.
 * Unmatched marks (a closing quote whose opening was never written, as happens in the 2019 commentary)
 * are ignored rather than swallowing the rest of the paragraph.
 */
function enclosedPositions(text: string): Uint8Array {
  const depth = new Int16Array(text.length + 1);
  const stack: Array<{ close: string; at: number }> = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === STRAIGHT_QUOTE) {
      const top = stack[stack.length - 1];
      if (top?.close === STRAIGHT_QUOTE && !opensStraightQuote(text, i)) {
        stack.pop();
        markInside(depth, top.at, i);
      } else if (opensStraightQuote(text, i)) {
        stack.push({ close: STRAIGHT_QUOTE, at: i });
      }
      continue;
    }
    const close = OPENERS[ch];
    if (close && (ch !== '‘' || opensStraightQuote(text, i))) {
      stack.push({ close, at: i });
      continue;
    }
    if (CLOSERS.has(ch)) {
      const match = findLast(stack, ch);
      if (match !== -1) {
        const open = stack[match]!;
        stack.length = match;
        markInside(depth, open.at, i);
      }
    }
  }
  const enclosed = new Uint8Array(text.length + 1);
  let running = 0;
  for (let i = 0; i <= text.length; i++) {
    running += depth[i]!;
    enclosed[i] = running > 0 ? 1 : 0;
  }
  return enclosed;
}

/** Record the pair (open, close) as a +1/-1 difference so a prefix sum gives nesting depth. */
function markInside(depth: Int16Array, open: number, close: number): void {
  depth[open + 1]!++;
  depth[close]!--;
}

function findLast(stack: Array<{ close: string }>, close: string): number {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.close === close) return i;
  return -1;
}

/** A straight quote (or ‘) opens when it starts a word: at the start, after space, a dash or an opener. */
function opensStraightQuote(text: string, i: number): boolean {
  const before = text[i - 1];
  return before === undefined || /[\s([—–-]/.test(before);
}

function isEllipsisDot(text: string, i: number): boolean {
  return (
    text[i - 1] === '.' || text[i + 1] === '.' || text.slice(i - 2, i) === '. ' || text.slice(i + 1, i + 3) === ' .'
  );
}

/** A sentence opens with a capital, a digit, a currency sign, or an opening quote or bracket. */
function opensSentence(text: string, i: number): boolean {
  return /[\p{Lu}\d“"([‘$¥£€]/u.test(text[i]!);
}

/** Decide whether the period at `dot` ends a sentence, given the next sentence would start at `next`. */
function periodEndsSentence(text: string, dot: number, next: number): boolean {
  const word = wordBefore(text, dot);
  if (word === '') return true;
  const lower = word.toLowerCase();
  if (TITLES.has(lower)) return false;
  const isInitial = /^\p{Lu}$/u.test(word);
  if (!isInitial && !ABBREVIATIONS.has(lower)) return true;
  return SENTENCE_OPENERS.has(wordAt(text, next).toLowerCase());
}

/** The letters (and inner periods, as in "e.g") immediately before position `end`. */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && /[\p{L}.]/u.test(text[start - 1]!)) start--;
  const word = text.slice(start, end);
  const lastDot = word.lastIndexOf('.');
  // "U.S" -> "S": the part after the last inner period decides (an initial).
  return /^(?:\p{L}\.)+\p{L}$/u.test(word) ? word.slice(lastDot + 1) : word.replace(/^\.+/, '');
}

function wordAt(text: string, start: number): string {
  const match = /^[“"([‘]*(\p{L}+)/u.exec(text.slice(start, start + 40));
  return match?.[1] ?? '';
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return end;
}
