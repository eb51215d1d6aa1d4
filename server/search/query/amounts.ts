// Amounts in words and digits: "$105 million" is "$105,000,000" in the reports, "2.6 million" may be
// written "2,600,000", and a researcher who remembers only "105" means the $105 million. The tokenizer
// keeps numbers whole ("$105,000,000" -> "$105000000"), so each way of writing an amount is one term or
// one two-word sequence; this module lists them for a number typed, and the query finds any of them.

import type { QueryNode, TermNode } from './query.ts';

/** Multiplier words and their values. */
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 };
/** Currency signs the reports write before amounts. */
const SIGNS = ['$', '¥'];

/** One way of writing an amount: a single term, or a number followed by its scale word. */
export type AmountForm = { term: string } | { sequence: [string, string] };

/**
 * The forms an amount can take in the reports, for a number as typed and the word after it (a scale word
 * or anything else). `consumed` says whether the next word was part of the amount.
 * @example amountForms('$105', 'million') // -> { consumed: true, forms: [{ sequence: ['$105', 'million'] }, { term: '$105000000' }, { term: '105000000' }, ...] }
 * @example amountForms('105', undefined)  // -> forms: 105, $105, and 105 million written whole or in words
 */
export function amountForms(
  number: string,
  next: string | undefined,
): { consumed: boolean; forms: AmountForm[] } | null {
  const match = /^([$¥£€]?)(\d+(?:\.\d+)?)$/.exec(number.replace(/(\d),(?=\d{3}\b)/g, '$1'));
  if (!match) return null;
  const [, currency, digits] = match as unknown as [string, string, string];
  const scale = next === undefined ? undefined : SCALES[next.toLowerCase()];
  const forms: AmountForm[] = [];
  const add = (form: AmountForm) => {
    const key = JSON.stringify(form);
    if (!forms.some((known) => JSON.stringify(known) === key)) forms.push(form);
  };
  // "$105" is also 105; a number typed without a sign may be dollars or yuan ("146" -> $146, "5,000" -> ¥5,000).
  const withAndWithoutCurrency = (value: string) => {
    add({ term: `${currency}${value}` });
    if (currency) add({ term: value });
    else for (const sign of SIGNS) add({ term: `${sign}${value}` });
  };
  if (scale) {
    add({ sequence: [`${currency}${digits}`, next!.toLowerCase()] });
    if (currency) add({ sequence: [digits, next!.toLowerCase()] });
    const whole = wholeNumber(digits, scale);
    if (whole) withAndWithoutCurrency(whole);
    return { consumed: true, forms };
  }
  withAndWithoutCurrency(digits);
  const value = Number(digits);
  // A whole number of millions typed in digits is also "N million"; a bare number may be the millions of an amount.
  for (const [word, size] of Object.entries(SCALES)) {
    if (Number.isInteger(value) && value >= size && value % size === 0)
      add({ sequence: [`${currency}${value / size}`, word] });
  }
  if (!currency && Number.isInteger(value) && value > 0 && value < 1000 && !/^0/.test(digits)) {
    for (const sign of ['$', '']) {
      add({ term: `${sign}${value}000000` });
      add({ sequence: [`${sign}${value}`, 'million'] });
    }
  }
  return { consumed: false, forms };
}

/** "2.6" x 1e6 -> "2600000"; null when the product is not a whole number. */
function wholeNumber(digits: string, scale: number): string | null {
  const [integer, fraction = ''] = digits.split('.');
  const zeros = Math.log10(scale);
  if (fraction.length > zeros) return null;
  return `${integer}${fraction}${'0'.repeat(zeros - fraction.length)}`.replace(/^0+(?=\d)/, '');
}

/**
 * Every number typed among plain words, read as the amount it may be: a node that finds any of its forms
 * (its scale word taken with it). Quoted phrases, prefixes and fuzzy terms are left as typed.
 * @example readAmounts(parseQuery('$105 million', v)) // -> or("$105 million", $105000000, 105000000, ...)
 */
export function readAmounts(node: QueryNode): QueryNode {
  if (node.type === 'not') return { type: 'not', child: readAmounts(node.child) };
  if (node.type === 'or') return { type: 'or', children: node.children.map(readAmounts) };
  if (node.type === 'term') return readAmounts({ type: 'and', children: [node] }) as QueryNode;
  if (node.type !== 'and') return node;
  const children: QueryNode[] = [];
  for (let i = 0; i < node.children.length; i++) {
    const child = node.children[i]!;
    const next = node.children[i + 1];
    const amount = isPlain(child) ? amountForms(child.word, next && isPlain(next) ? next.word : undefined) : null;
    if (!amount || !isPlain(child)) {
      children.push(child.type === 'and' || child.type === 'or' || child.type === 'not' ? readAmounts(child) : child);
      continue;
    }
    const position = child.position;
    children.push({
      type: 'or',
      children: amount.forms.map(
        (form): QueryNode =>
          'term' in form
            ? { type: 'term', word: form.term, prefix: false, fuzzy: false, position }
            : { type: 'phrase', text: form.sequence.join(' '), position },
      ),
    });
    if (amount.consumed) i++;
  }
  return children.length === 1 ? children[0]! : { type: 'and', children };
}

function isPlain(node: QueryNode): node is TermNode {
  return node.type === 'term' && !node.prefix && !node.fuzzy;
}
