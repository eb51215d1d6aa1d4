// The saved index's checksums computed while the server's code is still loading (`npm start` only).
//
// Plain JavaScript that scripts/start.mjs runs before it imports the server: a thread reads every part
// the manifest names, in 4 MB pieces into one buffer, and computes its CRC-32, while the main thread
// loads the server's modules (0.6-1.4 s at a million passages, when the second core has nothing else to
// do). The server's index reader (PartChecks, server/indexer/part-checks.ts) then compares these
// instead of computing them on the bytes it reads: the checksum is the file's as the start began, and
// the bytes kept are read from the same file just after (the index folder is never written in place;
// docs/lifecycle.md says what this gives up). Anything unexpected here (no manifest, an unreadable one)
// leaves the reader to check as it always does; errors are the reader's to say.
//
// The parts the reader keeps whole in memory (the search index's: postings, documents, term tree; see
// readBase in server/indexer/index-file.ts) are read here into shared memory it takes over, checked as
// read, so that the fresh memory they need (about 100 MB at a million passages) is mapped while the
// code loads too. The others are read in pieces into one buffer and let go.
//
// The hand-over is one global, taken once by the first PartChecks: { files: path -> slot, results,
// held: path -> SharedArrayBuffer }, where results holds per slot its state (PENDING, DONE, FAILED),
// CRC-32 and size.
//
// Before the checksums, the thread lists the seeds' sizes and modification times, which the start
// compares with the manifest's to know whether the index is current (server/indexer/build-inputs.ts):
// 4,725 stat calls at a million passages, 0.1-0.2 s of the main thread. Handed over in another global,
// taken once by the first inputDigests ({ folder, state: [state, length], bytes: JSON }).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const EARLY_CHECKS = Symbol.for('tip-search.early-checks');
const EARLY_SEEDS = Symbol.for('tip-search.early-seeds');

const CHECKER = `
const { workerData } = require('node:worker_threads');
const { openSync, readSync, fstatSync, closeSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { crc32 } = require('node:zlib');
const { files, results, held, seeds } = workerData;
const [PENDING, DONE, FAILED] = [0, 1, 2];
// The seeds' sizes and times first: path -> [bytes, mtimeMs], as JSON into seeds.bytes, its length in
// seeds.state[1] and DONE in seeds.state[0] (FAILED when it does not fit or cannot be listed).
try {
  const stats = {};
  const list = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const stat = entry.isFile() ? null : statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) list(path);
      else if (stat !== undefined) {
        const { size, mtimeMs } = stat ?? statSync(path);
        stats[path] = [size, mtimeMs];
      }
    }
  };
  list(seeds.folder);
  const written = Buffer.from(seeds.bytes).write(JSON.stringify(stats));
  if (written >= seeds.bytes.byteLength) throw new Error('too long');
  seeds.state[1] = written;
  Atomics.store(seeds.state, 0, DONE);
} catch {
  Atomics.store(seeds.state, 0, FAILED);
}
Atomics.notify(seeds.state, 0);
const piece = Buffer.allocUnsafe(1 << 22);
files.forEach((file, slot) => {
  let state = DONE;
  try {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      let crc = 0;
      const whole = held.get(file);
      if (whole !== undefined) {
        // Read whole into the memory the reader takes over, and checked there.
        if (whole.byteLength !== size) throw new Error('not of the size recorded');
        const bytes = Buffer.from(whole);
        for (let at = 0; at < size; ) {
          const n = readSync(fd, bytes, at, size - at, at);
          if (n === 0) throw new Error('cut short');
          at += n;
        }
        crc = crc32(bytes);
      }
      for (let at = whole === undefined ? 0 : size; at < size; ) {
        const n = readSync(fd, piece, 0, Math.min(piece.length, size - at), at);
        if (n === 0) throw new Error('cut short');
        crc = crc32(piece.subarray(0, n), crc);
        at += n;
      }
      results[3 * slot + 1] = crc | 0;
      results[3 * slot + 2] = size | 0;
    } finally { closeSync(fd); }
  } catch { state = FAILED; }
  Atomics.store(results, 3 * slot, state);
  Atomics.notify(results, 3 * slot);
});`;

/** Start checking the parts of the index at `indexFile` on another thread; nothing when there is none. */
export function startEarlyChecks(indexFile) {
  try {
    const manifest = JSON.parse(readFileSync(indexFile, 'utf8'));
    const folder = join(indexFile, '..', manifest.parts);
    const { postings, searchDocuments, searchTerms } = manifest.files;
    const whole = new Set([...postings, searchDocuments, searchTerms]);
    // Those kept whole first, then the largest first: the reader waits for the last to finish.
    const names = Object.keys(manifest.checks).sort(
      (a, b) => whole.has(b) - whole.has(a) || manifest.checks[b].bytes - manifest.checks[a].bytes,
    );
    const files = names.map((name) => join(folder, name));
    const held = new Map(
      names.flatMap((name, i) =>
        whole.has(name) ? [[files[i], new SharedArrayBuffer(manifest.checks[name].bytes)]] : [],
      ),
    );
    const results = new Int32Array(new SharedArrayBuffer(12 * Math.max(1, files.length)));
    // The seeds' folder in the collection's layout (server/paths.ts), and room for its listing (about
    // 80 bytes a seed; 4,725 seeds at a million passages).
    const seeds = {
      folder: join(indexFile, '..', '..', '..', 'seeds'),
      state: new Int32Array(new SharedArrayBuffer(8)),
      bytes: new SharedArrayBuffer(4 << 20),
    };
    const worker = new Worker(CHECKER, { eval: true, workerData: { files, results, held, seeds } });
    worker.unref();
    worker.on('error', () => {});
    globalThis[EARLY_CHECKS] = { files: new Map(files.map((file, slot) => [file, slot])), results, held };
    globalThis[EARLY_SEEDS] = seeds;
  } catch {
    // No index yet, or one the reader will name as unreadable.
  }
}
