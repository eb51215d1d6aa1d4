// `npm run bench:http`: every page type under load, started exactly as the README says (`npm start`).
//
// For each page: the median of sequential single requests, then autocannon at 50 concurrent connections
// (req/s, p50, p99, errors, timeouts, non-2xx). Each page is read as a ratio to /api/search in the same
// run, because this machine is shared and absolute figures move with everyone else's load.
import autocannon from 'autocannon';
import { median, progressLine } from './measure.ts';
import { startServer } from './serve.ts';

const HELP = `Usage: npm run bench:http -- [--port 4150] [--duration 10] [--connections 50] [--only NAME] [--query Q]

Starts the app with \`npm start\` on --port, with the default settings, then measures every page type: the median of 30 sequential requests, and autocannon with --connections
concurrent connections for --duration seconds each. Prints a markdown table; progress goes to stderr
when it is a terminal. --only limits the run to the pages whose name contains NAME (the JSON API is
always measured, first and last, as the baseline). --query is what the search pages, the concordance,
trends and exports are asked (default "forced labor"; a question's page is mostly partial matches).`;

interface Options {
  port: number;
  duration: number;
  connections: number;
  only: string | null;
  query: string;
}

interface PageSpec {
  name: string;
  path: string;
  headers?: Record<string, string>;
}

/** The query whose first match gives the passage and reader pages their ids. */
const ID_QUERY = 'forced labor';
const SEQUENTIAL_RUNS = 30;
/** A request slower than this counts as a timeout (autocannon's default is 10 s, the measure). */
const TIMEOUT_S = 10;

function parseOptions(argv: string[]): Options {
  const options: Options = { port: 4150, duration: 10, connections: 50, only: null, query: ID_QUERY };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--help' || flag === '-h') {
      console.log(HELP);
      process.exit(0);
    }
    if (value === undefined) throw new Error(`${flag} needs a value.\n\n${HELP}`);
    if (flag === '--only') options.only = value;
    else if (flag === '--query') options.query = value;
    else if (flag === '--port' || flag === '--duration' || flag === '--connections') {
      const number = Number(value);
      if (!Number.isInteger(number) || number < 1)
        throw new Error(`${flag} must be a whole number from 1, not "${value}".`);
      options[flag.slice(2) as 'port' | 'duration' | 'connections'] = number;
    } else throw new Error(`Unknown option ${flag}.\n\n${HELP}`);
    i++;
  }
  return options;
}

/** The pages to measure; ids come from the running server, so the URLs are real ones. */
async function pages(origin: string, query: string): Promise<PageSpec[]> {
  const q = encodeURIComponent(query);
  const found = (await (await fetch(`${origin}/api/search?q=${encodeURIComponent(ID_QUERY)}&size=1`)).json()) as {
    results: Array<{ id: string; doc: string }>;
  };
  const first = found.results[0];
  if (!first) throw new Error(`"${ID_QUERY}" found nothing; the benchmark needs a match.`);
  const years = ((await (await fetch(`${origin}/api/docs`)).json()) as { documents: Array<{ year: number }> }).documents
    .map((d) => d.year)
    .sort();
  return [
    { name: 'JSON API /api/search', path: `/api/search?q=${q}` },
    { name: 'search page /search', path: `/search?q=${q}` },
    {
      name: 'htmx fragment /search',
      path: `/search?q=${q}`,
      headers: { 'HX-Request': 'true', 'HX-Target': 'div#search-results' },
    },
    { name: 'home /', path: '/' },
    { name: 'passage /p/:id', path: `/p/${encodeURIComponent(first.id)}` },
    { name: 'reader /docs/:id', path: `/docs/${encodeURIComponent(first.doc)}?q=${q}` },
    { name: 'trends /trends', path: `/trends?q=${q}&q=repatriation&by=section` },
    { name: 'concordance /kwic', path: `/kwic?q=${q}` },
    { name: 'compare /compare', path: `/compare?from=${years[0]}&to=${years.at(-1)}` },
    { name: 'recommendations', path: '/recommendations' },
    { name: 'export /export.csv', path: `/export.csv?q=${q}` },
    { name: 'export /export.json', path: `/export.json?q=${q}` },
    { name: 'citation /p/:id.bib', path: `/p/${encodeURIComponent(first.id)}.bib` },
  ];
}

async function sequentialMedian(origin: string, page: PageSpec): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < SEQUENTIAL_RUNS + 5; i++) {
    const started = performance.now();
    const response = await fetch(origin + page.path, { headers: page.headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${page.path}: HTTP ${response.status}`);
    if (i >= 5) samples.push(performance.now() - started);
  }
  return median(samples);
}

interface Measured {
  page: PageSpec;
  sequentialMs: number;
  result: autocannon.Result;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  // The default settings: the fair share leaves alone a client with no one else to wait for it, so the
  // 50 connections from this one address are measured as the server's capacity (bench:abuse measures
  // the share between two clients).
  const server = await startServer(options.port);
  const measured: Measured[] = [];
  try {
    progressLine(`npm start served after ${Math.round(server.startupMs)} ms`);
    const all = await pages(server.origin, options.query);
    // The JSON API first and again last: the baseline is their mean, and their difference shows how much
    // the machine's load drifted during the run.
    const chosen = [...all.filter((page, i) => i === 0 || !options.only || page.name.includes(options.only)), all[0]!];
    for (const page of chosen) {
      const sequentialMs = await sequentialMedian(server.origin, page);
      progressLine(
        `${page.name}: sequential median ${sequentialMs.toFixed(2)} ms; ${options.connections} connections for ${options.duration} s...`,
      );
      const result = await autocannon({
        url: server.origin + page.path,
        headers: page.headers,
        connections: options.connections,
        duration: options.duration,
        timeout: TIMEOUT_S,
      });
      progressLine(
        `  ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ${result.errors} errors, ${result.timeouts} timeouts`,
      );
      measured.push({ page, sequentialMs, result });
    }
  } finally {
    await server.stop();
  }
  report(measured, options, server.startupMs);
}

function report(measured: Measured[], options: Options, startupMs: number): void {
  const [first, last] = [measured[0]!, measured.at(-1)!];
  const api = {
    sequentialMs: (first.sequentialMs + last.sequentialMs) / 2,
    requestsPerSecond: (first.result.requests.average + last.result.requests.average) / 2,
  };
  console.log(
    `Node ${process.version}; \`npm start\` served after ${Math.round(startupMs)} ms; query "${options.query}"; ${options.connections} connections × ${options.duration} s per page.\n`,
  );
  console.log(
    '| page | sequential median ms | × API | req/s | × API | p50 ms | p99 ms | errors | timeouts | non-2xx |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const { page, sequentialMs, result } of measured) {
    const throughputRatio = result.requests.average / api.requestsPerSecond;
    console.log(
      `| ${page.name} | ${sequentialMs.toFixed(2)} | ${(sequentialMs / api.sequentialMs).toFixed(2)} | ${Math.round(result.requests.average)} | ${throughputRatio.toFixed(2)} | ${result.latency.p50} | ${result.latency.p99} | ${result.errors} | ${result.timeouts} | ${result.non2xx} |`,
    );
  }
  const pages = measured.slice(1, -1);
  const slowest = pages.reduce((a, b) => (b.result.requests.average < a.result.requests.average ? b : a), first);
  const drift = last.result.requests.average / first.result.requests.average;
  console.log(
    `\nRatios are to the mean of the two JSON API runs (the second ran at ${drift.toFixed(2)}× the first's throughput). ` +
      `Slowest under load: ${slowest.page.name} at ${(slowest.result.requests.average / api.requestsPerSecond).toFixed(2)}× the JSON API; ` +
      `errors ${pages.reduce((sum, m) => sum + m.result.errors, 0)}, timeouts ${pages.reduce((sum, m) => sum + m.result.timeouts, 0)}.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
