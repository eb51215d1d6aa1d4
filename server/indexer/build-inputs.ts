// What an index is built from, and its fingerprint: the index is rebuilt when, and only when, one of
// these changes.
//
//   the collection's seeds (every file of seeds/ but dot-files, which the seed reader skips)
//   its synonyms (words/synonyms.json) and aliases (index/aliases.json)
//   the word lists the tokenizer reads (words/word-families.json)
//   the analyzer: ANALYZER_VERSION and the versions of the packages that compute the index
//
// Contents, not dates: a fresh clone has new dates and the same contents. Not code: a comment in the
// search code does not rebuild (analyzer-version.ts says when to bump instead). Not words/thesaurus.json:
// it is read when the server starts, at query time, and nothing of it is saved in the index.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANALYZER_PACKAGES, ANALYZER_VERSION } from './analyzer-version.ts';

/** Word lists of the repository that feed the tokens, relative to its root. */
export const WORD_LISTS = ['words/word-families.json'];
const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));

/** Where the build inputs are: the collection's seeds, synonyms and aliases. */
export interface CollectionInputs {
  root: string;
  seeds: string;
  synonyms: string;
  aliases: string;
}

/** One build input's content hash, with the size and modification time it was hashed at. */
export interface InputDigest {
  bytes: number;
  mtimeMs: number;
  sha256: string;
}

/** Build input (relative path) -> its digest: what the manifest keeps so the next start need not read it again. */
export type InputDigests = Record<string, InputDigest>;

/**
 * The fingerprint of the build inputs as they are now (above). `known` (the manifest's digests) spares
 * reading a file whose size and modification time are those it was hashed at: at a million passages
 * the seeds are 150 MB, a second of every start.
 */
export function fingerprint(inputs: CollectionInputs, known: InputDigests = {}): string {
  return fingerprintOf(inputDigests(inputs, known));
}

/** Every input file's digest, reusing `known` ones whose file has the same size and modification time. */
export function inputDigests(inputs: CollectionInputs, known: InputDigests = {}): InputDigests {
  const digests: InputDigests = {};
  const early = takeEarlySeeds(inputs.seeds);
  const add = (base: string, path: string) => {
    for (const file of filesUnder(path)) {
      // (Written out rather than through digestOf: a start does this for every seed.)
      const name = file.startsWith(`${base}${sep}`) ? file.slice(base.length + 1) : relative(base, file);
      const seen = early?.[file];
      digests[name] = digest(file, known[name], seen ? { size: seen[0], mtimeMs: seen[1] } : statSync(file));
    }
  };
  for (const path of [inputs.seeds, inputs.synonyms, inputs.aliases]) add(inputs.root, path);
  for (const list of WORD_LISTS) add(REPOSITORY, join(REPOSITORY, list));
  return digests;
}

/** One file's digest, by its name relative to `base` (reused from `known` when size and time are the same). */
export function digestOf(base: string, file: string, known: InputDigests = {}): InputDigests {
  const name = relative(base, file);
  return { [name]: digest(file, known[name], statSync(file)) };
}

/** A file's digest: `previous` when its size and time are the same, else of its content now. */
function digest(file: string, previous: InputDigest | undefined, { size, mtimeMs }: { size: number; mtimeMs: number }) {
  return previous && previous.bytes === size && previous.mtimeMs === mtimeMs
    ? previous
    : { bytes: size, mtimeMs, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
}

/**
 * The seeds' sizes and times as `npm start` began (path -> them), read on another thread while the
 * server's code loaded (scripts/early-checks.mjs); taken by the first caller whose seeds folder it is,
 * null otherwise or when the thread could not list them. A seed created since is not in it (and is
 * read here); one changed since is judged as it was when the start began, as the index's checksums are.
 */
function takeEarlySeeds(folder: string): Record<string, [size: number, mtimeMs: number]> | null {
  const key = Symbol.for('tip-search.early-seeds');
  const global = globalThis as { [key]?: { folder: string; state: Int32Array; bytes: SharedArrayBuffer } };
  const early = global[key];
  if (early === undefined || early.folder !== folder) return null;
  delete global[key];
  // Waiting at most 10 s for a thread that may have died.
  if (Atomics.load(early.state, 0) === 0) Atomics.wait(early.state, 0, 0, 10_000);
  if (Atomics.load(early.state, 0) !== 1) return null;
  return JSON.parse(Buffer.from(early.bytes).toString('utf8', 0, early.state[1]));
}

/** The fingerprint of the inputs' digests (names and content hashes, in name order) and the analyzer. */
export function fingerprintOf(digests: InputDigests, analyzer = analyzerIdentity()): string {
  const hash = createHash('sha256').update(analyzer).update('\0');
  for (const name of Object.keys(digests).sort())
    hash.update(name).update('\0').update(digests[name]!.sha256).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** The analyzer as the manifest records it: `analyzer 1; minisearch 7.2.0; snowball-stemmers 0.6.0; …`. */
export function analyzerIdentity(): string {
  const versions = ANALYZER_PACKAGES.map((name) => `${name} ${packageVersion(name)}`);
  return [`analyzer ${ANALYZER_VERSION}`, ...versions].join('; ');
}

function packageVersion(name: string): string {
  const manifest = join(REPOSITORY, 'node_modules', name, 'package.json');
  return existsSync(manifest)
    ? String((JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version)
    : 'absent';
}

/** The files under a path (the path itself when it is a file), in name order; dot-files left out. */
function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return basename(path).startsWith('.') ? [] : [path];
  return filesIn(path);
}

/**
 * The files of a folder and its subfolders, in name order, dot-files left out. Entries come with their
 * type (one read of the folder, no stat per file: a start looks at every seed, 4,725 at a million
 * passages).
 */
function filesIn(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(folder, entry.name);
      // A link is followed, as statSync follows it; one to nothing is left out.
      const stat = entry.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : entry;
      if (stat === undefined) return [];
      return stat.isDirectory() ? filesIn(path) : entry.name.startsWith('.') ? [] : [path];
    });
}

/**
 * What differs between the inputs an index was built from and the inputs now, in words ("seeds/x.md
 * changed", "the analyzer changed (analyzer 1; … -> analyzer 2; …)"), or null when nothing does.
 */
export function changedInputs(
  saved: { fingerprint: string; inputs?: InputDigests; analyzer?: string },
  inputs: CollectionInputs,
): string | null {
  const digests = inputDigests(inputs, saved.inputs);
  if (fingerprintOf(digests) === saved.fingerprint) return null;
  const analyzer = analyzerIdentity();
  if (saved.analyzer !== analyzer) return `the analyzer changed (${saved.analyzer ?? 'not recorded'} -> ${analyzer})`;
  const before = saved.inputs ?? {};
  const names = [...new Set([...Object.keys(before), ...Object.keys(digests)])].sort();
  const changes = names.flatMap((name) => {
    const [then, now] = [before[name], digests[name]];
    return !then
      ? [`${name} added`]
      : !now
        ? [`${name} removed`]
        : then.sha256 !== now.sha256
          ? [`${name} changed`]
          : [];
  });
  if (changes.length === 0) return 'the build inputs changed';
  return changes.length <= 3 ? changes.join(', ') : `${changes.slice(0, 3).join(', ')} and ${changes.length - 3} more`;
}
