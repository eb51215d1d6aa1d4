// The across-years pages and their JSON twins: term trends, the concordance, what changed between
// two years, and the recommendations tracker.
import { Router } from 'express';
import type { Library } from '../../library.ts';
import { trends } from '../../analysis/trends.ts';
import { parseTrendsRequest } from '../../search/query/request.ts';
import { originOf, renderPage } from '../render.ts';
import { csvTable } from '../../cite/export.ts';
import { kwicPage, trendsPage } from '../pages/analysis-pages.ts';
import { comparePage, comparison, countryParam, recommendationsPage } from '../pages/changes-pages.ts';
import { recommendationThreads } from '../../analysis/recommendations.ts';
import { download } from './exports.ts';
import { permalink } from '../urls.ts';
import { SECTION_LABELS } from '../../corpus/types.ts';
import { badRequest } from '../../errors.ts';

export function analysisRoutes(library: () => Library): Router {
  const router = Router();

  router.get('/trends', (req, res) => {
    const page = trendsPage(library(), req.query);
    renderPage(res, 'trends', { ...page, nav: 'trends' }, page.error ? 400 : 200);
  });

  router.get('/api/trends', (req, res) => {
    const { queries, strict, bySection, byCountry } = parseTrendsRequest(req.query);
    res.json(trends(library(), queries, { strict, bySection, byCountry }));
  });

  router.get('/kwic', (req, res) => {
    const page = kwicPage(library(), req.query);
    renderPage(res, 'kwic', { ...page, nav: 'kwic' }, page.error ? 400 : 200);
  });

  router.get('/kwic.csv', (req, res) => {
    const page = kwicPage(library(), req.query);
    if (page.error) throw badRequest(page.error);
    const origin = originOf(req);
    const rows = [
      ['id', 'year', 'section', 'document', 'left', 'match', 'right', 'permalink'],
      ...page.lines.map((line) => [
        line.id,
        line.year,
        SECTION_LABELS[line.section],
        line.doc,
        line.left,
        line.match,
        line.right,
        permalink(origin, line.id),
      ]),
    ];
    download(res, 'text/csv; charset=utf-8', 'concordance.csv', csvTable(rows));
  });

  router.get('/compare', (req, res) => {
    renderPage(res, 'compare', { ...comparePage(library(), req.query), nav: 'compare' });
  });

  router.get('/api/compare', (req, res) => {
    res.json(comparison(library(), req.query));
  });

  router.get('/recommendations', (req, res) => {
    renderPage(res, 'recommendations', { ...recommendationsPage(library(), req.query), nav: 'compare' });
  });

  router.get('/api/recommendations', (req, res) => {
    res.json({
      threads: recommendationThreads(library().alignment, library().passagesOfCountry(countryParam(req.query))),
    });
  });

  return router;
}
