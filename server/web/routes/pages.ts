// HTML pages: search (with its htmx fragments), a passage, the reader, the list of reports.
import { Router } from 'express';
import type { Library } from '../../library.ts';
import { notFound } from '../../errors.ts';
import { htmxTarget, originOf, publicUrlOf, renderPage, wantsFragment } from '../render.ts';
import { searchPage } from '../pages/search-page.ts';
import { EMPTY_SEARCH, publicPermalink, searchUrl, stateOf, type SearchState } from '../urls.ts';
import { flagParam, parseSearchRequest } from '../../search/query/request.ts';
import { passageContext } from '../pages/passage-page.ts';
import { citationInput } from '../../cite/citation-input.ts';
import { bibtexFile, risFile } from '../../cite/formats.ts';
import { CITATION_FILE_TYPES, download } from './exports.ts';
import { readerPage, reportsPage } from '../pages/reader-page.ts';
import { redirectRetiredIds } from './retired-ids.ts';

export function pageRoutes(library: () => Library): Router {
  const router = Router();
  router.param('id', redirectRetiredIds(library));

  router.get(['/', '/search'], (req, res) => {
    const page = searchPage(library(), req.query, { origin: originOf(req), publicUrl: publicUrlOf(req) });
    const status = page.error ? 400 : 200;
    if (!wantsFragment(req)) return renderPage(res, 'search', { ...page, nav: 'search' }, status);
    // "More results" asks for the next items only; everything else swaps the results region, and the
    // address bar gets the search's canonical URL (not the form's raw fields, such as sort=relevance).
    if (htmxTarget(req) === 'li#more-results') return renderPage(res, 'fragments/result-items', page, status);
    res.set('HX-Push-Url', searchUrl(page.state));
    renderPage(res, 'fragments/results', { ...page, fragment: true }, status);
  });

  router.get('/p/:id', (req, res) => {
    // Passage ids hold no dots, so /p/<id>.bib and /p/<id>.ris are downloads of its citation.
    const [id, extension] = req.params.id.split(/\.(?=(?:bib|ris)$)/) as [string, 'bib' | 'ris' | undefined];
    if (extension) {
      const input = citationInput(library(), id, publicPermalink(publicUrlOf(req), id));
      if (!input) throw notFound(`There is no passage "${id}".`);
      const file = extension === 'bib' ? bibtexFile([input]) : risFile([input]);
      return download(res, CITATION_FILE_TYPES[extension], `${id}.${extension}`, file);
    }
    const page = passageContext(
      library(),
      req.params.id,
      { origin: originOf(req), publicUrl: publicUrlOf(req) },
      searchStateFrom(library(), req.query),
    );
    if (!page)
      throw notFound(
        `There is no passage "${req.params.id}". Passage ids look like 2025-tip-trafficking-profile-p6-s3.`,
      );
    renderPage(res, 'passage', page);
  });

  router.get('/docs', (_req, res) => {
    renderPage(res, 'reports', { ...reportsPage(library()), nav: 'docs' });
  });

  router.get('/docs/:doc', (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    const page = readerPage(library(), req.params.doc, q, flagParam(req.query.strict));
    if (!page) throw notFound(`There is no document "${req.params.doc}".`);
    renderPage(res, 'reader', { ...page, nav: 'docs' });
  });

  return router;
}

/** The search a passage link came from; a link with parameters that do not validate is treated as none. */
function searchStateFrom(library: Library, params: Record<string, unknown>): SearchState {
  try {
    return Object.keys(params).length ? stateOf(parseSearchRequest(params, library.vocabulary)) : EMPTY_SEARCH;
  } catch {
    return EMPTY_SEARCH;
  }
}
