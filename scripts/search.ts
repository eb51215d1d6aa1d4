// `npm run search -- "forced repatriation" --year 2025 [--country China] [--json] [--limit 10] [--cite]`
// A flag per dimension (dimensions.ts): --year, --country, --section, --doc, ...
// The same engine from a terminal. Exit codes: 0 found, 1 nothing found, 2 bad query or arguments.
import { parseArgs } from 'node:util';
import { PATHS } from '../server/paths.ts';
import type { Library } from '../server/library.ts';
import { openLibrary } from '../server/indexer/library-store.ts';
import { parseSearchRequest } from '../server/search/query/request.ts';
import { matchAll, type Match, type MatchSet } from '../server/search/search.ts';
import { markRanges, renderMarks } from '../server/search/results/highlight.ts';
import { shortCitation } from '../server/cite/citation.ts';
import { citations } from '../server/cite/formats.ts';
import { citationInput } from '../server/cite/citation-input.ts';
import { SECTION_LABELS } from '../server/corpus/types.ts';
import { AppError } from '../server/errors.ts';
import { DIMENSIONS } from '../server/search/dimensions.ts';
import { publicPermalink } from '../server/web/urls.ts';
import { endQuietlyWhenPipeCloses } from './closed-pipe.ts';
import { serverConfig } from '../server/config.ts';

const FLAGS = DIMENSIONS.map((dimension) => `--${dimension.name}`);

const USAGE = `Usage: npm run search -- "<query>" [--year 2025] [--section protection] [--doc 2025-tip]
       [--country China] [--sort relevance|year|each-year] [--strict] [--limit 10] [--json] [--cite]
Query syntax: words (all must match), OR, -exclude, "exact phrase", prefix*, fuzzy~, and filters
${DIMENSIONS.map((dimension) => `${dimension.name}:`).join(', ')} (year:2016, section:protection, country:China).
${FLAGS.join(', ')}: the same filters as flags, each of which may be repeated.
--cite prints each passage's full note (quote, paragraph, report, the original's address); the note and
the JSON "url" carry a permalink only when PUBLIC_URL names the public site (as for npm start).
Exit codes: 0 found, 1 nothing found, 2 bad query or arguments.`;

/** PUBLIC_URL, read as `npm start` reads it: the only base a citation's permalink may have. */
function publicUrl(): string | null {
  try {
    return serverConfig(process.env).publicUrl;
  } catch (error) {
    fail((error as Error).message);
  }
}
const PUBLIC_URL = publicUrl();

type Options = ReturnType<typeof readArguments>['values'];

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function readArguments() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        ...(Object.fromEntries(
          DIMENSIONS.map((dimension) => [dimension.name, { type: 'string', multiple: true }]),
        ) as Record<(typeof DIMENSIONS)[number]['name'], { type: 'string'; multiple: true }>),
        sort: { type: 'string' },
        strict: { type: 'boolean' },
        limit: { type: 'string' },
        json: { type: 'boolean' },
        cite: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
}

/** Every match of the query, or exit 2 with the query's problem. */
function search(
  library: Library,
  query: string,
  options: Options,
): { matches: Match[]; corrected: MatchSet['corrected'] } {
  try {
    const request = parseSearchRequest(
      { ...options, q: query, strict: options.strict ? '1' : undefined },
      library.vocabulary,
    );
    const { matches, corrected } = matchAll(library, request);
    return { matches, corrected };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    fail(`${error.message}${error.position === undefined ? '' : ` (at character ${error.position + 1})`}`);
  }
}

function printJson(library: Library, matches: Match[], total: number, cite: boolean): void {
  const results = matches.map(({ passage, position }) => {
    const url = publicPermalink(PUBLIC_URL, passage.id);
    const full = cite ? { citations: citations(citationInput(library, passage.id, url)!) } : {};
    return {
      ...passage,
      ...library.dimensionFields(position),
      citation: shortCitation(passage, library.document(passage.doc)!),
      url,
      ...full,
    };
  });
  process.stdout.write(`${JSON.stringify({ total, results }, null, 2)}\n`);
}

function printText(library: Library, matches: Match[], total: number, cite: boolean): void {
  const colour = process.stdout.isTTY && !process.env.NO_COLOR;
  const mark = (text: string) => (colour ? `\x1b[1;33m${text}\x1b[0m` : `[${text}]`);
  const dim = (text: string) => (colour ? `\x1b[2m${text}\x1b[0m` : text);
  process.stdout.write(
    `${total} passage${total === 1 ? '' : 's'}${total > matches.length ? `, first ${matches.length}` : ''}\n`,
  );
  for (const match of matches) {
    const { passage } = match;
    const doc = library.document(passage.doc)!;
    const text = renderMarks(
      passage.text,
      markRanges(library.engine.tokensOf(match.position), match.hit.matchers),
      mark,
    );
    process.stdout.write(
      `\n${dim(`${passage.year} · ${SECTION_LABELS[passage.section]} · ${doc.label} · ${passage.id}`)}\n${text}\n`,
    );
    if (cite)
      process.stdout.write(
        `${dim(citations(citationInput(library, passage.id, publicPermalink(PUBLIC_URL, passage.id))!).text)}\n`,
      );
  }
}

function main(): void {
  endQuietlyWhenPipeCloses();
  const { values: options, positionals } = readArguments();
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const limit = options.limit === undefined ? 10 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1) fail(`--limit must be a whole number from 1.\n${USAGE}`);
  const library = openLibrary(PATHS, (line) => process.stderr.write(`${line}\n`));
  const { matches, corrected } = search(library, positionals.join(' '), options);
  if (corrected)
    process.stderr.write(
      `Nothing matches as typed; showing results for: ${corrected.query} (search instead for: ${corrected.literal})\n`,
    );
  const shown = matches.slice(0, limit);
  if (options.json) printJson(library, shown, matches.length, Boolean(options.cite));
  else printText(library, shown, matches.length, Boolean(options.cite));
  // exitCode, not exit(): output larger than the pipe's buffer is still being written.
  process.exitCode = matches.length > 0 ? 0 : 1;
}

main();
