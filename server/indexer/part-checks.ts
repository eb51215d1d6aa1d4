// Checksums of the saved index: each part's length and CRC-32 in the manifest, and the manifest's own
// CRC-32 at its end. Every byte the server reads from the index is checked before it is used: a part
// damaged on disk (a flipped bit, a file cut short by a full disk, an edit by hand) fails its read,
// naming the file, and the server rebuilds from the seeds instead of serving wrong answers. The JSON parts
// are checked too: "(Tier 3)" edited to "(Tier 2)" in documents.json parses as well as the original.
//
// CRC-32 (zlib's, about 0.6 ms per MB here) rather than a cryptographic hash: it guards against
// accidents, not an attacker who can write the index folder (who could write the manifest as well).
// Any damage of up to 32 consecutive bits is always caught; other damage is missed once in 4 billion.

import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
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

/**
 * Binary parts read whole, each checked on another thread while the next is read and the index is
 * built from them: the CRC-32s of an index of 700 MB take about 1.2 s of one core, which this overlaps
 * with reading and loading instead of adding to them. Nothing changes in what is guaranteed: `finish()`
 * blocks until every part read is checked and throws DamagedIndexError naming the first that differs,
 * and the reader calls it before the index is used. The bytes are read into shared memory, so the
 * checking thread reads the very bytes that will be served, without a copy.
 */
export class PartChecks {
  private readonly pending: Array<{ file: string; expected: PartCheck; slot: number; bytes: Buffer }> = [];
  private readonly results: Int32Array;
  private next = 0;

  /** `capacity`: how many parts at most will be read (one slot of the shared results each). */
  constructor(capacity: number) {
    this.results = new Int32Array(new SharedArrayBuffer(8 * Math.max(1, capacity)));
  }

  /** A part's bytes, read whole into shared memory; its length checked now, its CRC-32 on the checking thread. */
  read(file: string, expected: PartCheck | undefined): Buffer {
    let bytes: Buffer;
    try {
      bytes = readShared(file);
    } catch (error) {
      throw new DamagedIndexError(file, (error as Error).message);
    }
    if (expected === undefined) throw new DamagedIndexError(file, 'not in the manifest');
    if (bytes.length !== expected.bytes)
      throw new DamagedIndexError(file, `${bytes.length} bytes, the manifest says ${expected.bytes}`);
    const slot = this.next++;
    if (slot * 2 >= this.results.length) throw new Error(`more parts read than the ${this.results.length / 2} planned`);
    const worker = checkingThread();
    if (worker === null) {
      this.results[2 * slot + 1] = crc32(bytes);
      this.results[2 * slot] = 1;
    } else {
      worker.postMessage({ results: this.results, slot, bytes });
    }
    this.pending.push({ file, expected, slot, bytes });
    return bytes;
  }

  /** Wait for every part read to be checked; throws DamagedIndexError naming the first whose CRC-32 differs. */
  finish(): void {
    for (const { file, expected, slot, bytes } of this.pending.splice(0)) {
      // A checking thread that died (its error event cannot run while this thread waits) leaves the
      // slot empty: after 10 s the CRC is computed here instead.
      if (Atomics.wait(this.results, 2 * slot, 0, 10_000) === 'timed-out') {
        this.results[2 * slot + 1] = crc32(bytes);
        this.results[2 * slot] = 1;
      }
      if (this.results[2 * slot] !== 1 || this.results[2 * slot + 1]! >>> 0 !== expected.crc32)
        throw new DamagedIndexError(file, "its checksum differs from the manifest's");
    }
  }
}

function readShared(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = Buffer.from(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const read = readSync(fd, bytes, at, Math.min(size - at, 1 << 30), at);
      if (read === 0) break;
      at += read;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

/** The checking thread's code: plain JavaScript (no loader), a CRC-32 per message, the result in shared memory. */
const CHECKER = `
const { parentPort } = require('node:worker_threads');
const { crc32 } = require('node:zlib');
parentPort.on('message', ({ results, slot, bytes }) => {
  let state = 1;
  try { Atomics.store(results, 2 * slot + 1, crc32(bytes) | 0); } catch { state = 2; }
  Atomics.store(results, 2 * slot, state);
  Atomics.notify(results, 2 * slot);
});`;

let checker: Worker | null | undefined;

/** One checking thread per process (per thread), started on first use and never keeping the process alive; null where none starts. */
function checkingThread(): Worker | null {
  if (checker === undefined) {
    try {
      checker = new Worker(CHECKER, { eval: true });
      checker.unref();
      checker.on('error', () => {
        checker = null;
      });
    } catch {
      checker = null;
    }
  }
  return checker;
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
