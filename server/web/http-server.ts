// The HTTP server around the app, with the timeouts that keep a connection from being held for free.
// Node's defaults let a connection that never sends a byte, or a response nobody reads, stay open
// indefinitely (issue 22: 500 such clients held 130 MB); each costs a socket and buffered output.

import http from 'node:http';
import type { RequestListener } from 'node:http';

export interface ServerTimeouts {
  /** A request's headers must have arrived within this (a client sending them a byte at a time). */
  headersMs: number;
  /** The whole request must have arrived within this. */
  requestMs: number;
  /** A connection with no traffic either way is closed after this: one that never sends a byte, or whose reader stopped reading. */
  idleMs: number;
  /** A kept-alive connection waits this long for its next request. */
  keepAliveMs: number;
  /** A response must have been sent within this from the request's arrival (a reader that trickles). */
  responseMs: number;
  /** How often the headers and request deadlines are checked. */
  checkEveryMs: number;
}

export const SERVER_TIMEOUTS: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  // Longer than a request may wait for its turn (scheduler.ts, 10 s), so a queued request is not cut off.
  idleMs: 30_000,
  keepAliveMs: 5_000,
  // The largest responses (an export of 1,000 passages, a few hundred KB) take seconds on a slow link.
  responseMs: 60_000,
  checkEveryMs: 1_000,
};

/** An HTTP server for `app` with the given timeouts; it does not listen yet. */
export function createHttpServer(app: RequestListener, timeouts: ServerTimeouts = SERVER_TIMEOUTS): http.Server {
  const server = http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
    },
    app,
  );
  server.keepAliveTimeout = timeouts.keepAliveMs;
  // With no 'timeout' listener, Node destroys a socket idle this long.
  server.setTimeout(timeouts.idleMs);
  server.on('request', (_req, res) => {
    const deadline = setTimeout(() => res.destroy(), timeouts.responseMs);
    res.once('close', () => clearTimeout(deadline));
  });
  return server;
}
