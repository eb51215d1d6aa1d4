// The importer refuses hostile input cleanly: every case below once ended in a stack trace, a hang, a
// fetch of an internal address or gigabytes of memory (issue 22). Each now ends in one ImportError naming
// the input and the limit, with nothing written; the command prints it as one line and exits 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fetchUrl } from '../server/import/fetch-url.ts';
import { isPublicAddress } from '../server/ip-address.ts';
import { importNarrative } from '../server/import/import.ts';
import { ImportError } from '../server/import/import-error.ts';
import { IMPORT_LIMITS, type ImportLimits } from '../server/import/limits.ts';
import { temporaryCollection } from './support/narratives.ts';
import { ROOT, SEEDS } from './support/corpus.ts';

const run = promisify(execFile);
const NARRATIVE = readFileSync(join(SEEDS, '2025-tip-report-north-korea-state-gov.txt'));

/** A server answering each path with its own handler; requests are logged to see what was reached. */
async function listen(
  routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void>,
): Promise<{ server: Server; origin: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createHttpServer((req, res) => {
    hits.push(req.url!);
    const route = routes[req.url!.replace(/\?.*$/, '')];
    if (route) route(req, res);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, hits };
}

const close = (server: Server | TcpServer) => new Promise<void>((resolve) => server.close(() => resolve()));

/** The ImportError an import or fetch fails with (the test fails if it succeeds or fails otherwise). */
async function refusal(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  const message = (error as ImportError).message;
  expect(message).not.toContain('\n');
  return message;
}

const limits = (overrides: Partial<ImportLimits>): ImportLimits => ({ ...IMPORT_LIMITS, ...overrides });

let folder: string;
/** A collection without the 2025 report, for dry runs (which write nothing). */
let spare: ReturnType<typeof temporaryCollection>;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'tip-import-limits-'));
  spare = temporaryCollection(['2025-tip']);
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
  spare.remove();
});

describe('fetching an address with a server that stalls', () => {
  let tcp: TcpServer;
  let tcpOrigin: string;
  const sockets = new Set<Socket>();
  let web: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    // A raw server for what no HTTP library would send: a header trickled a byte at a time, or silence.
    tcp = createTcpServer((socket) => {
      sockets.add(socket);
      socket.once('data', (request) => {
        if (!request.toString().startsWith('GET /slow-header')) return;
        const header = `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padding: ${'x'.repeat(1000)}`;
        let sent = 0;
        const drip = setInterval(
          () => (socket.destroyed || sent >= header.length ? clearInterval(drip) : socket.write(header[sent++]!)),
          50,
        );
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    tcpOrigin = `http://127.0.0.1:${(tcp.address() as { port: number }).port}`;
    web = await listen({
      '/trickle.txt': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write('x')), 50);
      },
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await close(tcp);
    web.server.closeAllConnections();
    await close(web.server);
  });

  it('gives up on a body that trickles when the total deadline passes', async () => {
    const started = performance.now();
    const message = await refusal(fetchUrl(`${web.origin}/trickle.txt`, limits({ fetchMs: 1000 })));
    expect(message).toBe(`${web.origin}/trickle.txt: took longer than 1 s to download`);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('gives up on a header sent a byte at a time when the total deadline passes', async () => {
    const message = await refusal(fetchUrl(`${tcpOrigin}/slow-header`, limits({ fetchMs: 1000 })));
    expect(message).toBe(`${tcpOrigin}/slow-header: took longer than 1 s to download`);
  });

  it('gives up on a server that accepts the connection and sends nothing', async () => {
    const message = await refusal(fetchUrl(`${tcpOrigin}/silence`, limits({ fetchIdleMs: 500 })));
    expect(message).toBe(`${tcpOrigin}/silence: sent nothing for 0.5 s`);
  });
});

describe('fetching an address that sends too much', () => {
  let web: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    web = await listen({
      // About 0.3 MB on the wire that inflates to 300 MB of zeros, produced as fast as it is read.
      '/bomb.txt': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
        const zeros = Buffer.alloc(1024 * 1024);
        let left = 300;
        const source = new Readable({ read: () => source.push(left-- > 0 ? zeros : null) });
        source.pipe(createGzip()).pipe(res);
        res.on('close', () => source.destroy());
      },
      '/endless.txt': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
      },
      '/declared.pdf': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(300 * 1024 * 1024) });
        res.write('%PDF-');
      },
      '/zstd.txt': (_req, res) =>
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'zstd' }).end('x'),
    });
  });
  afterAll(async () => {
    web.server.closeAllConnections();
    await close(web.server);
  });

  it('stops decompressing a gzip bomb at the byte cap, holding no more than the cap', async () => {
    const before = process.memoryUsage().rss;
    const message = await refusal(fetchUrl(`${web.origin}/bomb.txt`));
    expect(message).toBe(
      `${web.origin}/bomb.txt: decompresses to more than the 200 MB an import reads (a compression bomb?)`,
    );
    // Issue 22 measured a 3.3 GB peak for a 1 MB bomb.
    expect(process.memoryUsage().rss - before).toBeLessThan(600 * 1024 * 1024);
  });

  it('stops reading a body with no length at the byte cap', async () => {
    const message = await refusal(fetchUrl(`${web.origin}/endless.txt`, limits({ inputBytes: 1024 * 1024 })));
    expect(message).toBe(`${web.origin}/endless.txt: is larger than the 1 MB an import reads`);
  });

  it('refuses a body whose declared length is over the cap before reading it', async () => {
    const message = await refusal(fetchUrl(`${web.origin}/declared.pdf`));
    expect(message).toBe(`${web.origin}/declared.pdf: is 300 MB, more than the 200 MB an import reads`);
  });

  it('refuses a content encoding it cannot bound', async () => {
    expect(await refusal(fetchUrl(`${web.origin}/zstd.txt`))).toMatch(/answered in the content encoding "zstd"/);
  });
});

describe('redirects', () => {
  let site: Awaited<ReturnType<typeof listen>>;
  let internal: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    // Another origin on this machine (another port), standing for an admin interface nobody outside should reach.
    internal = await listen({
      '/admin/secrets': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(NARRATIVE),
    });
    const to = (location: () => string) => (_req: IncomingMessage, res: ServerResponse) =>
      res.writeHead(302, { location: location() }).end();
    site = await listen({
      '/moved.txt': to(() => '/reports/2025.txt'),
      '/reports/2025.txt': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(NARRATIVE),
      '/to-admin': to(() => `${internal.origin}/admin/secrets`),
      '/to-localhost': to(() => `${internal.origin.replace('127.0.0.1', 'localhost')}/admin/secrets`),
      '/to-mapped': to(() => `${internal.origin.replace('127.0.0.1', '[::ffff:127.0.0.1]')}/admin/secrets`),
      '/to-metadata': to(() => 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'),
      '/to-file': to(() => 'file:///etc/passwd'),
      '/loop': to(() => '/loop'),
    });
  });
  afterAll(async () => {
    await close(site.server);
    await close(internal.server);
  });

  it('follows a redirect within the same origin', async () => {
    const { bytes, finalUrl } = await fetchUrl(`${site.origin}/moved.txt`);
    expect(Buffer.from(bytes).equals(NARRATIVE)).toBe(true);
    expect(finalUrl).toBe(`${site.origin}/reports/2025.txt`);
  });

  const refused = [
    { name: 'a loopback address of another origin (another port)', path: '/to-admin', address: '127.0.0.1' },
    { name: 'a name of another origin resolving to loopback', path: '/to-localhost', address: /127\.0\.0\.1|::1/ },
    { name: 'an IPv4-mapped IPv6 loopback address', path: '/to-mapped', address: '::ffff:7f00:1' },
    { name: 'the link-local metadata address 169.254.169.254', path: '/to-metadata', address: '169.254.169.254' },
  ];
  it.each(refused)('refuses a redirect to $name, without connecting to it', async ({ path, address }) => {
    const before = internal.hits.length;
    const message = await refusal(fetchUrl(`${site.origin}${path}`));
    expect(message).toMatch(
      new RegExp(
        `^${site.origin}${path}: redirects to \\S+ \\((${typeof address === 'string' ? address.replace(/\./g, '\\.') : address.source})\\), an internal address of another origin; only redirects within ${site.origin} or to public addresses are followed$`,
      ),
    );
    expect(internal.hits.length).toBe(before);
  });

  it('refuses a redirect to a scheme other than http(s), and a redirect loop', async () => {
    expect(await refusal(fetchUrl(`${site.origin}/to-file`))).toBe(
      `${site.origin}/to-file: redirects to a file: address, which is not fetched`,
    );
    expect(await refusal(fetchUrl(`${site.origin}/loop`))).toBe(`${site.origin}/loop: redirects more than 5 times`);
  });
});

describe('isPublicAddress', () => {
  const cases = [
    { address: '93.184.216.34', expected: true },
    { address: '2606:2800:220:1:248:1893:25c8:1946', expected: true },
    { address: '127.0.0.1', expected: false },
    { address: '127.0.2.7', expected: false },
    { address: '10.1.2.3', expected: false },
    { address: '172.16.0.1', expected: false },
    { address: '172.32.0.1', expected: true },
    { address: '192.168.1.1', expected: false },
    { address: '169.254.169.254', expected: false },
    { address: '100.64.0.1', expected: false },
    { address: '0.0.0.0', expected: false },
    { address: '224.0.0.1', expected: false },
    { address: '::1', expected: false },
    { address: '::', expected: false },
    { address: 'fe80::1', expected: false },
    { address: 'fd00::1', expected: false },
    { address: '::ffff:127.0.0.1', expected: false },
    { address: '::ffff:8.8.8.8', expected: true },
    { address: '64:ff9b::a9fe:a9fe', expected: false },
    { address: '2002:c0a8:0101::1', expected: false },
    { address: 'not an address', expected: false },
  ];
  it.each(cases)('$address is public: $expected', ({ address, expected }) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('importing from a file, a pipe or a device', () => {
  it('refuses /dev/zero at the byte cap instead of reading forever', async () => {
    expect(await refusal(importNarrative({ input: '/dev/zero', paths: spare.paths, dryRun: true }))).toBe(
      '/dev/zero: holds more than the 200 MB an import reads',
    );
  });

  it('reads a named pipe, and refuses one that sends more than the cap', async () => {
    for (const [name, content, cap] of [
      ['pipe.txt', NARRATIVE, IMPORT_LIMITS.inputBytes],
      ['long-pipe.txt', Buffer.concat(Array(40).fill(NARRATIVE)), 256 * 1024],
    ] as const) {
      const fifo = join(folder, name);
      await run('mkfifo', [fifo]);
      const writer = spawn('sh', ['-c', `cat > "${fifo}"`], { stdio: ['pipe', 'ignore', 'ignore'] });
      writer.stdin.on('error', () => {});
      writer.stdin.end(content);
      try {
        const work = importNarrative({ input: fifo, paths: spare.paths, dryRun: true, limits: { inputBytes: cap } });
        if (name === 'pipe.txt') expect((await work).entry.id).toBe('2025-tip');
        else expect(await refusal(work)).toBe(`${fifo}: holds more than the 256 KB an import reads`);
      } finally {
        writer.kill();
        // Nothing else may open it: opening a pipe nobody reads from blocks.
        rmSync(fifo);
      }
    }
  });

  it('refuses a file larger than the cap from its size, without reading it', async () => {
    const huge = join(folder, 'huge.pdf');
    writeFileSync(huge, '%PDF-1.7\n');
    truncateSync(huge, 300 * 1024 * 1024);
    expect(await refusal(importNarrative({ input: huge, paths: spare.paths, dryRun: true }))).toBe(
      `${huge}: is 300 MB, more than the 200 MB an import reads`,
    );
  });

  it('refuses a text larger than any report', async () => {
    const big = join(folder, 'big.txt');
    writeFileSync(big, Buffer.alloc(21 * 1024 * 1024, 'North Korea. '));
    expect(await refusal(importNarrative({ input: big, paths: spare.paths, dryRun: true }))).toBe(
      `${big}: is a text of 21 MB, more than the 20 MB an imported text may be (a full report as text is a few MB)`,
    );
  });

  it('refuses a chapter larger than the chapter-size limit, naming the limit', async () => {
    const long = join(folder, 'long-chapter.txt');
    const paragraph =
      'The Government of North Korea does not fully meet the minimum standards for the elimination of trafficking.\n\n';
    writeFileSync(
      long,
      `NORTH KOREA (Tier 3)\n\n${paragraph.repeat(Math.ceil((1.2 * 1024 * 1024) / paragraph.length))}`,
    );
    const message = await refusal(importNarrative({ input: long, paths: spare.paths, dryRun: true }));
    expect(message).toMatch(
      /long-chapter\.txt: the chapter "NORTH KOREA" is 1\.\d MB of text, more than the chapter-size limit of 1 MB; a country narrative is well under that$/,
    );
  });
});

describe('reading a hostile web page', () => {
  const nested = (depth: number) =>
    `<!doctype html><html><body>${'<div>'.repeat(depth)}<p>North Korea (Tier 3) trafficking.</p>${'</div>'.repeat(depth)}</body></html>`;

  it('refuses HTML nested 3,000 deep with one line instead of a RangeError', async () => {
    const file = join(folder, 'deep.html');
    writeFileSync(file, nested(3000));
    expect(await refusal(importNarrative({ input: file, paths: spare.paths, dryRun: true }))).toBe(
      `deep.html: has elements nested more than 200 deep, past the nesting limit for a web page (report pages nest a few dozen deep at most)`,
    );
  });

  it('stops reading a page that takes longer than the time limit', async () => {
    const file = join(folder, 'slow.html');
    // 1,000 deep took 18 s in issue 22's probe: allowed by the nesting limit here, stopped by the deadline.
    writeFileSync(file, nested(1000));
    const started = performance.now();
    const message = await refusal(
      importNarrative({ input: file, paths: spare.paths, dryRun: true, limits: { htmlDepth: 5000, htmlMs: 1000 } }),
    );
    expect(message).toBe('slow.html: took longer than 1 s to read as a web page, the limit for one page');
    expect(performance.now() - started).toBeLessThan(8000);
  });

  it('stops reading a page that needs more memory than its thread may take', async () => {
    const file = join(folder, 'wide.html');
    writeFileSync(
      file,
      `<!doctype html><html><body>${'<p>North Korea (Tier 3) trafficking, a paragraph of some length.</p>'.repeat(100_000)}</body></html>`,
    );
    const message = await refusal(
      importNarrative({ input: file, paths: spare.paths, dryRun: true, limits: { htmlHeapMb: 64 } }),
    );
    expect(message).toBe('wide.html: needs more than the 64 MB of memory a web page may take to read');
  });
});

describe('addresses as stored and cited', () => {
  let site: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    const text = (_req: IncomingMessage, res: ServerResponse) =>
      res.writeHead(200, { 'content-type': 'text/plain' }).end(NARRATIVE);
    site = await listen({ '/reports/dprk%ZZ.txt': text, '/y': text });
  });
  afterAll(() => close(site.server));

  it('keeps a malformed escape (%ZZ) in the name as written instead of failing', async () => {
    const report = await importNarrative({
      input: `${site.origin}/reports/dprk%ZZ.txt`,
      paths: spare.paths,
      dryRun: true,
    });
    expect(report.entry.originalName).toBe('dprk%ZZ.txt');
  });

  it('stores the address normalized, and braces in it cannot add fields to the BibTeX entry', async () => {
    const held = temporaryCollection(['2025-tip']);
    try {
      const hostile = `${site.origin.replace('http', 'HTTP')}/./y?},annote={INJECTED},x={`;
      const report = await importNarrative({ input: hostile, paths: held.paths });
      expect(report.entry.url).toBe(new URL(hostile).href);
      expect(report.entry.url).toBe(`${site.origin}/y?},annote={INJECTED},x={`);
      const { createApp } = await import('../server/web/app.ts');
      const { openLibrary } = await import('../server/indexer/library-store.ts');
      const request = (await import('supertest')).default;
      const app = createApp({ library: () => openLibrary(held.paths, () => {}) });
      const bib = (
        await request(app)
          .get('/p/2025-tip-trafficking-profile-p6-s3.bib')
          .buffer(true)
          .parse((res, done) => {
            let data = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (data += chunk));
            res.on('end', () => done(null, data));
          })
      ).body as string;
      // The deep link adds its text fragment to the stored address.
      expect(bib).toContain(`  url = {${site.origin}/y?%7D,annote=%7BINJECTED%7D,x=%7B#:~:text=`);
      expect(bib.match(/^ {2}annote = /gm)).toHaveLength(1);
      expect(bib).not.toMatch(/annote = \{INJECTED/);
    } finally {
      held.remove();
    }
  });
});

describe('npm run import prints every refusal as one line', () => {
  let site: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    site = await listen({
      '/to-metadata': (_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    });
  });
  afterAll(() => close(site.server));

  async function cli(input: string) {
    const held = temporaryCollection();
    try {
      await run(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/import.ts', input, '--collection', held.paths.root], {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1' },
      });
      return { status: 0, stderr: '' };
    } catch (error) {
      const failed = error as { code: number; stderr: string };
      return { status: failed.code, stderr: failed.stderr };
    } finally {
      held.remove();
    }
  }

  it.each([
    { input: () => '/dev/zero', line: 'import failed: /dev/zero: holds more than the 200 MB an import reads' },
    {
      input: () => join(folder, 'deep-cli.html'),
      line: /^import failed: deep-cli\.html: has elements nested more than 200 deep/,
    },
    {
      input: () => `${site.origin}/to-metadata`,
      line: /^import failed: http:\/\/127\.0\.0\.1:\d+\/to-metadata: redirects to http:\/\/169\.254\.169\.254 \(169\.254\.169\.254\)/,
    },
  ])('$line', async ({ input, line }) => {
    writeFileSync(join(folder, 'deep-cli.html'), `<html><body>${'<div>'.repeat(3000)}x</body></html>`);
    const { status, stderr } = await cli(input());
    expect(status).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
