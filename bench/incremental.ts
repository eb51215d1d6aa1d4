// `npm run bench:incremental -- --passages N`: importing into a built collection, incrementally (a delta
// segment) against a full rebuild, and what a serving process's memory does when it reloads.
//
//   generate N passages, one narrative held back -> build (timed) -> copy the collection
//   -> import the narrative: into the copy with a full rebuild (before), into the original as a segment (after)
//   -> the same queries answered alike by both? -> import a revision with --replace, as a segment
//   -> a serving process (a child, its memory sampled from /proc) reloads: the segments in place, then a full build
//
// Figures are wall time with CPU time beside it (the machine is shared); compare within one run.

import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { writeCollection } from './scale-collection.ts';
import { withholdImports, type PlannedImport } from './incremental-collection.ts';
import { answerOf, SCALE_QUERIES, searchLibrary } from './scale-queries.ts';
import { processMemory } from './measure.ts';
import { buildIndex, type BuildPaths } from '../server/indexer/build-index.ts';
import { LibraryStore, openLibrary } from '../server/indexer/library-store.ts';
import { addToCollection, readCatalog } from '../server/import/collection.ts';
import { collectionPaths } from '../server/paths.ts';

const USAGE = `Usage: npm run bench:incremental -- [--passages N]

Generate a collection of about N passages (default 10000) with one narrative held back, build it, then
import that narrative into one copy with a full rebuild and into the other as a delta segment, check
that the mixed queries answer alike, import a revision with --replace, fold the segments with a full
build, and sample a serving process's memory through each reload. Prints wall and CPU times.`;
const { values: options } = parseArgs({
  options: {
    passages: { type: 'string', default: '10000' },
    serve: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

if (options.serve) await serve(options.serve);
else await run(Number(options.passages));

async function run(target: number): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'bench-incremental-'));
  try {
    const { paths } = writeCollection(join(folder, 'incremental'), target);
    const { added, replacement } = withholdImports(paths);
    const build = timed(() => buildIndex(paths));
    report('full build of the collection', build);
    cpSync(paths.root, join(folder, 'rebuilt'), { recursive: true });
    const rebuilt = collectionPaths(join(folder, 'rebuilt'));

    const server = await startServer(paths.root);
    report('server: library loaded', { rss: server.memory().rss });

    report(
      `import ${added.entry.id}, full rebuild (before)`,
      timed(() => importInto(rebuilt, added, true)),
    );
    report(
      `import ${added.entry.id}, delta segment (after)`,
      timed(() => importInto(paths, added, false)),
    );
    compareAnswers(paths, rebuilt);

    report('server: reload, 1 segment applied in place', await server.reload());
    report(
      `import ${replacement.entry.id} --replace, delta segment`,
      timed(() => importInto(paths, replacement, false)),
    );
    report('server: reload, 1 segment applied in place', await server.reload());
    report(
      'full build folding the segments',
      timed(() => buildIndex(paths)),
    );
    report('server: reload of a full build', await server.reload());
    server.stop();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Both collections as the server opens them (neither may rebuild), asked the scale queries; dropped after. */
function compareAnswers(paths: BuildPaths, rebuilt: BuildPaths): void {
  const rebuilding = (line: string) => {
    throw new Error(`the server would rebuild: ${line}`);
  };
  const [updated, reference] = [openLibrary(paths, rebuilding), openLibrary(rebuilt, rebuilding)];
  const differing = SCALE_QUERIES.filter(
    ({ q }) =>
      JSON.stringify(answerOf(searchLibrary(updated, q))) !== JSON.stringify(answerOf(searchLibrary(reference, q))),
  );
  console.log(
    `answers equal to the full rebuild's (count, first page, year facet): ${SCALE_QUERIES.length - differing.length} of ${SCALE_QUERIES.length}${differing.length ? `; differ: ${differing.map((d) => d.q).join(', ')}` : ''}`,
  );
}

/** Import as `npm run import` does; an incremental import prints its stages (and says if it had to rebuild). */
function importInto(paths: BuildPaths, planned: PlannedImport, rebuild: boolean): void {
  const catalog = readCatalog(paths);
  const log = rebuild ? () => {} : (line: string) => console.log(`  ${line}`);
  addToCollection(
    paths,
    catalog,
    planned.entry,
    planned.text,
    catalog.entries.filter((e) => planned.replaces.includes(e.id)),
    log,
    { rebuild },
  );
}

interface Figures {
  wallMs?: number;
  cpuMs?: number;
  rss?: number;
  peakRss?: number;
  rssAfter?: number;
  rssAfterGc?: number;
  /** V8's heap in use before the reload and after it and a full GC: what the process still holds. */
  heapBefore?: number;
  heapAfterGc?: number;
}

function timed(work: () => unknown): Figures {
  const [at, cpuAt] = [performance.now(), process.cpuUsage()];
  work();
  const cpu = process.cpuUsage(cpuAt);
  return { wallMs: performance.now() - at, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function report(what: string, figures: Figures): void {
  const parts = [
    figures.wallMs !== undefined && `${(figures.wallMs / 1000).toFixed(2)} s wall`,
    figures.cpuMs !== undefined && `${(figures.cpuMs / 1000).toFixed(2)} s CPU`,
    figures.rss !== undefined && `RSS ${Math.round(figures.rss)} MB`,
    figures.peakRss !== undefined && `peak RSS during ${Math.round(figures.peakRss)} MB`,
    figures.rssAfter !== undefined && `RSS after ${Math.round(figures.rssAfter)} MB`,
    figures.rssAfterGc !== undefined && `after a full GC ${Math.round(figures.rssAfterGc)} MB`,
    figures.heapBefore !== undefined &&
      `heap in use ${Math.round(figures.heapBefore)} MB before, ${Math.round(figures.heapAfterGc!)} MB after (GC)`,
  ].filter(Boolean);
  console.log(`${what.padEnd(52)} ${parts.join(', ')}`);
}

/** A child process holding a LibraryStore, as `npm start` does; its RSS sampled every 20 ms while it reloads. */
async function startServer(root: string) {
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=8192', '--expose-gc', '--import', 'tsx', new URL(import.meta.url).pathname, '--serve', root],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () =>
    JSON.parse(((await lines.next()).value as string | undefined) ?? 'null') as Record<string, number>;
  await next();
  const memory = () => processMemory(child.pid!) ?? { rss: Number.NaN, peak: Number.NaN };
  return {
    memory,
    async reload(): Promise<Figures> {
      let peakRss = memory().rss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, memory().rss)), 20);
      child.stdin!.write('reload\n');
      const answer = await next();
      clearInterval(sampler);
      return { ...answer, peakRss: Math.max(peakRss, answer.rssAfter!) };
    },
    stop: () => child.kill(),
  };
}

async function serve(root: string): Promise<void> {
  const paths = collectionPaths(root);
  const store = new LibraryStore(
    openLibrary(paths, () => {}),
    paths.indexFile,
    (line) => console.error(`  ${line}`),
  );
  const mb = () => process.memoryUsage.rss() / 1024 / 1024;
  const heap = () => process.memoryUsage().heapUsed / 1024 / 1024;
  const gc = () => (globalThis as { gc?: () => void }).gc?.();
  console.log(JSON.stringify({ rss: mb() }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line !== 'reload') continue;
    gc();
    const heapBefore = heap();
    const figures = timed(() => store.reload());
    const rssAfter = mb();
    gc();
    console.log(
      JSON.stringify({ ...figures, rssAfter, rssAfterGc: mb(), heapBefore, heapAfterGc: heap() } satisfies Figures),
    );
  }
}
