// `npm run import -- <file-or-url|folder|list>... [--country NAME|LIST|all] [--year YEAR] [--dry-run] [--replace]`
// Adds TIP narratives to the collection: for each, a seed in seeds/ and its catalog entry; then the index
// is updated once. One input and one country print that document's summary; anything more (a folder,
// a list of addresses, several inputs, `--country all` or a list) prints a table of what was added,
// skipped or failed, and why. Exit codes: 0 done (or planned, with --dry-run), 1 something could not be
// imported or the index update failed (what failed changed nothing), 2 bad arguments, 130 interrupted.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { collectionPaths, PATHS } from '../server/paths.ts';
import type { BatchReport, ChapterOutcome, ImportReport } from '../server/import/import.ts';
import { addressList } from '../server/import/inputs.ts';
import { ImportError } from '../server/import/import-error.ts';
import { SeedError } from '../server/corpus/seed-error.ts';
import { AppError } from '../server/errors.ts';
import { SECTION_LABELS, SECTIONS, TIER_LABELS } from '../server/corpus/types.ts';
import { countryByCode } from '../server/corpus/countries.ts';

const USAGE = `Usage: npm run import -- <file-or-url|folder|list>... [--country NAME|LIST|all] [--year YEAR] [--dry-run] [--replace]

Adds TIP country narratives to the collection: for each, writes seeds/<year>-tip-report-<country>.txt and
its entry in seeds/catalog.json (with the original's name and SHA-256); then updates the index once (a
delta segment for one document when the index is current, else a full rebuild).

  <file-or-url>     a full-report PDF or a single-country PDF, a saved web page (.html/.htm),
                    extracted text (.txt/.md), or an http(s) address of any of these
  <folder>          every .pdf, .html, .htm, .txt and .md file in it and its subfolders, in name order
  <list>            a text file listing addresses, one a line (# starts a comment)
  --country NAME    the chapter to take from a full report, and the country a narrative must be
                    about: a name, alias or ISO code ("North Korea", "DPRK", "China", "PRC", "RUS");
                    default North Korea. A comma-separated list takes each ("China,Russia,North
                    Korea"); "all" takes every chapter of a report, in one pass over the file
  --year YEAR       the report year; must agree with the year each document states
  --dry-run         print what would be imported (with one document, the first passages of each
                    section); write nothing
  --replace         replace the collection's narrative of the same report and country, and import
                    again an original imported before (without it, that changes nothing)
  --collection DIR  the collection to add to (a folder holding seeds/ and index/); default this repository
  --help            this text

One chapter that fails does not stop the others. Ctrl-C stops after the chapter being written: every
chapter finished stays in the collection, and the index is then updated for them (Ctrl-C again skips
that; \`npm run index\` or the next \`npm start\` does it).

Exit codes: 0 done, 1 something could not be imported or the index update failed (what failed changed
nothing), 2 bad arguments, 130 interrupted.`;

/** One line on stderr, whatever the message holds, and the exit code. */
function fail(message: string, code: number): never {
  process.stderr.write(`${message.replace(/\s*[\r\n]+\s*/g, ' ').trim()}\n`);
  process.exit(code);
}

// Never a stack trace, even from a library's callback: every failure is one line and a non-zero exit.
const unexpected = (error: unknown) =>
  fail(
    `import failed, nothing changed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    1,
  );
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

const terminal = process.stderr.isTTY === true;

/** A status line rewritten in place on a terminal; nothing when piped (the summary says it all). */
function status(text: string): void {
  if (terminal) process.stderr.write(`\r\x1b[K${text.slice(0, (process.stderr.columns || 100) - 1)}`);
}

function pageProgress() {
  if (!terminal) return undefined;
  let last = 0;
  return (done: number, total: number) => {
    const now = Date.now();
    if (done !== total && now - last < 100) return;
    last = now;
    status(`reading PDF: page ${done} of ${total}`);
  };
}

function summary(report: ImportReport, dryRun: boolean): string {
  const { entry, extraction, source } = report;
  const country = countryByCode(entry.country)!;
  const where = extraction.pages
    ? `, pages ${extraction.pages.first}-${extraction.pages.last} of ${extraction.pages.of}`
    : '';
  const chapters = extraction.chapters.length > 1 ? `, chapter ${entry.title} of ${extraction.chapters.length}` : '';
  if (report.unchanged)
    return `unchanged: ${entry.id} (${country.name}, ${entry.report}) is already in the collection from this original (sha256 ${source.sha256}); --replace imports it again`;
  const lines = [
    `${dryRun ? 'would import' : 'imported'} ${entry.id}: ${country.name} (${country.code}), ${entry.report}, ${entry.tier === null ? 'no tier' : TIER_LABELS[entry.tier]}, ${entry.type}`,
    `  from     ${source.url ?? source.name} (${source.form}${where}${chapters})`,
    `  sha256   ${source.sha256}`,
    `  seed     ${report.written ?? `seeds/${entry.file} (not written)`}`,
    `  passages ${SECTIONS.filter((s) => report.record.sectionCounts[s])
      .map((s) => `${SECTION_LABELS[s]} ${report.record.sectionCounts[s]}`)
      .join(', ')}; ${report.record.passageCount} in all`,
  ];
  for (const old of report.replaced)
    lines.push(`  ${dryRun ? 'would replace' : 'replaced'} ${old.id} (seeds/${old.file})`);
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

/** The batch's table: one row per chapter, with its result and why. */
function table(report: BatchReport, dryRun: boolean): string {
  const label: Record<ChapterOutcome['result'], string> = dryRun
    ? {
        added: 'would add',
        replaced: 'would replace',
        unchanged: 'skipped',
        held: 'skipped',
        failed: 'failed',
        'not done': 'not done',
      }
    : {
        added: 'added',
        replaced: 'replaced',
        unchanged: 'skipped',
        held: 'skipped',
        failed: 'failed',
        'not done': 'not done',
      };
  const rows = report.outcomes.map((o) => [label[o.result], o.id ?? '', o.chapter ?? '', o.input, o.reason]);
  const header = ['result', 'document', 'chapter', 'input', 'why'];
  const widths = header.map((title, column) =>
    rows.reduce((width, row) => Math.max(width, row[column]!.length), title.length),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function totals(report: BatchReport, dryRun: boolean, seconds: number): string {
  const count = (result: ChapterOutcome['result']) => report.outcomes.filter((o) => o.result === result).length;
  const parts = [
    `${count('added')} ${dryRun ? 'to add' : 'added'}`,
    `${count('replaced')} ${dryRun ? 'to replace' : 'replaced'}`,
    `${count('unchanged') + count('held')} skipped (${count('unchanged')} already imported, ${count('held')} held from another original)`,
    `${count('failed')} failed`,
  ];
  if (count('not done')) parts.push(`${count('not done')} not done`);
  const index =
    report.index === 'segment'
      ? 'index updated with a delta segment'
      : report.index === 'rebuild'
        ? 'index rebuilt'
        : dryRun
          ? 'nothing written'
          : report.indexError
            ? `index update failed, nothing kept: ${report.indexError.message}`
            : 'index unchanged';
  return `${report.outcomes.length} chapters: ${parts.join(', ')}; ${index}${report.interrupted ? '; interrupted' : ''} (${seconds.toFixed(1)} s)`;
}

/** One input and at most one country: the single-document command, with its detailed summary. */
function isSingle(inputs: string[], country: string | undefined): boolean {
  if (inputs.length !== 1) return false;
  if (country !== undefined && (country.trim().toLowerCase() === 'all' || country.includes(','))) return false;
  const input = inputs[0]!;
  return (
    /^https?:\/\//i.test(input) || !existsSync(input) || (!statSync(input).isDirectory() && addressList(input) === null)
  );
}

const { values, positionals } = readArguments();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (positionals.length === 0) fail(`give at least one file, folder or address to import\n\n${USAGE}`, 2);
if (values.year !== undefined && !/^(?:19|20)\d{2}$/.test(values.year))
  fail(`--year must be a report year such as 2024, not "${values.year}"`, 2);

const paths = values.collection === undefined ? PATHS : collectionPaths(resolve(values.collection));
const year = values.year === undefined ? undefined : Number(values.year);
const dryRun = values['dry-run'];
// The importer (PDF and HTML readers, the index build) loads only now: `--help` and a bad argument answer at once.
const { importAll, importNarrative } = await import('../server/import/import.ts');
// The index build's stages are progress too: shown on a terminal, left out of a pipe.
const log = (line: string) => terminal && process.stderr.write(`\r\x1b[Kindex: ${line}\n`);

if (isSingle(positionals, values.country)) {
  try {
    const report = await importNarrative({
      input: positionals[0]!,
      country: values.country,
      year,
      dryRun,
      replace: values.replace,
      paths,
      log,
      progress: pageProgress(),
    });
    status('');
    process.stdout.write(`${summary(report, dryRun)}\n`);
  } catch (error) {
    status('');
    if (error instanceof ImportError) fail(`import failed: ${error.message}`, 1);
    if (error instanceof SeedError || error instanceof AppError)
      fail(`import failed, seeds/ and the catalog restored: ${error.message}`, 1);
    unexpected(error);
  }
} else {
  let stopping = false;
  const interrupt = () => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write('\nstopping after the chapter being written (Ctrl-C again to quit at once)\n');
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  const started = performance.now();
  try {
    const report = await importAll({
      inputs: positionals,
      countries: values.country,
      year,
      dryRun,
      replace: values.replace,
      paths,
      log,
      progress: pageProgress(),
      stopped: () => stopping,
      onOutcome: (outcome, done, of) =>
        status(
          `${outcome.input}: chapter ${done} of ${of}${outcome.chapter ? ` (${outcome.chapter})` : ''}: ${outcome.result}`,
        ),
      onIndexing: (documents) => {
        // The index update runs to its end once begun; Ctrl-C now quits at once, leaving seeds and catalog written.
        process.off('SIGINT', interrupt);
        process.off('SIGTERM', interrupt);
        status(
          `updating the index with ${documents} documents (Ctrl-C leaves that to \`npm run index\` or the next \`npm start\`)`,
        );
      },
    });
    status('');
    process.stdout.write(
      `${table(report, dryRun)}\n\n${totals(report, dryRun, (performance.now() - started) / 1000)}\n`,
    );
    const failed = report.indexError !== null || report.outcomes.some((o) => o.result === 'failed');
    process.exit(report.interrupted ? 130 : failed ? 1 : 0);
  } catch (error) {
    status('');
    if (error instanceof ImportError) fail(`import failed: ${error.message}`, 2);
    unexpected(error);
  }
}
