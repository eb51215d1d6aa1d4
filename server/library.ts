// The loaded corpus: documents, passages, synonyms, the search index and the alignment across years,
// with the lookups every page needs (a passage by id, its neighbours, a document's passages, a passage's
// counterparts in other years). Built from the saved index file once per load; everything in it is
// read-only.

import type { DocumentRecord, Passage } from './corpus/types.ts';
import type { SynonymGroup } from './search/words/synonyms.ts';
import type { SearchIndex } from './search/storage/search-index.ts';
import { QueryEngine } from './search/evaluation/engine.ts';
import { DimensionColumns } from './search/dimension-columns.ts';
import type { DimensionFields } from './search/search.ts';
import type { DimensionContext, DimensionName, QueryVocabulary } from './search/dimensions.ts';
import { PassageTable } from './passage-table.ts';
import type { TokenStore } from './search/storage/token-store.ts';
import { alignPassages, type Alignment, type YearMatch } from './analysis/align.ts';
import { resolveAlias, type Aliases } from './indexer/id-changes.ts';

export interface LibraryData {
  documents: DocumentRecord[];
  /** In corpus order: documents by year (then catalog order), passages in document order; as objects (an index built in memory) or as a loaded table. */
  passages: readonly Passage[] | PassageTable;
  synonyms: SynonymGroup[];
  index: SearchIndex;
  builtAt: string;
  /** As stored in the index file; computed from the passages when not given (in tests, say). */
  alignment?: Alignment;
  /** Retired passage ids -> current ids. */
  aliases?: Aliases;
  /** The passages' tokens as saved; tokenized from the passages when not given. */
  tokens?: TokenStore;
}

export interface PassageContext {
  before: Passage[];
  after: Passage[];
}

export class Library implements DimensionContext {
  readonly documents: DocumentRecord[];
  /** Every passage by position, as columns; `at(position)` makes one an object. */
  readonly passages: PassageTable;
  readonly synonyms: SynonymGroup[];
  readonly builtAt: string;
  readonly engine: QueryEngine;
  /** Every passage's value of each dimension (year, section, ...) as numbers: what filters and facet counts read. */
  readonly columns: DimensionColumns;
  /** What a query's filters may name: the documents' ids and the report years. */
  readonly vocabulary: QueryVocabulary;
  readonly years: number[];
  /** Passages of each report year's documents: the denominators of per-1,000 figures. */
  readonly passagesPerYear: Record<number, number>;
  /** The same per country (alpha-3 code -> year -> passages): a series' denominators are its countries' chapters. */
  readonly passagesPerCountryYear: Map<string, Map<number, number>>;
  /** Each report passage's counterparts in other years, and the year its sentence first appeared. */
  readonly alignment: Alignment;
  private readonly documentById: Map<string, DocumentRecord>;
  private readonly documentIndex: Map<string, number>;
  private readonly aliases: Aliases;
  /** The last country whose passages were asked for (a comparison asks twice per page). */
  private countryPassages: { code: string; passages: Passage[] } | null = null;

  constructor(data: LibraryData) {
    this.documents = data.documents;
    this.passages =
      data.passages instanceof PassageTable ? data.passages : PassageTable.of(data.documents, data.passages);
    this.synonyms = data.synonyms;
    this.builtAt = data.builtAt;

    this.years = [...new Set(data.documents.map((d) => d.year))].sort((a, b) => a - b);
    this.documentById = new Map(data.documents.map((d) => [d.id, d]));
    this.documentIndex = new Map(data.documents.map((d, i) => [d.id, i]));
    this.alignment = data.alignment ?? alignPassages([...this.passages], data.documents);
    this.columns = new DimensionColumns(this, this.passages);
    this.vocabulary = { docs: data.documents.map((d) => d.id), years: this.years };
    this.engine = new QueryEngine({
      passages: this.passages,
      index: data.index,
      synonyms: data.synonyms,
      tokens: data.tokens,
      columns: this.columns,
    });
    // Counted by document, from the table's column: no passage is read.
    const perDocument = new Uint32Array(data.documents.length);
    for (let position = 0; position < this.passages.length; position++)
      perDocument[this.passages.documentOf[position]!]!++;
    this.passagesPerYear = {};
    this.passagesPerCountryYear = new Map();
    data.documents.forEach((document, i) => {
      const count = perDocument[i]!;
      if (count === 0) return;
      this.passagesPerYear[document.year] = (this.passagesPerYear[document.year] ?? 0) + count;
      let perYear = this.passagesPerCountryYear.get(document.country);
      if (!perYear) this.passagesPerCountryYear.set(document.country, (perYear = new Map()));
      perYear.set(document.year, (perYear.get(document.year) ?? 0) + count);
    });
    this.aliases = data.aliases ?? {};
  }

  /** The passage's value of each dimension: what a search result and an export row carry. */
  dimensionFields(position: number): DimensionFields {
    const fields = {} as DimensionFields;
    for (const column of this.columns.columns)
      fields[column.dimension.name as DimensionName] = column.valueAt(position);
    return fields;
  }

  /** The current id of a retired one, so an old permalink can redirect; undefined when there is none. */
  currentId(retired: string): string | undefined {
    return resolveAlias(this.aliases, retired, { has: (id) => this.passages.positionOf(id) !== undefined });
  }

  document(id: string): DocumentRecord | undefined {
    return this.documentById.get(id);
  }

  passage(id: string): Passage | undefined {
    const position = this.passages.positionOf(id);
    return position === undefined ? undefined : this.passages.at(position);
  }

  /** One country's passages, in corpus order: what comparisons across years compare (like with like). */
  passagesOfCountry(code: string): Passage[] {
    if (this.countryPassages?.code !== code) {
      const positions = this.columns.column('country').positionsOf([code]);
      this.countryPassages = { code, passages: Array.from(positions, (position) => this.passages.at(position)) };
    }
    return this.countryPassages.passages;
  }

  /** A document's passages in order (empty for an unknown document). */
  passagesOf(doc: string): Passage[] {
    const document = this.documentIndex.get(doc);
    return document === undefined
      ? []
      : Array.from(this.passages.positionsOfDocument(document), (position) => this.passages.at(position));
  }

  /** The passage's counterparts in other report years; empty for commentary and unknown ids. */
  alsoIn(id: string): YearMatch[] {
    return this.alignment[id]?.alsoIn ?? [];
  }

  /** The earliest report year holding the passage's sentence or a version of it; undefined for commentary. */
  firstYear(id: string): number | undefined {
    return this.alignment[id]?.firstYear;
  }

  /** Up to `count` sentences either side of a passage, from the same document and section. */
  context(id: string, count: number): PassageContext {
    const position = this.passages.positionOf(id);
    return position === undefined ? { before: [], after: [] } : this.contextAt(position, count);
  }

  /** The same for the passage at a position (a search result knows it). */
  contextAt(position: number, count: number): PassageContext {
    const { passages } = this;
    const before: Passage[] = [];
    for (let at = position - 1; before.length < count && this.near(position, at); at--) before.unshift(passages.at(at));
    const after: Passage[] = [];
    for (let at = position + 1; after.length < count && this.near(position, at); at++) after.push(passages.at(at));
    return { before, after };
  }

  /** The text of the sentence just before (-1) or after (1) a position in the same document and section, or null: a result's context, read without making passages. */
  neighbourText(position: number, step: -1 | 1): string | null {
    return this.near(position, position + step) ? this.passages.text(position + step) : null;
  }

  /** Whether the passage at `at` is in the same document and section as the one at `position`. */
  private near(position: number, at: number): boolean {
    const { passages } = this;
    return (
      at >= 0 &&
      at < passages.length &&
      passages.documentOf[at] === passages.documentOf[position] &&
      passages.section(at) === passages.section(position)
    );
  }
}
