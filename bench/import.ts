// `npm run bench:import`: importing one country from a generated full report of about 150, 300 and 600
// pages (the size of a real annual report), into a temporary copy of the collection, index rebuild
// included. Each import runs in its own process so its peak memory (max RSS) is its own.
//
// The reports are made the way test/support/report-pdf.ts makes the test fixtures: two columns, running
// heads, page numbers, hyphenation; each chapter a seed narrative told of a made-up country, about three
// pages each, North Korea's chapter in its alphabetical place. Figures, not assertions: read the ratios.
// CPU seconds are printed beside wall seconds: on a shared machine the wall clock measures the neighbours.
//
//   npm run bench:import [-- --pages 600]     (default: 150, 300 and 600)

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderReportPdf, type ChapterSpec } from '../test/support/report-pdf.ts';
import { narrativeBlocks, temporaryCollection } from '../test/support/narratives.ts';
import { importNarrative } from '../server/import/import.ts';

const USAGE = `Usage: npm run bench:import [-- --pages N ...]
Generates full-report PDFs of about N pages (default 150, 300, 600), imports North Korea's chapter from
each in a separate process, and prints import time and peak memory.`;

const NORTH_KOREA = /North Korea|DPRK|D\. P\. R\. K\.|Democratic People['’]s Republic of Korea/g;
const SYLLABLES = ['BA', 'KO', 'RI', 'TA', 'NE', 'MO', 'SU', 'LA', 'VI', 'DE'];
const PAGES_PER_CHAPTER = 4.05;

/** A report of about `pages` pages: made-up countries A-Z around North Korea's 2025 chapter. */
function reportChapters(pages: number): ChapterSpec[] {
  const filler = [...narrativeBlocks('2025-tip-report-north-korea-state-gov.txt'), ...narrativeBlocks('2016-tip-report-north-korea.md')];
  const count = Math.max(3, Math.round(pages / PAGES_PER_CHAPTER));
  const names = Array.from({ length: count - 1 }, (_, i) => `${SYLLABLES[i % 10]}${SYLLABLES[Math.floor(i / 10) % 10]}${SYLLABLES[(i * 7) % 10]}LAND`);
  const chapters: ChapterSpec[] = names.map((name, i) => ({
    heading: `${name}: TIER ${(i % 3) + 1}`,
    runningHead: name,
    blocks: filler.map((block) => ({ ...block, text: block.text.replace(NORTH_KOREA, name.charAt(0) + name.slice(1).toLowerCase()) })),
  }));
  chapters.push({ heading: 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF: TIER 3', runningHead: 'KOREA, DEMOCRATIC PEOPLE’S REPUBLIC OF', blocks: narrativeBlocks('2025-tip-report-north-korea-state-gov.txt') });
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
    process.stdout.write(JSON.stringify({ ms, cpuMs, maxRssMb: process.resourceUsage().maxRSS / 1024, pages: report.extraction.pages, passages: report.passages.length }));
  } finally {
    collection.remove();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { pages: { type: 'string', multiple: true }, measure: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (values.measure) return measure(values.measure);
  const sizes = (values.pages ?? ['150', '300', '600']).map(Number);
  const folder = mkdtempSync(join(tmpdir(), 'tip-bench-import-'));
  const rows: string[] = [];
  try {
    for (const size of sizes) {
      if (process.stderr.isTTY) process.stderr.write(`generating a report of about ${size} pages...\n`);
      const pdf = join(folder, `report-${size}.pdf`);
      writeFileSync(pdf, await renderReportPdf({ year: 2025, chapters: reportChapters(size), paragraphs: 'indent' }));
      if (process.stderr.isTTY) process.stderr.write(`importing North Korea's chapter...\n`);
      const child = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure', pdf], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      const result = JSON.parse(child) as { ms: number; cpuMs: number; maxRssMb: number; pages: { first: number; last: number; of: number }; passages: number };
      const load = loadavg()[0]!.toFixed(1);
      rows.push(`| ${result.pages.of} | ${(statSync(pdf).size / 1e6).toFixed(1)} | ${(result.ms / 1000).toFixed(1)} | ${(result.cpuMs / 1000).toFixed(1)} | ${(result.cpuMs / result.pages.of).toFixed(0)} | ${Math.round(result.maxRssMb)} | ${load} | ${result.pages.first}-${result.pages.last} | ${result.passages} |`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  process.stdout.write(['| pages | MB | wall s | CPU s | CPU ms/page | peak RSS MB | load avg | chapter pages | passages |', '|---:|---:|---:|---:|---:|---:|---:|---|---:|', ...rows].join('\n') + '\n');
}

await main();
