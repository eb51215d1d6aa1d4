// A RIS record as Zotero imports it, then as Zotero hands the item to its citation processor (CSL-JSON).
//
// Zotero is a desktop application; what it does with RIS is written down in its RIS import translator
// (zotero/translators, RIS.js: `importTypeMap`, `fieldMap`, `degenerateImportFieldMap`, `processTag`,
// `applyValue`) and in the Zotero-to-CSL field map of its schema. This module applies those tables for the
// tags and item types our exports use, and nothing else: a tag or field it does not know fails the test,
// so a new tag cannot slip through unchecked. The rules that matter here:
//   - TY picks the item type: CHAP -> bookSection, RPRT -> report, BLOG -> blogPost.
//   - T2 depends on the type: bookTitle (bookSection), seriesTitle (report), blogTitle (blogPost).
//   - PB is publisher, but institution on a report; M3 is reportType on a report, websiteType on a blog
//     post, and on any other type falls to the degenerate map as a DOI.
//   - AU "Family, Given" splits at the first comma; without a comma it is one single-field name.
//   - ID is ignored; N1 becomes a child note; a field the item type does not have is kept as a note
//     ("unknown field"), never shown in a citation.
//   - PY is only a fallback for DA; dates "YYYY/MM/DD/" become "YYYY-MM-DD".

export interface ZoteroCreator {
  creatorType: 'author';
  lastName: string;
  firstName?: string;
  /** 1: a single-field (institutional) name. */
  fieldMode?: 1;
}

export interface ZoteroItem {
  itemType: 'bookSection' | 'report' | 'blogPost';
  creators: ZoteroCreator[];
  fields: Record<string, string>;
  /** Child notes: N1, and any line whose field the item type lacks. */
  notes: string[];
}

const ITEM_TYPES: Record<string, ZoteroItem['itemType']> = { CHAP: 'bookSection', RPRT: 'report', BLOG: 'blogPost' };

/** Zotero's fields of each item type that these records can reach (from Zotero's schema). */
const VALID_FIELDS: Record<ZoteroItem['itemType'], string[]> = {
  bookSection: [
    'title',
    'bookTitle',
    'publisher',
    'place',
    'date',
    'url',
    'accessDate',
    'archive',
    'language',
    'series',
  ],
  report: [
    'title',
    'seriesTitle',
    'institution',
    'reportType',
    'place',
    'date',
    'url',
    'accessDate',
    'archive',
    'language',
  ],
  blogPost: ['title', 'blogTitle', 'websiteType', 'date', 'url', 'accessDate', 'language'],
};

/** RIS.js `fieldMap` and `degenerateImportFieldMap`, for the tags we write: tag -> field by item type. */
const FIELD_FOR_TAG: Record<string, (type: ZoteroItem['itemType']) => string> = {
  TI: () => 'title',
  T2: (type) => ({ bookSection: 'bookTitle', report: 'seriesTitle', blogPost: 'blogTitle' })[type],
  PB: (type) => (type === 'report' ? 'institution' : 'publisher'),
  M3: (type) => ({ report: 'reportType', blogPost: 'websiteType', bookSection: 'DOI' })[type],
  CY: () => 'place',
  DA: () => 'date',
  PY: () => 'date',
  UR: () => 'url',
  Y2: () => 'accessDate',
  DB: () => 'archive',
  LA: () => 'language',
};

/** Import one RIS record (the first) the way Zotero's RIS translator does. */
export function zoteroImportRis(ris: string): ZoteroItem {
  const lines = ris.split(/\r?\n/).flatMap((line) => {
    const match = line.match(/^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$/);
    return match ? [{ tag: match[1]!, value: (match[2] ?? '').trim(), raw: line }] : [];
  });
  const type = ITEM_TYPES[lines.find((line) => line.tag === 'TY')?.value ?? ''];
  if (!type) throw new Error(`zotero-ris: no item type this module knows in ${JSON.stringify(ris.slice(0, 40))}`);
  const item: ZoteroItem = { itemType: type, creators: [], fields: {}, notes: [] };
  let yearOnly: string | undefined;
  for (const { tag, value, raw } of lines) {
    if (tag === 'TY' || tag === 'ER' || tag === 'ID' || value === '') continue;
    if (tag === 'AU') {
      item.creators.push(creator(value));
      continue;
    }
    if (tag === 'N1') {
      item.notes.push(value);
      continue;
    }
    const fieldOf = FIELD_FOR_TAG[tag];
    if (!fieldOf)
      throw new Error(`zotero-ris: tag ${tag} is not in this module's copy of Zotero's map; add it from RIS.js`);
    const field = fieldOf(type);
    if (tag === 'PY') {
      yearOnly = value;
      continue;
    }
    // The DOI fallback only keeps a value that looks like a DOI; anything else is an unknown field.
    if (field === 'DOI' ? !/^10\.\d{4,}\//.test(value) : !VALID_FIELDS[type].includes(field)) {
      item.notes.push(raw);
      continue;
    }
    item.fields[field] ??= field === 'date' || field === 'accessDate' ? risDate(value) : value;
  }
  if (yearOnly && !item.fields.date) item.fields.date = yearOnly;
  return item;
}

function creator(value: string): ZoteroCreator {
  const lastName = value.split(/\s*,\s*/)[0]!;
  const firstName = value.slice(lastName.length).replace(/^\s*,\s*/, '');
  return firstName ? { creatorType: 'author', lastName, firstName } : { creatorType: 'author', lastName, fieldMode: 1 };
}

/** "2007/06/12/" -> "2007-06-12"; "2019" stays. */
function risDate(value: string): string {
  const [year, month, day] = value.split('/').filter(Boolean);
  return [year, month, day]
    .filter(Boolean)
    .map((part) => part!.padStart(2, '0'))
    .join('-');
}

/** Zotero's item types and fields as CSL (its schema's `csl` mappings), for what zoteroImportRis produces. */
const CSL_TYPES: Record<ZoteroItem['itemType'], string> = {
  bookSection: 'chapter',
  report: 'report',
  blogPost: 'post-weblog',
};
const CSL_VARIABLES: Record<string, string> = {
  title: 'title',
  bookTitle: 'container-title',
  blogTitle: 'container-title',
  seriesTitle: 'collection-title',
  series: 'collection-title',
  publisher: 'publisher',
  institution: 'publisher',
  place: 'publisher-place',
  reportType: 'genre',
  websiteType: 'genre',
  url: 'URL',
  archive: 'archive',
  language: 'language',
};

/** The CSL-JSON item Zotero's processor renders for an imported item; notes are not part of it. */
export function zoteroItemToCsl(item: ZoteroItem, id: string): { id: string } & Record<string, unknown> {
  const csl: { id: string } & Record<string, unknown> = {
    id,
    type: CSL_TYPES[item.itemType],
    author: item.creators.map((name) =>
      name.fieldMode ? { literal: name.lastName } : { family: name.lastName, given: name.firstName },
    ),
  };
  for (const [field, value] of Object.entries(item.fields)) {
    if (field === 'date' || field === 'accessDate') {
      csl[field === 'date' ? 'issued' : 'accessed'] = { 'date-parts': [value.split('-').map(Number)] };
    } else {
      csl[CSL_VARIABLES[field]!] = value;
    }
  }
  return csl;
}
