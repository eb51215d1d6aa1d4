// How a page answers: full HTML, an htmx fragment, or JSON, from one context.
import type { Request, Response } from 'express';

/**
 * A fragment is wanted for targeted htmx requests only. History restores (back/forward) and requests
 * targeting the whole body expect the full page.
 */
export function wantsFragment(req: Request): boolean {
  return req.get('HX-Request') === 'true' && req.get('HX-History-Restore-Request') !== 'true' && req.get('HX-Request-Type') !== 'full';
}

/** The element an htmx request targets, as htmx 4 sends it: `tag#id`. */
export function htmxTarget(req: Request): string | undefined {
  return req.get('HX-Target') ?? undefined;
}

/** Render a template; responses vary by HX-Request, so caches must keep the two apart. */
export function renderPage(res: Response, template: string, context: object, status = 200): void {
  res.status(status).vary('HX-Request').render(template, context);
}

/**
 * The origin permalinks are built on: PUBLIC_URL when set (so citations carry the address the site is
 * published at, whatever host a request came in on), else the request's own scheme and host.
 */
export function originOf(req: Request): string {
  return process.env.PUBLIC_URL?.replace(/\/+$/, '') || `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
