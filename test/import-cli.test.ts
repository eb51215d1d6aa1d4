// `npm run import` from a terminal: what it writes when it works (seed, catalog entry with provenance,
// rebuilt index), what it prints, and every kind of bad input, each a one-line error naming the file, a
// non-zero exit, and no change to seeds/ or the catalog. Runs against temporary copies of the collection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderReportPdf, type ChapterSpec } from './support/report-pdf.ts';
import { stateGovPage } from './support/report-html.ts';
import { narrativeBlocks, temporaryCollection } from './support/narratives.ts';
import { fullReport } from './support/full-report.ts';
import { buildIndex, type BuildPaths } from '../server/indexer/build-index.ts';
import { readIndexFile } from '../server/indexer/index-file.ts';
import { importAll, importNarrative } from '../server/import/import.ts';
import { ImportError } from '../server/import/import-error.ts';
import { SECTION_LABELS, SECTIONS } from '../server/corpus/types.ts';
import { ROOT, SEEDS, realCorpus } from './support/corpus.ts';

const run = promisify(execFile);

async function cli(paths: BuildPaths, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['scripts/import.ts', ...args, '--collection', paths.root],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } },
    );
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Every file of the collection's seeds/ and index/ with a hash of its content. */
function snapshot(paths: BuildPaths): Record<string, string> {
  const files: Record<string, string> = {};
  for (const folder of [paths.seeds, join(paths.root, 'index')]) {
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, name.name);
        if (name.isDirectory()) walk(path);
        else files[path] = createHash('sha256').update(readFileSync(path)).digest('hex');
      }
    };
    if (existsSync(folder)) walk(folder);
  }
  return files;
}

const neighbour = (heading: string, runningHead: string, seed: string, name: string): ChapterSpec => ({
  heading,
  runningHead,
  blocks: narrativeBlocks(seed).map((block) => ({
    ...block,
    text: block.text.replace(/North Korea|DPRK|D\. P\. R\. K\.|Democratic People['’]s Republic of Korea/g, name),
  })),
});

const chapters: ChapterSpec[] = [
  neighbour('KIRIBATI: TIER 2', 'KIRIBATI', '2016-tip-report-north-korea.md', 'Kiribati'),
  {
    heading: 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF: TIER 3',
    runningHead: 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF',
    blocks: narrativeBlocks('2025-tip-report-north-korea-state-gov.txt'),
  },
  neighbour(
    'KOREA, REPUBLIC OF: TIER 1',
    'KOREA, REPUBLIC OF',
    '2007-tip-report-north-korea-refworld.txt',
    'the Republic of Korea',
  ),
];

let folder: string;
const input: Record<string, string> = {};
let collection: ReturnType<typeof temporaryCollection>;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'tip-import-cli-'));
  const file = (name: string, content: string | Buffer) => {
    input[name] = join(folder, name);
    writeFileSync(input[name]!, content);
  };
  const report = await renderReportPdf({ year: 2025, chapters, paragraphs: 'indent' });
  file('tip-2025.pdf', report);
  file('truncated.pdf', report.subarray(0, Math.floor(report.length * 0.6)));
  file(
    'encrypted.pdf',
    await renderReportPdf({ year: 2025, chapters: chapters.slice(1, 2), paragraphs: 'indent', password: 'secret' }),
  );
  file('scan.pdf', await renderReportPdf({ year: 2025, chapters: [], paragraphs: 'indent', noText: true }));
  file('junk.html', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  file(
    'recipe.txt',
    'Pancakes\n\nMix two eggs with a cup of flour and a cup of milk. Fry in butter until golden.\n\nServe with syrup.\n',
  );
  file(
    'china.html',
    stateGovPage(
      '2025 Trafficking in Persons Report: China',
      'CHINA: TIER 3',
      narrativeBlocks('2016-tip-report-north-korea.md').map((b) => ({
        ...b,
        text: b.text.replace(/North Korea|DPRK/g, 'China'),
      })),
    ),
  );
  mkdirSync(join(folder, 'a-folder.pdf'));
  input['a-folder.pdf'] = join(folder, 'a-folder.pdf');
  collection = temporaryCollection(['2025-tip']);
});
afterAll(() => {
  collection.remove();
  rmSync(folder, { recursive: true, force: true });
});

describe('npm run import with bad input', () => {
  const cases = [
    { name: 'a missing file', file: 'nothing-here.pdf', args: [], message: /nothing-here\.pdf: no such file/ },
    { name: 'a folder instead of a file', file: 'a-folder.pdf', args: [], message: /a-folder\.pdf: is a folder/ },
    { name: 'a PDF without a text layer', file: 'scan.pdf', args: [], message: /scan\.pdf: has no text layer .*OCR/ },
    { name: 'a truncated PDF', file: 'truncated.pdf', args: [], message: /truncated\.pdf: is a truncated PDF/ },
    { name: 'an encrypted PDF', file: 'encrypted.pdf', args: [], message: /encrypted\.pdf: is an encrypted PDF/ },
    {
      name: 'binary junk named .html',
      file: 'junk.html',
      args: [],
      message: /junk\.html: is not an HTML page: it holds binary data/,
    },
    {
      name: 'a text that is not a TIP narrative',
      file: 'recipe.txt',
      args: [],
      message: /recipe\.txt: does not look like a TIP country narrative/,
    },
    {
      name: 'a country the report has no chapter for',
      file: 'tip-2025.pdf',
      args: ['--country', 'PRC'],
      message:
        /tip-2025\.pdf: has no chapter for China; chapters found: KIRIBATI; KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF; KOREA, REPUBLIC OF/,
    },
    {
      name: 'a country missing from the country table',
      file: 'tip-2025.pdf',
      args: ['--country', 'Atlantis'],
      message: /--country "Atlantis" is not in the country table/,
    },
    {
      name: 'a year contradicting --year',
      file: 'tip-2025.pdf',
      args: ['--year', '2024'],
      message: /tip-2025\.pdf: states "TRAFFICKING IN PERSONS REPORT 2025" but --year says 2024/,
    },
    {
      name: 'a country contradicting --country',
      file: 'china.html',
      args: ['--country', 'North Korea'],
      message: /china\.html: is about China \(CHINA\) but --country says North Korea/,
    },
    {
      name: 'a report and country already in the collection',
      file: 'tip-2025.pdf',
      args: ['--country', 'DPRK', '--year', '2025'],
      message: null,
    },
  ];

  it.each(cases)(
    'refuses $name with a one-line message naming the file, and changes nothing',
    async ({ file, args, message }) => {
      const held = temporaryCollection();
      try {
        const before = snapshot(held.paths);
        const options = {
          country: args[args.indexOf('--country') + 1],
          year: args.includes('--year') ? Number(args[args.indexOf('--year') + 1]) : undefined,
        };
        const error = await importNarrative({
          input: input[file] ?? join(folder, file),
          paths: held.paths,
          country: args.includes('--country') ? options.country : undefined,
          year: options.year,
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImportError);
        expect((error as ImportError).message).not.toContain('\n');
        expect((error as ImportError).message).toMatch(
          message ??
            /tip-2025\.pdf: the 2025 report's North Korea narrative is already in the collection \(2025-tip, seeds\/2025-tip-report-north-korea-state-gov\.txt\); pass --replace/,
        );
        expect(snapshot(held.paths)).toEqual(before);
      } finally {
        held.remove();
      }
    },
  );

  it('prints the refusal as one line on stderr and exits 1', async () => {
    const held = temporaryCollection();
    try {
      const { status, stdout, stderr } = await cli(held.paths, join(folder, 'nothing-here.pdf'));
      expect(status).toBe(1);
      expect(stdout).toBe('');
      expect(
        stderr
          .trim()
          .split('\n')
          .filter((line) => !line.includes('npm warn')),
      ).toEqual([`import failed: ${join(folder, 'nothing-here.pdf')}: no such file`]);
    } finally {
      held.remove();
    }
  });

  it('exits 2 on bad arguments and prints usage with --help', async () => {
    const bad = await cli(collection.paths, input['tip-2025.pdf']!, '--year', 'twenty');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--year must be a report year');
    const help = await cli(collection.paths, '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: npm run import -- <file-or-url|folder|list>...');
  });
});

/** The import as the command runs it, in this process (each command start costs seconds on a busy machine). */
const importInto = (paths: BuildPaths, file: string, options: { country?: string; replace?: boolean } = {}) =>
  importNarrative({ input: file, paths, ...options });

describe('npm run import that works', () => {
  it('--dry-run prints the summary and the first passages of each section, and writes nothing', async () => {
    const before = snapshot(collection.paths);
    const { status, stdout } = await cli(collection.paths, input['tip-2025.pdf']!, '--dry-run');
    expect(status).toBe(0);
    expect(stdout).toMatch(
      /^would import 2025-tip: North Korea \(PRK\), Trafficking in Persons Report 2025, Tier 3, report$/m,
    );
    const seed = realCorpus().documents.find((d) => d.id === '2025-tip')!;
    const counts = SECTIONS.filter((section) => seed.sectionCounts[section]).map(
      (section) => `${SECTION_LABELS[section]} ${seed.sectionCounts[section]}`,
    );
    expect(stdout).toContain(`  passages ${counts.join(', ')}; ${seed.passageCount} in all\n`);
    expect(stdout).toContain('Trafficking Profile:\n  2025-tip-trafficking-profile-p1-s1  ');
    expect(stdout).toContain('seeds/2025-tip-report-north-korea.txt (not written)');
    expect(snapshot(collection.paths)).toEqual(before);
  });

  it('writes the seed, a catalog entry with provenance, and an index holding the new document', async () => {
    const report = await importInto(collection.paths, input['tip-2025.pdf']!);
    expect(report.written).toBe('seeds/2025-tip-report-north-korea.txt');
    const seed = readFileSync(join(collection.paths.seeds, '2025-tip-report-north-korea.txt'), 'utf8');
    expect(seed.split('\n\n').slice(0, 2)).toEqual([
      'TRAFFICKING IN PERSONS REPORT 2025',
      'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF: TIER 3',
    ]);
    const catalog = JSON.parse(readFileSync(join(collection.paths.seeds, 'catalog.json'), 'utf8'));
    const entry = catalog.documents.find((d: { id: string }) => d.id === '2025-tip');
    // The entries already there are written back as they were, field order included.
    const committed = JSON.parse(readFileSync(join(SEEDS, 'catalog.json'), 'utf8'));
    expect(JSON.stringify(catalog.documents.slice(0, -1))).toBe(
      JSON.stringify(committed.documents.filter((d: { id: string }) => d.id !== '2025-tip')),
    );
    expect(catalog.about).toBe(committed.about);
    expect(entry).toMatchObject({
      file: '2025-tip-report-north-korea.txt',
      country: 'PRK',
      year: 2025,
      tier: 3,
      type: 'report',
      originalName: 'tip-2025.pdf',
      sha256: createHash('sha256').update(readFileSync(input['tip-2025.pdf']!)).digest('hex'),
    });
    const index = readIndexFile(collection.paths.indexFile)!;
    const passages = [...index.passages].filter((p: { doc: string }) => p.doc === '2025-tip');
    expect(passages).toHaveLength(93);
    expect(
      passages.every(
        (p: { country: string; text: string; start: number; end: number }) =>
          p.country === 'PRK' && seed.slice(p.start, p.end).replace(/\s+/g, ' ') === p.text,
      ),
    ).toBe(true);
  });

  it('changes nothing when the same original is imported again, refuses another original of the same report, and replaces it with --replace', async () => {
    const before = snapshot(collection.paths);
    const again = await importInto(collection.paths, input['tip-2025.pdf']!);
    expect(again).toMatchObject({ unchanged: true, written: null, replaced: [] });
    expect(snapshot(collection.paths)).toEqual(before);
    const { status, stdout } = await cli(collection.paths, input['tip-2025.pdf']!);
    expect(status).toBe(0);
    expect(stdout).toMatch(
      /^unchanged: 2025-tip \(North Korea, Trafficking in Persons Report 2025\) is already in the collection from this original \(sha256 [0-9a-f]{64}\)/,
    );
    const other = join(folder, 'tip-2025-reprint.pdf');
    writeFileSync(other, await renderReportPdf({ year: 2025, chapters: chapters.slice(1, 2), paragraphs: 'spaced' }));
    await expect(importInto(collection.paths, other)).rejects.toThrow(
      'already in the collection (2025-tip, seeds/2025-tip-report-north-korea.txt)',
    );
    expect(snapshot(collection.paths)).toEqual(before);
    const replaced = await importInto(collection.paths, other, { replace: true });
    expect(replaced.replaced.map((entry) => entry.id)).toEqual(['2025-tip']);
    const redone = await importInto(collection.paths, other, { replace: true });
    expect(redone).toMatchObject({ unchanged: false, written: 'seeds/2025-tip-report-north-korea.txt' });
  });

  it('replaces the 2023 excerpt by the full 2023 report, and the excerpt’s permalinks redirect to the same sentences', async () => {
    const held = temporaryCollection();
    try {
      buildIndex(held.paths);
      const excerpt = narrativeBlocks('2023-tip-report-north-korea-excerpt-gvnet.txt');
      const rest = narrativeBlocks('2025-tip-report-north-korea-state-gov.txt').filter(
        (_, i, all) => i >= all.findIndex((b) => b.text === 'PROSECUTION'),
      );
      const pdf = join(folder, 'tip-2023.pdf');
      writeFileSync(
        pdf,
        await renderReportPdf({
          year: 2023,
          chapters: [{ ...chapters[1]!, blocks: [...excerpt, ...rest] }],
          paragraphs: 'indent',
        }),
      );
      const report = await importInto(held.paths, pdf, { replace: true });
      expect(report.entry.id).toBe('2023-tip');
      expect(report.replaced.map((entry) => entry.id)).toEqual(['2023-tip-excerpt']);
      expect(existsSync(join(held.paths.seeds, '2023-tip-report-north-korea-excerpt-gvnet.txt'))).toBe(false);
      const aliases = JSON.parse(readFileSync(held.paths.aliases, 'utf8')).aliases;
      const index = readIndexFile(held.paths.indexFile)!;
      const textOf = new Map([...index.passages].map((p) => [p.id, p.text]));
      const old = realCorpus().passages.filter((p) => p.doc === '2023-tip-excerpt');
      const redirected = old.filter((p) => aliases[p.id] !== undefined && textOf.get(aliases[p.id]) === p.text);
      expect(redirected.length).toBeGreaterThanOrEqual(Math.floor(0.95 * old.length));
    } finally {
      held.remove();
    }
  });

  it('imports a neighbouring chapter under its own country and id', async () => {
    const report = await importInto(collection.paths, input['tip-2025.pdf']!, { country: 'South Korea' });
    expect(report.entry.id).toBe('2025-tip-south-korea');
    const index = readIndexFile(collection.paths.indexFile)!;
    expect(index.documents.find((d: { id: string }) => d.id === '2025-tip-south-korea')).toMatchObject({
      country: 'KOR',
      title: 'KOREA, REPUBLIC OF: TIER 1',
    });
  });

  it('restores seeds/ and the catalog, and keeps the previous index, when the index build fails', async () => {
    const held = temporaryCollection(['2025-tip']);
    try {
      writeFileSync(held.paths.synonyms, '{ not json');
      const before = snapshot(held.paths);
      await expect(importInto(held.paths, input['tip-2025.pdf']!)).rejects.toThrow(/synonyms\.json: not valid JSON/);
      expect(snapshot(held.paths)).toEqual(before);
    } finally {
      held.remove();
    }
  });
});

describe('npm run import from an address', () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/reports/2025/dprk.pdf') {
        response.writeHead(200, { 'content-type': 'application/pdf' }).end(readFileSync(input['tip-2025.pdf']!));
      } else {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches the file and records the address as the source', async () => {
    const held = temporaryCollection(['2025-tip']);
    try {
      await importInto(held.paths, `${origin}/reports/2025/dprk.pdf`);
      const catalog = JSON.parse(readFileSync(join(held.paths.seeds, 'catalog.json'), 'utf8'));
      expect(catalog.documents.find((d: { id: string }) => d.id === '2025-tip')).toMatchObject({
        url: `${origin}/reports/2025/dprk.pdf`,
        urlVerified: true,
        originalName: 'dprk.pdf',
      });
    } finally {
      held.remove();
    }
  });

  it('fails with the server’s answer when the address does not hold a file', async () => {
    const held = temporaryCollection(['2025-tip']);
    try {
      const before = snapshot(held.paths);
      await expect(importInto(held.paths, `${origin}/reports/2025/missing.pdf`)).rejects.toThrow(
        `${origin}/reports/2025/missing.pdf: could not be fetched: the server answered 404 Not Found`,
      );
      expect(snapshot(held.paths)).toEqual(before);
    } finally {
      held.remove();
    }
  });
});

describe('npm run import with many chapters and files', () => {
  const year = 2025;
  const good = fullReport(year, {
    names: [
      'BAHAMAS, THE',
      'CHINA (INCLUDES TIBET, HONG KONG, AND MACAU)',
      'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF',
      'RUSSIA',
    ],
    specialCases: [],
    bodies: [[2016]],
  });
  const atlantis: ChapterSpec = {
    heading: 'ATLANTIS: TIER 2',
    runningHead: 'ATLANTIS',
    blocks: narrativeBlocks('2016-tip-report-north-korea.md'),
  };
  const paths: Record<string, string> = {};
  beforeAll(async () => {
    paths.good = join(folder, 'tip-2025-whole.pdf');
    writeFileSync(paths.good, await renderReportPdf(good.spec));
    paths.mixed = join(folder, 'tip-2025-mixed.pdf');
    writeFileSync(
      paths.mixed,
      await renderReportPdf({ ...good.spec, chapters: [good.spec.chapters[1]!, atlantis, good.spec.chapters[3]!] }),
    );
  });
  const rows = (stdout: string) =>
    stdout
      .split('\n')
      .slice(1)
      .filter((line) => /^(?:added|replaced|skipped|failed|would add|not done)\b/.test(line));

  it('--country all adds every chapter in one pass, prints a table of what was done and why, and the same command again changes nothing', async () => {
    const held = temporaryCollection(['2025-tip']);
    try {
      const first = await cli(held.paths, paths.good!, '--country', 'all');
      expect(first.status, first.stderr + first.stdout).toBe(0);
      expect(rows(first.stdout).map((row) => row.split(/\s{2,}/).slice(0, 3))).toEqual([
        ['added', '2025-tip-bahamas', 'BAHAMAS, THE'],
        ['added', '2025-tip-china', 'CHINA (INCLUDES TIBET, HONG KONG, AND MACAU)'],
        ['added', '2025-tip', 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF'],
        ['added', '2025-tip-russia', 'RUSSIA'],
      ]);
      expect(first.stdout).toMatch(
        /^4 chapters: 4 added, 0 replaced, 0 skipped \(0 already imported, 0 held from another original\), 0 failed; index rebuilt \(\d+\.\d s\)$/m,
      );
      const index = readIndexFile(held.paths.indexFile)!;
      expect(index.documents.filter((d) => d.year === year).map((d) => [d.id, d.country])).toEqual([
        ['2025-tip-bahamas', 'BHS'],
        ['2025-tip-china', 'CHN'],
        ['2025-tip', 'PRK'],
        ['2025-tip-russia', 'RUS'],
      ]);
      const before = snapshot(held.paths);
      const again = await cli(held.paths, paths.good!, '--country', 'all');
      expect(again.status).toBe(0);
      expect(
        rows(again.stdout).every((row) =>
          /^skipped .* already imported from this original \(sha256 [0-9a-f]{12}…\)$/.test(row),
        ),
      ).toBe(true);
      expect(again.stdout).toMatch(/; index unchanged \(/);
      expect(snapshot(held.paths)).toEqual(before);
      const redone = await cli(held.paths, paths.good!, '--country', 'China,North Korea', '--replace');
      expect(redone.status).toBe(0);
      expect(rows(redone.stdout).map((row) => row.split(/\s{2,}/).slice(0, 2))).toEqual([
        ['replaced', '2025-tip-china'],
        ['replaced', '2025-tip'],
      ]);
    } finally {
      held.remove();
    }
  }, 240_000);

  it('goes on past a chapter that fails, and says why; exits 1', { timeout: 120_000 }, async () => {
    const held = temporaryCollection(['2025-tip']);
    try {
      const { status, stdout } = await cli(held.paths, paths.mixed!, '--country', 'all');
      expect(status).toBe(1);
      expect(rows(stdout)).toEqual([
        expect.stringMatching(/^added\s+2025-tip-china\s/),
        expect.stringMatching(
          /^failed\s+ATLANTIS\s+tip-2025-mixed\.pdf\s+is the chapter "ATLANTIS", a name the country table does not know; add it to server\/corpus\/tip-country-names\.json$/,
        ),
        expect.stringMatching(/^added\s+2025-tip-russia\s/),
      ]);
      expect(readIndexFile(held.paths.indexFile)!.documents.map((d) => d.id)).toEqual(
        expect.arrayContaining(['2025-tip-china', '2025-tip-russia']),
      );
    } finally {
      held.remove();
    }
  });

  it('takes a list of countries, naming the ones the report has no chapter for, and refuses an unknown name before doing anything', {
    timeout: 120_000,
  }, async () => {
    const held = temporaryCollection(['2025-tip']);
    try {
      const before = snapshot(held.paths);
      const unknown = await cli(held.paths, paths.good!, '--country', 'China,Atlantis');
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toContain('"Atlantis" is not in the country table');
      expect(snapshot(held.paths)).toEqual(before);
      const dry = await cli(
        held.paths,
        paths.good!,
        '--country',
        'China, Mongolia, Korea, Democratic People’s Republic of',
        '--dry-run',
      );
      expect(dry.status).toBe(1);
      expect(rows(dry.stdout)).toEqual([
        expect.stringMatching(/^would add\s+2025-tip-china\s/),
        expect.stringMatching(/^failed\s+tip-2025-whole\.pdf\s+has no chapter for Mongolia \(4 chapters found\)$/),
        expect.stringMatching(/^would add\s+2025-tip\s/),
      ]);
      expect(snapshot(held.paths)).toEqual(before);
    } finally {
      held.remove();
    }
  });

  it('imports every file of a folder and every address of a list, one after the other', async () => {
    const inbox = join(folder, 'inbox');
    mkdirSync(join(inbox, '2025'), { recursive: true });
    writeFileSync(join(inbox, '2025', 'china.html'), readFileSync(input['china.html']!));
    writeFileSync(join(inbox, 'notes.odt'), 'not an input');
    const server = createServer((request, response) => {
      if (request.url === '/tip-2025.pdf')
        response.writeHead(200, { 'content-type': 'application/pdf' }).end(readFileSync(paths.good!));
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    writeFileSync(join(inbox, 'addresses.txt'), `# the full report\n${origin}/tip-2025.pdf\n\n${origin}/missing.pdf\n`);
    const held = temporaryCollection(['2025-tip']);
    try {
      // No --country: a page's own narrative, and North Korea's chapter of a full report.
      const report = await importAll({ inputs: [inbox], paths: held.paths });
      expect(report.outcomes.map((o) => [o.result, o.input, o.id])).toEqual([
        ['added', 'china.html', '2025-tip-china'],
        ['added', `${origin}/tip-2025.pdf`, '2025-tip'],
        ['failed', `${origin}/missing.pdf`, null],
      ]);
      expect(report.outcomes[2]!.reason).toBe('could not be fetched: the server answered 404 Not Found');
      expect(report.index).toBe('rebuild');
    } finally {
      held.remove();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('stopped midway, keeps every finished chapter whole and usable, and no other', async () => {
    const held = temporaryCollection(['2025-tip']);
    try {
      const done: string[] = [];
      const report = await importAll({
        inputs: [paths.good!],
        countries: 'all',
        paths: held.paths,
        onOutcome: (o) => done.push(o.result),
        stopped: () => done.length >= 2,
      });
      expect(report.interrupted).toBe(true);
      expect(report.outcomes.map((o) => [o.result, o.chapter])).toEqual([
        ['added', 'BAHAMAS, THE'],
        ['added', 'CHINA (INCLUDES TIBET, HONG KONG, AND MACAU)'],
        ['not done', 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF'],
        ['not done', 'RUSSIA'],
      ]);
      const seeds = readdirSync(held.paths.seeds).filter((file) => file.startsWith('2025-'));
      expect(seeds.sort()).toEqual(['2025-tip-report-bahamas.txt', '2025-tip-report-china.txt']);
      expect(readdirSync(held.paths.seeds).filter((file) => file.startsWith('.'))).toEqual([]);
      expect(readIndexFile(held.paths.indexFile)!.documents.map((d) => d.id)).toEqual(
        expect.arrayContaining(['2025-tip-bahamas', '2025-tip-china']),
      );
    } finally {
      held.remove();
    }
  });

  it('takes every document back when the index update fails, and says so for each', async () => {
    const held = temporaryCollection(['2025-tip']);
    try {
      writeFileSync(held.paths.synonyms, '{ not json');
      const before = snapshot(held.paths);
      const report = await importAll({ inputs: [paths.good!], countries: 'China,Russia', paths: held.paths });
      expect(report.indexError?.message).toMatch(/synonyms\.json: not valid JSON/);
      expect(report.outcomes.map((o) => o.result)).toEqual(['failed', 'failed']);
      expect(report.outcomes[0]!.reason).toMatch(
        /^taken back: the index update failed \(.*synonyms\.json: not valid JSON/,
      );
      expect(snapshot(held.paths)).toEqual(before);
    } finally {
      held.remove();
    }
  });
});
