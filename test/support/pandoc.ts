// pandoc --citeproc (Debian's pandoc 2.17, built-in Chicago author-date style) as a researcher runs it on a
// .bib or CSL-JSON file we export: one paragraph per cite, then the bibliography, as plain text.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rendered } from './citeproc.ts';

/** Fails with what to install when pandoc is missing, rather than with ENOENT. */
export function pandocVersion(): string {
  try {
    return execFileSync('pandoc', ['--version'], { encoding: 'utf8' }).split('\n')[0]!;
  } catch {
    throw new Error('pandoc is not installed: `apt-get install pandoc` (see README, "Settings, commands and tests")');
  }
}

/**
 * Render citations written in pandoc's syntax (`[@key, para. 24]`, one paragraph each) against a
 * bibliography file's text (`.bib` for BibTeX, `.json` for CSL-JSON).
 * @example renderWithPandoc(bibtex, 'bib', ['[@2025-tip-trafficking-profile-p6-s3, para. 24]']).citations[0]
 *   // -> '(U.S. Department of State, Office to Monitor and Combat Trafficking in Persons 2025, para. 24)'
 */
export function renderWithPandoc(bibliography: string, extension: 'bib' | 'json', cites: string[]): Rendered {
  const dir = mkdtempSync(join(tmpdir(), 'tip-pandoc-'));
  try {
    const file = join(dir, `references.${extension}`);
    writeFileSync(file, bibliography);
    const markdown = cites.map((cite) => `${cite}\n`).join('\n');
    const output = execFileSync(
      'pandoc',
      ['--citeproc', '--bibliography', file, '-f', 'markdown', '-t', 'plain', '--wrap=none'],
      {
        input: markdown,
        encoding: 'utf8',
      },
    );
    const paragraphs = output
      .split(/\n\n+/)
      .map((paragraph) => paragraph.trim())
      .filter(Boolean);
    return { citations: paragraphs.slice(0, cites.length), bibliography: paragraphs.slice(cites.length) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
