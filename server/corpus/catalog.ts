// The seed catalog (`seeds/catalog.json`): parsed and checked field by field, with errors that name the
// catalog file and the line of the offending entry.

import { TIERS, type CatalogEntry, type DocumentType, type Tier } from './types.ts';
import { SeedError } from './seed-error.ts';
import { countryByCode, DEFAULT_COUNTRY } from './countries.ts';

const TYPES: DocumentType[] = ['report', 'excerpt', 'commentary'];
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Parse and validate the catalog text. `path` is used in error messages only.
 * @example parseCatalog('{"documents": []}', 'seeds/catalog.json') // -> []
 */
export function parseCatalog(json: string, path: string): CatalogEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new SeedError(
      path,
      jsonErrorLine(json, error),
      `the catalog is not valid JSON (${(error as Error).message})`,
    );
  }
  const documents = (data as { documents?: unknown })?.documents;
  if (!Array.isArray(documents)) throw new SeedError(path, 1, 'the catalog needs a "documents" array');
  // Lines are looked up only for an entry that fails: searching the whole catalog for every entry made
  // parsing quadratic (149 s for 12,197 entries).
  const entries = documents.map((raw, index) => checkEntry(raw, index, json, path));
  const seen = new Map<string, string>();
  for (const entry of entries) {
    for (const key of [`id ${entry.id}`, `file ${entry.file}`]) {
      if (seen.has(key)) throw new SeedError(path, entryLine(json, entry.id), `two entries share the ${key}`);
      seen.set(key, entry.id);
    }
  }
  return entries;
}

function checkEntry(raw: unknown, index: number, json: string, path: string): CatalogEntry {
  const entry = raw as Record<string, unknown>;
  const fail = (message: string): never => {
    const line = entryLine(json, typeof entry?.id === 'string' ? entry.id : null);
    throw new SeedError(
      path,
      line,
      `entry ${index + 1}${typeof entry?.id === 'string' ? ` ("${entry.id}")` : ''}: ${message}`,
    );
  };
  if (typeof entry !== 'object' || entry === null) fail('must be an object');
  const text = (key: string, optional = false) => {
    const value = entry[key];
    if (value === undefined || value === null) return optional ? null : fail(`"${key}" is required`);
    if (typeof value !== 'string' || value.trim() === '') return fail(`"${key}" must be a non-empty string`);
    return value;
  };
  const id = text('id')!;
  if (!ID.test(id)) fail('"id" must be lower-case words joined by hyphens, e.g. "2024-tip"');
  const file = text('file')!;
  if (!FILE.test(file)) fail('"file" must be a plain file name inside seeds/ (no folders)');
  const type = text('type') as DocumentType;
  if (!TYPES.includes(type)) fail(`"type" must be one of ${TYPES.join(', ')}`);
  const year = entry.year;
  if (!Number.isInteger(year) || (year as number) < 1990 || (year as number) > 2100)
    fail('"year" must be a report year such as 2024');
  const tier = entry.tier ?? null;
  if (tier !== null && !TIERS.includes(tier as Tier))
    fail('"tier" must be 1, 2, 3, "2-watch-list", "special-case" or null');
  const published = text('published', true);
  if (published !== null && (!ISO_DATE.test(published) || Number.isNaN(Date.parse(published)))) {
    fail('"published" must be a date written YYYY-MM-DD, or null');
  }
  const url = text('url', true);
  if (url !== null && !/^https?:\/\/\S+$/.test(url)) fail('"url" must be an http(s) address, or null');
  if (entry.urlVerified !== undefined && typeof entry.urlVerified !== 'boolean')
    fail('"urlVerified" must be true or false');
  const country = text('country', true) ?? DEFAULT_COUNTRY;
  if (!countryByCode(country))
    fail(
      `"country" must be an ISO 3166-1 alpha-3 code from server/corpus/countries.ts, e.g. "PRK"; "${country}" is not there`,
    );
  const sha256 = text('sha256', true);
  if (sha256 !== null && !SHA256.test(sha256)) fail('"sha256" must be 64 lower-case hex digits');
  return {
    id,
    file,
    type,
    title: text('title')!,
    country,
    report: text('report')!,
    year: year as number,
    tier: tier as Tier | null,
    publisher: text('publisher')!,
    author: text('author', true),
    container: text('container', true),
    published,
    url,
    urlVerified: entry.urlVerified === true,
    via: text('via', true),
    originalName: text('originalName', true) ?? undefined,
    sha256: sha256 ?? undefined,
    note: text('note', true) ?? undefined,
  };
}

/** The 1-based line of the `"id": "<id>"` of an entry, so errors point at the entry. */
export function entryLine(json: string, id: string | null): number | null {
  if (id === null) return null;
  const at = json.search(new RegExp(`"id"\\s*:\\s*"${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
  return at === -1 ? null : lineAt(json, at);
}

/** JSON.parse reports a character position ("at position 123"); turn it into a line. */
function jsonErrorLine(json: string, error: unknown): number | null {
  const position = /position (\d+)/.exec(String((error as Error).message));
  if (position) return lineAt(json, Number(position[1]));
  const line = /line (\d+)/.exec(String((error as Error).message));
  return line ? Number(line[1]) : null;
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
