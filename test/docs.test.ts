// The documentation stays readable and its references stay true: the README and each page of docs/ within
// their length, every link and anchor between them resolving, and every source comment that points into
// the docs (`docs/search.md, "Question words need not match"`) naming a heading that page has. The old
// design notes were split into docs/ by topic; scripts/docs-references.ts rewrites references to them.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/corpus.ts';
import { DEFAULT_PATHS, docsHeadings, resolve, rewrite } from '../scripts/docs-references.ts';

const OLD = 'DESIGN' + '.md';
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const docsPages = readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .sort();
const markdownFiles = ['README.md', 'CHANGELOG.md', ...docsPages.map((name) => `docs/${name}`)];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function headingsOf(path: string): string[] {
  const text = read(path).replace(/^```[\s\S]*?^```/gm, '');
  return [...text.matchAll(/^#{1,6} +(.+?) *#*$/gm)].map((match) => match[1]!);
}

function sourceFiles(): string[] {
  const walk = (path: string): string[] => {
    const full = join(ROOT, path);
    if (!existsSync(full)) return [];
    const entries = readdirSync(full, { withFileTypes: true });
    return entries.flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return ['node_modules', 'build'].includes(entry.name) ? [] : walk(child);
      return /\.(ts|js|py|pug|css|json|md|sh)$|^run$/.test(entry.name) ? [child] : [];
    });
  };
  return DEFAULT_PATHS.flatMap((path) => (path.includes('.') && !path.startsWith('.') ? [path] : walk(path)));
}

describe('lengths', () => {
  it('keeps the README at 300 lines or fewer, so a researcher reaches "Searching" quickly', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(301);
    expect(read('README.md').split('\n').indexOf('## Searching')).toBeLessThan(40);
  });

  it.each(docsPages)('keeps docs/%s at 400 lines or fewer', (name) => {
    expect(read(`docs/${name}`).split('\n').length).toBeLessThanOrEqual(401);
  });
});

describe('links in the README, the changelog and docs/', () => {
  for (const file of markdownFiles) {
    it(`${file}: every relative link names a file that exists, and every anchor a heading of it`, () => {
      const text = read(file).replace(/^```[\s\S]*?^```/gm, '');
      const broken: string[] = [];
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const resolved = path === '' ? file : relative(ROOT, join(ROOT, dirname(file), path));
        if (!existsSync(join(ROOT, resolved))) {
          broken.push(`${target}: no such file`);
          continue;
        }
        if (anchor !== undefined && resolved.endsWith('.md') && !headingsOf(resolved).map(slug).includes(anchor)) {
          broken.push(`${target}: no heading with that anchor`);
        }
      }
      expect(broken).toEqual([]);
    });

    it(`${file}: holds no absolute path of this machine`, () => {
      expect(read(file)).not.toMatch(/\/work\/|\/home\/|\/tmp\//);
    });
  }
});

describe('references from the source into the docs', () => {
  const files = sourceFiles().filter((path) => path !== 'scripts/docs-references.ts' && path !== 'test/docs.test.ts');

  it('finds the source files to check', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('server/search/words/tokenize.ts');
  });

  it(`leaves no source file mentioning ${OLD}, which is gone`, () => {
    expect(existsSync(join(ROOT, OLD))).toBe(false);
    expect(files.filter((path) => read(path).includes(OLD))).toEqual([]);
    expect(markdownFiles.filter((path) => path !== 'CHANGELOG.md' && read(path).includes(OLD))).toEqual([]);
  });

  it('names, in every `docs/<page>.md, "Heading"` reference, a heading that page has', () => {
    const references = files.flatMap((path) =>
      [
        ...read(path).matchAll(
          /docs\/([\w-]+\.md),? (?:\\?"((?:[^"\\\n]|\n[ \t]*(?:\/\/|\*)?[ \t]*)+?)\\?"|'([^'\n]+)')/g,
        ),
      ].map((match) => ({
        path,
        page: match[1]!,
        heading: (match[2] ?? match[3]!).replace(/\s*\n\s*(?:\/\/|\*)?\s*/g, ' '),
      })),
    );
    expect(references.length).toBeGreaterThan(15);
    const wrong = references.filter(
      ({ page, heading }) => !existsSync(join(ROOT, 'docs', page)) || !headingsOf(`docs/${page}`).includes(heading),
    );
    expect(wrong).toEqual([]);
  });

  it('names, in every `README, "Heading"` reference, a heading of the README (or the start of one)', () => {
    const headings = headingsOf('README.md');
    const references = files.flatMap((path) =>
      [...read(path).matchAll(/README(?:\.md)?,? ["']([^"']+)["']/g)].map((match) => ({ path, heading: match[1]! })),
    );
    expect(references.length).toBeGreaterThan(1);
    expect(references.filter(({ heading }) => !headings.some((have) => have.startsWith(heading)))).toEqual([]);
  });
});

describe('scripts/docs-references.ts', () => {
  const pages = docsHeadings(ROOT);
  const cases = [
    {
      input: `// see ${OLD}, "Question words need not match".`,
      expected: '// see docs/relevance.md, "Question words need not match".',
    },
    {
      input: `// (${OLD}, "Admission")`,
      expected: '// (docs/serving.md, "Admission: holding against many addresses")',
    },
    {
      input: `// from the evidence in ${OLD} ("Aligning passages across years"): below`,
      expected: '// from the evidence in docs/alignment.md, "Aligning passages across years": below',
    },
    { input: `"about": "... (${OLD}, 'Acronyms')."`, expected: `"about": "... (docs/relevance.md, 'Acronyms')."` },
    {
      input: `"about": "How: ${OLD}, \\"Measured relevance\\"."`,
      expected: '"about": "How: docs/relevance.md, \\"Measured relevance: the judged set\\"."',
    },
    {
      input: `// ${OLD}, "Bounded work per request", "Admission"`,
      expected: '// docs/serving.md, "Bounded work per request", "Admission: holding against many addresses"',
    },
    {
      input: `// ${OLD}, "Aligning passages\n// across years".`,
      expected: '// docs/alignment.md, "Aligning passages\n// across years".',
    },
    {
      input: `// ${OLD}, "Phase 2 at 1M: the result"`,
      expected: '// docs/scale.md, "Cold start and growth at 1M: what profiling found"',
    },
    { input: `// (${OLD}, "Storage")`, expected: '// (docs/storage.md, "Storage: an index path we own")' },
  ];

  it.each(cases)('rewrites $input', ({ input, expected }) => {
    const result = rewrite(input, 'x.ts', pages);
    expect(result.unresolved).toEqual([]);
    expect(result.text).toBe(expected);
  });

  it('lists a reference it cannot resolve, and the old file named without a heading, and changes neither', () => {
    const input = `// ${OLD}, "No such heading anywhere"\n// measured (${OLD}).`;
    const result = rewrite(input, 'x.ts', pages);
    expect(result.text).toBe(input);
    expect(result.unresolved.map(({ line, why }) => [line, why])).toEqual([
      [1, 'no such heading: "No such heading anywhere"'],
      [2, 'no heading named'],
    ]);
  });

  it('resolves a heading by its beginning only when one heading begins so', () => {
    expect(resolve('Sentence splitting', pages)).toEqual({
      page: 'ingestion.md',
      heading: 'Sentence splitting: rules, chosen on evidence',
    });
    expect(resolve('Partial matches', pages)).toEqual({ page: 'relevance.md', heading: 'Partial matches' });
    expect(resolve('Nothing like it', pages)).toBeUndefined();
  });
});
