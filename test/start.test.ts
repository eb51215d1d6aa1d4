// `npm start` runs the server compiled into one module (scripts/start.mjs), not the sources through tsx:
// this checks that what it serves is always the sources as they are. A copy of the repository's server
// (with node_modules linked package by package, so the compiled module's cache is the copy's own) is
// started, a source is edited (the entry, and a module it imports), and the next start must run the
// edited code; an unchanged start must not compile again. The views are compiled with it
// (server/web/compiled-views.ts): every page type must be the HTML pug renders from the same view, and an
// edited view must be what the next start serves.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/corpus.ts';
import { http } from './support/app.ts';
import { startServer } from './support/processes.ts';

const copy = mkdtempSync(join(tmpdir(), 'tip-start-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

for (const path of [
  'server',
  'scripts/start.mjs',
  'scripts/early-checks.mjs',
  'package.json',
  'words',
  'public',
  'views',
])
  cpSync(join(ROOT, path), join(copy, path), { recursive: true });
mkdirSync(join(copy, 'node_modules'));
for (const entry of readdirSync(join(ROOT, 'node_modules')))
  if (entry !== '.cache') symlinkSync(join(ROOT, 'node_modules', entry), join(copy, 'node_modules', entry));

const bundle = join(copy, 'node_modules', '.cache', 'tip-server', 'main.mjs');
const start = () => {
  const run = spawnSync(process.execPath, ['scripts/start.mjs', '--help'], { cwd: copy, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
};

describe('npm start (scripts/start.mjs)', () => {
  it('compiles the server on the first start and runs it', () => {
    expect(start()).toMatch(/^Usage: npm start\n/);
    expect(statSync(bundle).size).toBeGreaterThan(100_000);
  });

  it('runs the compiled module again, without compiling, while no source changed', () => {
    const compiled = statSync(bundle).mtimeMs;
    expect(start()).toMatch(/^Usage: npm start\n/);
    expect(statSync(bundle).mtimeMs).toBe(compiled);
  });

  it('serves an edited source at the next start', () => {
    const main = join(copy, 'server', 'main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace('Usage: npm start', 'Usage: npm start (edited)'));
    expect(start()).toMatch(/^Usage: npm start \(edited\)\n/);
  });

  it('serves an edit of a module the entry imports, which still finds the repository from its own address', () => {
    // server/paths.ts finds the repository from import.meta.url: in the compiled module that must
    // still be the source file's address, or the server would look for its index beside the cache.
    const paths = join(copy, 'server', 'paths.ts');
    writeFileSync(paths, `${readFileSync(paths, 'utf8')}\nconsole.log(\`repository: \${root}\`);\n`);
    expect(start()).toContain(`repository: ${join(copy, '/')}`);
  });

  it('serves every page type with the views it compiled, the same HTML as pug renders from them', async () => {
    expect(readFileSync(join(copy, 'node_modules', '.cache', 'tip-server', 'views.mjs'), 'utf8')).toContain(
      '"search.pug"',
    );
    const server = await startServer({}, copy, 'scripts/start.mjs');
    try {
      // The address a page is served on (in citations) is the one thing that may differ.
      const html = (text: string) => text.replace(/http:\/\/[^/"\s]+/g, 'ORIGIN');
      const { body } = await http().get('/api/search?q=workers');
      const { id, doc } = body.results[0] as { id: string; doc: string };
      const pages = [
        '/',
        '/search?q=forced+labor&year=2016',
        '/search?q=zzqqxx',
        `/p/${id}`,
        '/docs',
        `/docs/${doc}`,
        '/trends?q=forced+labor',
        '/kwic?q=workers',
        '/compare',
        '/recommendations',
        '/words',
        '/list',
        '/no-such-page',
      ];
      for (const page of pages) {
        const served = await fetch(`${server.url}${page}`);
        const rendered = await http().get(page);
        expect(served.status, page).toBe(rendered.status);
        expect(html(await served.text()), page).toBe(html(rendered.text));
      }
      // An htmx request's fragment.
      const headers = { 'HX-Request': 'true', 'HX-Target': 'section#results' };
      const fragment = await fetch(`${server.url}/search?q=workers`, { headers });
      expect(html(await fragment.text())).toBe(html((await http().get('/search?q=workers').set(headers)).text));
    } finally {
      await server.stop();
    }
  });

  it('renders from the compiled views, not through pug', async () => {
    // The compiled module changed behind the stamp's back (only its sources are in the stamp): what is
    // served shows the change, so pages come from it.
    const views = join(copy, 'node_modules', '.cache', 'tip-server', 'views.mjs');
    const compiled = readFileSync(views, 'utf8');
    writeFileSync(views, compiled.replaceAll('Skip to content', 'Skip to the compiled content'));
    const server = await startServer({}, copy, 'scripts/start.mjs');
    try {
      expect(await (await fetch(`${server.url}/words`)).text()).toContain('Skip to the compiled content');
    } finally {
      await server.stop();
      writeFileSync(views, compiled);
    }
  });

  it('serves an edited view at the next start', async () => {
    const words = join(copy, 'views', 'words.pug');
    writeFileSync(words, `${readFileSync(words, 'utf8')}\n  p edited view marker\n`);
    const server = await startServer({}, copy, 'scripts/start.mjs');
    try {
      expect(await (await fetch(`${server.url}/words`)).text()).toContain('edited view marker');
    } finally {
      await server.stop();
    }
  });
});
