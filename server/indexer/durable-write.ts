// Writing the index so that a process killed at any instant, or a machine losing power, leaves the old
// index or the new one, never a mixture: every part flushed before the manifest that names it, the
// manifest written beside its final name and renamed over it, the renames made durable by flushing the
// folder that holds them (a rename lives in the folder, not in the file).
//
// What a killed writer leaves behind (a half-written parts folder, `.index.json.<pid>.tmp`) carries the
// writer's process id in its name, so the next build can tell it from the work of a live one
// (leftovers.ts).

import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Write a file and flush it to the disk before returning; a part of hundreds of MB is written whole. */
export function writeDurably(path: string, content: string | Uint8Array): void {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  const fd = openSync(path, 'w');
  try {
    // A write may be partial; a part of hundreds of MB is written until every byte is.
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flush a folder's entries (the files created and renamed in it) to the disk. */
export function syncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The temporary name a file is written under before it is renamed over `path`: `.<name>.<pid>.tmp` beside
 * it, a dot-name, which the seed reader skips.
 */
export function temporaryName(path: string, pid = process.pid): string {
  return join(dirname(path), `.${basename(path)}.${pid}.tmp`);
}

/**
 * Replace a file atomically and durably: written and flushed under a temporary name, renamed over
 * `path`, the rename flushed. A reader sees the old content or the new; so does the disk after a crash.
 */
export function replaceDurably(path: string, content: string | Uint8Array, beforeRename: () => void = () => {}): void {
  const temporary = temporaryName(path);
  writeDurably(temporary, content);
  beforeRename();
  renameSync(temporary, path);
  syncFolder(dirname(path));
}
