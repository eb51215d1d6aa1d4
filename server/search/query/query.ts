// The query language: what a researcher types, parsed into a tree.
//
//   forced labor            both words (AND)           "forced labor"     the exact word sequence
//   Dandong OR Sinuiju      either                     -China, -"sex trafficking"   exclude
//   repatriat*              prefix                     Dandog~            fuzzy (edit distance by length)
//   (wages OR salaries) -China                         grouping
//   year:2016  year:2007..2016  year:2016,2025  section:protection  doc:2025-tip  country:China   filters
//   (a filter's field is a dimension's name, its values read by the dimension: dimensions.ts)
//
// Errors are AppErrors (HTTP 400) with the character position of the problem.

import { badRequest } from '../../errors.ts';
import { INITIALISM } from '../words/tokenize.ts';
import {
  DIMENSIONS,
  dimensionNamed,
  type DimensionName,
  type DimensionValue,
  type QueryVocabulary,
} from '../dimensions.ts';

export type QueryNode = TermNode | PhraseNode | FilterNode | AndNode | OrNode | NotNode;

/** One word as typed, with its suffix operator. It may hold several tokens ("state-sponsored"). */
export interface TermNode {
  type: 'term';
  word: string;
  prefix: boolean;
  fuzzy: boolean;
  position: number;
}

export interface PhraseNode {
  type: 'phrase';
  text: string;
  position: number;
}

/** A dimension's values, as a query's `year:2007..2016` or a URL's `year=2016` names them. */
export interface Filter {
  field: DimensionName;
  values: DimensionValue[];
}

export type FilterNode = { type: 'filter'; position: number } & Filter;

export interface AndNode {
  type: 'and';
  children: QueryNode[];
}

export interface OrNode {
  type: 'or';
  children: QueryNode[];
}

export interface NotNode {
  type: 'not';
  child: QueryNode;
}

export const MAX_QUERY_LENGTH = 500;
export const MAX_QUERY_TERMS = 32;
const MIN_PREFIX_LENGTH = 2;

type Lexeme =
  | { kind: 'open' | 'close' | 'or' | 'and' | 'not' | 'minus'; position: number }
  | { kind: 'phrase' | 'word'; text: string; position: number }
  | { kind: 'field'; name: string; value: string; position: number };

/**
 * Parse a query. Returns null for an empty query (browse everything the filters allow).
 * @example parseQuery('forced labor -China', vocabulary)
 *   // -> { type: 'and', children: [term forced, term labor, { type: 'not', child: term China }] }
 */
export function parseQuery(input: string, vocabulary: QueryVocabulary): QueryNode | null {
  if (input.length > MAX_QUERY_LENGTH) {
    throw badRequest(
      `The query is too long: ${input.length} characters, the limit is ${MAX_QUERY_LENGTH}.`,
      MAX_QUERY_LENGTH,
    );
  }
  const lexemes = lex(input);
  if (lexemes.length === 0) return null;
  const parser = new Parser(lexemes, vocabulary, input.length);
  const tree = parser.parseQuery();
  const terms = countLeaves(tree);
  if (terms > MAX_QUERY_TERMS) throw badRequest(`The query has ${terms} terms; the limit is ${MAX_QUERY_TERMS}.`);
  return tree;
}

class Parser {
  private index = 0;

  constructor(
    private readonly lexemes: Lexeme[],
    private readonly vocabulary: QueryVocabulary,
    private readonly length: number,
  ) {}

  parseQuery(): QueryNode {
    const tree = this.parseOr();
    const stray = this.peek();
    if (stray?.kind === 'close') throw badRequest('This closing parenthesis has no opening one.', stray.position);
    return tree;
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    while (this.peek()?.kind === 'or') {
      const or = this.next()!;
      if (this.atGroupEnd()) throw badRequest('OR needs a search term after it.', or.position);
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  private parseAnd(): QueryNode {
    const children: QueryNode[] = [];
    while (!this.atGroupEnd()) {
      const lexeme = this.peek()!;
      if (lexeme.kind === 'and') {
        this.next();
        if (children.length === 0 || this.atGroupEnd())
          throw badRequest('AND needs a search term on each side.', lexeme.position);
        continue;
      }
      children.push(this.parseUnary());
    }
    if (children.length === 0) {
      const here = this.peek();
      if (here?.kind === 'or') throw badRequest('OR needs a search term before it.', here.position);
      throw badRequest('Something is missing here: a search term was expected.', here?.position ?? this.length);
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }

  private parseUnary(): QueryNode {
    const lexeme = this.peek()!;
    if (lexeme.kind === 'minus' || lexeme.kind === 'not') {
      this.next();
      const target = this.peek();
      if (
        !target ||
        target.kind === 'close' ||
        target.kind === 'or' ||
        target.kind === 'and' ||
        target.kind === 'not' ||
        target.kind === 'minus'
      ) {
        throw badRequest(
          `${lexeme.kind === 'not' ? 'NOT' : 'A minus sign'} must be followed by the word or phrase to exclude.`,
          lexeme.position,
        );
      }
      return { type: 'not', child: this.parsePrimary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): QueryNode {
    const lexeme = this.next()!;
    switch (lexeme.kind) {
      case 'open': {
        if (!this.peek()) throw badRequest('This parenthesis is never closed.', lexeme.position);
        if (this.peek()?.kind === 'close') throw badRequest('These parentheses are empty.', lexeme.position);
        const inner = this.parseOr();
        if (this.peek()?.kind !== 'close') throw badRequest('This parenthesis is never closed.', lexeme.position);
        this.next();
        return inner;
      }
      case 'phrase':
        if (lexeme.text.trim() === '') throw badRequest('These quotation marks are empty.', lexeme.position);
        return { type: 'phrase', text: lexeme.text, position: lexeme.position };
      case 'field':
        return {
          type: 'filter',
          position: lexeme.position,
          ...parseFilter(lexeme.name, lexeme.value, lexeme.position, this.vocabulary),
        };
      case 'word':
        return parseWord(lexeme.text, lexeme.position);
      default:
        throw badRequest('A search term was expected here.', lexeme.position);
    }
  }

  private atGroupEnd(): boolean {
    const lexeme = this.peek();
    return !lexeme || lexeme.kind === 'close' || lexeme.kind === 'or';
  }

  private peek(): Lexeme | undefined {
    return this.lexemes[this.index];
  }

  private next(): Lexeme | undefined {
    return this.lexemes[this.index++];
  }
}

function parseWord(text: string, position: number): TermNode {
  const fuzzy = /~\d?$/.test(text);
  const prefix = text.endsWith('*');
  const word = text.replace(/~\d?$/, '').replace(/\*$/, '');
  if (prefix && word.replace(/\W/g, '').length < MIN_PREFIX_LENGTH) {
    throw badRequest(`A prefix search needs at least ${MIN_PREFIX_LENGTH} letters before the *.`, position);
  }
  if (/[*~]/.test(word))
    throw badRequest('Use * only at the end of a word (prefix) and ~ only at the end (fuzzy).', position);
  if (word === '') throw badRequest('A search term was expected before this operator.', position);
  return { type: 'term', word, prefix, fuzzy, position };
}

/**
 * Parse `year:2016`, `year:2007..2016`, `year:2016,2025`, `section:protection`, `doc:2025-tip`, `country:PRC`:
 * any dimension's name, and values its declaration reads.
 * @example parseFilter('year', '2016,2025', 0, vocabulary) // -> { field: 'year', values: [2016, 2025] }
 */
export function parseFilter(name: string, value: string, position: number, vocabulary: QueryVocabulary): Filter {
  const dimension = dimensionNamed(name);
  if (!dimension)
    throw badRequest(
      `Unknown field "${name}:". Filter with ${DIMENSIONS.map((d) => `${d.name}:`).join(', ')}.`,
      position,
    );
  const parts = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) throw badRequest(`${dimension.name}: needs a value.`, position);
  return {
    field: dimension.name as DimensionName,
    values: [...new Set(parts.flatMap((part) => dimension.parse(part, vocabulary, position)))],
  };
}

/**
 * The query with the quotation marks of its phrases removed (quoted field values keep theirs), or null
 * when it has no phrase: the "try it without the quotes" suggestion.
 * @example unquotedQuery('"forced repatriation" section:"trafficking profile"', tree)
 *   // -> 'forced repatriation section:"trafficking profile"'
 */
export function unquotedQuery(query: string, tree: QueryNode | null): string | null {
  const marks = new Set<number>();
  const visit = (node: QueryNode): void => {
    if (node.type === 'phrase') marks.add(node.position).add(node.position + node.text.length + 1);
    if (node.type === 'and' || node.type === 'or') node.children.forEach(visit);
    if (node.type === 'not') visit(node.child);
  };
  if (tree) visit(tree);
  if (marks.size === 0) return null;
  return [...query].map((ch, i) => (marks.has(i) ? '' : ch)).join('');
}

function countLeaves(node: QueryNode): number {
  if (node.type === 'and' || node.type === 'or')
    return node.children.reduce((sum, child) => sum + countLeaves(child), 0);
  if (node.type === 'not') return countLeaves(node.child);
  return 1;
}

/** Quotation marks that open a phrase at the start of a token; any closing mark ends it ("a”, „a“). */
const OPENING_QUOTES = new Set(['"', '“', '„', '”']);
const CLOSING_QUOTES = new Set(['"', '”', '“']);

/** Cut the query into lexemes. Positions are character offsets into the query, for error messages. */
function lex(input: string): Lexeme[] {
  const lexemes: Lexeme[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      lexemes.push({ kind: ch === '(' ? 'open' : 'close', position: i });
      i++;
    } else if (OPENING_QUOTES.has(ch)) {
      // A closing curly quote glued to a word ("Dandong”") closes nothing.
      if (ch === '”' && i > 0 && !/[\s(]/.test(input[i - 1]!))
        throw badRequest('This quotation mark has no opening one.', i);
      const end = findClosingQuote(input, i + 1);
      if (end === -1) throw badRequest('This quotation mark is never closed.', i);
      lexemes.push({ kind: 'phrase', text: input.slice(i + 1, end), position: i });
      i = end + 1;
    } else if (ch === '-' && (i === 0 || /[\s(]/.test(input[i - 1]!))) {
      if (i + 1 >= input.length || /\s/.test(input[i + 1]!))
        throw badRequest('A minus sign must be followed by the word or phrase to exclude.', i);
      lexemes.push({ kind: 'minus', position: i });
      i++;
    } else {
      const field = /^([A-Za-z]+):(?=[^\s)])/.exec(input.slice(i));
      if (field) {
        const valueStart = i + field[0].length;
        const quote = OPENING_QUOTES.has(input[valueStart]!);
        const valueEnd = quote ? findClosingQuote(input, valueStart + 1) : wordEnd(input, valueStart);
        if (valueEnd === -1) throw badRequest('This quotation mark is never closed.', valueStart);
        const value = quote ? input.slice(valueStart + 1, valueEnd) : input.slice(valueStart, valueEnd);
        lexemes.push({ kind: 'field', name: field[1]!, value, position: i });
        i = quote ? valueEnd + 1 : valueEnd;
        continue;
      }
      const initialism = new RegExp(`^${INITIALISM.source}`, 'u').exec(input.slice(i));
      // Every branch must consume at least one character, whatever the input.
      const end = Math.max(i + 1, initialism ? i + initialism[0].length : wordEnd(input, i));
      const text = input.slice(i, end);
      const operator =
        text === 'OR' || text === '|' ? 'or' : text === 'AND' || text === '&&' ? 'and' : text === 'NOT' ? 'not' : null;
      lexemes.push(operator ? { kind: operator, position: i } : { kind: 'word', text, position: i });
      i = end;
    }
  }
  return lexemes;
}

function findClosingQuote(input: string, from: number): number {
  for (let i = from; i < input.length; i++) if (CLOSING_QUOTES.has(input[i]!)) return i;
  return -1;
}

function wordEnd(input: string, from: number): number {
  let end = from;
  while (end < input.length && !/[\s()"“”„]/.test(input[end]!)) end++;
  return end;
}
