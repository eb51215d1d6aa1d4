// Reading a PDF's text layer, page by page, with each piece of text's position: the only module that
// knows pdf.js. Layout (columns, running heads, paragraphs) is pdf-layout.ts's job, over plain types.
//
// pdf.js (pdfjs-dist 5.6, the last line supporting Node 20.19; Apache-2.0, pure JavaScript, nothing
// downloaded at install) was chosen over mupdf (AGPL, a 10 MB WebAssembly build) and unpdf (a wrapper
// of pdf.js needing Node 22): see docs/import.md, "Importing reports".

import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ImportError } from './import-error.ts';

/** A run of text on one baseline, in points from the page's top-left corner. */
export interface PdfItem {
  text: string;
  x: number;
  right: number;
  /** Baseline, measured down from the top of the page. */
  baseline: number;
  /** Font size in points. */
  size: number;
}

export interface PdfPage {
  /** 1-based page number. */
  number: number;
  width: number;
  items: PdfItem[];
}

export type PageProgress = (done: number, total: number) => void;

/**
 * Every page's horizontal text, in file order. Rotated text (side tabs, vertical labels) is left out:
 * no narrative runs vertically. Fails with an ImportError for truncated, encrypted or unreadable files.
 */
export async function readPdfPages(
  bytes: Uint8Array,
  name: string,
  progress: PageProgress = () => {},
): Promise<PdfPage[]> {
  if (!Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes('%PDF-')) {
    throw new ImportError(name, 'is not a PDF: it does not begin with the %PDF- marker');
  }
  if (!hasTrailer(bytes)) {
    throw new ImportError(name, 'is a truncated PDF (no end-of-file marker): download it again');
  }
  // A copy: pdf.js takes ownership of the buffer it is given (and refuses Node Buffers). Fonts are never
  // turned into font faces: nothing is drawn, only text read.
  const task = getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: true,
  });
  let pdf: Awaited<typeof task.promise>;
  try {
    pdf = await task.promise;
  } catch (error) {
    const kind = (error as Error).name;
    if (kind === 'PasswordException')
      throw new ImportError(
        name,
        'is an encrypted PDF that needs a password; save an unprotected copy and import that',
      );
    throw new ImportError(name, `is not a readable PDF (${(error as Error).message})`);
  }
  try {
    const pages: PdfPage[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const [x0, , x1, y1] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const items: PdfItem[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [a, b, c, d, e, f] = item.transform as number[];
        if (Math.abs(b!) > 1e-3 || Math.abs(c!) > 1e-3 || a! <= 0 || d! <= 0) continue;
        items.push({ text: item.str, x: e! - x0, right: e! - x0 + item.width, baseline: y1 - f!, size: d! });
      }
      pages.push({ number, width: x1 - x0, items });
      page.cleanup();
      progress(number, pdf.numPages);
    }
    return pages;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(name, `could not be read to the end (${(error as Error).message}); it may be damaged`);
  } finally {
    await pdf.destroy();
  }
}

/** A complete PDF ends with `%%EOF` (allowing trailing whitespace or junk of a few bytes). */
function hasTrailer(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  return tail.includes('%%EOF');
}
