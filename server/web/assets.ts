// Static assets with content-hashed URLs (`/static/app.css?v=1a2b3c4d`), so they can be cached for a
// year and still change the moment the file does. htmx is served from node_modules, never a CDN.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PATHS } from '../paths.ts';

const require = createRequire(import.meta.url);

/** The only files /static serves: a fixed list, so no route parameter can reach anything else. */
const ASSETS = new Map<string, string>(
  Object.entries({
    'app.css': join(PATHS.public, 'app.css'),
    'app.js': join(PATHS.public, 'app.js'),
    'favicon.svg': join(PATHS.public, 'favicon.svg'),
    'htmx.min.js': require.resolve('htmx.org/dist/htmx.min.js'),
  }),
);

const versions = new Map(
  [...ASSETS].map(([name, path]) => [name, createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 10)]),
);

export function assetUrl(name: string): string {
  const version = versions.get(name);
  if (!version) throw new Error(`unknown asset ${name}`);
  return `/static/${name}?v=${version}`;
}

export function assetPath(name: string): string | undefined {
  return ASSETS.get(name);
}

/** Whether `v` is the current version of the asset, so the response may be cached for a year. */
export function isCurrentVersion(name: string, version: unknown): boolean {
  return typeof version === 'string' && versions.get(name) === version;
}
