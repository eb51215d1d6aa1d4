// Each client gets a share of the server's time. Node answers requests one at a time, so a client that
// loops an expensive request (a concordance of every word, say) would otherwise make everyone else wait
// behind it: measured, one such client raised a plain search's median from 3.4 ms to 133 ms
// (docs/serving.md, "Each client's share of the server").
//
// A token bucket of server milliseconds per client: it refills at `share` ms per ms of wall time up to
// `burstMs`; each request spends the time the server spent on it. A client whose bucket is empty gets a
// 429 with Retry-After until it has refilled. A person reading pages never comes near the limit.
//
// Only contended time counts: a client alone on the server (no other client seen within
// `contentionMs`) is neither charged nor refused. A lone reader's first page on a cold, loaded server can
// take seconds (the JIT, templates compiled on first use); charging it left the same reader's stylesheet
// and next page refused with 429, though nobody else was waiting.
//
// The per-client share alone does not hold against many addresses (twenty of them each get a quarter);
// admission.ts applies it together with the global bound on costly requests (scheduler.ts).

export interface FairShareOptions {
  /** The fraction of the server's time one client may use, sustained (0.25: a quarter). */
  share: number;
  /** Server milliseconds a client may spend at once before the share applies. */
  burstMs: number;
  /** Clients remembered at most; the idle (full-bucket) ones are forgotten first. */
  maxClients?: number;
  /** How recently another client must have been seen for the server to count as contended. */
  contentionMs?: number;
}

/** Two seconds of server time to spend at once: a dozen of the costliest pages in a row. */
export const BURST_MS = 2000;
export const MAX_CLIENTS = 10_000;
/** Another client seen within the last five seconds: this one's time is time that client may be waiting for. */
export const CONTENTION_MS = 5000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Whether anyone else is here: the two most recently seen distinct clients, newest first. */
export class RecentClients {
  private recent: Array<{ client: string; at: number }> = [];

  constructor(private readonly withinMs = CONTENTION_MS) {}

  /** Note that a client is here (each request, before it runs). */
  seen(client: string, now: number): void {
    this.recent = [{ client, at: now }, ...this.recent.filter((entry) => entry.client !== client)].slice(0, 2);
  }

  /** Whether a client other than this one was seen within the window. */
  othersThan(client: string, now: number): boolean {
    const other = this.recent.find((entry) => entry.client !== client);
    return other !== undefined && now - other.at <= this.withinMs;
  }
}

export class ServerTimeBudget {
  private readonly buckets = new Map<string, Bucket>();
  private readonly presence: RecentClients;

  constructor(private readonly options: FairShareOptions) {
    this.presence = new RecentClients(options.contentionMs ?? CONTENTION_MS);
  }

  /**
   * Seconds the client should wait before its next request, or 0 when it may go ahead now.
   * @example new ServerTimeBudget({ share: 0.25, burstMs: 100 }).retryAfter('1.2.3.4', 0) // -> 0
   */
  retryAfter(client: string, now: number): number {
    if (!this.contended(client, now)) return 0;
    const bucket = this.refilled(client, now);
    return bucket.tokens > 0 ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / this.options.share / 1000));
  }

  /** Note that a client is here (each request, before it runs). */
  seen(client: string, now: number): void {
    this.presence.seen(client, now);
  }

  /** Whether a client other than this one was seen recently. */
  contended(client: string, now: number): boolean {
    return this.presence.othersThan(client, now);
  }

  /** Spend the server time a request took, when another client was there to wait for it. */
  charge(client: string, ms: number, now: number): void {
    if (!this.contended(client, now)) return;
    const bucket = this.refilled(client, now);
    bucket.tokens -= ms;
    this.buckets.set(client, bucket);
    if (this.buckets.size > (this.options.maxClients ?? Infinity)) this.forgetIdle(now);
  }

  get clients(): number {
    return this.buckets.size;
  }

  private refilled(client: string, now: number): Bucket {
    const bucket = this.buckets.get(client) ?? { tokens: this.options.burstMs, updatedAt: now };
    bucket.tokens = Math.min(this.options.burstMs, bucket.tokens + (now - bucket.updatedAt) * this.options.share);
    bucket.updatedAt = now;
    return bucket;
  }

  private forgetIdle(now: number): void {
    for (const client of [...this.buckets.keys()]) {
      if (this.refilled(client, now).tokens >= this.options.burstMs) this.buckets.delete(client);
    }
  }
}
