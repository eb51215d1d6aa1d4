// Measuring for the benchmarks: latency samples within a time budget, percentiles, a process's memory,
// folder sizes, growth exponents, and progress that shows on a terminal and stays out of a pipe.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Budget {
  /** Samples wanted. */
  runs: number;
  /** Stop sampling a query after this long, keeping at least `minRuns` samples. */
  ms: number;
  minRuns: number;
  /** Unmeasured runs first (default 1): the first run of a query pays for caches and compilation. */
  warmUps?: number;
}

/** Milliseconds per run after the warm-up runs: `runs` samples, fewer when a query is slow. */
export async function sample(run: () => unknown, budget: Budget): Promise<number[]> {
  for (let i = 0; i < (budget.warmUps ?? 1); i++) await run();
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < budget.runs && (samples.length < budget.minRuns || performance.now() - started < budget.ms)) {
    const at = performance.now();
    await run();
    samples.push(performance.now() - at);
  }
  return samples;
}

/** The nearest-rank percentile of the samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

/** Resident and peak resident memory of a process in MB, from /proc (Linux); null elsewhere. */
export function processMemory(pid: number): { rss: number; peak: number } | null {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return null;
  const text = readFileSync(status, 'utf8');
  const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { rss: kilobytes('VmRSS') / 1024, peak: kilobytes('VmHWM') / 1024 };
}

/** A process's descendants, children first (Linux): the Node process behind `npm run`'s shell. */
export function descendants(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(file)) return [];
  const children = readFileSync(file, 'utf8').split(' ').filter(Boolean).map(Number);
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** The descendant running `script` (an argument of its own: not the shell whose command string names it). */
export function descendantRunning(pid: number, script: string): number | undefined {
  return descendants(pid).find((child) => {
    const cmdline = `/proc/${child}/cmdline`;
    return (
      existsSync(cmdline) &&
      readFileSync(cmdline, 'utf8')
        .split('\0')
        .some((arg) => arg === script || arg.endsWith(`/${script}`))
    );
  });
}

export function folderBytes(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + folderBytes(join(path, name)), 0);
}

/**
 * The exponent k in cost ~ size^k between two measurements: 1 is linear, 2 quadratic.
 * @example growth(10_000, 1.0, 100_000, 10.0) // -> 1
 */
export function growth(size1: number, cost1: number, size2: number, cost2: number): number {
  return Math.log(cost2 / cost1) / Math.log(size2 / size1);
}

/** Progress on stderr when it is a terminal (rewritten in place); nothing when piped. */
export function progress(line: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${line}`);
}

export function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}

/** Progress on stderr when it is a terminal, one line per step (kept, as a log of the run); nothing when piped. */
export function progressLine(line: string): void {
  if (process.stderr.isTTY) process.stderr.write(`${line}\n`);
}

export const fixed = (value: number, digits = 1) =>
  Number.isFinite(value) ? value.toFixed(value < 1 && digits < 3 ? 2 : digits) : '–';

/**
 * Time spent reading the index, wherever the engine does it: the storage's postings (decoded on a cache
 * miss), term expansion and document frequencies, and MiniSearch's own search (index.search, which
 * the spelling correction no longer calls). Wraps those calls (timed at the outermost) and returns a
 * clock of their total.
 */
export function timeMiniSearch(index: object, storage: object): { elapsed: () => number; reset: () => void } {
  let total = 0;
  let depth = 0;
  const wrap = (owner: Record<string, unknown>, method: string) => {
    const unwrapped = owner[method] as (...args: unknown[]) => unknown;
    owner[method] = function (this: unknown, ...args: unknown[]) {
      const started = performance.now();
      depth++;
      try {
        return unwrapped.apply(this, args);
      } finally {
        if (--depth === 0) total += performance.now() - started;
      }
    };
  };
  wrap(index as Record<string, unknown>, 'search');
  wrap(storage as Record<string, unknown>, 'postings');
  wrap(storage as Record<string, unknown>, 'expand');
  wrap(storage as Record<string, unknown>, 'documentFrequency');
  return { elapsed: () => total, reset: () => (total = 0) };
}
