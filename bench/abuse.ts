// `npm run bench:abuse`: what one short request can cost, which requests the server counts as costly, and
// what an attack from many addresses does to a person's plain search, on the app started exactly as the
// README says (`npm start`).
//
// Part 1, on `FAIR_SHARE=off COSTLY_SHARE=off npm start` (no admission, to measure cost): every request
// kind, ordinary and worst case found (docs/serving.md, "Bounded work per request", "Admission: holding against many addresses"), as the median
// of sequential requests against a plain query, with the class request-cost.ts gives it. Part 2: a victim
// searching for Dandong alone, then while 1, 5, 20, 50 other addresses (127.0.2.x, loopback aliases) each
// loop the costliest accepted request, without admission and as `npm start` runs; then the same growth
// with the costliest request the server classes cheap. The victim's p50 ratio is the figure to read.
// Part 3: connections held for free (never sending a byte, never reading the response) and what the
// server holds for them over a minute.
import http from 'node:http';
import { connect, type Socket } from 'node:net';
import { readdirSync, readlinkSync } from 'node:fs';
import { descendantRunning, median, percentile, processMemory, progressLine } from './measure.ts';
import { startServer } from './serve.ts';
import { requestCost } from '../server/web/request-cost.ts';

const HELP = `Usage: npm run bench:abuse -- [--port 4160] [--runs 15] [--victim-runs 100] [--addresses 1,5,20,50] [--held 500]

Starts the app with \`FAIR_SHARE=off COSTLY_SHARE=off npm start\` on --port and prints, for each request
kind, its status, median time over --runs sequential requests as a ratio to a plain query, and whether the
server counts it as costly. Then measures --victim-runs plain queries (50 ms apart, at most 30 s) alone and
while each number of --addresses (127.0.2.1, 127.0.2.2, ...) loops the costliest accepted request: without
admission, and on plain \`npm start\`; then on \`npm start\` while they loop the costliest cheap request.
Last, opens --held connections that never send a byte and --held that request an export and never read
it, and prints the server's open sockets and memory over 65 s.`;

interface Case {
  name: string;
  path: string;
}

const repeat = (text: string, times: number, separator = ' ') =>
  Array.from({ length: times }, () => text).join(separator);
const LONG_WORDS = [
  'trafficking',
  'repatriation',
  'government',
  'prosecution',
  'protection',
  'prevention',
  'authorities',
  'workers',
  'overseas',
  'victims',
  'identified',
  'reported',
  'laborers',
  'detention',
  'punishment',
  'sentenced',
];
const FREQUENT = ['government', 'trafficking', 'workers', 'north', 'korea', 'labor', 'forced', 'victims'];
const PREFIXES =
  'co re pr st in de tr fo pa ma ca se wo go vi ex di la ch su pe me ha ac ad al an ar as be bo ci'.split(' ');
const NON_WORDS = [
  'zq',
  'xv',
  'qx',
  'vz',
  'jq',
  'qj',
  'xz',
  'zx',
  'kq',
  'qk',
  'vq',
  'qv',
  'jx',
  'xj',
  'zj',
  'jz',
  'wq',
  'qw',
  'fq',
  'qf',
  'xk',
  'kx',
  'zv',
  'vx',
  'bq',
  'qb',
  'gq',
  'qg',
  'hq',
  'qh',
  'pq',
  'qp',
];
const UNKNOWN = Array.from({ length: 32 }, (_, i) => `xqzvbn${String.fromCharCode(97 + (i % 26))}k`);
const q = (query: string) => encodeURIComponent(query);
const ID = '2025-tip-trafficking-profile-p6-s3';

const PLAIN: Case = { name: 'plain query (Dandong)', path: '/api/search?q=Dandong' };

const CASES: Case[] = [
  // Ordinary requests of every kind.
  { name: 'search: forced labor', path: '/api/search?q=forced%20labor' },
  { name: 'search page: forced labor', path: '/search?q=forced%20labor' },
  { name: 'search: 8 frequent words', path: `/api/search?q=${q(FREQUENT.join(' '))}` },
  { name: 'search page: 8 frequent words', path: `/search?q=${q(FREQUENT.join(' '))}` },
  { name: 'search: 4 frequent words OR', path: `/api/search?q=${q(FREQUENT.slice(0, 4).join(' OR '))}` },
  { name: 'search: 8 unknown words (spelling)', path: `/api/search?q=${q(UNKNOWN.slice(0, 8).join(' '))}` },
  { name: 'passage page', path: `/p/${ID}` },
  { name: 'passage JSON', path: `/api/passages/${ID}` },
  { name: 'citation .bib', path: `/p/${ID}.bib` },
  { name: 'home', path: '/' },
  { name: 'reports list', path: '/docs' },
  { name: 'reader', path: '/docs/2025-tip' },
  { name: 'reader with a query', path: '/docs/2025-tip?q=forced+labor' },
  { name: 'word lists', path: '/words' },
  { name: 'trends: one query', path: '/trends?q=forced+labor' },
  { name: 'concordance: one query', path: '/kwic?q=forced+labor' },
  { name: 'compare 2016 with 2025', path: '/compare?from=2016&to=2025' },
  { name: 'recommendations', path: '/recommendations' },
  { name: 'export: one query as CSV', path: '/export.csv?q=forced+labor' },
  // Worst cases found.
  { name: '31 × year:0000..9999', path: `/api/search?q=${q(repeat('year:0000..9999', 31))}` },
  {
    name: 'trends: 6 × (31 year ranges) by section',
    path: `/trends?${Array.from({ length: 6 }, () => `q=${q(repeat('year:0000..9999', 31))}`).join('&')}&by=section`,
  },
  {
    name: 'trends: 6 × 32 two-letter non-words by section',
    path: `/trends?${Array.from({ length: 6 }, () => `q=${q(NON_WORDS.join(' '))}`).join('&')}&by=section`,
  },
  {
    name: 'trends: 6 × 32 unknown words by section',
    path: `/trends?${Array.from({ length: 6 }, () => `q=${q(UNKNOWN.join(' '))}`).join('&')}&by=section`,
  },
  {
    name: '32 fuzzy long words',
    path: `/api/search?q=${q([...LONG_WORDS, ...LONG_WORDS].map((w) => `${w}~`).join(' OR '))}`,
  },
  {
    name: '32 two-letter prefixes OR, 100 per page',
    path: `/api/search?q=${q(PREFIXES.map((p) => `${p}*`).join(' OR '))}&size=100`,
  },
  {
    name: 'search page: 32 prefixes OR, 100 per page',
    path: `/search?q=${q(PREFIXES.map((p) => `${p}*`).join(' OR '))}&size=100`,
  },
  { name: '32 negated groups OR', path: `/api/search?q=${q(PREFIXES.map((p) => `(-${p}*)`).join(' OR '))}` },
  { name: 'nested groups, 32 deep', path: `/api/search?q=${q(`${'('.repeat(31)}labor${' OR labor)'.repeat(31)}`)}` },
  {
    name: 'no match + 2,000 year filters (refused)',
    path: `/api/search?q=zzqqxx&year=${Array.from({ length: 2000 }, (_, i) => 1000 + i).join(',')}`,
  },
  {
    name: 'no match + 50 year filters (hints)',
    path: `/api/search?q=zzqqxx&year=${Array.from({ length: 50 }, (_, i) => 1980 + i).join(',')}`,
  },
  { name: 'no match, 32 unknown words (suggestions)', path: `/api/search?q=${q(UNKNOWN.join(' '))}` },
  { name: 'concordance: 32 prefixes OR', path: `/kwic?q=${q(PREFIXES.map((p) => `${p}*`).join(' OR '))}` },
  { name: 'concordance CSV: 32 prefixes OR', path: `/kwic.csv?q=${q(PREFIXES.map((p) => `${p}*`).join(' OR '))}` },
  {
    name: 'reader: 32 prefixes OR highlighted',
    path: `/docs/2025-tip?q=${q(PREFIXES.map((p) => `${p}*`).join(' OR '))}`,
  },
  { name: 'export everything as JSON', path: '/export.json' },
  { name: 'export 32 prefixes as CSV', path: `/export.csv?q=${q(PREFIXES.map((p) => `${p}*`).join(' OR '))}` },
  {
    name: 'trends: 6 × 32 prefixes by section',
    path: `/trends?${Array.from({ length: 6 }, () => `q=${q(PREFIXES.map((p) => `${p}*`).join(' OR '))}`).join('&')}&by=section`,
  },
  { name: 'phrases of common words × 16', path: `/api/search?q=${q(repeat('"of the"', 16, ' OR '))}` },
  {
    name: 'citations file, 20 ids',
    path: `/export/citations.bib?${Array.from({ length: 20 }, () => `id=${ID}`).join('&')}`,
  },
  {
    name: 'citations file, 200 ids',
    path: `/export/citations.bib?${Array.from({ length: 200 }, () => `id=${ID}`).join('&')}`,
  },
];

type Measured = Case & { ms: number; status: number; bytes: number; costly: boolean };

function options(argv: string[]) {
  const values = { port: 4160, runs: 15, 'victim-runs': 100, addresses: [1, 5, 20, 50], held: 500 };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    if (flag === '--help' || flag === '-h') {
      console.log(HELP);
      process.exit(0);
    }
    const name = flag.replace(/^--/, '') as keyof typeof values;
    const numbers = (argv[i + 1] ?? '').split(',').map(Number);
    if (
      !(name in values) ||
      !numbers.every((n) => Number.isInteger(n) && n >= 1) ||
      (name !== 'addresses' && numbers.length !== 1) ||
      numbers.some((n) => name === 'addresses' && n > 250)
    ) {
      throw new Error(`Bad option ${flag} ${argv[i + 1] ?? ''}\n\n${HELP}`);
    }
    (values as Record<string, unknown>)[name] = name === 'addresses' ? numbers : numbers[0];
  }
  return values;
}

const agent = new http.Agent({ keepAlive: true });

/**
 * One request from a given local address. The loopback network is all of 127.0.0.0/8, so each address
 * reaches the server as a client of its own, as another machine would.
 */
function timed(origin: string, path: string, from = '127.0.0.1'): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(origin + path, { localAddress: from, agent }, (response) => {
        response.resume();
        response.on('end', () => resolve({ ms: performance.now() - started, status: response.statusCode ?? 0 }));
      })
      .on('error', reject);
  });
}

async function sequential(origin: string, path: string, runs: number): Promise<{ ms: number; status: number }> {
  const { status } = await timed(origin, path);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push((await timed(origin, path)).ms);
  return { ms: median(samples), status };
}

const VICTIM = '127.0.0.3';
const attackerAddress = (i: number) => `127.0.2.${i + 1}`;

interface VictimRun {
  samples: number[];
  refused: number;
}

/** A person's plain searches, 50 ms apart: `runs` of them, or as many as fit in 30 s (at least 20). */
async function victim(origin: string, runs: number): Promise<VictimRun> {
  const samples: number[] = [];
  let refused = 0;
  const started = performance.now();
  while (samples.length < runs && (samples.length < 20 || performance.now() - started < 30_000)) {
    const { ms, status } = await timed(origin, PLAIN.path, VICTIM);
    samples.push(ms);
    if (status !== 200) refused++;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { samples, refused };
}

interface AttackStep {
  addresses: number;
  attacked: VictimRun;
  statuses: Map<number, number>;
}

/** The victim while `addresses` clients each loop `attack` (one request in flight each, Retry-After ignored). */
async function underAttack(origin: string, attack: Case, addresses: number, runs: number): Promise<AttackStep> {
  let attacking = true;
  const statuses = new Map<number, number>();
  const attackers = Array.from({ length: addresses }, async (_, i) => {
    while (attacking) {
      const { status } = await timed(origin, attack.path, attackerAddress(i)).catch(() => ({ status: 0 }));
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  });
  // Let the attack reach its steady state before measuring.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const attacked = await victim(origin, runs);
  attacking = false;
  await Promise.all(attackers);
  return { addresses, attacked, statuses };
}

interface ServerRun {
  server: string;
  attack: Case & { ms: number };
  alone: VictimRun;
  steps: AttackStep[];
}

async function attackGrowth(
  server: string,
  env: Record<string, string>,
  attack: Case & { ms: number },
  opts: ReturnType<typeof options>,
): Promise<ServerRun> {
  const running = await startServer(opts.port, env);
  try {
    progressLine(`${server}: victim alone...`);
    const alone = await victim(running.origin, opts['victim-runs']);
    const steps: AttackStep[] = [];
    for (const addresses of opts.addresses) {
      progressLine(`${server}: victim while ${addresses} addresses loop "${attack.name}"...`);
      steps.push(await underAttack(running.origin, attack, addresses, opts['victim-runs']));
    }
    return { server, attack, alone, steps };
  } finally {
    await running.stop();
  }
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const unprotected = { FAIR_SHARE: 'off', COSTLY_SHARE: 'off' };
  const costServer = await startServer(opts.port, unprotected);
  const measured: Measured[] = [];
  let plain: { ms: number; status: number };
  try {
    plain = await sequential(costServer.origin, PLAIN.path, opts.runs * 2);
    for (const item of CASES) {
      const { ms, status } = await sequential(costServer.origin, item.path, opts.runs);
      const bytes = (await (await fetch(costServer.origin + item.path)).arrayBuffer()).byteLength;
      const url = new URL(item.path, costServer.origin);
      const query: Record<string, string | string[]> = {};
      for (const key of new Set(url.searchParams.keys())) {
        const all = url.searchParams.getAll(key);
        query[key] = all.length === 1 ? all[0]! : all;
      }
      const costly = requestCost(url.pathname, query) === 'costly';
      progressLine(`${item.name}: ${status}, ${ms.toFixed(1)} ms, ${costly ? 'costly' : 'cheap'}`);
      measured.push({ ...item, ms, status, bytes, costly });
    }
  } finally {
    await costServer.stop();
  }
  const accepted = measured.filter((m) => m.status < 400);
  const costliest = accepted.reduce((a, b) => (b.ms > a.ms ? b : a));
  const costliestCheap = accepted.filter((m) => !m.costly).reduce((a, b) => (b.ms > a.ms ? b : a));
  const runs = [
    await attackGrowth('no admission (FAIR_SHARE=off COSTLY_SHARE=off)', unprotected, costliest, opts),
    await attackGrowth('npm start', {}, costliest, opts),
    await attackGrowth('npm start', {}, costliestCheap, opts),
  ];
  const held = await heldConnections(opts);
  report(measured, plain, opts, runs);
  reportHeld(held, opts);
}

interface HeldSample {
  at: number;
  sockets: number;
  rss: number;
}

/** The server's open sockets and RSS while `held` silent and `held` unread connections are open. */
async function heldConnections(opts: ReturnType<typeof options>): Promise<HeldSample[]> {
  const running = await startServer(opts.port);
  const clients: Socket[] = [];
  try {
    const node = descendantRunning(running.pid, 'scripts/start.mjs')!;
    const sample = (at: number): HeldSample => ({
      at,
      sockets: openSockets(node),
      rss: processMemory(node)?.rss ?? Number.NaN,
    });
    const samples = [sample(0)];
    const { port } = new URL(running.origin);
    for (let i = 0; i < opts.held * 2; i++) {
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('error', () => {});
      if (i % 2 === 1) {
        socket.pause();
        socket.write('GET /export.json HTTP/1.1\r\nHost: x\r\n\r\n');
      }
      clients.push(socket);
    }
    progressLine(`holding ${opts.held} silent and ${opts.held} unread connections...`);
    const started = performance.now();
    for (const at of [2, 12, 35, 65]) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, at * 1000 - (performance.now() - started))));
      samples.push(sample(at));
    }
    return samples;
  } finally {
    for (const socket of clients) socket.destroy();
    await running.stop();
  }
}

/** Sockets a process has open (Linux): its listening socket and its connections. */
function openSockets(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
    } catch {
      return false;
    }
  }).length;
}

function reportHeld(samples: HeldSample[], opts: ReturnType<typeof options>): void {
  console.log(
    `\n${opts.held} connections that never send a byte and ${opts.held} that request /export.json and never read it, on \`npm start\`:\n`,
  );
  console.log('| seconds after opening | server sockets open | server RSS MB |\n|---:|---:|---:|');
  for (const { at, sockets, rss } of samples)
    console.log(`| ${at === 0 ? 'before' : at} | ${sockets} | ${rss.toFixed(0)} |`);
}

function report(
  measured: Measured[],
  plain: { ms: number },
  opts: ReturnType<typeof options>,
  runs: ServerRun[],
): void {
  console.log(
    `Node ${process.version}; plain query ${PLAIN.path}: median ${plain.ms.toFixed(2)} ms over ${opts.runs * 2} sequential requests (no admission).\n`,
  );
  console.log(
    '| request | URL chars | status | response KiB | median ms | × plain | class |\n|---|---:|---:|---:|---:|---:|---|',
  );
  for (const m of measured) {
    console.log(
      `| ${m.name} | ${m.path.length} | ${m.status} | ${(m.bytes / 1024).toFixed(1)} | ${m.ms.toFixed(2)} | ${(m.ms / plain.ms).toFixed(1)} | ${m.costly ? 'costly' : 'cheap'} |`,
    );
  }
  const accepted = measured.filter((m) => m.status < 400);
  const cheap = accepted.filter((m) => !m.costly).sort((a, b) => b.ms - a.ms);
  const costly = accepted.filter((m) => m.costly).sort((a, b) => b.ms - a.ms);
  console.log(
    `\nCostliest accepted request: ${costly[0]?.name ?? cheap[0]!.name}, ${((costly[0] ?? cheap[0]!).ms / plain.ms).toFixed(1)}× a plain query. Costliest request classed cheap: ${cheap[0]!.name}, ${(cheap[0]!.ms / plain.ms).toFixed(1)}×.`,
  );
  console.log(
    `\nVictim ${PLAIN.path} from ${VICTIM} (up to ${opts['victim-runs']} requests, 50 ms apart) alone, then while N other addresses (127.0.2.x) each loop one request:\n`,
  );
  console.log(
    "| server | attackers loop | addresses | victim p50 / p99 ms | p50 × alone | victim refused | attackers' responses |\n|---|---|---:|---:|---:|---:|---|",
  );
  for (const run of runs) {
    const alone = median(run.alone.samples);
    console.log(
      `| ${run.server} | (alone) | 0 | ${alone.toFixed(2)} / ${percentile(run.alone.samples, 99).toFixed(2)} | 1.00 | ${run.alone.refused} | |`,
    );
    for (const step of run.steps) {
      const p50 = median(step.attacked.samples);
      const statuses = [...step.statuses]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${count} × ${status}`)
        .join(', ');
      console.log(
        `| ${run.server} | ${run.attack.name} (${(run.attack.ms / plain.ms).toFixed(0)}×) | ${step.addresses} | ${p50.toFixed(2)} / ${percentile(step.attacked.samples, 99).toFixed(2)} | ${(p50 / alone).toFixed(2)} | ${step.attacked.refused} | ${statuses} |`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
