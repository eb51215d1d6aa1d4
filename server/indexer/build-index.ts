// The indexer, in named stages, each logged with its counts:
//   read the catalog -> ingest each seed as it is read (clean, sections, sentences, passages)
//   -> synonyms -> search index -> tokens -> align years (per country) -> ids (permalinks kept) -> save
// Nothing is written before the save stage, so a failure anywhere leaves the previous index serving.
// One build at a time: the whole build holds the collection's build lock (build-lock.ts). The previous
// index is read only to keep permalinks (the ids stage), and a build goes on from the seeds alone when
// it cannot be read: a damaged index is rebuilt, never an obstacle to its rebuilding.

import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { openSeeds } from '../corpus/read-seeds.ts';
import { SeedError } from '../corpus/seed-error.ts';
import { ingestCorpus } from '../corpus/ingest.ts';
import { SECTIONS, type Passage } from '../corpus/types.ts';
import { buildSearchIndex, packedSearchIndex } from '../search/storage/search-index.ts';
import { TokenStoreBuilder } from '../search/storage/token-store.ts';
import { parseSynonyms } from '../search/words/synonyms.ts';
import { ALIGN_OPTIONS, alignPassages } from '../analysis/align.ts';
import { PassageTerms } from './passage-terms.ts';
import { INDEX_FORMAT_VERSION, readSavedIds, saveIndexFile, textDigest, type IndexFile } from './index-file.ts';
import { analyzerIdentity, digestOf, fingerprintOf, inputDigests } from './build-inputs.ts';
import { withBuildLock } from './build-lock.ts';
import { crashPoint } from './crash-points.ts';
import { recoverCollection } from './recovery.ts';
import { replaceDurably } from './durable-write.ts';
import { idChanges, updateAliases, type Aliases, type CurrentIds } from './id-changes.ts';
import { inCorpusOrder, passagesInCorpusOrder } from './corpus-order.ts';
import { PassageTable } from '../passage-table.ts';
import { largest } from '../extremes.ts';

export interface BuildPaths {
  root: string;
  seeds: string;
  synonyms: string;
  aliases: string;
  indexFile: string;
}

export type Log = (line: string) => void;

export interface BuildOptions {
  /** When another process is building: wait for it (default), or throw BuildLockBusy at once. */
  wait?: boolean;
}

/** Build the index from the seeds and save it, holding the build lock. Returns what was saved. */
export function buildIndex(paths: BuildPaths, log: Log = () => {}, options: BuildOptions = {}): IndexFile {
  return withBuildLock(
    paths.indexFile,
    () => {
      for (const line of recoverCollection(paths)) log(line);
      return build(paths, log);
    },
    { wait: options.wait, log },
  );
}

function build(paths: BuildPaths, log: Log): IndexFile {
  crashPoint('build:locked');
  const started = performance.now();
  // CPU time beside wall time: on a shared machine the wall time says as much about the neighbours.
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const stage = (name: string) => {
    const [at, cpuAt] = [performance.now(), cpuMs()];
    return (summary: string) =>
      log(
        `${name.padEnd(9)} ${summary} (${Math.round(performance.now() - at)} ms, CPU ${Math.round(cpuMs() - cpuAt)} ms)`,
      );
  };

  let done = stage('seeds');
  // Hashed before they are read: seeds changed during the build make the index stale, not wrongly current.
  const startInputs = inputDigests(paths);
  const seeds = openSeeds(paths.seeds, paths.root);
  done(`${seeds.entries.length} documents in ${relative(paths.root, paths.seeds)}/`);

  done = stage('ingest');
  const corpus = ingestCorpus(seeds.files());
  const documents = inCorpusOrder(corpus.documents);
  const passages = passagesInCorpusOrder(documents, corpus.passages);
  done(
    `${passages.length} passages; furniture lines removed: ${documents.reduce((n, d) => n + d.removed.length, 0)}; page-break joins: ${documents.reduce((n, d) => n + d.joins.length, 0)}`,
  );
  for (const warning of corpus.warnings) log(`  warning: ${warning}`);

  done = stage('synonyms');
  // A collection keeps its synonym groups in words/synonyms.json; without the file, say so rather than
  // build an index that silently finds fewer passages.
  if (!existsSync(paths.synonyms)) {
    throw new SeedError(
      paths.synonyms,
      null,
      'no such file: a collection holds its synonym groups there (copy the repository\'s words/synonyms.json, or write {"groups": []} for none)',
    );
  }
  const synonyms = parseSynonyms(readFileSync(paths.synonyms, 'utf8'), paths.synonyms);
  done(`${synonyms.length} groups`);

  done = stage('index');
  // Each passage's terms, kept from indexing for alignment, then dropped: tokenized once, not three times.
  // And their tokens, saved so that the server loads them instead of tokenizing every passage at start.
  let passageTerms: PassageTerms | undefined = new PassageTerms();
  const tokenStore = new TokenStoreBuilder();
  const { search, terms } = serializedIndex(passages, (passageTermList, tokens) => {
    passageTerms!.add(passageTermList);
    tokenStore.add(tokens);
  });
  const tokenBytes = tokenStore.build().toBuffer();
  done(`${passages.length} passages, ${terms} terms; tokens ${Math.round(tokenBytes.byteLength / 1e6)} MB`);

  done = stage('align');
  const alignment = alignPassages(passages, documents, ALIGN_OPTIONS, (position) => passageTerms!.termsAt(position));
  passageTerms = undefined;
  let [aligned, withCounterpart] = [0, 0];
  for (const id in alignment) {
    aligned++;
    if (alignment[id]!.alsoIn.length > 0) withCounterpart++;
  }
  done(`${aligned} report passages, ${withCounterpart} with a counterpart in another year`);

  done = stage('ids');
  // Texts stand as digests on both sides: the old index's passages are read part by part, never whole.
  const previous = savedIds(paths, log);
  const current = passages.map(({ id, doc, year, country, text }) => ({
    id,
    doc,
    year,
    country,
    text: textDigest(text),
  }));
  const { aliases, aliasesFile } = keepPermalinks(paths, previous, current, new Set(passages.map((p) => p.id)), log);
  done(`${passages.length} ids; ${Object.keys(aliases).length} aliases for retired ids`);

  done = stage('save');
  // The aliases file is a build input: write it first, so the fingerprint covers its new content.
  if (aliasesFile !== null) replaceDurably(paths.aliases, aliasesFile);
  const inputs = existsSync(paths.aliases) ? { ...startInputs, ...digestOf(paths.root, paths.aliases) } : startInputs;
  const data: IndexFile = {
    format: INDEX_FORMAT_VERSION,
    fingerprint: fingerprintOf(inputs),
    inputs,
    analyzer: analyzerIdentity(),
    builtAt: new Date().toISOString(),
    documents,
    passages: PassageTable.of(documents, passages),
    synonyms,
    search,
    alignment,
    aliases,
    tokenBytes,
  };
  saveIndexFile(paths.indexFile, data);
  done(relative(paths.root, paths.indexFile));
  // maxRSS is in kilobytes: the process's peak, which is what a machine's memory must hold.
  log(
    `built in ${Math.round(performance.now() - started)} ms (CPU ${Math.round(cpuMs())} ms), peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  );
  return data;
}

type ComparedPassage = Parameters<typeof idChanges>[0][number];

/**
 * The previous index's passages to keep permalinks against, or none when it cannot be read (damaged,
 * cut short, of another format): then no alias is recorded for a sentence that moved since, and the
 * build goes on from the seeds.
 */
function savedIds(paths: BuildPaths, log: Log): ComparedPassage[] {
  try {
    return readSavedIds(paths.indexFile);
  } catch (error) {
    log(
      `  warning: the previous index cannot be read, so ids are not compared with it (no alias for a sentence that moved): ${(error as Error).message}`,
    );
    return [];
  }
}

/**
 * Compare the new passages with the previous index's: aliases for ids whose sentence moved (with the new
 * text of index/aliases.json when they changed, for the save stage to write), and say which ids were
 * lost or now name other sentences. An incremental update passes only the passages that can differ
 * (a replaced document's, and its year and country's now), with every id now in use.
 */
export function keepPermalinks(
  paths: BuildPaths,
  previous: ComparedPassage[],
  current: ComparedPassage[],
  currentIds: CurrentIds,
  log: Log,
): { aliases: Aliases; aliasesFile: string | null } {
  const file = existsSync(paths.aliases)
    ? (JSON.parse(readFileSync(paths.aliases, 'utf8')) as { about?: string; aliases?: Aliases })
    : {};
  const existing = file.aliases ?? {};
  const changes = idChanges(previous, current);
  const aliases = updateAliases(existing, changes.moved, currentIds);
  const changed = JSON.stringify(aliases) !== JSON.stringify(existing);
  if (changed)
    log(
      `  ${changes.moved.length} passage ids moved: aliases recorded in ${relative(paths.root, paths.aliases)}; commit it so old links keep working`,
    );
  if (changes.gone.length)
    log(
      `  warning: ${changes.gone.length} passages are gone, their permalinks will be 404s: ${changes.gone.join(', ')}`,
    );
  if (changes.reused.length)
    log(`  warning: ${changes.reused.length} ids now name a different sentence: ${changes.reused.join(', ')}`);
  return { aliases, aliasesFile: changed ? `${JSON.stringify({ ...file, aliases }, null, 2)}\n` : null };
}

/** The search index, packed; the live index (2 GB at 1M passages) is garbage once this returns. */
function serializedIndex(
  passages: Passage[],
  keep: Parameters<typeof buildSearchIndex>[1],
): { search: IndexFile['search']; terms: number } {
  const search = packedSearchIndex(buildSearchIndex(passages, keep));
  return { search, terms: search.header.termCount };
}

/** The summary table `npm run index` prints: passages per document and section. */
export function summaryTable(data: IndexFile): string {
  const sections = SECTIONS.filter((section) => data.documents.some((d) => d.sectionCounts[section]));
  const header = ['document', 'year', ...sections, 'total'];
  const rows = data.documents.map((d) => [
    d.id,
    String(d.year),
    ...sections.map((s) => String(d.sectionCounts[s] ?? '')),
    String(d.passageCount),
  ]);
  const totals = [
    'all',
    '',
    ...sections.map((s) => String(data.documents.reduce((sum, d) => sum + (d.sectionCounts[s] ?? 0), 0))),
    String(data.passages.length),
  ];
  const table = [header, ...rows, totals];
  const widths = header.map((_, column) =>
    largest(
      table.map((row) => row[column]!.length),
      0,
    ),
  );
  return table
    .map((row) =>
      row
        .map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  '),
    )
    .join('\n');
}
