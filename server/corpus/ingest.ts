// One document, and then the corpus, through the text stages:
//   detect (metadata the text states) -> clean -> sections -> passages.
// Pure: the seed text comes in, records and passages go out. Reading files is read-seeds.ts's job.

import type { CatalogEntry, DocumentRecord, Passage, Section } from './types.ts';
import { checkMetadata, detectMetadata } from './detect.ts';
import { cleanDocument } from './clean.ts';
import { assignSections } from './sections.ts';
import { buildPassages } from './passages.ts';
import { SeedError } from './seed-error.ts';
import { countryByCode, DEFAULT_COUNTRY } from './countries.ts';
import { appendAll } from '../extremes.ts';

/** A seed file as read from disk: its catalog entry, its path from the repository root, its text. */
export interface SeedFile {
  entry: CatalogEntry;
  source: string;
  text: string;
}

export interface Corpus {
  /** In catalog order (`npm run passages` prints them so); the index orders documents by report year. */
  documents: DocumentRecord[];
  passages: Passage[];
  /** Things the texts do not state (no publisher named, say): worth a look, not fatal. */
  warnings: string[];
}

/** Run one seed through the stages. Throws SeedError (file and line) when text and catalog disagree. */
export function ingestDocument(seed: SeedFile): { record: DocumentRecord; passages: Passage[]; warnings: string[] } {
  const { entry, source, text } = seed;
  const detected = detectMetadata(text, entry);
  const check = checkMetadata(detected, entry);
  const firstError = check.errors[0];
  if (firstError) throw new SeedError(source, firstError.line, firstError.message);
  const clean = cleanDocument(text, { author: entry.author });
  const paragraphs = assignSections(clean.body, entry.type, text);
  if (paragraphs.length === 0) {
    throw new SeedError(source, null, 'no body text found: every line looked like a heading or page furniture');
  }
  const passages = buildPassages({ doc: entry.id, year: entry.year, country: entry.country, source, text }, paragraphs);
  const sectionCounts: Partial<Record<Section, number>> = {};
  for (const passage of passages) sectionCounts[passage.section] = (sectionCounts[passage.section] ?? 0) + 1;
  const record: DocumentRecord = {
    ...entry,
    source,
    label: documentLabel(entry),
    detected,
    titles: clean.frontMatter.map((heading) => heading.text),
    passageCount: passages.length,
    sectionCounts,
    removed: clean.removed,
    joins: clean.joins,
  };
  return { record, passages, warnings: check.warnings.map((warning) => `${source}: ${warning}`) };
}

/** Ingest every seed, in catalog order; a seed's text can be dropped once it is ingested. */
export function ingestCorpus(seeds: Iterable<SeedFile>): Corpus {
  const corpus: Corpus = { documents: [], passages: [], warnings: [] };
  for (const seed of seeds) {
    const { record, passages, warnings } = ingestDocument(seed);
    corpus.documents.push(record);
    appendAll(corpus.passages, passages);
    appendAll(corpus.warnings, warnings);
  }
  return corpus;
}

/**
 * "2025 TIP Report", "2023 TIP Report (excerpt)", "2019 King, The Peninsula"; a chapter about another
 * country than North Korea says which: "2025 TIP Report: China".
 */
export function documentLabel(entry: CatalogEntry): string {
  if (entry.type === 'commentary') {
    const surname = entry.author?.split(/\s+/).pop() ?? entry.publisher;
    return `${entry.year} ${surname}, ${entry.container ?? entry.publisher}`;
  }
  const country = entry.country === DEFAULT_COUNTRY ? '' : `: ${countryByCode(entry.country)?.name ?? entry.country}`;
  return `${entry.year} TIP Report${country}${entry.type === 'excerpt' ? ' (excerpt)' : ''}`;
}
