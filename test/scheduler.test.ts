// The order requests run in and the global bound on costly work, on a fake clock: a request's run
// advances the clock by the server time it "takes".
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scheduler, type SchedulerOptions } from '../server/web/scheduler.ts';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

const OPTIONS: SchedulerOptions = {
  costlyShare: 0.25,
  costlyBurstMs: 1,
  maxWaiting: 100,
  deadlineMs: 10_000,
  contentionMs: 5000,
  now: () => Date.now(),
};

/** A scheduler and a log of what ran (client@start-ms) and what was refused. */
function harness(options: Partial<SchedulerOptions> = {}) {
  const scheduler = new Scheduler({ ...OPTIONS, ...options });
  const ran: string[] = [];
  const refused: Array<{ name: string; retryAfter: number }> = [];
  const submit = (name: string, { costly = false, ms = 1 } = {}) => {
    const client = name.replace(/\d+$/, '');
    return scheduler.submit({
      client,
      costly,
      run: () => {
        ran.push(`${name}@${Date.now()}`);
        vi.setSystemTime(Date.now() + ms);
      },
      refuse: (retryAfter) => refused.push({ name, retryAfter }),
    });
  };
  /** Let the event loop turn until nothing is pending (timers included). */
  const settle = () => vi.runAllTimers();
  return { scheduler, ran, refused, submit, settle };
}

describe('the order requests run in', () => {
  it('runs a request at once when nothing is waiting', () => {
    const { ran, submit } = harness();
    submit('a1');
    expect(ran).toEqual(['a1@0']);
  });

  it('runs a newcomer before the backlog of a client that has been served, whatever the arrival order', () => {
    const { ran, submit, settle } = harness();
    for (let i = 1; i <= 5; i++) submit(`attacker${i}`, { ms: 10 });
    submit('victim1');
    settle();
    expect(ran.map((entry) => entry.split('@')[0])).toEqual([
      'attacker1',
      'victim1',
      'attacker2',
      'attacker3',
      'attacker4',
      'attacker5',
    ]);
  });

  it('takes turns between clients that are both backlogged', () => {
    const { ran, submit, settle } = harness();
    for (let i = 1; i <= 3; i++) submit(`a${i}`, { ms: 10 });
    for (let i = 1; i <= 3; i++) submit(`b${i}`, { ms: 10 });
    settle();
    expect(ran.map((entry) => entry.split('@')[0])).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
  });
});

describe('the global bound on costly requests', () => {
  it('holds costly requests from many clients to the share of the server time, while cheap ones go ahead', () => {
    // Everyone stays present for the whole run (as clients that keep sending do).
    const { ran, submit, settle } = harness({ contentionMs: 60_000, deadlineMs: 60_000 });
    submit('victim1');
    // Twenty clients (addresses) each send a costly request taking 100 ms.
    for (let i = 1; i <= 20; i++) submit(`attacker${String.fromCharCode(96 + i)}1`, { costly: true, ms: 100 });
    vi.advanceTimersByTime(150);
    submit('victim2');
    settle();
    const starts = ran.filter((entry) => entry.startsWith('attacker')).map((entry) => Number(entry.split('@')[1]));
    expect(starts).toHaveLength(20);
    // 100 ms of costly work per 400 ms of wall time: a quarter.
    for (let i = 1; i < starts.length; i++)
      expect(starts[i]! - starts[i - 1]!, starts.join(' ')).toBeGreaterThanOrEqual(399);
    const victim2 = ran.find((entry) => entry.startsWith('victim2'))!;
    expect(Number(victim2.split('@')[1])).toBeLessThan(starts[1]!);
  });

  it('does not hold back a client alone on the server', () => {
    const { ran, submit, settle } = harness();
    for (let i = 1; i <= 5; i++) submit(`reader${i}`, { costly: true, ms: 100 });
    settle();
    const starts = ran.map((entry) => Number(entry.split('@')[1]));
    expect(starts).toHaveLength(5);
    // Back to back (a fake event-loop turn may take a millisecond).
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeLessThanOrEqual(102);
  });

  it('lets a burst of costly work through at once before the share applies', () => {
    const { ran, submit, settle } = harness({ costlyBurstMs: 1000 });
    submit('victim1');
    for (let i = 1; i <= 3; i++) submit(`researcher${i}`, { costly: true, ms: 100 });
    settle();
    const starts = ran.slice(1).map((entry) => Number(entry.split('@')[1]));
    expect(starts).toHaveLength(3);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeLessThanOrEqual(102);
  });
});

describe('bounded waiting', () => {
  it('refuses a request that waited past the deadline, with a time to come back', () => {
    const { ran, refused, submit, settle } = harness({ deadlineMs: 1000 });
    submit('victim1');
    for (let i = 1; i <= 5; i++) submit(`a${String.fromCharCode(96 + i)}1`, { costly: true, ms: 300 });
    settle();
    // 300 ms of costly work allows the next one 1,200 ms later: past the deadline of those waiting.
    expect(ran.filter((entry) => entry.startsWith('a'))).toHaveLength(1);
    expect(refused).toHaveLength(4);
    expect(refused[0]!.retryAfter).toBe(1);
  });

  it('when the queue is full, refuses the newest request of the client with the most waiting', () => {
    const { ran, refused, submit, settle } = harness({ maxWaiting: 3 });
    submit('victim1');
    for (let i = 1; i <= 4; i++) submit(`flood${i}`);
    submit('other1');
    submit('flood5');
    settle();
    // flood4 finds the queue full of its own client's requests; other1 takes flood3's place; flood5 again
    // finds its client the greediest.
    expect(refused.map(({ name }) => name)).toEqual(['flood4', 'flood3', 'flood5']);
    expect(ran.map((entry) => entry.split('@')[0])).toEqual(['victim1', 'flood1', 'other1', 'flood2']);
  });

  it('forgets a waiting request whose client went away', () => {
    const { ran, submit, settle } = harness();
    submit('a1');
    const withdraw = submit('b1');
    withdraw();
    settle();
    expect(ran).toEqual(['a1@0']);
  });
});
