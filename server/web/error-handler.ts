// One error handler: an AppError becomes its status and message (JSON for the API, a page otherwise);
// anything else is logged and shown as a plain 500 without internals.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../errors.ts';

const wantsJson = (path: string, accept: string | undefined) =>
  path.startsWith('/api/') ||
  path === '/healthz' ||
  (/application\/json/.test(accept ?? '') && !/text\/html/.test(accept ?? ''));

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, `Nothing here: ${req.path}`));
};

export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const known = error instanceof AppError ? error : null;
  // Malformed URLs and bodies come from express/body parsers with a status of their own.
  const status =
    known?.status ??
    (Number.isInteger(error?.status) && error.status >= 400 && error.status < 500 ? error.status : 500);
  const message =
    known?.message ?? (status < 500 ? 'The request could not be understood.' : 'Something went wrong on our side.');
  // An AppError is an answer we chose (a 503 when busy); anything else at 500 is a fault to log.
  if (status >= 500 && !known) console.error(error);
  res.status(status);
  if (wantsJson(req.path, req.get('accept'))) {
    res.json({ error: { message, ...(known?.position !== undefined ? { position: known.position } : {}) } });
    return;
  }
  const heading =
    status === 404
      ? 'Not found'
      : status === 503
        ? 'The server is busy'
        : status < 500
          ? 'That request could not be handled'
          : 'Something went wrong';
  res.render('error', { title: status === 404 ? 'Not found' : 'Error', heading, message });
};
