// The reading list and its exports, all from `?ids=` (no server state): the page, BibTeX, RIS, CSL-JSON
// and the quotes document in Markdown or Word.
import { Router, type Response } from 'express';
import type { Library } from '../../library.ts';
import { badRequest } from '../../errors.ts';
import { bibtexFile, citationCsl, risFile } from '../../cite/formats.ts';
import { quotesDocx, quotesMarkdown } from '../../cite/quotes.ts';
import { listCitationInputs, listPage, listSelection, quoteEntries } from '../pages/list-page.ts';
import { originOf, publicUrlOf, renderPage } from '../render.ts';
import { listUrl, type ListFormat } from '../urls.ts';

/** Each export's media type; every text type says its charset. */
const LIST_TYPES: Record<ListFormat, string> = {
  bib: 'application/x-bibtex; charset=utf-8',
  ris: 'application/x-research-info-systems; charset=utf-8',
  json: 'application/vnd.citationstyles.csl+json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export function listRoutes(library: () => Library): Router {
  const router = Router();

  router.get('/list', (req, res) => {
    renderPage(res, 'list', {
      ...listPage(library(), req.query, { origin: originOf(req), publicUrl: publicUrlOf(req) }),
      nav: 'list',
    });
  });

  router.get('/list.:format', async (req, res) => {
    const format = req.params.format as ListFormat;
    if (!(format in LIST_TYPES))
      throw badRequest(`A reading list exports as .bib, .ris, .json, .md or .docx, not .${req.params.format}.`);
    const current = library();
    const { passages } = listSelection(current, req.query);
    if (passages.length === 0) throw badRequest('This reading list is empty: give the passages as ?ids=a,b,c.');
    const inputs = listCitationInputs(current, passages, publicUrlOf(req));
    const publicUrl = publicUrlOf(req);
    const meta = {
      made: new Date(),
      listUrl: publicUrl && inputs[0]!.permalink ? `${publicUrl}${listUrl(passages.map((p) => p.id))}` : null,
    };
    const body =
      format === 'bib'
        ? bibtexFile(inputs)
        : format === 'ris'
          ? risFile(inputs)
          : format === 'json'
            ? `${JSON.stringify(inputs.map(citationCsl), null, 2)}\n`
            : format === 'md'
              ? quotesMarkdown(quoteEntries(current, inputs), meta)
              : await quotesDocx(quoteEntries(current, inputs), meta);
    send(res, LIST_TYPES[format], `reading-list.${format}`, body);
  });

  return router;
}

/** A download: the type set after the attachment name, so Express does not replace it with one it guesses from the name. */
function send(res: Response, type: string, filename: string, body: string | Buffer): void {
  res.attachment(filename).type(type).send(body);
}
