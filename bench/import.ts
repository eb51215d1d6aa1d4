// `npm run bench:import`: importing from generated full reports, into a temporary copy of the collection,
// index update included. Each import runs in its own process so its peak memory (max RSS) is its own.
//
//   npm run bench:import [-- --pages 600]   North Korea's chapter of reports of about 150, 300 and 600 pages
//                                           (made-up countries, each chapter's heading across the page)
//   npm run bench:import -- --whole         every chapter of a whole report laid out as published (a recent
//                                           report's 189 chapters and special cases, about 600 pages) with
//                                           --country all, then every chapter's sentences checked
//
// The reports are made the way test/support/report-pdf.ts makes the test fixtures: two columns, running
// heads, page numbers, hyphenation, chapters told from the seed narratives. Figures, not assertions: read
// the ratios. CPU seconds are printed beside wall seconds: on a shared machine the wall clock measures the
// neighbours.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderReportPdf, type ChapterSpec } from '../test/support/report-pdf.ts';
import { narrativeBlocks, temporaryCollection } from '../test/support/narratives.ts';
import { expectedPassages, fullReport } from '../test/support/full-report.ts';
import { importAll, importNarrative } from '../server/import/import.ts';
import { buildIndex } from '../server/indexer/build-index.ts';
import { readIndexFile } from '../server/indexer/index-file.ts';
import { collectionPaths } from '../server/paths.ts';
import type { Passage } from '../server/corpus/types.ts';

const USAGE = `Usage: npm run bench:import [-- --pages N ...] [-- --whole]
Generates full-report PDFs of about N pages (default 150, 300, 600), imports North Korea's chapter from
each in a separate process, and prints import time and peak memory. With --whole: generates a whole
report laid out as published (189 chapters and special cases, about 600 pages), imports every chapter
with --country all in a separate process, prints its time and peak memory, then checks that every
chapter's sentences came back (at least 95% identical, sections agreeing). Progress on a terminal; one
summary line at the end.`;

const NORTH_KOREA = /North Korea|DPRK|D\. P\. R\. K\.|Democratic People['’]s Republic of Korea/g;
const SYLLABLES = ['BA', 'KO', 'RI', 'TA', 'NE', 'MO', 'SU', 'LA', 'VI', 'DE'];
const PAGES_PER_CHAPTER = 4.05;

/** A report of about `pages` pages: made-up countries A-Z around North Korea's 2025 chapter. */
function reportChapters(pages: number): ChapterSpec[] {
  const filler = [
    ...narrativeBlocks('2025-tip-report-north-korea-state-gov.txt'),
    ...narrativeBlocks('2016-tip-report-north-korea.md'),
  ];
  const count = Math.max(3, Math.round(pages / PAGES_PER_CHAPTER));
  const names = Array.from(
    { length: count - 1 },
    (_, i) => `${SYLLABLES[i % 10]}${SYLLABLES[Math.floor(i / 10) % 10]}${SYLLABLES[(i * 7) % 10]}LAND`,
  );
  const chapters: ChapterSpec[] = names.map((name, i) => ({
    heading: `${name}: TIER ${(i % 3) + 1}`,
    runningHead: name,
    blocks: filler.map((block) => ({
      ...block,
      text: block.text.replace(NORTH_KOREA, name.charAt(0) + name.slice(1).toLowerCase()),
    })),
  }));
  chapters.push({
    heading: 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF: TIER 3',
    runningHead: 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF',
    blocks: narrativeBlocks('2025-tip-report-north-korea-state-gov.txt'),
  });
  return chapters.sort((a, b) => a.heading.localeCompare(b.heading));
}

/** In a child: import the chapter and print the figures as JSON. */
async function measure(pdf: string): Promise<void> {
  const collection = temporaryCollection(['2025-tip']);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    const report = await importNarrative({ input: pdf, paths: collection.paths });
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    process.stdout.write(
      JSON.stringify({
        ms,
        cpuMs,
        maxRssMb: process.resourceUsage().maxRSS / 1024,
        pages: report.extraction.pages,
        passages: report.passages.length,
      }),
    );
  } finally {
    collection.remove();
  }
}

/** In a child: import every chapter into the collection at `root`, and print the figures as JSON. */
async function measureWhole(pdf: string, root: string): Promise<void> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const report = await importAll({ inputs: [pdf], countries: 'all', paths: collectionPaths(root) });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const count = (result: string) => report.outcomes.filter((o) => o.result === result).length;
  process.stdout.write(
    JSON.stringify({
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      chapters: report.outcomes.length,
      added: count('added'),
      failed: report.outcomes.filter((o) => o.result === 'failed').map((o) => `${o.chapter}: ${o.reason}`),
      index: report.index,
    }),
  );
}

/** Generate a whole report, import it in a child, and check every chapter against the seed pipeline. */
async function whole(folder: string): Promise<string> {
  const year = 2025;
  if (process.stderr.isTTY) process.stderr.write('generating a whole report (189 chapters)...\n');
  const { spec, chapters } = fullReport(year);
  const pdf = join(folder, 'whole-report.pdf');
  const bytes = await renderReportPdf(spec);
  writeFileSync(pdf, bytes);
  const pages = (bytes.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  const collection = temporaryCollection(['2025-tip']);
  try {
    buildIndex(collection.paths);
    if (process.stderr.isTTY) process.stderr.write(`importing every chapter of ${pages} pages (--country all)...\n`);
    const child = execFileSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure-whole', pdf, '--root', collection.paths.root],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 },
    );
    const result = JSON.parse(child) as {
      ms: number;
      cpuMs: number;
      maxRssMb: number;
      chapters: number;
      added: number;
      failed: string[];
      index: string;
    };
    if (process.stderr.isTTY) process.stderr.write('checking every chapter against the seed pipeline...\n');
    const index = readIndexFile(collection.paths.indexFile)!;
    const byDoc = new Map<string, Passage[]>();
    for (const passage of index.passages) byDoc.set(passage.doc, [...(byDoc.get(passage.doc) ?? []), passage]);
    const key = (p: { section: string; text: string }) => `${p.section}|${p.text}`;
    let [worst, sectionsAgree, imported] = [1, 0, 0];
    for (const chapter of chapters) {
      const doc = index.documents.find(
        (d) => d.year === year && d.country === chapter.country.code && d.title === chapter.heading,
      );
      if (!doc) continue;
      imported++;
      const got = byDoc.get(doc.id) ?? [];
      const expected = expectedPassages(chapter, year);
      const gotKeys = new Set(got.map(key));
      worst = Math.min(worst, expected.filter((p) => gotKeys.has(key(p))).length / expected.length);
      const sections = (list: Array<{ section: string }>) => [...new Set(list.map((p) => p.section))].sort().join();
      if (sections(got) === sections(expected)) sectionsAgree++;
    }
    const load = loadavg()[0]!.toFixed(1);
    const failed = result.failed.length ? ` Failed: ${result.failed.join('; ')}` : '';
    return [
      '| pages | MB | chapters found | added | wall s | CPU s | peak RSS MB | load avg | chapters back (ISO code) | worst chapter, sentences identical | chapters with sections agreeing | passages |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      `| ${pages} | ${(bytes.length / 1e6).toFixed(1)} | ${result.chapters} | ${result.added} | ${(result.ms / 1000).toFixed(1)} | ${(result.cpuMs / 1000).toFixed(1)} | ${Math.round(result.maxRssMb)} | ${load} | ${imported} of ${chapters.length} | ${(worst * 100).toFixed(1)}% | ${sectionsAgree} of ${chapters.length} | ${index.passages.length} |`,
      '',
      `whole report: ${pages} pages, ${result.added} of ${chapters.length} chapters added in ${(result.ms / 1000).toFixed(1)} s (CPU ${(result.cpuMs / 1000).toFixed(1)} s), peak RSS ${Math.round(result.maxRssMb)} MB; worst chapter ${(worst * 100).toFixed(1)}% of sentences identical, sections agreeing in ${sectionsAgree}.${failed}`,
    ].join('\n');
  } finally {
    collection.remove();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pages: { type: 'string', multiple: true },
      whole: { type: 'boolean' },
      measure: { type: 'string' },
      'measure-whole': { type: 'string' },
      root: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (values.measure) return measure(values.measure);
  if (values['measure-whole']) return measureWhole(values['measure-whole'], values.root!);
  const folder = mkdtempSync(join(tmpdir(), 'tip-bench-import-'));
  try {
    if (values.whole) return void process.stdout.write(`${await whole(folder)}\n`);
    const sizes = (values.pages ?? ['150', '300', '600']).map(Number);
    const rows: string[] = [];
    for (const size of sizes) {
      if (process.stderr.isTTY) process.stderr.write(`generating a report of about ${size} pages...\n`);
      const pdf = join(folder, `report-${size}.pdf`);
      writeFileSync(pdf, await renderReportPdf({ year: 2025, chapters: reportChapters(size), paragraphs: 'indent' }));
      if (process.stderr.isTTY) process.stderr.write(`importing North Korea's chapter...\n`);
      const child = execFileSync(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure', pdf],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const result = JSON.parse(child) as {
        ms: number;
        cpuMs: number;
        maxRssMb: number;
        pages: { first: number; last: number; of: number };
        passages: number;
      };
      const load = loadavg()[0]!.toFixed(1);
      rows.push(
        `| ${result.pages.of} | ${(statSync(pdf).size / 1e6).toFixed(1)} | ${(result.ms / 1000).toFixed(1)} | ${(result.cpuMs / 1000).toFixed(1)} | ${(result.cpuMs / result.pages.of).toFixed(0)} | ${Math.round(result.maxRssMb)} | ${load} | ${result.pages.first}-${result.pages.last} | ${result.passages} |`,
      );
    }
    process.stdout.write(
      `${[
        '| pages | MB | wall s | CPU s | CPU ms/page | peak RSS MB | load avg | chapter pages | passages |',
        '|---:|---:|---:|---:|---:|---:|---:|---|---:|',
        ...rows,
      ].join('\n')}\n`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
