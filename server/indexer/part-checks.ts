// Checksums of the saved index: each part's length and CRC-32 in the manifest, and the manifest's own
// CRC-32 at its end. Every byte the server reads from the index is checked before it is used: a part
// damaged on disk (a flipped bit, a file cut short by a full disk, an edit by hand) fails its read,
// naming the file, and the server rebuilds from the seeds instead of serving wrong answers. The JSON parts
// are checked too: "(Tier 3)" edited to "(Tier 2)" in documents.json parses as well as the original.
//
// CRC-32 (zlib's, about 0.6 ms per MB here) rather than a cryptographic hash: it guards against
// accidents, not an attacker who can write the index folder (who could write the manifest as well).
// Any damage of up to 32 consecutive bits is always caught; other damage is missed once in 4 billion.

import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/** What the manifest records of a part, checked when the part is read. */
export interface PartCheck {
  bytes: number;
  crc32: number;
}

/** A part of the saved index is missing, cut short or damaged: rebuild from the seeds. */
export class DamagedIndexError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file} is not a readable index part (${problem}); run \`npm run index\` to rebuild the index`);
    this.name = 'DamagedIndexError';
  }
}

export function checkOf(content: string | Uint8Array): PartCheck {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return { bytes: bytes.length, crc32: crc32(bytes) };
}

/** A part's bytes, read whole and checked against what the manifest recorded. Throws DamagedIndexError. */
export function readCheckedPart(file: string, expected: PartCheck | undefined): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new DamagedIndexError(file, (error as Error).message);
  }
  const problem =
    expected === undefined
      ? 'not in the manifest'
      : bytes.length !== expected.bytes
        ? `${bytes.length} bytes, the manifest says ${expected.bytes}`
        : crc32(bytes) !== expected.crc32
          ? "its checksum differs from the manifest's"
          : null;
  if (problem) throw new DamagedIndexError(file, problem);
  return bytes;
}

const SEAL = ',"crc32":';

/** The JSON text of an object, closed by a CRC-32 of everything before it: `{…,"crc32":123}`. */
export function sealJson(value: object): string {
  const body = JSON.stringify(value);
  if (!body.startsWith('{') || body === '{}') throw new Error('only a non-empty object can be sealed');
  const open = `${body.slice(0, -1)}${SEAL}`;
  return `${open}${crc32(open)}}`;
}

/**
 * The object of a sealed text, checked against its seal (on the text as written, not on a re-serialized
 * parse), without the seal. Throws DamagedIndexError when the seal is missing or does not match.
 */
export function openSealedJson<T>(text: string, file: string): T {
  const at = text.lastIndexOf(SEAL);
  if (at === -1 || !text.endsWith('}')) throw new DamagedIndexError(file, 'it has no checksum');
  const open = text.slice(0, at + SEAL.length);
  if (String(crc32(open)) !== text.slice(open.length, -1))
    throw new DamagedIndexError(file, 'its checksum does not match its content');
  const value = JSON.parse(text) as Record<string, unknown>;
  delete value.crc32;
  return value as T;
}
