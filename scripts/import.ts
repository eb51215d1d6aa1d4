// `npm run import -- <file-or-url> [--country NAME] [--year YEAR] [--dry-run] [--replace]`
// Adds one TIP narrative to the collection: a seed in seeds/, its catalog entry, an updated index.
// Exit codes: 0 imported (or planned, with --dry-run), 1 the input cannot be imported or the index build
// failed (nothing changed), 2 bad arguments.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { collectionPaths, PATHS } from '../server/paths.ts';
import { importNarrative, type ImportReport } from '../server/import/import.ts';
import { ImportError } from '../server/import/import-error.ts';
import { SeedError } from '../server/corpus/seed-error.ts';
import { AppError } from '../server/errors.ts';
import { SECTION_LABELS, SECTIONS } from '../server/corpus/types.ts';
import { countryByCode } from '../server/corpus/countries.ts';

const USAGE = `Usage: npm run import -- <file-or-url> [--country NAME] [--year YEAR] [--dry-run] [--replace]

Adds a TIP country narrative to the collection: writes seeds/<year>-tip-report-<country>.txt, adds its
entry to seeds/catalog.json (with the original's name and SHA-256) and updates the index (a delta
segment when the index is current, else a full rebuild).

  <file-or-url>     a full-report PDF or a single-country PDF, a saved web page (.html/.htm),
                    extracted text (.txt/.md), or an http(s) address of any of these
  --country NAME    the chapter to take from a full report, and the country the narrative must be
                    about: a name, alias or ISO code ("North Korea", "DPRK", "China", "PRC", "RUS");
                    default North Korea
  --year YEAR       the report year; must agree with the year the document states
  --dry-run         print what would be imported and the first passages of each section; write nothing
  --replace         replace the collection's narrative of the same report and country
  --collection DIR  the collection to add to (a folder holding seeds/ and index/); default this repository
  --help            this text

Exit codes: 0 done, 1 the input cannot be imported or the index build failed (nothing changed), 2 bad arguments.`;

/** One line on stderr, whatever the message holds, and the exit code. */
function fail(message: string, code: number): never {
  process.stderr.write(`${message.replace(/\s*[\r\n]+\s*/g, ' ').trim()}\n`);
  process.exit(code);
}

// Never a stack trace, even from a library's callback: every failure is one line and a non-zero exit.
const unexpected = (error: unknown) => fail(`import failed, nothing changed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, 1);
process.on('uncaughtException', unexpected);
process.on('unhandledRejection', unexpected);

function readArguments() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        country: { type: 'string' },
        year: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        replace: { type: 'boolean', default: false },
        collection: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`, 2);
  }
}

/** Page progress on a terminal, rewritten in place; nothing when piped (the summary says it all). */
function progressBar() {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (done: number, total: number) => {
    const now = Date.now();
    if (done !== total && now - last < 100) return;
    last = now;
    process.stderr.write(`\rreading PDF: page ${done} of ${total}${done === total ? '\n' : ''}`);
  };
}

function summary(report: ImportReport, dryRun: boolean): string {
  const { entry, extraction, source } = report;
  const country = countryByCode(entry.country)!;
  const where = extraction.pages ? `, pages ${extraction.pages.first}-${extraction.pages.last} of ${extraction.pages.of}` : '';
  const chapters = extraction.chapters.length > 1 ? `, chapter ${entry.title} of ${extraction.chapters.length}` : '';
  const lines = [
    `${dryRun ? 'would import' : 'imported'} ${entry.id}: ${country.name} (${country.code}), ${entry.report}, tier ${entry.tier ?? 'none'}, ${entry.type}`,
    `  from     ${source.url ?? source.name} (${source.form}${where}${chapters})`,
    `  sha256   ${source.sha256}`,
    `  seed     ${report.written ?? `seeds/${entry.file} (not written)`}`,
    `  passages ${SECTIONS.filter((s) => report.record.sectionCounts[s]).map((s) => `${SECTION_LABELS[s]} ${report.record.sectionCounts[s]}`).join(', ')}; ${report.record.passageCount} in all`,
  ];
  for (const old of report.replaced) lines.push(`  ${dryRun ? 'would replace' : 'replaced'} ${old.id} (seeds/${old.file})`);
  for (const note of [...extraction.notes, ...report.warnings]) lines.push(`  unsure: ${note}`);
  if (dryRun) {
    for (const section of SECTIONS) {
      const first = report.passages.filter((p) => p.section === section).slice(0, 3);
      if (first.length === 0) continue;
      lines.push('', `${SECTION_LABELS[section]}:`);
      for (const passage of first) lines.push(`  ${passage.id}  ${passage.text}`);
    }
  }
  return lines.join('\n');
}

const { values, positionals } = readArguments();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (positionals.length !== 1) fail(`give exactly one file or address to import\n\n${USAGE}`, 2);
if (values.year !== undefined && !/^(?:19|20)\d{2}$/.test(values.year)) fail(`--year must be a report year such as 2024, not "${values.year}"`, 2);

const paths = values.collection === undefined ? PATHS : collectionPaths(resolve(values.collection));
try {
  const report = await importNarrative({
    input: positionals[0]!,
    country: values.country,
    year: values.year === undefined ? undefined : Number(values.year),
    dryRun: values['dry-run'],
    replace: values.replace,
    paths,
    // The index build's stages are progress too: shown on a terminal, left out of a pipe.
    log: (line) => process.stderr.isTTY && process.stderr.write(`index: ${line}\n`),
    progress: progressBar(),
  });
  process.stdout.write(`${summary(report, values['dry-run'])}\n`);
} catch (error) {
  if (error instanceof ImportError) fail(`import failed: ${error.message}`, 1);
  if (error instanceof SeedError || error instanceof AppError) fail(`import failed, seeds/ and the catalog restored: ${error.message}`, 1);
  unexpected(error);
}
