// The shapes data takes on its way from a seed file to a searchable passage.
// Read top to bottom, this is the ingestion pipeline:
//   CatalogEntry + seed text -> CleanDocument (furniture gone, headings found, page breaks joined)
//   -> SectionedParagraph[] (canonical section per paragraph) -> Passage[] (one per sentence).

/** Canonical report sections, in the order a TIP country narrative presents them. */
export const SECTIONS = [
  'overview',
  'recommendations',
  'prosecution',
  'protection',
  'prevention',
  'trafficking-profile',
  'commentary',
] as const;

export type Section = (typeof SECTIONS)[number];

export const SECTION_LABELS: Record<Section, string> = {
  overview: 'Overview',
  recommendations: 'Recommendations',
  prosecution: 'Prosecution',
  protection: 'Protection',
  prevention: 'Prevention',
  'trafficking-profile': 'Trafficking Profile',
  commentary: 'Commentary',
};

/**
 * A narrative's tier placement as the report prints it, in the reports' order: Tier 1, Tier 2, the Tier 2
 * Watch List, Tier 3, and the special cases (countries the report describes without ranking them).
 */
export const TIERS = [1, 2, '2-watch-list', 3, 'special-case'] as const;

export type Tier = (typeof TIERS)[number];

export const TIER_LABELS: Record<Tier, string> = {
  1: 'Tier 1',
  2: 'Tier 2',
  '2-watch-list': 'Tier 2 Watch List',
  3: 'Tier 3',
  'special-case': 'Special case',
};

/** `report`: a full country narrative; `excerpt`: part of one; `commentary`: an article about one. */
export type DocumentType = 'report' | 'excerpt' | 'commentary';

/** One entry of `seeds/catalog.json`: what we know about a seed from outside its text. */
export interface CatalogEntry {
  /** Stable, readable id; the prefix of every passage id of this document (e.g. `2025-tip`). */
  id: string;
  /** File name inside `seeds/`. */
  file: string;
  type: DocumentType;
  /** The narrative's own title (the country heading), or the article's title. */
  title: string;
  /** ISO 3166-1 alpha-3 code of the country the narrative is about (server/corpus/countries.ts); `PRK` when the catalog says none. */
  country: string;
  /** The annual report this document is, is part of, or discusses (e.g. "Trafficking in Persons Report 2025"). */
  report: string;
  /** Report year: the year of the TIP report the text belongs to or discusses. */
  year: number;
  /** Tier placement stated by the narrative; null for commentary (and for a special case or the Watch List in catalogs written before they were told apart: 2 for the Watch List). */
  tier: Tier | null;
  publisher: string;
  author: string | null;
  /** Journal, blog or site section a commentary appeared in. */
  container?: string | null;
  /** ISO date (YYYY-MM-DD) when the text states one. */
  published: string | null;
  /** Address of the online original; null when none is known. */
  url: string | null;
  /** True only when a stored copy of `url` was checked to hold this text. */
  urlVerified: boolean;
  /** Who reproduced the text, when it is not the publisher's own page (e.g. "UNHCR Refworld"). */
  via: string | null;
  /** The name of the file the text was copied or extracted from. */
  originalName?: string;
  /** SHA-256 (hex) of that original file, recorded by `npm run import`. */
  sha256?: string;
  note?: string;
}

/** Metadata the text states about itself, each with the 1-based line it was read from. */
export interface DetectedMetadata {
  year?: { value: number; line: number };
  tier?: { value: Tier; line: number };
  publisher?: { value: string; line: number };
  published?: { value: string; line: number };
}

/** A heading in the body, as written (markdown markup removed). */
export interface Heading {
  kind: 'heading';
  text: string;
  line: number;
}

/**
 * A paragraph of body text: `source.slice(start, end)` is the paragraph, whitespace not yet folded.
 * A paragraph broken by a page break spans the blank lines between its halves.
 */
export interface Paragraph {
  kind: 'paragraph';
  start: number;
  end: number;
  line: number;
}

export type BodyBlock = Heading | Paragraph;

/** A furniture line that cleaning removed, kept so the indexer can report what it dropped. */
export interface RemovedLine {
  rule: string;
  line: number;
  text: string;
}

/** A seed after cleaning: front matter (title lines), body blocks in order, what was removed. */
export interface CleanDocument {
  frontMatter: Heading[];
  body: BodyBlock[];
  removed: RemovedLine[];
  /** Paragraphs joined across a page break: the line where the second half began. */
  joins: number[];
}

/** A paragraph with the canonical section it belongs to and the heading it sits under. */
export interface SectionedParagraph extends Paragraph {
  section: Section;
  /** The section heading as written, or null when the section was inferred from content. */
  heading: string | null;
}

/**
 * One citable sentence (or one recommendation of a semicolon-joined list).
 * Invariant: `fold(seedText.slice(start, end)) === text`, where fold collapses runs of whitespace to
 * one space, and the slice neither starts nor ends with whitespace (so an offset points at the sentence
 * itself). The text keeps the original wording; normalisation belongs to tokenising.
 */
export interface Passage {
  /** `<doc>-<section>-p<paragraph in section>-s<sentence in paragraph>`, e.g. `2025-tip-trafficking-profile-p4-s2`. */
  id: string;
  doc: string;
  year: number;
  /** The document's country, ISO 3166-1 alpha-3 (`PRK`). */
  country: string;
  section: Section;
  heading: string | null;
  /** 1-based paragraph ordinal within the document. */
  paragraph: number;
  /** 1-based sentence ordinal within the document. */
  sentence: number;
  text: string;
  /** The seed file's path from the repository root, e.g. `seeds/2025-tip-report-north-korea-state-gov.txt`. */
  source: string;
  start: number;
  end: number;
}

/** A document as the rest of the system sees it: its catalog entry plus what ingestion found. */
export interface DocumentRecord extends CatalogEntry {
  source: string;
  /** Short name for facets and badges: "2025 TIP Report", "2019 King, The Peninsula". */
  label: string;
  detected: DetectedMetadata;
  /** Front-matter lines (titles) as written. */
  titles: string[];
  passageCount: number;
  sectionCounts: Partial<Record<Section, number>>;
  removed: RemovedLine[];
  joins: number[];
}

/** Fold whitespace runs (including no-break spaces and newlines) to single spaces and trim. */
export function foldWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
