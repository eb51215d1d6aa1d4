// Admission: the middleware in front of every route but the assets. It names the client (an address,
// an IPv6 /64), refuses a client over its fair share of the server's time (fair-share.ts: 429), and hands
// the request to the scheduler (scheduler.ts), which runs it in fair order and holds costly requests
// (request-cost.ts) to a global share of the server's time, refusing with 503 when the wait is too long.
// docs/serving.md, "Admission: holding against many addresses", says why each part is there and what `npm run bench:abuse` measured.

import type { Request, RequestHandler } from 'express';
import { isIP } from 'node:net';
import { AppError } from '../errors.ts';
import { ServerTimeBudget, type FairShareOptions } from './fair-share.ts';
import { Scheduler, type SchedulerOptions } from './scheduler.ts';
import { requestCost } from './request-cost.ts';
import { embeddedIpv4, expandIpv6 } from '../ip-address.ts';

export interface AdmissionOptions {
  /** Each client's share of the server's time (FAIR_SHARE); no per-client limit when absent. */
  fairShare?: FairShareOptions;
  /** Fair order and the global bound on costly requests (COSTLY_SHARE); requests run as they come when absent. */
  scheduler?: SchedulerOptions;
  /** Which requests are costly; request-cost.ts by default. */
  isCostly?: (req: Request) => boolean;
}

const costlyByMeasurement = (req: Request) => requestCost(req.path, req.query as Record<string, unknown>) === 'costly';

export function admission({
  fairShare,
  scheduler: schedulerOptions,
  isCostly = costlyByMeasurement,
}: AdmissionOptions): RequestHandler {
  const budget = fairShare ? new ServerTimeBudget(fairShare) : null;
  const scheduler = schedulerOptions ? new Scheduler(schedulerOptions) : null;
  let warned = false;
  return (req, res, next) => {
    const client = clientKey(req.ip ?? 'unknown');
    if (!warned && req.get('X-Forwarded-For') && req.ip === req.socket.remoteAddress) {
      warned = true;
      console.warn(
        `warning: requests come through a proxy (X-Forwarded-For) but TRUST_PROXY is not set: every client behind it shares one client's share of the server. Set TRUST_PROXY (e.g. TRUST_PROXY=loopback).`,
      );
    }
    if (budget) {
      budget.seen(client, performance.now());
      const wait = budget.retryAfter(client, performance.now());
      if (wait > 0) {
        res.set('Retry-After', String(wait));
        throw new AppError(
          429,
          `Too many expensive requests from your address; please wait ${wait} second${wait === 1 ? '' : 's'} and try again.`,
        );
      }
    }
    // Every handler is synchronous, so the time next() takes is the server time the request used; timing to
    // the response's 'finish' instead would charge a slow reader for its own network.
    const run = () => {
      const started = performance.now();
      try {
        next();
      } finally {
        const now = performance.now();
        budget?.charge(client, now - started, now);
      }
    };
    if (!scheduler) return run();
    const withdraw = scheduler.submit({
      client,
      costly: isCostly(req),
      run,
      refuse: (retryAfter) => {
        res.set('Retry-After', String(retryAfter));
        next(
          new AppError(
            503,
            `The server is busy with expensive requests; please try again in ${retryAfter} second${retryAfter === 1 ? '' : 's'}.`,
          ),
        );
      },
    });
    // A client that goes away while its request waits gives its place up.
    res.on('close', withdraw);
  };
}

/**
 * Who a request is from, for shares and fair order: the IPv4 address, or the /64 of an IPv6 address (one
 * subscriber's whole network, which one client can hop around in at will).
 * @example clientKey('2001:db8:1:2:aaaa::1') // -> '2001:db8:1:2::/64'
 * @example clientKey('::ffff:203.0.113.9') // -> '203.0.113.9'
 */
export function clientKey(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const groups = expandIpv6(ip);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) return embeddedIpv4(ip)!;
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}
