// `npm run bench:abuse`: what one short request can cost, and what one attacking client does to everyone
// else, on the app started exactly as the README says (`npm start`).
//
// Part 1 (FAIR_SHARE=off, to measure cost): each worst case found (DESIGN.md, "Bounded work per
// request") against a plain query, as the median of sequential requests and its ratio. Part 2: a victim
// searching for Dandong, alone and while another client loops the costliest accepted request, with and
// without each client's fair share; the victim's p50 ratio is the figure to read.
import http from 'node:http';
import { median, percentile, progressLine } from './measure.ts';
import { startServer } from './serve.ts';

const HELP = `Usage: npm run bench:abuse -- [--port 4160] [--runs 15] [--victim-runs 200]

Starts the app with \`FAIR_SHARE=off npm start\` on --port and prints, for each expensive request found,
its status and median time over --runs sequential requests as a ratio to a plain query. Then measures
--victim-runs plain queries (50 ms apart) alone and while another client loops the costliest accepted
request: on that server, and again on plain \`npm start\` (each client a share of the server's time).`;

interface Case {
  name: string;
  path: string;
}

const repeat = (text: string, times: number, separator = ' ') => Array.from({ length: times }, () => text).join(separator);
const LONG_WORDS = ['trafficking', 'repatriation', 'government', 'prosecution', 'protection', 'prevention', 'authorities', 'workers', 'overseas', 'victims', 'identified', 'reported', 'laborers', 'detention', 'punishment', 'sentenced'];
const PREFIXES = ['co', 're', 'pr', 'st', 'in', 'de', 'tr', 'fo', 'pa', 'ma', 'ca', 'se', 'wo', 'go', 'vi', 'ex', 'di', 'la', 'ch', 'su', 'pe', 'me', 'ha', 'ac', 'ad', 'al', 'an', 'ar', 'as', 'be', 'bo', 'ci'];
const q = (query: string) => encodeURIComponent(query);

const PLAIN: Case = { name: 'plain query (Dandong)', path: '/api/search?q=Dandong' };

const CASES: Case[] = [
  { name: '31 × year:0000..9999', path: `/api/search?q=${q(repeat('year:0000..9999', 31))}` },
  { name: 'trends: 6 × (31 year ranges) by section', path: `/trends?${Array.from({ length: 6 }, () => `q=${q(repeat('year:0000..9999', 31))}`).join('&')}&by=section` },
  { name: '32 fuzzy long words', path: `/api/search?q=${q([...LONG_WORDS, ...LONG_WORDS].map((w) => `${w}~`).join(' OR '))}` },
  { name: '32 two-letter prefixes OR, 100 per page', path: `/api/search?q=${q(PREFIXES.map((p) => `${p}*`).join(' OR '))}&size=100` },
  { name: 'search page: 32 prefixes OR, 100 per page', path: `/search?q=${q(PREFIXES.map((p) => `${p}*`).join(' OR '))}&size=100` },
  { name: '32 negated groups OR', path: `/api/search?q=${q(PREFIXES.map((p) => `(-${p}*)`).join(' OR '))}` },
  { name: 'nested groups, 32 deep', path: `/api/search?q=${q(`${'('.repeat(31)}labor${' OR labor)'.repeat(31)}`)}` },
  { name: 'no match + 2,000 year filters (refused)', path: `/api/search?q=zzqqxx&year=${Array.from({ length: 2000 }, (_, i) => 1000 + i).join(',')}` },
  { name: 'no match + 50 year filters (hints)', path: `/api/search?q=zzqqxx&year=${Array.from({ length: 50 }, (_, i) => 1980 + i).join(',')}` },
  { name: 'no match, 32 unknown words (suggestions)', path: `/api/search?q=${q(Array.from({ length: 32 }, (_, i) => `xqzvbn${String.fromCharCode(97 + (i % 26))}k`).join(' '))}` },
  { name: 'concordance: 32 prefixes OR', path: `/kwic?q=${q(PREFIXES.map((p) => `${p}*`).join(' OR '))}` },
  { name: 'concordance CSV: 32 prefixes OR', path: `/kwic.csv?q=${q(PREFIXES.map((p) => `${p}*`).join(' OR '))}` },
  { name: 'reader: 32 prefixes OR highlighted', path: `/docs/2025-tip?q=${q(PREFIXES.map((p) => `${p}*`).join(' OR '))}` },
  { name: 'export everything as JSON', path: '/export.json' },
  { name: 'export 32 prefixes as CSV', path: `/export.csv?q=${q(PREFIXES.map((p) => `${p}*`).join(' OR '))}` },
  { name: 'trends: 6 × 32 prefixes by section', path: `/trends?${Array.from({ length: 6 }, () => `q=${q(PREFIXES.map((p) => `${p}*`).join(' OR '))}`).join('&')}&by=section` },
  { name: 'phrases of common words × 16', path: `/api/search?q=${q(repeat('"of the"', 16, ' OR '))}` },
  { name: 'citations file, 200 ids', path: `/export/citations.bib?${Array.from({ length: 200 }, () => 'id=2025-tip-trafficking-profile-p6-s3').join('&')}` },
];

function options(argv: string[]) {
  const values = { port: 4160, runs: 15, 'victim-runs': 200 };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    if (flag === '--help' || flag === '-h') {
      console.log(HELP);
      process.exit(0);
    }
    const name = flag.replace(/^--/, '') as keyof typeof values;
    const value = Number(argv[i + 1]);
    if (!(name in values) || !Number.isInteger(value) || value < 1) throw new Error(`Bad option ${flag} ${argv[i + 1] ?? ''}\n\n${HELP}`);
    values[name] = value;
  }
  return values;
}

/**
 * One request from a given local address. The loopback network is all of 127.0.0.0/8, so the attacker
 * (127.0.0.2) and the victim (127.0.0.3) reach the server as two clients, as two people would.
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

const agent = new http.Agent({ keepAlive: true });

const p99 = (samples: number[]) => percentile(samples, 99);

async function sequential(origin: string, path: string, runs: number): Promise<{ ms: number; status: number }> {
  const { status } = await timed(origin, path);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push((await timed(origin, path)).ms);
  return { ms: median(samples), status };
}

async function victimLatencies(origin: string, runs: number): Promise<{ samples: number[]; refused: number }> {
  const samples: number[] = [];
  let refused = 0;
  for (let i = 0; i < runs; i++) {
    const { ms, status } = await timed(origin, PLAIN.path, VICTIM);
    samples.push(ms);
    if (status !== 200) refused++;
    // Space the victim's requests out, as a person's are (even typing into live search, 300 ms apart):
    // the victim should not be the one saturating the server.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { samples, refused };
}

const ATTACKER = '127.0.0.2';
const VICTIM = '127.0.0.3';

/** The victim alone, then while one client loops `attack`. */
async function underAttack(origin: string, attack: Case, runs: number) {
  const alone = await victimLatencies(origin, runs);
  let attacking = true;
  const attackStatuses = new Map<number, number>();
  const attacker = (async () => {
    while (attacking) {
      const { status } = await timed(origin, attack.path, ATTACKER);
      attackStatuses.set(status, (attackStatuses.get(status) ?? 0) + 1);
    }
  })();
  const attacked = await victimLatencies(origin, runs);
  attacking = false;
  await attacker;
  return { alone, attacked, attackStatuses };
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  // Part 1 measures what each request costs, so no client is limited (FAIR_SHARE=off).
  const unlimited = await startServer(opts.port, { FAIR_SHARE: 'off' });
  const measured: Array<Case & { ms: number; status: number; bytes: number }> = [];
  let plain: { ms: number; status: number };
  let unlimitedAttack: Awaited<ReturnType<typeof underAttack>>;
  try {
    plain = await sequential(unlimited.origin, PLAIN.path, opts.runs * 2);
    for (const item of CASES) {
      const { ms, status } = await sequential(unlimited.origin, item.path, opts.runs);
      const bytes = (await (await fetch(unlimited.origin + item.path)).arrayBuffer()).byteLength;
      progressLine(`${item.name}: ${status}, ${ms.toFixed(1)} ms`);
      measured.push({ ...item, ms, status, bytes });
    }
    progressLine('victim alone, then under attack, FAIR_SHARE=off...');
    unlimitedAttack = await underAttack(unlimited.origin, worstOf(measured), opts['victim-runs']);
  } finally {
    await unlimited.stop();
  }
  // Part 2: the same attack on the app as documented (`npm start`, each client a share of the server).
  const documented = await startServer(opts.port);
  let fairAttack: Awaited<ReturnType<typeof underAttack>>;
  try {
    progressLine('victim alone, then under attack, as npm start runs it...');
    fairAttack = await underAttack(documented.origin, worstOf(measured), opts['victim-runs']);
  } finally {
    await documented.stop();
  }
  report(measured, plain, opts, [
    ['FAIR_SHARE=off', unlimitedAttack],
    ['npm start (FAIR_SHARE 0.25)', fairAttack],
  ]);
}

function worstOf(measured: Array<Case & { ms: number; status: number }>): Case & { ms: number } {
  return measured.filter((m) => m.status < 400).reduce((a, b) => (b.ms > a.ms ? b : a));
}

function report(
  measured: Array<Case & { ms: number; status: number; bytes: number }>,
  plain: { ms: number },
  opts: ReturnType<typeof options>,
  attacks: Array<[string, Awaited<ReturnType<typeof underAttack>>]>,
): void {
  console.log(`Node ${process.version}; plain query ${PLAIN.path}: median ${plain.ms.toFixed(2)} ms over ${opts.runs * 2} sequential requests.\n`);
  console.log('| request | URL chars | status | response KiB | median ms | × plain |\n|---|---:|---:|---:|---:|---:|');
  for (const m of measured) {
    console.log(`| ${m.name} | ${m.path.length} | ${m.status} | ${(m.bytes / 1024).toFixed(1)} | ${m.ms.toFixed(2)} | ${(m.ms / plain.ms).toFixed(1)} |`);
  }
  const worst = worstOf(measured);
  console.log(`\nCostliest accepted request: ${worst.name}, ${(worst.ms / plain.ms).toFixed(1)}× a plain query. Victim ${PLAIN.path} (${opts['victim-runs']} requests, 50 ms apart) while one other client loops it:\n`);
  console.log('| server | victim alone p50 / p99 ms | under attack p50 / p99 ms | p50 × | victim refused | attacker\'s responses |\n|---|---:|---:|---:|---:|---|');
  for (const [name, { alone, attacked, attackStatuses }] of attacks) {
    const statuses = [...attackStatuses].map(([status, count]) => `${count} × ${status}`).join(', ');
    console.log(`| ${name} | ${median(alone.samples).toFixed(2)} / ${p99(alone.samples).toFixed(2)} | ${median(attacked.samples).toFixed(2)} / ${p99(attacked.samples).toFixed(2)} | ${(median(attacked.samples) / median(alone.samples)).toFixed(2)} | ${alone.refused + attacked.refused} | ${statuses} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
