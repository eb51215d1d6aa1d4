// Which waiting request the server's one thread runs next. Every handler is synchronous, so a request
// runs from start to end once started; what can be chosen is the order, and whether costly work waits.
//
// - Fair order: when several requests arrive in the same turn of the event loop, they wait, and each
//   turn runs the one whose client has had the least server time lately (start-time fair queuing by
//   client). A person's search arriving among a hundred queued requests of twenty other addresses runs
//   next, not last.
// - A global bound on costly work (request-cost.ts): while other clients are being served, costly
//   requests together may take at most `costlyShare` of the server's time (a token bucket of server
//   milliseconds, refilled at that rate), however many addresses send them. The server is left idle
//   between them, so that cheap requests mostly find it free.
// - Bounded waiting: at most `maxWaiting` requests wait, each at most `deadlineMs`; then it is refused (the
//   caller answers 503 with Retry-After). When the queue is full, the client with the most requests
//   waiting loses its newest one, so a flood from one address does not refuse everyone else.
//
// With nobody else around (no other client seen within `contentionMs`, none waiting) costly requests are
// not held back: a lone reader, or a benchmark from one address, gets the whole server.

import { RecentClients } from './fair-share.ts';

export interface SchedulerOptions {
  /** The fraction of the server's time costly requests may take together while others are served (0.25). */
  costlyShare: number;
  /** Server milliseconds of costly work that may run at once before the share applies. */
  costlyBurstMs: number;
  /** Requests that may wait at once. */
  maxWaiting: number;
  /** Milliseconds a request may wait before it is refused. */
  deadlineMs: number;
  /** How recently another client must have been seen for the server to count as contended. */
  contentionMs: number;
  /** The clock (performance.now by default; tests pass their own). */
  now?: () => number;
}

export const SCHEDULER_DEFAULTS: Omit<SchedulerOptions, 'costlyShare'> = {
  costlyBurstMs: 1000,
  maxWaiting: 512,
  deadlineMs: 10_000,
  contentionMs: 5000,
};

/** A request as the scheduler sees it. */
export interface Job {
  /** Who sent it (an address, or an IPv6 /64). */
  client: string;
  costly: boolean;
  /** Do the work, synchronously. */
  run(): void;
  /** Answer that the server is busy: come back in `retryAfter` seconds. */
  refuse(retryAfter: number): void;
}

interface Waiting {
  job: Job;
  seq: number;
  timer: NodeJS.Timeout;
}

/** Clients whose fair-queuing tags are remembered at most; those with nothing owed are forgotten first. */
const MAX_TAGS = 10_000;

export class Scheduler {
  private readonly options: Required<SchedulerOptions>;
  private readonly presence: RecentClients;
  private waiting: Waiting[] = [];
  private seq = 0;
  /** A request ran in this turn of the event loop: later arrivals wait to be chosen. */
  private busyTurn = false;
  private turnScheduled = false;
  private budgetTimer: NodeJS.Timeout | undefined;
  /** Start-time fair queuing: each client's finish tag, and the start tag of the request last run. */
  private readonly tags = new Map<string, number>();
  private virtual = 0;
  private costlyTokens: number;
  private costlyAt: number;

  constructor(options: SchedulerOptions) {
    this.options = { now: () => performance.now(), ...options };
    this.presence = new RecentClients(options.contentionMs);
    this.costlyTokens = options.costlyBurstMs;
    this.costlyAt = this.options.now();
  }

  /**
   * Run a request now, or when its turn comes, or refuse it. Returns a function that withdraws it if it
   * is still waiting (its client went away).
   */
  submit(job: Job): () => void {
    const now = this.options.now();
    this.presence.seen(job.client, now);
    if (!this.busyTurn && this.waiting.length === 0 && this.eligible(job, now)) {
      this.execute(job);
      return () => {};
    }
    if (this.waiting.length >= this.options.maxWaiting && !this.makeRoomFor(job)) {
      job.refuse(this.retryAfter());
      return () => {};
    }
    const entry: Waiting = {
      job,
      seq: this.seq++,
      timer: setTimeout(() => this.expire(entry), this.options.deadlineMs).unref(),
    };
    this.waiting.push(entry);
    this.scheduleTurn();
    return () => this.withdraw(entry);
  }

  /** Requests waiting now. */
  get queued(): number {
    return this.waiting.length;
  }

  private execute(job: Job): void {
    this.busyTurn = true;
    this.scheduleTurn();
    const start = Math.max(this.virtual, this.tags.get(job.client) ?? 0);
    const began = this.options.now();
    try {
      job.run();
    } finally {
      const now = this.options.now();
      const ms = now - began;
      this.virtual = start;
      this.tags.set(job.client, start + ms);
      if (this.tags.size > MAX_TAGS) this.forgetSettledTags();
      if (job.costly && this.contended(job.client, now)) this.costlyTokens = this.refilledTokens(now) - ms;
    }
  }

  /** The next turn of the event loop: arrivals of this turn are queued by then, and the best one runs. */
  private scheduleTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    setImmediate(() => {
      this.turnScheduled = false;
      this.busyTurn = false;
      this.runNext();
    });
  }

  private runNext(): void {
    if (this.waiting.length === 0) return;
    const now = this.options.now();
    let best: Waiting | undefined;
    let bestTag = Infinity;
    for (const entry of this.waiting) {
      if (!this.eligible(entry.job, now)) continue;
      const tag = Math.max(this.virtual, this.tags.get(entry.job.client) ?? 0);
      if (tag < bestTag || (tag === bestTag && entry.seq < best!.seq)) [best, bestTag] = [entry, tag];
    }
    if (best) {
      this.remove(best);
      this.execute(best.job);
    } else {
      // Only costly requests wait, and costly work has used its share: run the next when it has refilled.
      this.budgetTimer ??= setTimeout(
        () => {
          this.budgetTimer = undefined;
          this.scheduleTurn();
        },
        Math.ceil(-this.refilledTokens(now) / this.options.costlyShare) + 1,
      ).unref();
    }
  }

  private eligible(job: Job, now: number): boolean {
    return !job.costly || !this.contended(job.client, now) || this.refilledTokens(now) > 0;
  }

  /** Whether another client was seen lately or has a request waiting. */
  private contended(client: string, now: number): boolean {
    return this.presence.othersThan(client, now) || this.waiting.some((entry) => entry.job.client !== client);
  }

  private refilledTokens(now: number): number {
    this.costlyTokens = Math.min(
      this.options.costlyBurstMs,
      this.costlyTokens + (now - this.costlyAt) * this.options.costlyShare,
    );
    this.costlyAt = now;
    return this.costlyTokens;
  }

  /** Refuse the newest request of the client with the most waiting, unless that is the newcomer's client. */
  private makeRoomFor(job: Job): boolean {
    const counts = new Map<string, number>();
    for (const { job: waiting } of this.waiting) counts.set(waiting.client, (counts.get(waiting.client) ?? 0) + 1);
    const [greediest, most] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a));
    if (greediest === job.client || (counts.get(job.client) ?? 0) + 1 >= most) return false;
    const victim = this.waiting.findLast((entry) => entry.job.client === greediest)!;
    this.remove(victim);
    victim.job.refuse(this.retryAfter());
    return true;
  }

  private expire(entry: Waiting): void {
    if (!this.waiting.includes(entry)) return;
    this.remove(entry);
    entry.job.refuse(this.retryAfter());
  }

  private withdraw(entry: Waiting): void {
    if (this.waiting.includes(entry)) this.remove(entry);
  }

  private remove(entry: Waiting): void {
    clearTimeout(entry.timer);
    this.waiting = this.waiting.filter((other) => other !== entry);
  }

  /** Seconds to come back after: long enough for the queue to have moved, short enough for a person. */
  private retryAfter(): number {
    return Math.max(1, Math.ceil(this.options.deadlineMs / 2000));
  }

  private forgetSettledTags(): void {
    for (const [client, tag] of this.tags) if (tag <= this.virtual) this.tags.delete(client);
  }
}
