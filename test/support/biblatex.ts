// A .bib file as a LaTeX user sees it: biblatex's standard author-year style with biber (Debian's biber,
// texlive-bibtex-extra and texlive-latex-recommended), pdflatex, then the PDF's text (poppler-utils' pdftotext).
// One LaTeX run for many cites, since each costs seconds; the page is made wide enough that no reference
// or address is broken across lines, so each bibliography entry comes out as one line of text.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rendered } from './citeproc.ts';

const TOOLS = ['pdflatex', 'biber', 'pdftotext'];

/** The first line each tool prints about its version; fails with what to install when one is missing. */
export function biblatexToolchain(): string[] {
  return TOOLS.map((tool) => {
    // pdftotext prints its version on stderr and knows only -v.
    const found = spawnSync(tool, [tool === 'pdftotext' ? '-v' : '--version'], { encoding: 'utf8' });
    if (found.error)
      throw new Error(
        `${tool} is not installed: apt-get install biber texlive-bibtex-extra texlive-latex-recommended poppler-utils`,
      );
    return `${found.stdout}${found.stderr}`.trim().split('\n')[0]!;
  });
}

const document = (cites: string[]) => String.raw`\documentclass{article}
\usepackage[utf8]{inputenc}
\usepackage[style=authoryear,dashed=false,backend=biber]{biblatex}
\addbibresource{references.bib}
% A page 5 m wide: no line breaks inside a reference, so pdftotext gives one line per entry.
\setlength{\paperwidth}{500cm}\setlength{\pdfpagewidth}{500cm}\setlength{\textwidth}{490cm}
\setlength{\pdfpageheight}{200cm}\setlength{\textheight}{190cm}\setlength{\oddsidemargin}{0cm}
\pagestyle{empty}\hyphenpenalty=10000\exhyphenpenalty=10000
\begin{document}
${cites.join('\n\n')}
\printbibliography
\end{document}
`;

/**
 * Render LaTeX cite commands (`\autocite[para.~24]{key}`, one paragraph each) of a .bib file's entries;
 * `bibliography` lists the references in the style's order.
 * @example renderWithBiblatex(bibtex, ['\\autocite[para.~24]{2025-tip-trafficking-profile-p6-s3}']).citations[0]
 *   // -> '(U.S. Department of State, Office to Monitor and Combat Trafficking in Persons 2025, para. 24)'
 */
export function renderWithBiblatex(bibliography: string, cites: string[]): Rendered {
  const dir = mkdtempSync(join(tmpdir(), 'tip-biblatex-'));
  const run = (command: string, args: string[]) => {
    try {
      execFileSync(command, args, { cwd: dir, stdio: 'pipe' });
    } catch (error) {
      const log = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
      throw new Error(
        `${command} failed:\n${
          log
            .split('\n')
            .filter((line) => /^!|ERROR|WARN/.test(line))
            .join('\n') || log.slice(-2000)
        }`,
      );
    }
  };
  try {
    writeFileSync(join(dir, 'references.bib'), bibliography);
    writeFileSync(join(dir, 'cites.tex'), document(cites));
    const latex = ['-interaction=nonstopmode', '-halt-on-error', 'cites.tex'];
    run('pdflatex', latex);
    run('biber', ['--quiet', 'cites']);
    run('pdflatex', latex);
    run('pdftotext', ['-nopgbrk', '-enc', 'UTF-8', 'cites.pdf', 'cites.txt']);
    // NFKC turns the ligature glyphs pdftotext may give back ("ﬁ") into letters.
    const lines = readFileSync(join(dir, 'cites.txt'), 'utf8')
      .normalize('NFKC')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const heading = lines.indexOf('References');
    if (heading < 0) throw new Error(`biblatex printed no bibliography:\n${lines.join('\n')}`);
    return { citations: lines.slice(0, heading), bibliography: lines.slice(heading + 1) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
