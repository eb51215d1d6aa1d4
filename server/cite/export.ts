// Exports of a search: every matching passage as CSV, JSON or JSONL, with its citation and permalink.
// Pure: rows in, text out. The web route and the CLI decide what to export.

import { DIMENSIONS, type Dimension, type DimensionName, type DimensionValue } from '../search/dimensions.ts';

/** A passage's id, its value of every dimension under the dimension's column name (`year`, `document`...), its place, text, citation and permalink. */
export interface ExportRow {
  id: string;
  /** Column name -> the passage's value (dimensions.ts; `document` for doc). */
  [column: string]: string | number | null;
  heading: string | null;
  paragraph: number;
  sentence: number;
  text: string;
  citation: string;
  permalink: string;
}

export interface ExportMeta {
  query: string;
  /** Each dimension's selected values (empty: all). */
  filters: Record<DimensionName, readonly DimensionValue[]>;
  /** How many passages matched. */
  total: number;
  /** How many are in the file; fewer than total when the export cap cut it. */
  exported: number;
  truncated: boolean;
  exportedAt: string;
}

export const EXPORT_COLUMNS: readonly string[] = [
  'id',
  ...DIMENSIONS.map(exportColumn),
  'heading',
  'paragraph',
  'sentence',
  'text',
  'citation',
  'permalink',
];

/** A dimension's column header: its name unless it declares another (`document` for doc). */
export function exportColumn(dimension: Dimension): string {
  return dimension.column ?? dimension.name;
}

/** The most passages one export holds. */
export const EXPORT_CAP = 1000;

/**
 * RFC 4180 CSV: a header row, CRLF line ends, UTF-8 without a byte-order mark. When the export was cut
 * short, a last row says so in the `text` column (its id is empty, so it cannot be taken for a passage).
 * @example toCsv([row], meta) // -> 'id,year,section,...\r\n2025-tip-...,2025,...\r\n'
 */
export function toCsv(rows: ExportRow[], meta: ExportMeta): string {
  const table: Array<Array<string | number | null>> = [
    [...EXPORT_COLUMNS],
    ...rows.map((row) => EXPORT_COLUMNS.map((column) => row[column] ?? null)),
  ];
  if (meta.truncated) table.push(EXPORT_COLUMNS.map((column) => (column === 'text' ? truncationNote(meta) : null)));
  return csvTable(table);
}

/** Rows of cells as RFC 4180 CSV with CRLF line ends (the first row is the header). */
export function csvTable(rows: Array<Array<string | number | null>>): string {
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** One JSON document: the export's metadata and its passages. */
export function toJson(rows: ExportRow[], meta: ExportMeta): string {
  return `${JSON.stringify({ ...meta, note: meta.truncated ? truncationNote(meta) : null, results: rows }, null, 2)}\n`;
}

/** JSON Lines: a first line of metadata (`"type": "export"`), then one passage per line (`"type": "passage"`). */
export function toJsonl(rows: ExportRow[], meta: ExportMeta): string {
  const head = JSON.stringify({ type: 'export', ...meta, note: meta.truncated ? truncationNote(meta) : null });
  return `${[head, ...rows.map((row) => JSON.stringify({ type: 'passage', ...row }))].join('\n')}\n`;
}

export function truncationNote(meta: ExportMeta): string {
  return `Truncated: ${meta.exported} of ${meta.total} matching passages exported (the limit is ${EXPORT_CAP} per file); narrow the search to export the rest.`;
}

/**
 * Quote a cell when it holds a comma, quote or line break. A cell that a spreadsheet would run as a
 * formula (=, +, -, @ first) gets a leading apostrophe, the usual guard against CSV formula injection.
 */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
