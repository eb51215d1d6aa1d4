// Every runtime dependency is used and explained: imported by the code (or run by an npm script), and
// named in docs/dependencies.md, "Dependencies", with the reason it is there.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/corpus.ts';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
};

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mjs)$/.test(entry.name))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
}

const runtimeCode = [...sources('server'), ...sources('scripts')].join('\n');
const scripts = Object.values(manifest.scripts).join('\n');
const explained = readFileSync(join(ROOT, 'docs/dependencies.md'), 'utf8');

describe('runtime dependencies', () => {
  for (const name of Object.keys(manifest.dependencies)) {
    it(`${name} is imported by the server or the CLIs, or run by an npm script`, () => {
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const imported = new RegExp(
        `from '${escaped}(/[^']*)?'|(resolve|require)\\('${escaped}['/]|'view engine', '${escaped}'`,
      ).test(runtimeCode);
      const run = new RegExp(`--import ${escaped}\\b`).test(scripts);
      expect(imported || run).toBe(true);
    });

    it(`${name} is explained in docs/dependencies.md`, () => {
      expect(explained).toContain(`\`${name}\``);
    });
  }
});

describe('MiniSearch, whose internals the storage reads', () => {
  it('is pinned at an exact version, so an upgrade is a reviewed change that tsc checks', () => {
    expect(manifest.dependencies.minisearch).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('has its private fields read by one module only: server/search/storage/passage-index.ts', () => {
    const readers = readdirSync(join(ROOT, 'server'), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && /\.(ts|mjs)$/.test(entry.name))
      .filter((entry) =>
        /\._(?:index|documentIds|idToShortId|fieldLength|avgFieldLength|documentCount|dirtCount|fieldIds|options|storedFields|nextId)\b|executeQuery/.test(
          readFileSync(join(entry.parentPath, entry.name), 'utf8'),
        ),
      )
      .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
    expect(readers).toEqual(['server/search/storage/passage-index.ts']);
  });
});
