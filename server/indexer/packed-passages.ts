// Passages saved in binary parts: numbers as varints, the values many passages share (document,
// country, section, heading, source) once per part, by number, and the ids and texts as a few long
// strings that every passage's id and text are slices of.
//
//   part    := passageCount, valueCount, values (strings; the heading null is value 0),
//              per passage: doc, year, country, section, heading, paragraph, sentence, source, start,
//              end, then for its id and its text: length in UTF-16 code units x 2 + 1 if wide;
//              then the narrow ids (Latin-1), the wide ids (UTF-8), the narrow texts, the wide texts
//
// Why not JSON: at a million passages the passages are 400 MB of JSON whose parse alone took most of
// a cold start's budget (0.8 s at 100k, about 60 MB/s on this machine), repeating every key and every
// shared value in every passage. Here a part's ids and texts are decoded in four calls and every
// passage's id and text are slices of them (V8 keeps a slice as a pointer into its parent: no copy).
// Narrow (every character up to U+00FF) and wide strings are kept apart because V8 stores a string
// with one wide character at two bytes per character: one long string of all texts would double the
// memory of the many texts with none (every generated seed has a curly quote somewhere). Lengths are
// in UTF-16 code units because slices are; UTF-8 round-trips any text read from a UTF-8 seed.

import type { Passage, Section } from '../corpus/types.ts';
import { ByteReader, ByteWriter, type BinaryPart } from '../search/storage/byte-codec.ts';

export function packPassages(passages: Passage[]): Buffer {
  const values = new Map<string | null, number>([[null, 0]]);
  const valueOf = (value: string | null) => {
    let number = values.get(value);
    if (number === undefined) values.set(value, (number = values.size));
    return number;
  };
  const ids = new StringRun();
  const texts = new StringRun();
  const fields = new ByteWriter(passages.length * 16);
  for (const p of passages) {
    for (const number of [valueOf(p.doc), p.year, valueOf(p.country), valueOf(p.section), valueOf(p.heading), p.paragraph, p.sentence, valueOf(p.source), p.start, p.end, ids.add(p.id), texts.add(p.text)]) {
      fields.uint(number);
    }
  }
  const part = new ByteWriter(passages.length * 200);
  part.uint(passages.length);
  part.uint(values.size - 1);
  for (const value of [...values.keys()].slice(1)) part.string(value!);
  part.raw(fields.bytes());
  ids.write(part);
  texts.write(part);
  return Buffer.from(part.bytes());
}

/** Strings gathered into a narrow and a wide run; `add` gives the code a passage stores. */
class StringRun {
  private readonly narrow: string[] = [];
  private readonly wide: string[] = [];

  add(value: string): number {
    const isWide = /[^\u0000-\u00ff]/.test(value);
    (isWide ? this.wide : this.narrow).push(value);
    return value.length * 2 + (isWide ? 1 : 0);
  }

  write(writer: ByteWriter): void {
    const narrow = Buffer.from(this.narrow.join(''), 'latin1');
    writer.uint(narrow.length);
    writer.raw(narrow);
    writer.string(this.wide.join(''));
  }
}

/** Reads the runs StringRun wrote; `take` hands out each string in turn by its code, `end` checks all were. */
function stringRuns(reader: ByteReader): { take: (code: number) => string; end: () => void } {
  const narrowBytes = reader.uint();
  if (reader.offset + narrowBytes > reader.buffer.length) throw new RangeError(`truncated at byte ${reader.offset}`);
  const narrow = reader.buffer.toString('latin1', reader.offset, (reader.offset += narrowBytes));
  const wide = reader.string();
  const at = [0, 0];
  const runs = [narrow, wide];
  return {
    take: (code) => {
      const run = code % 2;
      const start = at[run]!;
      const end = (at[run] = start + Math.floor(code / 2));
      if (end > runs[run]!.length) throw new RangeError(`a string past the end of its run`);
      return runs[run]!.slice(start, end);
    },
    end: () => {
      if (at[0] !== narrow.length || at[1] !== wide.length) throw new RangeError(`characters left over`);
    },
  };
}

/** The passages of one part, as they were packed; throws, naming the part, when it is damaged. */
export function unpackPassages(part: BinaryPart): Passage[] {
  const reader = new ByteReader(part.bytes);
  try {
    const count = reader.uint();
    const values: Array<string | null> = [null];
    for (let i = reader.uint(); i > 0; i--) values.push(reader.string());
    const value = () => {
      const number = reader.uint();
      if (number >= values.length) throw new RangeError(`value ${number} of ${values.length}`);
      return values[number]!;
    };
    const passages: Passage[] = new Array(count);
    const idCodes = new Float64Array(count);
    const textCodes = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      // Keys in the order ingest creates them, so a passage serializes (the JSON API) as before; id and
      // text are filled in below, from the two strings after the fields.
      passages[i] = {
        id: '',
        doc: value()!,
        year: reader.uint(),
        country: value()!,
        section: value() as Section,
        heading: value(),
        paragraph: reader.uint(),
        sentence: reader.uint(),
        text: '',
        source: value()!,
        start: reader.uint(),
        end: reader.uint(),
      };
      idCodes[i] = reader.uint();
      textCodes[i] = reader.uint();
    }
    const ids = stringRuns(reader);
    for (let i = 0; i < count; i++) passages[i]!.id = ids.take(idCodes[i]!);
    ids.end();
    const texts = stringRuns(reader);
    for (let i = 0; i < count; i++) passages[i]!.text = texts.take(textCodes[i]!);
    texts.end();
    if (!reader.done) throw new RangeError(`${part.bytes.length - reader.offset} bytes left over`);
    return passages;
  } catch (error) {
    throw new Error(`${part.source} is not a readable index part (${(error as Error).message}); run \`npm run index\` to rebuild the index`);
  }
}
