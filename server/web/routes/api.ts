// The JSON API: health, search, one passage, the catalog. Same engine and contexts as the HTML pages.
import { Router } from 'express';
import type { Library } from '../../library.ts';
import { parseSearchRequest } from '../../search/query/request.ts';
import { search } from '../../search/search.ts';
import { permalink } from '../urls.ts';
import { redirectRetiredIds } from './retired-ids.ts';
import { originOf, publicUrlOf } from '../render.ts';
import { passageContext } from '../pages/passage-page.ts';
import { notFound } from '../../errors.ts';

export function apiRoutes(library: () => Library): Router {
  const router = Router();
  router.param('id', redirectRetiredIds(library));

  router.get('/healthz', (_req, res) => {
    const current = library();
    res.json({ ok: true, docs: current.documents.length, passages: current.passages.length, builtAt: current.builtAt });
  });

  router.get('/api/search', (req, res) => {
    const current = library();
    const request = parseSearchRequest(req.query, current.vocabulary);
    const origin = originOf(req);
    const response = search(current, request, { permalink: (id) => permalink(origin, id) });
    res.json({ ...response, results: response.results.map(({ before: _before, after: _after, ...result }) => result) });
  });

  router.get('/api/passages/:id', (req, res) => {
    const context = passageContext(library(), req.params.id, { origin: originOf(req), publicUrl: publicUrlOf(req) });
    if (!context) throw notFound(`There is no passage "${req.params.id}".`);
    res.json(context.json);
  });

  router.get('/api/docs', (_req, res) => {
    res.json({
      documents: library().documents.map(({ removed: _removed, joins: _joins, ...document }) => document),
    });
  });

  return router;
}
