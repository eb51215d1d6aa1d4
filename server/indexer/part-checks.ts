// Checksums of the saved index: each part's length and CRC-32 in the manifest, and the manifest's own
// CRC-32 at its end. Every part the server reads is checked whole before the index is used: a part
// damaged on disk (a flipped bit, a file cut short by a full disk, an edit by hand) fails its read,
// naming the file, and the server rebuilds from the seeds instead of serving wrong answers. The JSON parts
// are checked too: "(Tier 3)" edited to "(Tier 2)" in documents.json parses as well as the original.
//
// CRC-32 (zlib's, about 0.6 ms per MB here) rather than a cryptographic hash: it guards against
// accidents, not an attacker who can write the index folder (who could write the manifest as well).
// Any damage of up to 32 consecutive bits is always caught; other damage is missed once in 4 billion.

import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
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
 * Binary parts read whole and checked, the work shared between this thread and another. At 1M passages
 * (700 MB of parts) the CRC-32s take about 1.3 s of one core, and the reads about 2 s, most of it the
 * kernel mapping fresh pages for the bytes (touching 700 MB of new memory alone takes 1.9 s on this
 * machine; copying it from the page cache, 0.25 s). So the other thread reads the parts that are not
 * needed until the index is built (`later`: tokens, postings, alignment) while this one reads the passage
 * parts and builds their tables, and each CRC-32 is computed by whichever thread is free first.
 *
 * Nothing changes in what is guaranteed: `finish()` blocks until every part is read and checked and
 * throws DamagedIndexError naming the first that differs, and the reader calls it before the index is
 * used; bytes read `later` are not to be looked at before. The bytes are in shared memory, so the other
 * thread checks the very bytes that will be served, without a copy.
 *
 * Under `npm start`, the first reader takes the CRC-32s computed from the files while the server's code
 * was loading (scripts/early-checks.mjs) and compares those instead: the parts' bytes are then only
 * read. What that gives up: a part changed on disk between that check and the read is not caught.
 */
export class PartChecks {
  private readonly pending: Array<{ file: string; expected: PartCheck; slot: number; bytes: Buffer; early?: number }> =
    [];
  /** Per slot: its state (below) and its CRC-32. */
  private readonly results: Int32Array;
  private next = 0;
  private readonly early = takeEarlyChecks();

  /** `capacity`: how many parts at most will be read (one slot of the shared results each). */
  constructor(capacity: number) {
    this.results = new Int32Array(new SharedArrayBuffer(8 * Math.max(1, capacity)));
  }

  /**
   * A part's bytes, its length checked now and its CRC-32 by `finish()`. Read here, or with `later`, by
   * the other thread: then the bytes are only there once `finish()` has returned. With `keep`, only the
   * first `keep` bytes are kept (and returned); the rest is read to be checked, in pieces, and let go.
   */
  read(file: string, expected: PartCheck | undefined, later = false, keep?: number): Buffer {
    if (expected === undefined) throw new DamagedIndexError(file, 'not in the manifest');
    const slot = this.next++;
    if (slot * 2 >= this.results.length) throw new Error(`more parts read than the ${this.results.length / 2} planned`);
    const worker = checkingThread();
    // Checked already, from the file, as `npm start` began: only read (or read already, when kept whole).
    const early = this.early?.files.get(file);
    const held = later && keep === undefined ? this.early?.held.get(file) : undefined;
    let bytes: Buffer;
    try {
      const size = statSync(file).size;
      if (size !== expected.bytes)
        throw new DamagedIndexError(file, `${size} bytes, the manifest says ${expected.bytes}`);
      if (held !== undefined && held.byteLength === size) {
        // There once the early check is done (`finish` waits for it, and reads the part itself if it failed).
        this.results[2 * slot] = HELD;
        bytes = Buffer.from(held);
        this.pending.push({ file, expected, slot, bytes, early });
        return bytes;
      }
      bytes = Buffer.from(new SharedArrayBuffer(Math.min(size, keep ?? size)));
      if (later && worker !== null) {
        this.results[2 * slot] = UNREAD;
        worker.postMessage({ results: this.results, slot, bytes, file, size, read: true, check: early === undefined });
      } else {
        readInto(file, bytes);
        if (early !== undefined) this.results[2 * slot] = CHECKED;
        else worker?.postMessage({ results: this.results, slot, bytes, file, size, read: false, check: true });
      }
    } catch (error) {
      if (error instanceof DamagedIndexError) throw error;
      throw new DamagedIndexError(file, (error as Error).message);
    }
    this.pending.push({ file, expected, slot, bytes, early });
    return bytes;
  }

  /** Wait for every part to be read and checked; throws DamagedIndexError naming the first that differs. */
  finish(): void {
    const pending = this.pending.splice(0);
    const state = (slot: number) => Atomics.load(this.results, 2 * slot);
    // This thread takes the checks the other has not started, from the last part back (it works from the first).
    for (const { slot, bytes, file, expected, early } of [...pending].reverse())
      if (early === undefined && Atomics.compareExchange(this.results, 2 * slot, READ, CHECKING) === READ)
        this.check(slot, bytes, file, expected.bytes);
    for (const { file, expected, slot, bytes, early } of pending) {
      while (state(slot) === UNREAD || state(slot) === READING || state(slot) === CHECKING) {
        // A thread that died (its error event cannot run while this one waits) leaves its slots
        // unfinished: after 10 s this thread does the work instead.
        const seen = state(slot);
        if (Atomics.wait(this.results, 2 * slot, seen, 10_000) !== 'timed-out') continue;
        // (Read again, the bytes are the same: a thread still alive that finishes later writes the same.)
        if (seen === UNREAD || seen === READING) {
          try {
            readInto(file, bytes);
          } catch (error) {
            throw new DamagedIndexError(file, (error as Error).message);
          }
        }
        this.check(slot, bytes, file, expected.bytes);
      }
      if (state(slot) === FAILED) throw new DamagedIndexError(file, 'it could not be read');
      // The early check's CRC-32, when it read the part whole at the size recorded; else this thread's
      // (reading the part first when the early check was to read it).
      if (early !== undefined && !this.earlyChecked(early, slot, expected.bytes)) {
        if (state(slot) === HELD) {
          try {
            readInto(file, bytes);
          } catch (error) {
            throw new DamagedIndexError(file, (error as Error).message);
          }
        }
        this.check(slot, bytes, file, expected.bytes);
      }
      if (this.results[2 * slot + 1]! >>> 0 !== expected.crc32)
        throw new DamagedIndexError(file, "its checksum differs from the manifest's");
    }
  }

  /** Wait for the early check of a part; its CRC-32 into `slot` when it read `size` bytes, else false. */
  private earlyChecked(early: number, slot: number, size: number): boolean {
    const { results } = this.early!;
    // A thread that died leaves the part unchecked: after 10 s it is checked here.
    while (Atomics.load(results, 3 * early) === EARLY_PENDING)
      if (Atomics.wait(results, 3 * early, EARLY_PENDING, 10_000) === 'timed-out') return false;
    if (Atomics.load(results, 3 * early) !== EARLY_DONE || results[3 * early + 2]! >>> 0 !== size) return false;
    this.results[2 * slot + 1] = results[3 * early + 1]!;
    return true;
  }

  private check(slot: number, bytes: Buffer, file: string, size: number): void {
    let crc = crc32(bytes);
    if (size > bytes.length) {
      const fd = openSync(file, 'r');
      try {
        const piece = Buffer.allocUnsafe(1 << 22);
        for (let at = bytes.length; at < size; ) {
          const read = readSync(fd, piece, 0, Math.min(piece.length, size - at), at);
          if (read === 0) throw new DamagedIndexError(file, `cut short at byte ${at}`);
          crc = crc32(piece.subarray(0, read), crc);
          at += read;
        }
      } finally {
        closeSync(fd);
      }
    }
    this.results[2 * slot + 1] = crc;
    Atomics.store(this.results, 2 * slot, CHECKED);
  }
}

// A slot's states. The other thread moves UNREAD -> READING -> CHECKING -> CHECKED (or FAILED), and
// READ -> CHECKING -> CHECKED when it wins the compare-exchange; this thread, READ -> CHECKING -> CHECKED.
const READ = 0;
const CHECKED = 1;
const FAILED = 2;
const CHECKING = 3;
const UNREAD = 4;
const READING = 5;
/** Read (into memory it hands over) by the early check, done once that is (scripts/early-checks.mjs). */
const HELD = 6;

// An early check's states (scripts/early-checks.mjs).
const EARLY_PENDING = 0;
const EARLY_DONE = 1;

/** What scripts/early-checks.mjs computed as `npm start` began: per file, a slot of state, CRC-32 and size. */
interface EarlyChecks {
  files: Map<string, number>;
  results: Int32Array;
  /** The parts it reads whole, into this memory. */
  held: Map<string, SharedArrayBuffer>;
}

/** The early checks, for the first reader only (a later one reads a later index, or the same files changed since). */
function takeEarlyChecks(): EarlyChecks | null {
  const key = Symbol.for('tip-search.early-checks');
  const global = globalThis as { [key]?: EarlyChecks };
  const early = global[key] ?? null;
  delete global[key];
  return early;
}

function readInto(file: string, bytes: Buffer): void {
  const fd = openSync(file, 'r');
  try {
    let at = 0;
    while (at < bytes.length) {
      const read = readSync(fd, bytes, at, Math.min(bytes.length - at, 1 << 30), at);
      if (read === 0) throw new Error(`cut short at byte ${at}`);
      at += read;
    }
  } finally {
    closeSync(fd);
  }
}

/** The other thread's code: plain JavaScript (no loader), reading and checking what it is sent. */
const CHECKER = `
const { parentPort } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const { crc32 } = require('node:zlib');
const [READ, CHECKED, FAILED, CHECKING, UNREAD, READING] = [0, 1, 2, 3, 4, 5];
let piece = null;
parentPort.on('message', ({ results, slot, bytes, file, size, read, check }) => {
  const at = 2 * slot;
  if (read) {
    if (Atomics.compareExchange(results, at, UNREAD, READING) !== UNREAD) return;
  } else if (Atomics.compareExchange(results, at, READ, CHECKING) !== READ) return;
  let state = CHECKED;
  try {
    const fd = read || (check && size > bytes.length) ? openSync(file, 'r') : -1;
    try {
      for (let done = 0; read && done < bytes.length; ) {
        const n = readSync(fd, bytes, done, Math.min(bytes.length - done, 1 << 30), done);
        if (n === 0) throw new Error('cut short');
        done += n;
      }
      // Only read when its CRC-32 is the early check's.
      if (check) {
        if (read) Atomics.store(results, at, CHECKING);
        let crc = crc32(bytes);
        // The rest of a part only partly kept: read in pieces, checked, let go.
        if (size > bytes.length) piece ??= Buffer.allocUnsafe(1 << 22);
        for (let done = bytes.length; done < size; ) {
          const n = readSync(fd, piece, 0, Math.min(piece.length, size - done), done);
          if (n === 0) throw new Error('cut short');
          crc = crc32(piece.subarray(0, n), crc);
          done += n;
        }
        Atomics.store(results, at + 1, crc | 0);
      }
    } finally { if (fd !== -1) closeSync(fd); }
  } catch { state = FAILED; }
  Atomics.store(results, at, state);
  Atomics.notify(results, at);
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
