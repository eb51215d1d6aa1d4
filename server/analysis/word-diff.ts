// A word-level diff of two versions of a sentence, as plain data for templates to mark up.
//
// The words are the search tokenizer's, so "D. P. R. K.", "80,000" and "People's" change as wholes, as
// they are searched; each other non-space character (punctuation) is a unit of its own; whitespace is
// kept but not compared. The diff is a longest common subsequence of those units: sentences are short
// (tens of units), so the quadratic table is small. Changes between two kept units come out as one
// removed part followed by one added part, which is how a reader wants "North Korean" -> "DPRK" shown.
// jsdiff's diffWords was tried first: its own word pattern splits "D. P. R. K." into letters and dots
// ("[-D][+government ...].[- P. R. K.]"), and it cannot take the tokenizer's words instead, because it
// treats any segment containing a space as whitespace (docs/alignment.md, "Word diff").
// Typography is not a revision: units are compared with case, curly and straight quotes and apostrophes,
// and the kinds of dash set aside ("DPRK’s" = "DPRK's", "Government" = "government"), and shown as the
// newer text writes them. A reader checking wording wants changed words marked, not a changed keyboard.

import { tokenize } from '../search/words/tokenize.ts';

export type DiffOp = 'same' | 'added' | 'removed';

export interface DiffPart {
  op: DiffOp;
  /** Text with its surrounding spaces, so that concatenating parts reads naturally. */
  text: string;
}

/**
 * The parts that turn `from` into `to`. Joining the `same` and `added` parts gives `to` exactly; joining
 * the `same` and `removed` parts gives `from` with `to`'s spacing where the two share words.
 * @example wordDiff('Wages of some North Korean workers', 'Wages of some DPRK workers')
 *   // [{ op: 'same', text: 'Wages of some ' }, { op: 'removed', text: 'North Korean' },
 *   //  { op: 'added', text: 'DPRK' }, { op: 'same', text: ' workers' }]
 */
export function wordDiff(from: string, to: string): DiffPart[] {
  const before = units(from);
  const after = units(to);
  const parts: DiffPart[] = [];
  const push = (op: DiffOp, text: string) => {
    if (text === '') return;
    const last = parts.at(-1);
    if (last?.op === op) last.text += text;
    else parts.push({ op, text });
  };
  // Walk the kept units; between two of them (and before the first, after the last) lies a change region.
  let fromAt = 0;
  let toAt = 0;
  for (const [i, j] of [...commonUnits(before, after), [before.length, after.length] as const]) {
    const fromGap = from.slice(fromAt, before[i]?.start ?? from.length);
    const toGap = to.slice(toAt, after[j]?.start ?? to.length);
    // `to`'s spacing goes around the change; a deletion that starts with punctuation ("and[-, even
    // considering ...,] is") takes it after, so the comma stays against the word before it.
    const deletesFromPunctuation = toGap.trim() === '' && !/^\s/u.test(fromGap);
    const lead = deletesFromPunctuation ? '' : toGap.match(/^\s*/u)![0];
    const trail = toGap.slice(lead.length).match(/\s*$/u)![0];
    push('same', lead);
    push('removed', trimSpace(fromGap, lead.length, trail.length));
    push('added', toGap.slice(lead.length, toGap.length - trail.length));
    push('same', trail);
    if (i < before.length) push('same', to.slice(after[j]!.start, after[j]!.end));
    fromAt = before[i]?.end ?? from.length;
    toAt = after[j]?.end ?? to.length;
  }
  return parts;
}

interface Unit {
  text: string;
  /** What is compared: the text with case, quote and dash styles set aside. */
  key: string;
  start: number;
  end: number;
}

/**
 * A unit's comparison key.
 * @example typographicKey('DPRK’s') === typographicKey("dprk's") // true
 */
export function typographicKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’ʼ′`´]/gu, "'")
    .replace(/[“”„″]/gu, '"')
    .replace(/[‐‑‒–—―−]/gu, '-');
}

/** Tokens, and each non-space character between them, with their offsets. */
function units(text: string): Unit[] {
  const found: Unit[] = [];
  const between = (start: number, end: number) => {
    for (let at = start; at < end; at++)
      if (!/\s/u.test(text[at]!))
        found.push({ text: text[at]!, key: typographicKey(text[at]!), start: at, end: at + 1 });
  };
  let at = 0;
  for (const token of tokenize(text)) {
    between(at, token.start);
    found.push({
      text: text.slice(token.start, token.end),
      key: typographicKey(text.slice(token.start, token.end)),
      start: token.start,
      end: token.end,
    });
    at = token.end;
  }
  between(at, text.length);
  return found;
}

/** Index pairs [i, j] of a longest common subsequence of the two unit lists, in order. */
function commonUnits(a: Unit[], b: Unit[]): Array<readonly [number, number]> {
  // longest[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const longest = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      longest[i]![j] =
        a[i]!.key === b[j]!.key ? longest[i + 1]![j + 1]! + 1 : Math.max(longest[i + 1]![j]!, longest[i]![j + 1]!);
    }
  }
  const pairs: Array<readonly [number, number]> = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]!.key === b[j]!.key) pairs.push([i++, j++]);
    else if (longest[i + 1]![j]! >= longest[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

/** Drop up to `lead` leading and `trail` trailing whitespace characters: the spacing `to` already supplies. */
function trimSpace(text: string, lead: number, trail: number): string {
  const leading = Math.min(lead, text.match(/^\s*/u)![0].length);
  const rest = text.slice(leading);
  const trailing = Math.min(trail, rest.match(/\s*$/u)![0].length);
  return rest.slice(0, rest.length - trailing);
}
