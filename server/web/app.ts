// The web app: wiring only. Handlers live in routes/, page contexts in pages/. Created by a function and
// not listening, so tests can drive it; server/main.ts listens.
import express from 'express';
import type { Library } from '../library.ts';
import { PATHS } from '../paths.ts';
import { securityHeaders } from './security.ts';
import { assetPath, assetUrl, isCurrentVersion } from './assets.ts';
import { apiRoutes } from './routes/api.ts';
import { pageRoutes } from './routes/pages.ts';
import { exportRoutes } from './routes/exports.ts';
import { analysisRoutes } from './routes/analysis.ts';
import { wordRoutes } from './routes/words.ts';
import { listRoutes } from './routes/list.ts';
import { feedRoutes } from './routes/feed.ts';
import { errorHandler, notFoundHandler } from './error-handler.ts';
import { rejectBracketedParams } from '../search/query/request.ts';
import { admission, type AdmissionOptions } from './admission.ts';
import { compiledViewEngine, compiledViews } from './compiled-views.ts';

export interface AppOptions {
  /** The library to serve; a function, so a reloaded index is picked up by the next request. */
  library: () => Library;
  /** Each client's share of the server's time and the bound on costly requests (`npm start` sets them from FAIR_SHARE and COSTLY_SHARE); none when absent. */
  admission?: AdmissionOptions;
  /** Express's 'trust proxy': which proxies may name the client (for the fair share), false for none. */
  trustProxy?: number | string | false;
  /** PUBLIC_URL as `serverConfig` checked it: the origin of every permalink; null to follow the request's Host. */
  publicUrl?: string | null;
}

export function createApp({
  library,
  admission: admissionOptions,
  trustProxy = false,
  publicUrl = null,
}: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  app.set('public url', publicUrl);
  // Production behaviour whatever NODE_ENV says: a failure Express itself handles shows no stack trace.
  app.set('env', 'production');
  app.set('views', PATHS.views);
  app.set('view engine', 'pug');
  // Under `npm start`, the views compiled with the server (compiled-views.ts): no pug at a first request.
  const compiled = compiledViews();
  if (compiled) app.engine('pug', compiledViewEngine(compiled, PATHS.views));
  // Compile each template once, whatever NODE_ENV says: Express caches views only in production, and
  // recompiling on every request made pages ~30x slower under the documented `npm start`
  // (docs/serving.md, "Serving it: the documented start is the production start").
  app.set('view cache', true);
  app.set('query parser', 'simple');
  // Fragments are rendered without the layout's doctype; HTML5 output either way (no "/>" on void tags).
  app.locals.doctype = 'html';
  app.locals.asset = assetUrl;
  app.locals.pageTitle = (title?: string) => (title ? `${title} · North Korea TIP reports` : 'North Korea TIP reports');
  /** "1 passage", "2 passages": the only formatting templates do. */
  app.locals.plural = (count: number, word: string, plural = `${word}s`) => `${count} ${count === 1 ? word : plural}`;

  app.use(securityHeaders);
  // Assets before admission: they cost nothing, and a page refused its stylesheet is unreadable.
  app.get('/static/:name', (req, res, next) => {
    const path = assetPath(req.params.name);
    if (!path) return next();
    // A URL carrying the content's current hash changes with the content, so browsers may keep it a year.
    const current = isCurrentVersion(req.params.name, req.query.v);
    res.sendFile(path, { maxAge: current ? '365d' : '1h', immutable: current });
  });
  if (admissionOptions) app.use(admission(admissionOptions));
  // Every page's footer describes the library being served (which a reload can change).
  app.use((_req, res, next) => {
    const current = library();
    res.locals.corpus = {
      documents: current.documents.length,
      passages: current.passages.length,
      years: current.years,
      firstYear: current.years[0],
      lastYear: current.years.at(-1),
    };
    next();
  });
  app.use((req, _res, next) => {
    rejectBracketedParams(req.query);
    next();
  });
  app.use(apiRoutes(library));
  app.use(pageRoutes(library));
  app.use(exportRoutes(library));
  app.use(analysisRoutes(library));
  app.use(wordRoutes(library));
  app.use(listRoutes(library));
  app.use(feedRoutes(library));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
