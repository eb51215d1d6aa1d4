// Every passage's tokens as numbers, for the checks a query makes on candidate passages (are the words
// adjacent? is the match outside a longer name?) and for the tokens highlighting and the concordance
// read, without keeping a Token object per word: at a million passages the objects took about 2.3 GB,
// this takes 12 bytes a token.
//
//   terms:       ['forced', 'labor', 'in', ...]         the vocabulary, one folded term per id
//   stemOfTerm:  [7, 12, 3, ...]                        term id -> stem id (stems: ['forc', 'labor', 'in', ...])
//   tokens:      Uint32Array [0, 1, 2, 0, 1, ...]       the term ids of every passage, in corpus order
//   offsets:     Uint32Array [0, 6, 7, 12, ...]         each token's start and end in its passage's text
//   starts:      Uint32Array [0, 17, 42, ...]           passage position -> its first token (length passages + 1)
//
// `npm run index` saves it as one binary part (tokens.bin), so that loading it is a view over the file's
// bytes rather than tokenizing every passage again (most of `new Library`'s time before):
//   "TIPTOKENS 2" | vocabulary JSON length (u32) | {"terms":[...],"stems":[...],"stemOfTerm":[...]}
//   | padding to 4 bytes | passages + 1 starts | tokens | offsets (2 a token), all u32 little-endian

import { tokenize, type Token } from '../words/tokenize.ts';
import { align4, littleEndian, uint32View } from './byte-codec.ts';
import type { PartBytes } from './part-on-disk.ts';

/**
 * The tokens' offsets (two a token): in memory, or read from the saved part when a passage's are asked
 * for (OffsetsOnDisk). Only highlighting and the concordance read them, 20 passages a page, and at a
 * million passages they are two-thirds of tokens.bin (185 MB).
 */
export interface OffsetColumn {
  readonly length: number;
  subarray(from: number, to: number): Uint32Array<ArrayBufferLike>;
}

/**
 * Offsets read with a positioned read of the saved part when asked for (part-on-disk.ts: the part was
 * checked whole at load, and the file that was checked stays open).
 */
export class OffsetsOnDisk implements OffsetColumn {
  readonly length: number;

  constructor(private readonly part: PartBytes) {
    this.length = Math.floor(part.length / 4);
  }

  subarray(from: number, to: number): Uint32Array<ArrayBufferLike> {
    const count = Math.max(0, Math.min(to, this.length) - from);
    return uint32View(this.part.bytes(4 * from, 4 * (from + count)), 0, count);
  }
}

/** A word sequence or a set of words, as ids of the key it compares (term or stem); -1: not in the corpus. */
export interface IdPattern {
  key: 'stem' | 'term';
  ids: Int32Array;
}

const MAGIC = 'TIPTOKENS 2\n';

interface Vocabulary {
  terms: string[];
  stems: string[];
  stemOfTerm: number[];
}

/** Term -> id, stem -> id, each term's stem id, and the other way (id -> term, id -> stem). */
interface Ids {
  termIds: Map<string, number>;
  stemIds: Map<string, number>;
  stemOfTerm: number[];
  terms: string[];
  stems: string[];
}

export class TokenStore {
  private readonly termIds: Map<string, number>;
  private readonly stemIds: Map<string, number>;
  private readonly stemOfTerm: number[];
  private readonly terms: string[];
  private readonly stems: string[];

  private constructor(
    private readonly starts: Uint32Array<ArrayBufferLike>,
    private readonly tokens: Uint32Array<ArrayBufferLike>,
    private readonly offsets: OffsetColumn,
    ids: Ids,
  ) {
    ({
      termIds: this.termIds,
      stemIds: this.stemIds,
      stemOfTerm: this.stemOfTerm,
      terms: this.terms,
      stems: this.stems,
    } = ids);
  }

  /** Tokenize every text (passages in corpus order). */
  static of(texts: readonly string[]): TokenStore {
    const builder = new TokenStoreBuilder();
    for (const text of texts) builder.add(tokenize(text));
    return builder.build();
  }

  /** @internal TokenStoreBuilder's way in. */
  static fromArrays(
    starts: Uint32Array<ArrayBufferLike>,
    tokens: Uint32Array<ArrayBufferLike>,
    offsets: Uint32Array<ArrayBufferLike>,
    ids: Ids,
  ): TokenStore {
    return new TokenStore(starts, tokens, offsets, ids);
  }

  /**
   * A saved store (toBuffer) for `passages` passages; throws, saying what to do, when it is not one.
   * With `offsets`, the bytes end where the offsets begin (tokenLayout), and the offsets are read from there.
   */
  static fromBuffer(bytes: Uint8Array, passages: number, offsets?: OffsetColumn): TokenStore {
    const fail = (why: string) =>
      new Error(`The saved tokens (tokens.bin) ${why}; run \`npm run index\` to rebuild the index`);
    const text = new TextDecoder();
    if (text.decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) throw fail('are not a token store of this version');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const vocabularyLength = view.getUint32(MAGIC.length, true);
    const vocabularyStart = MAGIC.length + 4;
    const vocabulary = JSON.parse(
      text.decode(bytes.subarray(vocabularyStart, vocabularyStart + vocabularyLength)),
    ) as Vocabulary;
    const startsAt = align4(vocabularyStart + vocabularyLength);
    const numbers = uint32View(bytes, startsAt);
    const starts = numbers.subarray(0, passages + 1);
    const total = starts[passages];
    if (starts.length !== passages + 1 || total === undefined) throw fail(`do not hold ${passages} passages`);
    const held = offsets
      ? numbers.length === passages + 1 + total && offsets.length === 2 * total
      : numbers.length === passages + 1 + 3 * total;
    if (!held) throw fail(`do not hold ${passages} passages`);
    return new TokenStore(
      starts,
      numbers.subarray(passages + 1, passages + 1 + total),
      offsets ?? numbers.subarray(passages + 1 + total),
      {
        termIds: new Map(vocabulary.terms.map((term, id) => [term, id])),
        stemIds: new Map(vocabulary.stems.map((stem, id) => [stem, id])),
        ...vocabulary,
      },
    );
  }

  /** The store as bytes, for fromBuffer. */
  toBuffer(): Buffer {
    const vocabulary: Vocabulary = { terms: this.terms, stems: this.stems, stemOfTerm: this.stemOfTerm };
    const json = Buffer.from(JSON.stringify(vocabulary));
    const header = Buffer.alloc(align4(MAGIC.length + 4 + json.length));
    header.write(MAGIC, 0, 'utf8');
    header.writeUInt32LE(json.length, MAGIC.length);
    json.copy(header, MAGIC.length + 4);
    const offsets = this.offsets.subarray(0, this.offsets.length);
    return Buffer.concat([header, littleEndian(this.starts), littleEndian(this.tokens), littleEndian(offsets)]);
  }

  /**
   * The store for `count` other passages (in their order): a passage this store holds (`from` gives its
   * position here) is copied, any other tokenized (`textOf` gives its text). What applying delta segments needs: the base's tokens, in the
   * new corpus order, plus the added documents', without tokenizing the whole corpus again.
   */
  rearranged(
    count: number,
    from: (position: number) => number | undefined,
    textOf: (position: number) => string,
  ): TokenStore {
    const ids: Ids = {
      termIds: new Map(this.termIds),
      stemIds: new Map(this.stemIds),
      stemOfTerm: [...this.stemOfTerm],
      terms: [...this.terms],
      stems: [...this.stems],
    };
    const starts = new Uint32Array(count + 1);
    const own = this.offsets.subarray(0, this.offsets.length);
    let tokens = new Uint32Array(Math.max(1024, this.tokens.length + 64));
    let offsets = new Uint32Array(tokens.length * 2);
    let length = 0;
    const room = (more: number) => {
      while (length + more > tokens.length) [tokens, offsets] = [grow(tokens), grow(offsets)];
    };
    for (let position = 0; position < count; position++) {
      const at = from(position);
      if (at !== undefined) {
        const [first, end] = [this.starts[at]!, this.starts[at + 1]!];
        room(end - first);
        tokens.set(this.tokens.subarray(first, end), length);
        offsets.set(own.subarray(2 * first, 2 * end), 2 * length);
        length += end - first;
      } else {
        for (const token of tokenize(textOf(position))) {
          room(1);
          offsets[2 * length] = token.start;
          offsets[2 * length + 1] = token.end;
          tokens[length++] = termId(ids, token.term, token.stem);
        }
      }
      starts[position + 1] = length;
    }
    return new TokenStore(starts, tokens.slice(0, length), offsets.slice(0, 2 * length), ids);
  }

  /** A passage's tokens as the tokenizer gave them, offsets into its text included. */
  tokensOf(position: number): Token[] {
    const out: Token[] = [];
    const [first, end] = [this.starts[position]!, this.starts[position + 1]!];
    const offsets = this.offsets.subarray(2 * first, 2 * end);
    for (let i = first; i < end; i++) {
      const term = this.tokens[i]!;
      out.push({
        term: this.terms[term]!,
        stem: this.stems[this.stemOfTerm[term]!]!,
        start: offsets[2 * (i - first)]!,
        end: offsets[2 * (i - first) + 1]!,
      });
    }
    return out;
  }

  /** Ids of the values under a key; a value the corpus never holds gets -1, which no token has. */
  pattern(key: 'stem' | 'term', values: readonly string[]): IdPattern {
    const ids = key === 'term' ? this.termIds : this.stemIds;
    return { key, ids: Int32Array.from(values, (value) => ids.get(value) ?? -1) };
  }

  /** Start indexes (in the passage's tokens) of every occurrence of the sequence. */
  findSequence(position: number, sequence: IdPattern): number[] {
    const from = this.starts[position]!;
    const to = this.starts[position + 1]!;
    const { ids } = sequence;
    const found: number[] = [];
    if (ids.includes(-1)) return found;
    for (let i = from; i + ids.length <= to; i++) {
      let k = 0;
      while (k < ids.length && this.idAt(i + k, sequence.key) === ids[k]) k++;
      if (k === ids.length) found.push(i - from);
    }
    return found;
  }

  /** Whether the sequence occurs in the passage at all: findSequence without listing where (a query's hot loop). */
  holdsSequence(position: number, sequence: IdPattern): boolean {
    const to = this.starts[position + 1]!;
    const { ids } = sequence;
    if (ids.includes(-1)) return false;
    for (let i = this.starts[position]!; i + ids.length <= to; i++) {
      let k = 0;
      while (k < ids.length && this.idAt(i + k, sequence.key) === ids[k]) k++;
      if (k === ids.length) return true;
    }
    return false;
  }

  /** Indexes of the passage's tokens whose id is one of the set's. */
  findAny(position: number, set: IdPattern): number[] {
    const from = this.starts[position]!;
    const to = this.starts[position + 1]!;
    const found: number[] = [];
    for (let i = from; i < to; i++) if (set.ids.includes(this.idAt(i, set.key))) found.push(i - from);
    return found;
  }

  private idAt(index: number, key: 'stem' | 'term'): number {
    const term = this.tokens[index]!;
    return key === 'term' ? term : this.stemOfTerm[term]!;
  }
}

/**
 * A store built passage by passage from tokens already made: the build hands it the tokens MiniSearch's
 * indexing made (search-index.ts), so no passage is tokenized twice for the index and the store.
 */
export class TokenStoreBuilder {
  private starts: number[] = [0];
  private tokens = new Uint32Array(1 << 16);
  private offsets = new Uint32Array(1 << 17);
  private length = 0;
  private readonly ids: Ids = { termIds: new Map(), stemIds: new Map(), stemOfTerm: [], terms: [], stems: [] };

  /** The next passage's tokens, in corpus order. */
  add(tokens: readonly Token[]): void {
    for (const token of tokens) {
      if (this.length === this.tokens.length) [this.tokens, this.offsets] = [grow(this.tokens), grow(this.offsets)];
      this.offsets[2 * this.length] = token.start;
      this.offsets[2 * this.length + 1] = token.end;
      this.tokens[this.length++] = termId(this.ids, token.term, token.stem);
    }
    this.starts.push(this.length);
  }

  build(): TokenStore {
    return TokenStore.fromArrays(
      Uint32Array.from(this.starts),
      this.tokens.slice(0, this.length),
      this.offsets.slice(0, 2 * this.length),
      this.ids,
    );
  }
}

function termId(ids: Ids, term: string, stem: string): number {
  let id = ids.termIds.get(term);
  if (id === undefined) {
    id = ids.stemOfTerm.length;
    ids.termIds.set(term, id);
    ids.terms.push(term);
    let stemId = ids.stemIds.get(stem);
    if (stemId === undefined) {
      ids.stemIds.set(stem, (stemId = ids.stemIds.size));
      ids.stems.push(stem);
    }
    ids.stemOfTerm.push(stemId);
  }
  return id;
}

function grow(array: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/**
 * Where a saved store's offsets begin, and how many there are, from its first bytes and its size: what
 * reading it without its offsets needs. Null when the sizes do not add up (the part's check then says why).
 */
export function tokenLayout(
  head: Uint8Array,
  size: number,
  passages: number,
): { offsetsAt: number; offsets: number } | null {
  if (head.length < MAGIC.length + 4) return null;
  const vocabularyLength = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(MAGIC.length, true);
  const startsAt = align4(MAGIC.length + 4 + vocabularyLength);
  const total = (size - startsAt - 4 * (passages + 1)) / 12;
  if (!Number.isInteger(total) || total < 0) return null;
  return { offsetsAt: startsAt + 4 * (passages + 1) + 4 * total, offsets: 2 * total };
}
