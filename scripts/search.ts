// `npm run search -- "forced repatriation" --year 2025 [--json] [--limit 10] [--cite]`
// The same engine from a terminal. Exit codes: 0 found, 1 nothing found, 2 bad query or arguments.
import { parseArgs } from 'node:util';
import { PATHS } from '../server/paths.ts';
import { openLibrary } from '../server/indexer/library-store.ts';
import { parseSearchRequest } from '../server/search/request.ts';
import { matchAll } from '../server/search/search.ts';
import { spellingSuggestion } from '../server/search/suggest.ts';
import { markRanges } from '../server/search/highlight.ts';
import { shortCitation } from '../server/cite/citation.ts';
import { citations } from '../server/cite/formats.ts';
import { documentText } from '../server/cite/text-fragment.ts';
import { SECTION_LABELS } from '../server/corpus/types.ts';
import { AppError } from '../server/errors.ts';

const USAGE = `Usage: npm run search -- "<query>" [--year 2025] [--section protection] [--doc 2025-tip]
       [--sort relevance|year] [--strict] [--limit 10] [--json] [--cite]
Query syntax: words (all must match), OR, -exclude, "exact phrase", prefix*, fuzzy~, year:2016, section:protection.
Exit codes: 0 found, 1 nothing found, 2 bad query or arguments.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      year: { type: 'string', multiple: true },
      section: { type: 'string', multiple: true },
      doc: { type: 'string', multiple: true },
      sort: { type: 'string' },
      strict: { type: 'boolean' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      cite: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
try {
  args = parse();
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
if (args.values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const limit = args.values.limit === undefined ? 10 : Number(args.values.limit);
if (!Number.isInteger(limit) || limit < 1) fail(`--limit must be a whole number from 1.\n${USAGE}`);

const library = openLibrary(PATHS, (line) => process.stderr.write(`${line}\n`));
let matches;
let suggestion: string | null = null;
try {
  const request = parseSearchRequest(
    { q: args.positionals.join(' '), year: args.values.year, section: args.values.section, doc: args.values.doc, sort: args.values.sort, strict: args.values.strict ? '1' : undefined },
    library.documents.map((d) => d.id),
  );
  const matched = matchAll(library, request);
  matches = matched.matches;
  if (matches.length === 0) suggestion = spellingSuggestion(request.q, matched.tree, library.engine.index);
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  const position = error.position === undefined ? '' : ` (at character ${error.position + 1})`;
  fail(`${error.message}${position}`);
}

const permalink = (id: string) => `${process.env.PUBLIC_URL ?? 'http://127.0.0.1:3000'}/p/${id}`;
const shown = matches.slice(0, limit);
if (args.values.json) {
  const results = shown.map(({ passage }) => {
    const doc = library.document(passage.doc)!;
    const full = args.values.cite
      ? citations({ passage, doc, accessed: new Date(), permalink: permalink(passage.id), documentText: documentText(library.passagesOf(doc.id)) })
      : undefined;
    return { ...passage, citation: shortCitation(passage, doc), url: permalink(passage.id), ...(full ? { citations: full } : {}) };
  });
  process.stdout.write(`${JSON.stringify({ total: matches.length, results }, null, 2)}\n`);
} else {
  const colour = process.stdout.isTTY && !process.env.NO_COLOR;
  const mark = (text: string) => (colour ? `\x1b[1;33m${text}\x1b[0m` : `[${text}]`);
  const dim = (text: string) => (colour ? `\x1b[2m${text}\x1b[0m` : text);
  process.stdout.write(`${matches.length} passage${matches.length === 1 ? '' : 's'}${matches.length > shown.length ? `, first ${shown.length}` : ''}\n`);
  for (const match of shown) {
    const { passage } = match;
    const doc = library.document(passage.doc)!;
    const ranges = markRanges(library.engine.tokens[match.position]!, match.hit.matchers);
    let text = '';
    let at = 0;
    for (const { start, end } of ranges) {
      text += passage.text.slice(at, start) + mark(passage.text.slice(start, end));
      at = end;
    }
    text += passage.text.slice(at);
    process.stdout.write(`\n${dim(`${passage.year} · ${SECTION_LABELS[passage.section]} · ${doc.label} · ${passage.id}`)}\n${text}\n`);
    if (args.values.cite) process.stdout.write(`${dim(shortCitation(passage, doc))}\n${dim(permalink(passage.id))}\n`);
  }
}
if (suggestion) process.stderr.write(`Did you mean: ${suggestion}\n`);
process.exit(matches.length > 0 ? 0 : 1);
