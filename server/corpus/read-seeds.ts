// Reading `seeds/`: the catalog and every file it names, with the checks a user adding a report needs:
// an entry without a file, a file without an entry, an empty or binary file each stop the build with a
// message naming the file (and line, where there is one).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SeedFile } from './ingest.ts';
import type { CatalogEntry } from './types.ts';
import { entryLine, parseCatalog } from './catalog.ts';
import { SeedError } from './seed-error.ts';

export const CATALOG_FILE = 'catalog.json';

/**
 * Read the catalog and the seed files it lists, in catalog order.
 * @param seedsDir absolute path of the seeds folder
 * @param root the collection's root, for the `source` paths passages carry (`seeds/<file>`)
 */
export function readSeeds(seedsDir: string, root: string): SeedFile[] {
  return [...openSeeds(seedsDir, root).files()];
}

export interface OpenedSeeds {
  /** The catalog's entries, each checked to have its file. */
  entries: CatalogEntry[];
  /** The seeds in catalog order, each read when reached: the indexer holds one seed's text at a time. */
  files(): Generator<SeedFile>;
}

/** Read and check the catalog against the folder; the seeds themselves are read one by one, later. */
export function openSeeds(seedsDir: string, root: string): OpenedSeeds {
  const catalogPath = join(seedsDir, CATALOG_FILE);
  const catalogName = relative(root, catalogPath);
  if (!existsSync(catalogPath)) throw new SeedError(catalogName, null, 'the seed catalog is missing');
  const catalogJson = decodeText(readFileSync(catalogPath), catalogName);
  const entries = parseCatalog(catalogJson, catalogName);
  const listed = new Set(entries.map((entry) => entry.file));
  const present = new Set<string>();
  for (const file of readdirSync(seedsDir).sort()) {
    if (file === CATALOG_FILE || file.startsWith('.')) continue;
    if (!listed.has(file)) {
      throw new SeedError(
        relative(root, join(seedsDir, file)),
        null,
        `has no entry in ${catalogName}; add one (README, "Adding a report")`,
      );
    }
    present.add(file);
  }
  for (const entry of entries) {
    if (!present.has(entry.file)) {
      const source = relative(root, join(seedsDir, entry.file));
      throw new SeedError(
        catalogName,
        entryLine(catalogJson, entry.id),
        `entry "${entry.id}" names ${source}, which does not exist`,
      );
    }
  }
  return {
    entries,
    *files() {
      for (const entry of entries) {
        const path = join(seedsDir, entry.file);
        const source = relative(root, path);
        yield { entry, source, text: decodeText(readFileSync(path), source) };
      }
    },
  };
}

/** Decode a seed as UTF-8, refusing empty files and binary ones (NUL bytes or invalid UTF-8). */
export function decodeText(bytes: Uint8Array, name: string): string {
  const nul = bytes.indexOf(0);
  if (nul !== -1)
    throw new SeedError(
      name,
      lineOfByte(bytes, nul),
      'looks like a binary file (it holds NUL bytes); seeds must be UTF-8 text',
    );
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== -1)
    throw new SeedError(name, lineOfByte(bytes, invalid), 'is not valid UTF-8 text; convert it to UTF-8');
  const text = new TextDecoder('utf-8').decode(bytes);
  if (text.trim() === '') throw new SeedError(name, null, 'is empty');
  return text;
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that breaks UTF-8, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    const length = byte < 0x80 ? 1 : byte >> 5 === 0b110 ? 2 : byte >> 4 === 0b1110 ? 3 : byte >> 3 === 0b11110 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if (bytes[i + k]! >> 6 !== 0b10) return i;
    i += length;
  }
  return -1;
}
