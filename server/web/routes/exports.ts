// Taking results away: the current search as CSV/JSON/JSONL, and citations of chosen passages as one
// BibTeX or RIS file.
import { Router, type Response } from 'express';
import type { Library } from '../../library.ts';
import { parseSearchRequest } from '../../search/query/request.ts';
import { matchAll } from '../../search/search.ts';
import { shortCitation } from '../../cite/citation.ts';
import { bibtexFile, risFile } from '../../cite/formats.ts';
import {
  EXPORT_CAP,
  exportColumn,
  toCsv,
  toJson,
  toJsonl,
  type ExportMeta,
  type ExportRow,
} from '../../cite/export.ts';
import { DIMENSIONS, type DimensionName, type DimensionValue } from '../../search/dimensions.ts';
import { badRequest } from '../../errors.ts';
import { permalink, publicPermalink } from '../urls.ts';
import { originOf, publicUrlOf } from '../render.ts';
import { citationInput } from '../../cite/citation-input.ts';

const FORMATS = new Map([
  ['csv', { type: 'text/csv; charset=utf-8', write: toCsv }],
  ['json', { type: 'application/json; charset=utf-8', write: toJson }],
  ['jsonl', { type: 'application/x-ndjson; charset=utf-8', write: toJsonl }],
]);

export const CITATION_FILE_TYPES = {
  bib: 'application/x-bibtex; charset=utf-8',
  ris: 'application/x-research-info-systems; charset=utf-8',
} as const;

export function exportRoutes(library: () => Library): Router {
  const router = Router();

  router.get('/export.:format', (req, res) => {
    const format = FORMATS.get(req.params.format);
    if (!format) throw badRequest(`Exports come as .csv, .json or .jsonl, not .${req.params.format}.`);
    const current = library();
    const request = parseSearchRequest(
      { ...req.query, page: undefined, size: undefined, limit: undefined },
      current.vocabulary,
    );
    const limit = exportLimit(req.query.limit);
    const { matches } = matchAll(current, request);
    const origin = originOf(req);
    const rows = matches.slice(0, limit).map(({ passage, position }): ExportRow => {
      const fields = current.dimensionFields(position);
      return {
        id: passage.id,
        ...Object.fromEntries(DIMENSIONS.map((dimension) => [exportColumn(dimension), fields[dimension.name]])),
        heading: passage.heading,
        paragraph: passage.paragraph,
        sentence: passage.sentence,
        text: passage.text,
        citation: shortCitation(passage, current.document(passage.doc)!),
        permalink: permalink(origin, passage.id),
      };
    });
    const meta: ExportMeta = {
      query: request.q,
      filters: Object.fromEntries(DIMENSIONS.map(({ name }) => [name, request.filters[name] ?? []])) as Record<
        DimensionName,
        readonly DimensionValue[]
      >,
      total: matches.length,
      exported: rows.length,
      truncated: rows.length < matches.length,
      exportedAt: new Date().toISOString(),
    };
    download(res, format.type, `tip-north-korea-search.${req.params.format}`, format.write(rows, meta));
  });

  router.get('/export/citations.:format', (req, res) => {
    if (req.params.format !== 'bib' && req.params.format !== 'ris')
      throw badRequest(`Citations export as .bib or .ris, not .${req.params.format}.`);
    const current = library();
    const ids = [req.query.id].flat().filter((id): id is string => typeof id === 'string' && id !== '');
    if (ids.length === 0) throw badRequest('Choose at least one result to export its citation.');
    const inputs = ids.map((id) => {
      const input = citationInput(current, id, publicPermalink(publicUrlOf(req), id));
      if (!input) throw badRequest(`There is no passage "${id}".`);
      return input;
    });
    if (req.params.format === 'bib') return download(res, CITATION_FILE_TYPES.bib, 'citations.bib', bibtexFile(inputs));
    download(res, CITATION_FILE_TYPES.ris, 'citations.ris', risFile(inputs));
  });

  return router;
}

function exportLimit(value: unknown): number {
  if (value === undefined || value === '') return EXPORT_CAP;
  if (typeof value !== 'string' || !/^\d+$/.test(value) || Number(value) < 1)
    throw badRequest('limit must be a whole number from 1.');
  return Math.min(Number(value), EXPORT_CAP);
}

/** A file download. The type is set after `attachment()`, which sets one from the file name's extension (octet-stream for .bib, .ris and .jsonl). */
export function download(res: Response, type: string, filename: string, body: string): void {
  res.attachment(filename).type(type).send(body);
}
