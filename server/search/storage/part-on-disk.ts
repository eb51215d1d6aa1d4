// A saved part's bytes, held in memory or read from its file when asked for: what lets a loaded index
// keep on disk what a page reads a few hundred bytes of (the passages' texts, the alignment, the tokens'
// offsets) instead of holding it from the start.
//
// Why: at a million passages a start's time is mostly the kernel handing out fresh memory for what is
// read (about 2.7 s per GB held, docs/storage.md), and these parts are most of it (texts 170 MB,
// alignment 88 MB, offsets 185 MB) while a page reads the 20 passages it shows. The part is still
// checked whole (its CRC-32) when the index is loaded (part-checks.ts); the descriptor stays open, so a
// parts folder that a later build removes is still read from the file that was checked.

import { closeSync, readSync } from 'node:fs';
import type { BinaryPart } from './byte-codec.ts';

/** Bytes of a part, by range: from memory or from the file. */
export interface PartBytes {
  /** Bytes in the range. */
  readonly length: number;
  /** The file (or build) they come from, for error messages. */
  readonly source: string;
  /** Bytes [from, to) of the range, `to` at most `length`. */
  bytes(from: number, to: number): Buffer;
}

/** A part held in memory, as PartBytes. */
export function partInMemory(part: BinaryPart, from = 0, to = part.bytes.length): PartBytes {
  const bytes = part.bytes.subarray(from, to);
  return {
    length: bytes.length,
    source: part.source,
    bytes: (start, end) => bytes.subarray(start, Math.min(end, bytes.length)),
  };
}

/**
 * A range of a file read with one positioned read per request. Closed when collected, or by `close()`
 * (an index that could not be loaded lets its files go at once).
 */
export class PartOnDisk implements PartBytes {
  private static readonly closing = new FinalizationRegistry<number>((fd) => {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  });
  private open = true;

  constructor(
    private readonly fd: number,
    readonly source: string,
    /** Where the range starts in the file, in bytes. */
    private readonly at: number,
    readonly length: number,
  ) {
    PartOnDisk.closing.register(this, fd, this);
  }

  bytes(from: number, to: number): Buffer {
    return readAt(this.fd, this.source, this.at + from, this.at + Math.min(to, this.length));
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    PartOnDisk.closing.unregister(this);
    closeSync(this.fd);
  }
}

/** Bytes [from, to) of an open file; throws, naming the file, when it ends before `to`. */
export function readAt(fd: number, source: string, from: number, to: number): Buffer {
  const bytes = Buffer.allocUnsafe(Math.max(0, to - from));
  let done = 0;
  while (done < bytes.length) {
    const read = readSync(fd, bytes, done, bytes.length - done, from + done);
    if (read === 0)
      throw new Error(
        `${source} is not a readable index part (cut short at byte ${from + done}); run \`npm run index\` to rebuild the index`,
      );
    done += read;
  }
  return bytes;
}
