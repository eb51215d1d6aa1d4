// `npx tsx scripts/docs-references.ts`: rewrites references to the old design notes in source comments
// and data files, `DESIGN.md, "Question words need not match"`, into references to the page of docs/
// that now holds the heading, `docs/search.md, "Question words need not match"`, and lists those it
// cannot resolve. The mapping is derived from the headings of docs/*.md, plus a short table of the old
// headings that were renamed when DESIGN.md was split by topic; a reference may name a heading by its
// beginning ("Admission" for "Admission: holding against many addresses") when that is unambiguous.
//
// Run it after merging a branch that still refers to DESIGN.md; test/docs.test.ts fails until no source
// mentions DESIGN.md and every docs/ reference names a heading that exists.

import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const OLD = 'DESIGN' + '.md';

/** Where to look by default: every folder and file that holds code, comments or data with references. */
export const DEFAULT_PATHS = [
  'server',
  'scripts',
  'bench',
  'eval',
  'test',
  'views',
  'public',
  'index',
  'seeds',
  '.ci',
  'package.json',
];
const EXTENSIONS = /\.(ts|js|mjs|cjs|py|pug|css|json|sh|md)$|^run$/;
const SKIP_DIRS = new Set(['node_modules', 'build', '.git']);
/** These two must name the old file to do their work. */
const SELF = new Set(['scripts/docs-references.ts', 'test/docs.test.ts']);

export interface Target {
  page: string;
  heading: string;
}

/** Old DESIGN.md headings whose text changed in the split (matched case-insensitively). */
const RENAMED: Record<string, Target> = {
  'judged sets and honest figures (issue 18)': { page: 'relevance.md', heading: 'Judged sets and honest figures' },
  "the researcher's workbench (issue 20)": {
    page: 'citations.md',
    heading: 'The workbench: the note, the reading list, the quotes document, the feed',
  },
  "the researcher's workbench": {
    page: 'citations.md',
    heading: 'The workbench: the note, the reading list, the quotes document, the feed',
  },
  'storage: an index path we own (issue 19)': { page: 'storage.md', heading: 'Storage: an index path we own' },
  'build: what changed and why': { page: 'scale.md', heading: 'Build: linear stages, parts, heap room' },
  'build, phase 2: the same alignment, four times cheaper': {
    page: 'scale.md',
    heading: 'Alignment and tokenizing: four times cheaper',
  },
  'build, phase 2': { page: 'scale.md', heading: 'Alignment and tokenizing: four times cheaper' },
  'serve: the query path (phase 2)': { page: 'scale.md', heading: 'The query path' },
  'serve: the query path': { page: 'scale.md', heading: 'The query path' },
  'serve: where phase 1 left it (and what phase 2 had to change)': { page: 'scale.md', heading: 'The query path' },
  'figures after phase 1': { page: 'benchmarks.md', heading: 'At scale' },
  'phase 2 at 1m: the result': { page: 'scale.md', heading: 'Cold start and growth at 1M: what profiling found' },
  'what the ranking needs from the index at 1m passages (phase b)': {
    page: 'relevance.md',
    heading: 'Partial matches at scale: the first page without scoring every candidate',
  },
  'hot reload': { page: 'storage.md', heading: 'Incremental indexing and hot reload' },
  storage: { page: 'storage.md', heading: 'Storage: an index path we own' },
  'scale: a million passages on one machine': { page: 'scale.md', heading: 'Scale: a million passages on one machine' },
  'ingestion: from five messy files to citable sentences': {
    page: 'ingestion.md',
    heading: 'Ingestion: from messy files to citable sentences',
  },
  'importing reports: any year, any country, one command': { page: 'import.md', heading: 'Importing reports' },
  'the index file': { page: 'storage.md', heading: 'The index file and its freshness' },
};

const normalize = (text: string): string => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** Every heading of docs/*.md, page by page. */
export function docsHeadings(root = ROOT): Map<string, string[]> {
  const pages = new Map<string, string[]>();
  for (const name of readdirSync(join(root, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .sort()) {
    const text = readFileSync(join(root, 'docs', name), 'utf8');
    const headings = [...text.matchAll(/^#{1,6} +(.+?) *#*$/gm)].map((match) => match[1]!);
    pages.set(name, headings);
  }
  return pages;
}

/**
 * The page and heading a reference names: the heading itself, a renamed one, or the one heading that
 * begins with the reference's words (followed by a colon, a bracket or the end).
 * @example resolve('Admission', headings) // { page: 'serving.md', heading: 'Admission: holding against many addresses' }
 */
export function resolve(reference: string, pages: Map<string, string[]>): Target | 'ambiguous' | undefined {
  const wanted = normalize(reference).replace(/[.,;]+$/, '');
  const exact: Target[] = [];
  const prefix: Target[] = [];
  for (const [page, headings] of pages) {
    for (const heading of headings) {
      const have = normalize(heading);
      if (have === wanted) exact.push({ page, heading });
      else if (have.startsWith(wanted) && /^[:(,]| [(—-]/.test(have.slice(wanted.length)))
        prefix.push({ page, heading });
    }
  }
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) return 'ambiguous';
  const renamed = RENAMED[wanted];
  if (renamed) return renamed;
  if (prefix.length === 1) return prefix[0];
  return prefix.length > 1 ? 'ambiguous' : undefined;
}

export interface Unresolved {
  file: string;
  line: number;
  text: string;
  why: string;
}

// DESIGN.md, then optionally 's, then one or more quoted headings: "X", 'X', \"X\", ("X"), "X" section.
// A heading may run onto the next comment line (`// ` or ` * `).
const quoted = (g: number): string => `(\\\\?["'])((?:(?!\\${g})[^\\\\\\n]|\\n\\s*(?:\\/\\/|\\*)?\\s*)+?)\\${g}`;
const QUOTED = new RegExp(quoted(1), 'g');
const REFERENCE = new RegExp(
  String.raw`DESIGN\.md(?:'s)?(,?\s*\(?\s*)` +
    quoted(2) +
    String.raw`((?:,\s*` +
    quoted(5) +
    String.raw`)*)(\)?)(\s+section)?`,
  'g',
);

/** Rewrites one file's text; returns the new text and what could not be resolved. */
export function rewrite(
  text: string,
  file: string,
  pages: Map<string, string[]>,
): { text: string; unresolved: Unresolved[] } {
  const unresolved: Unresolved[] = [];
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const out = text.replace(
    REFERENCE,
    (
      whole,
      gap: string,
      quote: string,
      first: string,
      rest: string,
      _q2,
      _h2,
      close: string,
      _section,
      offset: number,
    ) => {
      const headings = [first, ...[...rest.matchAll(QUOTED)].map((match) => match[2]!)];
      const targets = headings.map((heading) => resolve(heading.replace(/\n\s*(?:\/\/|\*)?\s*/g, ' '), pages));
      const bad = targets.findIndex((target) => target === undefined || target === 'ambiguous');
      if (bad >= 0) {
        unresolved.push({
          file,
          line: lineOf(offset),
          text: whole.replace(/\s+/g, ' '),
          why: `${targets[bad] ?? 'no such heading'}: "${headings[bad]}"`,
        });
        return whole;
      }
      const found = targets as Target[];
      const page = found[0]!.page;
      const sameHeading = (i: number) =>
        normalize(headings[i]!.replace(/\n\s*(?:\/\/|\*)?\s*/g, ' ')) === normalize(found[i]!.heading);
      const textOf = (i: number) => (sameHeading(i) ? headings[i]! : found[i]!.heading);
      const parts = [`docs/${page}, ${quote}${textOf(0)}${quote}`];
      for (let i = 1; i < found.length; i++) {
        parts.push(
          found[i]!.page === page
            ? `${quote}${textOf(i)}${quote}`
            : `docs/${found[i]!.page}, ${quote}${textOf(i)}${quote}`,
        );
      }
      // `DESIGN.md ("X")`: the brackets held the heading; the new form needs none.
      return parts.join(', ') + (gap.includes('(') ? '' : close);
    },
  );
  // What is left names the old file without a heading the script can read.
  const reported = new Set(unresolved.map((item) => item.line));
  for (const match of out.matchAll(/DESIGN\.md/g)) {
    const line = lineOf(match.index);
    if (reported.has(line)) continue;
    unresolved.push({ file, line, text: out.split('\n')[line - 1]!.trim().slice(0, 160), why: 'no heading named' });
  }
  return { text: out, unresolved };
}

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full, { throwIfNoEntry: false })) return [];
  if (statSync(full).isFile()) return [path];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : filesUnder(join(path, entry.name));
    return EXTENSIONS.test(entry.name) ? [join(path, entry.name)] : [];
  });
}

const USAGE = `Usage: npx tsx scripts/docs-references.ts [--check] [PATH...]

Rewrites references to the old design notes (${OLD}, "Heading") in source comments and data files into
references to the docs/ page that holds the heading now (docs/<page>.md, "Heading"), using a mapping
derived from the headings of docs/*.md, and lists the references it cannot resolve (a heading no page
has, one several pages could mean, or the file named without a heading): fix those by hand.

  PATH      files or folders to read (default: ${DEFAULT_PATHS.join(' ')})
  --check   change nothing; list what would change and what cannot be resolved
  --help    this text

Exit code 0 when every reference resolved, 1 when some could not be, 2 on bad arguments.`;

function main(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const unknown = argv.filter((arg) => arg.startsWith('-') && arg !== '--check');
  if (unknown.length > 0) {
    console.error(`docs-references: unknown option ${unknown[0]}\n\n${USAGE}`);
    return 2;
  }
  const check = argv.includes('--check');
  const paths = argv.filter((arg) => !arg.startsWith('-'));
  const pages = docsHeadings();
  const files = (
    paths.length > 0 ? paths.map((path) => relative(ROOT, join(process.cwd(), path))) : DEFAULT_PATHS
  ).flatMap(filesUnder);
  let changed = 0;
  const unresolved: Unresolved[] = [];
  for (const file of files.filter((path) => !SELF.has(path))) {
    const before = readFileSync(join(ROOT, file), 'utf8');
    if (!before.includes(OLD)) continue;
    const after = rewrite(before, file, pages);
    for (const item of after.unresolved) unresolved.push(item);
    if (after.text !== before) {
      changed++;
      console.log(`${check ? 'would rewrite' : 'rewrote'} ${file}`);
      if (!check) writeFileSync(join(ROOT, file), after.text);
    }
  }
  for (const item of unresolved) console.log(`unresolved ${item.file}:${item.line}: ${item.why}\n    ${item.text}`);
  console.log(
    `${changed} file${changed === 1 ? '' : 's'} ${check ? 'to rewrite' : 'rewritten'}, ${unresolved.length} reference${unresolved.length === 1 ? '' : 's'} unresolved`,
  );
  return unresolved.length > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  process.exitCode = main(process.argv.slice(2));
