// The incremental indexer: one document added to a built index (or replacing documents of its year and
// country) as a delta segment (delta.ts), in seconds rather than a full build's minutes. In stages, each
// logged with its counts like the full build's:
//   seeds (catalog checked, the one seed read) -> ingest (that seed) -> read (the saved index's documents,
//   and its passages part by part, keeping the country's) -> align (the country again) -> ids (permalinks
//   kept) -> save (the segment, then the manifest)
// Nothing is written before the save stage, so a failure leaves the previous index serving. It holds the
// build lock throughout (build-lock.ts), as a full build does.

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { decodeText, openSeeds } from '../corpus/read-seeds.ts';
import { ingestDocument } from '../corpus/ingest.ts';
import type { Passage } from '../corpus/types.ts';
import { alignPassages } from '../analysis/align.ts';
import { appendSegment, openSavedIndex, readManifest, type SavedIndex } from './index-file.ts';
import { fingerprint, fingerprintOf, inputDigests } from './build-inputs.ts';
import { withBuildLock } from './build-lock.ts';
import { replaceDurably } from './durable-write.ts';
import { keepPermalinks, type BuildPaths, type Log } from './build-index.ts';
import { inCorpusOrder, passagesInCorpusOrder } from './corpus-order.ts';
import type { DeltaSegment } from './delta.ts';

/** The change the importer made to the seeds: a document added, and the documents it replaced. */
export interface SeedChange {
  added: string;
  removed: string[];
}

/**
 * Past this many segments the importer rebuilds instead, which folds them into a new base: each costs
 * every load a little (its passages added to the search index, its country's alignment parsed).
 */
export const MAX_SEGMENTS = 16;

/**
 * Why the saved index cannot take a delta segment for the seeds as they are now, or null when it can:
 * it must exist, be readable, and have been built (or updated) from exactly these seeds and this code.
 * Call before changing the seeds.
 */
export function whyNotIncremental(paths: BuildPaths): string | null {
  try {
    const manifest = readManifest(paths.indexFile);
    if (!manifest) return 'there is no index yet';
    if (manifest.fingerprint !== fingerprint(paths, manifest.inputs))
      return 'the index was built from other seeds, word lists or by another analyzer';
    if ((manifest.deltas?.length ?? 0) >= MAX_SEGMENTS)
      return `the index already holds ${MAX_SEGMENTS} incremental updates; a full build folds them in`;
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Add the seed change to the saved index as a delta segment, holding the build lock. Throws (nothing
 * written) on any failure; DamagedIndexError when the saved index cannot be read.
 */
export function updateIndex(paths: BuildPaths, change: SeedChange, log: Log = () => {}): void {
  withBuildLock(paths.indexFile, () => addSegment(paths, change, log), { log });
}

function addSegment(paths: BuildPaths, change: SeedChange, log: Log): void {
  const started = performance.now();
  const cpuAtStart = cpuMs();
  const stage = (name: string) => {
    const [at, cpuAt] = [performance.now(), cpuMs()];
    return (summary: string) =>
      log(
        `${name.padEnd(9)} ${summary} (${Math.round(performance.now() - at)} ms, CPU ${Math.round(cpuMs() - cpuAt)} ms)`,
      );
  };

  let done = stage('seeds');
  const seeds = openSeeds(paths.seeds, paths.root);
  const entry = seeds.entries.find((candidate) => candidate.id === change.added);
  if (!entry) throw new Error(`the catalog has no entry "${change.added}" to index`);
  const source = relative(paths.root, join(paths.seeds, entry.file));
  const text = decodeText(readFileSync(join(paths.seeds, entry.file)), source);
  done(`${seeds.entries.length} documents in ${relative(paths.root, paths.seeds)}/; indexing ${entry.id}`);

  done = stage('ingest');
  const added = ingestDocument({ entry, source, text });
  done(`${added.passages.length} passages`);
  for (const warning of added.warnings) log(`  warning: ${warning}`);

  done = stage('read');
  const saved = openSavedIndex(paths.indexFile);
  if (!saved) throw new Error(`${paths.indexFile} is gone; run \`npm run index\``);
  const removed = new Set(change.removed);
  const documents = inCorpusOrder([...saved.documents.filter((d) => !removed.has(d.id)), added.record]);
  // The passages that can change: the new document's country's, and the replaced documents' (of the
  // same year and country, as the importer finds them, but nothing here relies on it).
  const countries = new Set([entry.country, ...saved.documents.filter((d) => removed.has(d.id)).map((d) => d.country)]);
  const held = heldPassages(saved, countries, removed);
  const ids = new Set([...held.ids, ...added.passages.map((p) => p.id)]);
  done(
    `${held.ids.length} passages held, ${held.country.length} of ${[...countries].join(', ')}, ${held.replaced.length} replaced`,
  );

  done = stage('align');
  const countryPassages = passagesInCorpusOrder(documents, [...held.country, ...added.passages]);
  const alignment = alignPassages(countryPassages, documents);
  done(`${Object.keys(alignment).length} report passages of ${[...countries].join(', ')} aligned again`);

  done = stage('ids');
  const { aliases, aliasesFile } = keepPermalinks(paths, held.replaced, countryPassages, ids, log);
  done(`${ids.size} ids; ${Object.keys(aliases).length} aliases for retired ids`);

  done = stage('save');
  const segment: DeltaSegment = {
    documents: [added.record],
    passages: passagesInCorpusOrder([added.record], added.passages),
    removed: change.removed,
    alignment: Object.entries(alignment),
  };
  // The aliases file is a build input: write it first, so the fingerprint covers its new content.
  if (aliasesFile !== null) replaceDurably(paths.aliases, aliasesFile);
  const inputs = inputDigests(paths, saved.manifest.inputs);
  appendSegment(paths.indexFile, segment, saved.manifest.builtAt, {
    fingerprint: fingerprintOf(inputs),
    inputs,
    builtAt: new Date().toISOString(),
    aliases,
    // Terms stay the base's count: only a full build's MiniSearch index counts them.
    counts: { ...saved.manifest.counts, documents: documents.length, passages: ids.size },
  });
  done(`${relative(paths.root, paths.indexFile)}: segment ${(saved.manifest.deltas?.length ?? 0) + 1}`);
  log(
    `updated in ${Math.round(performance.now() - started)} ms (CPU ${Math.round(cpuMs() - cpuAtStart)} ms), peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  );
}

/**
 * One pass over the saved passages: every id still in use, the given countries' passages (less the
 * replaced documents'), and the replaced documents' passages (what their permalinks are looked for in).
 */
function heldPassages(
  saved: SavedIndex,
  countries: Set<string>,
  removed: Set<string>,
): { ids: string[]; country: Passage[]; replaced: Passage[] } {
  const held = { ids: [] as string[], country: [] as Passage[], replaced: [] as Passage[] };
  for (const passage of saved.passages()) {
    if (removed.has(passage.doc)) held.replaced.push(passage);
    else {
      held.ids.push(passage.id);
      if (countries.has(passage.country)) held.country.push(passage);
    }
  }
  return held;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
