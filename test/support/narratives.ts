// Our seed narratives as a publisher would lay them out (a heading or paragraph per block), and the
// temporary collections import tests write into, so the committed seeds/ and catalog are never touched.
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanDocument } from '../../server/corpus/clean.ts';
import { foldWhitespace } from '../../server/corpus/types.ts';
import type { Block } from '../../server/import/blocks.ts';
import type { BuildPaths } from '../../server/indexer/build-index.ts';
import { COLLECTION, SEEDS, realCorpus } from './corpus.ts';

/** The body of a seed (front matter and furniture gone) as blocks. */
export function narrativeBlocks(file: string): Block[] {
  const text = readFileSync(join(SEEDS, file), 'utf8');
  const entry = realCorpus().documents.find((d) => d.file === file)!;
  return cleanDocument(text, { author: entry.author }).body.map((block) =>
    block.kind === 'heading'
      ? { kind: 'heading', text: block.text }
      : { kind: 'paragraph', text: foldWhitespace(text.slice(block.start, block.end)) },
  );
}

/** The seed pipeline's passages of a document, as (section, text) pairs to compare with an import's. */
export function seedSentences(doc: string): Array<{ section: string; text: string }> {
  return realCorpus()
    .passages.filter((p) => p.doc === doc)
    .map(({ section, text }) => ({ section, text }));
}

/**
 * A copy of the collection in a temporary folder (seeds/, catalog, synonyms, aliases), without the
 * documents named in `without`. Returns its paths and a function removing it.
 */
export function temporaryCollection(without: string[] = []): { paths: BuildPaths; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'tip-collection-'));
  mkdirSync(join(root, 'index'), { recursive: true });
  mkdirSync(join(root, 'words'), { recursive: true });
  cpSync(SEEDS, join(root, 'seeds'), { recursive: true });
  cpSync(join(COLLECTION, 'words', 'synonyms.json'), join(root, 'words', 'synonyms.json'));
  cpSync(join(COLLECTION, 'index', 'aliases.json'), join(root, 'index', 'aliases.json'));
  const catalogPath = join(root, 'seeds', 'catalog.json');
  const catalog = JSON.parse(readFileSync(catalogPath, 'utf8')) as { documents: Array<{ id: string; file: string }> };
  for (const entry of catalog.documents.filter((d) => without.includes(d.id))) rmSync(join(root, 'seeds', entry.file));
  catalog.documents = catalog.documents.filter((d) => !without.includes(d.id));
  writeFileSync(catalogPath, `${JSON.stringify(catalog, null, 2)}\n`);
  const paths: BuildPaths = {
    root,
    seeds: join(root, 'seeds'),
    synonyms: join(root, 'words', 'synonyms.json'),
    aliases: join(root, 'index', 'aliases.json'),
    indexFile: join(root, 'index', 'build', 'index.json'),
  };
  return { paths, remove: () => rmSync(root, { recursive: true, force: true }) };
}
