// Fault injection for the lifecycle tests (test/index-kills.test.ts), as SQLite's test builds have:
// with TIP_CRASH_AT=<point> in its environment, a build or an import kills itself with SIGKILL when it
// reaches that point, as `kill -9` or a power cut would, so that a test can stop it exactly between two
// writes and check that the next start serves correct answers. Unset, a point costs one comparison.

/** Every point, in the order a build, then an import, reaches them. */
export const CRASH_POINTS = [
  /** The lock is held; nothing written yet. */
  'build:locked',
  /** A build's first part is written, the rest of the parts folder not. */
  'save:first-part',
  /** Every part is written and flushed; no manifest names them. */
  'save:parts',
  /** The new manifest is written under its temporary name, not renamed over the old one. */
  'save:manifest-written',
  /** The new manifest is in place; the old parts folders are not removed yet. */
  'save:manifest-renamed',
  /** An import wrote its document's seed, not the catalog entry naming it. */
  'import:seed',
  /** An import wrote the seed and the catalog; the index is not updated. */
  'import:catalog',
  /** An import's delta segment is written into the parts folder; no manifest names it. */
  'segment:written',
] as const;

export type CrashPoint = (typeof CRASH_POINTS)[number];

export function crashPoint(point: CrashPoint): void {
  if (process.env.TIP_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}
