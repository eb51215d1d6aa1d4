// How a page answers: full HTML, an htmx fragment, or JSON, from one context.
import type { Request, Response } from 'express';

/**
 * A fragment is wanted for targeted htmx requests only. History restores (back/forward) and requests
 * targeting the whole body expect the full page.
 */
export function wantsFragment(req: Request): boolean {
  return (
    req.get('HX-Request') === 'true' &&
    req.get('HX-History-Restore-Request') !== 'true' &&
    req.get('HX-Request-Type') !== 'full'
  );
}

/** The element an htmx request targets, as htmx 4 sends it: `tag#id`. */
export function htmxTarget(req: Request): string | undefined {
  return req.get('HX-Target') ?? undefined;
}

/** Render a template; what is rendered depends on the htmx headers, so caches must keep them apart. */
export function renderPage(res: Response, template: string, context: object, status = 200): void {
  res
    .status(status)
    .vary('HX-Request')
    .vary('HX-Target')
    .vary('HX-Request-Type')
    .vary('HX-History-Restore-Request')
    .render(template, context);
}

/**
 * The origin permalinks are built on: PUBLIC_URL when set (so citations carry the address the site is
 * published at, whatever host a request came in on), else the request's own scheme and host.
 */
export function originOf(req: Request): string {
  const configured = req.app.get('public url') as string | null;
  if (configured) return configured;
  // A malformed Host header must not break a page (or put a strange address in a citation).
  try {
    const origin = new URL(`${req.protocol}://${req.get('host') ?? ''}`);
    return origin.pathname === '/' && !origin.username && !origin.search
      ? origin.origin
      : `${req.protocol}://localhost`;
  } catch {
    return `${req.protocol}://localhost`;
  }
}

/** PUBLIC_URL as `npm start` read it, or null: what citations build their permalink on (`publicPermalink`). */
export function publicUrlOf(req: Request): string | null {
  return (req.app.get('public url') as string | null) ?? null;
}
