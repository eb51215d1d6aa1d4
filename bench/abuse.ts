// `npm run bench:abuse`: what one short request can cost, and what one attacking client does to everyone
// else, on the app started exactly as the README says (`npm start`).
//
// Part 1: each worst case found (DESIGN.md, "Bounded work per request") against a plain query, as the
// median of sequential requests and its ratio. Part 2: a victim searching for Dandong, alone and while
// one client sends the costliest accepted request in a loop; the victim's p50 ratio is the figure to read.
import { startServer } from './serve.ts';

const HELP = `Usage: npm run bench:abuse -- [--port 4160] [--runs 15] [--victim-runs 200]

Starts the app with \`npm start\` on --port. Prints, for each expensive request found, its status and
median time over --runs sequential requests as a ratio to a plain query; then the median and p99 of
--victim-runs plain queries alone and under one client looping the costliest request.`;

interface Case {
  name: string;
  path: string;
}

const repeat = (text: string, times: number, separator = ' ') => Array.from({ length: times }, () => text).join(separator);
const LONG_WORDS = ['trafficking', 'repatriation', 'government', 'prosecution', 'protection', 'prevention', 'authorities', 'workers', 'overseas', 'victims', 'identified', 'reported', 'laborers', 'detention', 'punishment', 'sentenced'];
const PREFIXES = ['co', 're', 'pr', 'st', 'in', 'de', 'tr', 'fo', 'pa', 'ma', 'ca', 'se', 'wo', 'go', 'vi', 'ex', 'di', 'la', 'ch', 'su', 'pe', 'me', 'ha', 'ac', 'ad', 'al', 'an', 'ar', 'as', 'be', 'bo', 'ci'];
const q = (query: string) => encodeURIComponent(query);

export const PLAIN: Case = { name: 'plain query (Dandong)', path: '/api/search?q=Dandong' };

export const CASES: Case[] = [
  { name: '31 × year:0000..9999', path: `/api/search?q=${q(repeat('year:0000..9999', 31))}` },
  { name: 'trends: 6 × (31 year ranges) by section', path: `/trends?${Array.from({ length: 6 }, () => `q=${q(repeat('year:0000..9999', 31))}`).join('&')}&by=section` },
  { name: '32 fuzzy long words', path: `/api/search?q=${q([...LONG_WORDS, ...LONG_WORDS].map((w) => `${w}~`).join(' OR '))}` },
  { name: '32 two-letter prefixes OR, 100 per page', path: `/api/search?q=${q(PREFIXES.map((p) => `${p}*`).join(' OR '))}&size=100` },
  { name: 'search page: 32 prefixes OR, 100 per page', path: `/search?q=${q(PREFIXES.map((p) => `${p}*`).join(' OR '))}&size=100` },
  { name: '32 negated groups OR', path: `/api/search?q=${q(PREFIXES.map((p) => `(-${p}*)`).join(' OR '))}` },
  { name: 'nested groups, 32 deep', path: `/api/search?q=${q(`${'('.repeat(31)}labor${' OR labor)'.repeat(31)}`)}` },
  { name: 'no match + 2,000 year filters (hints)', path: `/api/search?q=zzqqxx&year=${Array.from({ length: 2000 }, (_, i) => 1000 + i).join(',')}` },
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

async function timed(origin: string, path: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const response = await fetch(origin + path);
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
const p99 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))]!;

async function sequential(origin: string, path: string, runs: number): Promise<{ ms: number; status: number }> {
  const { status } = await timed(origin, path);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push((await timed(origin, path)).ms);
  return { ms: median(samples), status };
}

const progress = (line: string) => {
  if (process.stderr.isTTY) process.stderr.write(`${line}\n`);
};

async function victimLatencies(origin: string, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push((await timed(origin, PLAIN.path)).ms);
    // Space the victim's requests out, as a person's are: it should not be the one saturating the server.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return samples;
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const server = await startServer(opts.port);
  try {
    const plain = await sequential(server.origin, PLAIN.path, opts.runs * 2);
    const measured: Array<Case & { ms: number; status: number; bytes: number }> = [];
    for (const item of CASES) {
      const { ms, status } = await sequential(server.origin, item.path, opts.runs);
      const bytes = (await (await fetch(server.origin + item.path)).arrayBuffer()).byteLength;
      progress(`${item.name}: ${status}, ${ms.toFixed(1)} ms`);
      measured.push({ ...item, ms, status, bytes });
    }
    console.log(`Node ${process.version}; plain query ${PLAIN.path}: median ${plain.ms.toFixed(2)} ms over ${opts.runs * 2} sequential requests.\n`);
    console.log('| request | URL chars | status | response KiB | median ms | × plain |\n|---|---:|---:|---:|---:|---:|');
    for (const m of measured) {
      console.log(`| ${m.name} | ${m.path.length} | ${m.status} | ${(m.bytes / 1024).toFixed(1)} | ${m.ms.toFixed(2)} | ${(m.ms / plain.ms).toFixed(1)} |`);
    }
    const accepted = measured.filter((m) => m.status < 400);
    const worst = accepted.reduce((a, b) => (b.ms > a.ms ? b : a));
    progress(`victim alone, then under one client looping "${worst.name}"...`);
    const alone = await victimLatencies(server.origin, opts['victim-runs']);
    let attacking = true;
    let attacks = 0;
    const attacker = (async () => {
      while (attacking) {
        await timed(server.origin, worst.path);
        attacks++;
      }
    })();
    const underAttack = await victimLatencies(server.origin, opts['victim-runs']);
    attacking = false;
    await attacker;
    console.log(`\nVictim ${PLAIN.path}, ${opts['victim-runs']} requests: alone p50 ${median(alone).toFixed(2)} ms, p99 ${p99(alone).toFixed(2)} ms; ` +
      `under one client looping "${worst.name}" (${attacks} requests) p50 ${median(underAttack).toFixed(2)} ms, p99 ${p99(underAttack).toFixed(2)} ms: ` +
      `p50 × ${(median(underAttack) / median(alone)).toFixed(2)}. Costliest accepted request: ${(worst.ms / plain.ms).toFixed(1)}× a plain query.`);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
