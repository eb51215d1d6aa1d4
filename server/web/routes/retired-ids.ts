// Old permalinks: a passage id retired by a rebuild (index/aliases.json) is redirected, with a 301, to
// the id its sentence has now, on every route that takes a passage id (/p/:id, /p/:id.bib, /api/passages/:id).
import type { RequestParamHandler } from 'express';
import type { Library } from '../../library.ts';

export function redirectRetiredIds(library: () => Library): RequestParamHandler {
  return (req, res, next, value: string) => {
    // "/p/<id>.bib" carries a file extension; passage ids hold no dots.
    const [id, extension] = value.split(/\.(?=(?:bib|ris)$)/);
    const current = library();
    const moved = current.passage(id!) ? undefined : current.currentId(id!);
    if (!moved) return next();
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const path =
      req.baseUrl + req.path.replace(/[^/]+$/, encodeURIComponent(moved) + (extension ? `.${extension}` : ''));
    res.redirect(301, path + query);
  };
}
