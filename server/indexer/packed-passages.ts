// Passages saved in binary parts: the texts and ids as UTF-8, the numbers as varints, and the values
// many passages share (document, country, section, heading, source) once per part, by number.
//
//   part    := passageCount, valueCount, values (strings; the heading null is value 0), then per passage:
//              id, doc, year, country, section, heading, paragraph, sentence, text, source, start, end
//              (strings as UTF-8 with their length, shared values and numbers as varints)
//
// Why not JSON: at a million passages the passages are 400 MB of JSON whose parse alone took most of
// a cold start's budget (0.8 s at 100k, about 60 MB/s on this machine), repeating every key and every
// shared value in every passage. Decoding this is a string slice per text and id and a few varints.

import type { Passage, Section } from '../corpus/types.ts';
import { ByteReader, ByteWriter } from '../search/byte-codec.ts';
import type { BinaryPart } from '../search/packed-index.ts';

export function packPassages(passages: Passage[]): Buffer {
  const values = new Map<string | null, number>([[null, 0]]);
  const valueOf = (value: string | null) => {
    let number = values.get(value);
    if (number === undefined) values.set(value, (number = values.size));
    return number;
  };
  const body = new ByteWriter(passages.length * 256);
  for (const p of passages) {
    body.string(p.id);
    body.uint(valueOf(p.doc));
    body.uint(p.year);
    body.uint(valueOf(p.country));
    body.uint(valueOf(p.section));
    body.uint(valueOf(p.heading));
    body.uint(p.paragraph);
    body.uint(p.sentence);
    body.string(p.text);
    body.uint(valueOf(p.source));
    body.uint(p.start);
    body.uint(p.end);
  }
  const head = new ByteWriter();
  head.uint(passages.length);
  head.uint(values.size - 1);
  for (const value of [...values.keys()].slice(1)) head.string(value!);
  head.raw(body.bytes());
  return Buffer.from(head.bytes());
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
    for (let i = 0; i < count; i++) {
      // Keys in the order ingest creates them, so a passage serializes (the JSON API) as before.
      passages[i] = {
        id: reader.string(),
        doc: value()!,
        year: reader.uint(),
        country: value()!,
        section: value() as Section,
        heading: value(),
        paragraph: reader.uint(),
        sentence: reader.uint(),
        text: reader.string(),
        source: value()!,
        start: reader.uint(),
        end: reader.uint(),
      };
    }
    if (!reader.done) throw new RangeError(`${part.bytes.length - reader.offset} bytes left over`);
    return passages;
  } catch (error) {
    throw new Error(`${part.source} is not a readable index part (${(error as Error).message}); run \`npm run index\` to rebuild the index`);
  }
}
