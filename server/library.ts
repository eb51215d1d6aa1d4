// The loaded corpus: documents, passages, synonyms, the search index and the alignment across years,
// with the lookups every page needs (a passage by id, its neighbours, a document's passages, a passage's
// counterparts in other years). Built from the saved index file once per load; everything in it is
// read-only.

import type { DocumentRecord, Passage } from './corpus/types.ts';
import type { SynonymGroup } from './search/synonyms.ts';
import type { SearchIndex } from './search/search-index.ts';
import { QueryEngine } from './search/engine.ts';
import { DimensionColumns } from './search/dimension-columns.ts';
import type { DimensionFields } from './search/search.ts';
import type { DimensionName, QueryVocabulary } from './search/dimensions.ts';
import type { TokenStore } from './search/token-store.ts';
import { alignPassages, type Alignment, type YearMatch } from './analysis/align.ts';
import { resolveAlias, type Aliases } from './indexer/id-changes.ts';

export interface LibraryData {
  documents: DocumentRecord[];
  /** In corpus order: documents by year (then catalog order), passages in document order. */
  passages: Passage[];
  synonyms: SynonymGroup[];
  index: SearchIndex;
  builtAt: string;
  /** As stored in the index file; computed from the passages when not given (in tests, say). */
  alignment?: Alignment;
  /** Retired passage ids -> current ids. */
  aliases?: Aliases;
  /** The passages' tokens as saved; tokenized from the passages when not given. */
  tokens?: TokenStore;
  /** Passage id -> position in `passages`, when the loader built it already; built here otherwise. */
  positionById?: ReadonlyMap<string, number>;
}

export interface PassageContext {
  before: Passage[];
  after: Passage[];
}

export class Library {
  readonly documents: DocumentRecord[];
  readonly passages: Passage[];
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
  private readonly positionById: ReadonlyMap<string, number>;
  private readonly documentById: Map<string, DocumentRecord>;
  private readonly passagesByDoc: Map<string, Passage[]>;
  private readonly aliases: Aliases;
  private readonly passagesByCountry = new Map<string, Passage[]>();

  constructor(data: LibraryData) {
    this.documents = data.documents;
    this.passages = data.passages;
    this.synonyms = data.synonyms;
    this.builtAt = data.builtAt;

    this.years = [...new Set(data.documents.map((d) => d.year))].sort((a, b) => a - b);
    this.alignment = data.alignment ?? alignPassages(data.passages, data.documents);
    this.positionById = data.positionById ?? new Map(data.passages.map((passage, position) => [passage.id, position]));
    this.documentById = new Map(data.documents.map((d) => [d.id, d]));
    const documentIndex = new Map(data.documents.map((d, i) => [d.id, i]));
    const documentOf = Uint32Array.from(data.passages, (passage) => documentIndex.get(passage.doc)!);
    this.columns = new DimensionColumns(this, { length: data.passages.length, documentOf, section: (position) => data.passages[position]!.section });
    this.vocabulary = { docs: data.documents.map((d) => d.id), years: this.years };
    this.engine = new QueryEngine({ passages: data.passages, positionById: this.positionById, index: data.index, synonyms: data.synonyms, tokens: data.tokens, columns: this.columns });
    this.passagesByDoc = new Map(data.documents.map((d) => [d.id, []]));
    this.passagesPerYear = {};
    this.passagesPerCountryYear = new Map();
    for (const passage of data.passages) {
      this.passagesByDoc.get(passage.doc)?.push(passage);
      this.passagesPerYear[passage.year] = (this.passagesPerYear[passage.year] ?? 0) + 1;
      let perYear = this.passagesPerCountryYear.get(passage.country);
      if (!perYear) this.passagesPerCountryYear.set(passage.country, (perYear = new Map()));
      perYear.set(passage.year, (perYear.get(passage.year) ?? 0) + 1);
    }
    this.aliases = data.aliases ?? {};
  }

  /** The passage's value of each dimension: what a search result and an export row carry. */
  dimensionFields(position: number): DimensionFields {
    const fields = {} as DimensionFields;
    for (const column of this.columns.columns) fields[column.dimension.name as DimensionName] = column.valueAt(position);
    return fields;
  }

  /** The current id of a retired one, so an old permalink can redirect; undefined when there is none. */
  currentId(retired: string): string | undefined {
    return resolveAlias(this.aliases, retired, this.positionById);
  }

  document(id: string): DocumentRecord | undefined {
    return this.documentById.get(id);
  }

  passage(id: string): Passage | undefined {
    const position = this.positionById.get(id);
    return position === undefined ? undefined : this.passages[position];
  }

  /** One country's passages, in corpus order: what comparisons across years compare (like with like). */
  passagesOfCountry(code: string): Passage[] {
    let passages = this.passagesByCountry.get(code);
    if (!passages) this.passagesByCountry.set(code, (passages = this.passages.filter((passage) => passage.country === code)));
    return passages;
  }

  /** A document's passages in order (empty for an unknown document). */
  passagesOf(doc: string): Passage[] {
    return this.passagesByDoc.get(doc) ?? [];
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
    const position = this.positionById.get(id);
    return position === undefined ? { before: [], after: [] } : this.contextAt(position, count);
  }

  /** The same for the passage at a position (a search result knows it). */
  contextAt(position: number, count: number): PassageContext {
    const self = this.passages[position]!;
    const near = (p: Passage | undefined) => p !== undefined && p.doc === self.doc && p.section === self.section;
    const before: Passage[] = [];
    for (let i = position - 1; i >= 0 && before.length < count && near(this.passages[i]); i--) before.unshift(this.passages[i]!);
    const after: Passage[] = [];
    for (let i = position + 1; i < this.passages.length && after.length < count && near(this.passages[i]); i++) after.push(this.passages[i]!);
    return { before, after };
  }
}
