// Getting the bytes to import, from a file or an http(s) address, with what provenance needs: the
// original's name, its SHA-256, and the address when it came from one. Also decides the input's form.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { ImportError } from './import-error.ts';
import { fetchUrl } from './fetch-url.ts';
import { IMPORT_LIMITS, sizeLabel, type ImportLimits } from './limits.ts';

export type InputForm = 'pdf' | 'html' | 'text';

export interface Source {
  bytes: Uint8Array;
  /** File name (or the last part of the address): what messages and the catalog's `originalName` use. */
  name: string;
  /** The address, when fetched from one. */
  url: string | null;
  sha256: string;
  form: InputForm;
}

const FORMS: Record<string, InputForm> = {
  '.pdf': 'pdf',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
  '.md': 'text',
};

/** Read a file (or a pipe, or a device) or fetch an address, within the limits. */
export async function readSource(input: string, limits: ImportLimits = IMPORT_LIMITS): Promise<Source> {
  const source = /^https?:\/\//i.test(input) ? await fetchSource(input, limits) : await readFileSource(input, limits);
  if (source.form !== 'pdf' && source.bytes.length > limits.textBytes) {
    const kind = source.form === 'html' ? 'web page' : 'text';
    throw new ImportError(
      source.url ?? input,
      `is a ${kind} of ${sizeLabel(source.bytes.length)}, more than the ${sizeLabel(limits.textBytes)} an imported ${kind} may be (a full report as text is a few MB)`,
    );
  }
  return source;
}

async function readFileSource(path: string, limits: ImportLimits): Promise<Source> {
  const name = basename(path);
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new ImportError(path, 'is a folder; give the file to import');
    if (info.size > limits.inputBytes)
      throw new ImportError(
        path,
        `is ${sizeLabel(info.size)}, more than the ${sizeLabel(limits.inputBytes)} an import reads`,
      );
    // Read as a stream whatever the file is: a pipe or a device (/dev/zero) states no size, or a wrong one.
    bytes = await readCapped(path, limits.inputBytes);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportError(
      path,
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'cannot be read (permission denied)'
          : `cannot be read (${(error as Error).message})`,
    );
  }
  if (bytes.length === 0) throw new ImportError(path, 'is empty');
  return { bytes, name, url: null, sha256: sha256(bytes), form: formOf(name, path, bytes) };
}

/** A file's bytes, refused as soon as they pass `cap`. */
function readCapped(path: string, cap: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
    stream.on('data', (chunk) => {
      size += chunk.length;
      if (size > cap) {
        stream.destroy();
        reject(new ImportError(path, `holds more than the ${sizeLabel(cap)} an import reads`));
      } else chunks.push(chunk as Buffer);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
  });
}

async function fetchSource(input: string, limits: ImportLimits): Promise<Source> {
  let url: string;
  try {
    // Stored as the parser writes it: what the catalog, citations and BibTeX carry.
    url = new URL(input).href;
  } catch {
    throw new ImportError(input, 'is not a valid address');
  }
  const { bytes, finalUrl, contentType } = await fetchUrl(url, limits);
  if (bytes.length === 0) throw new ImportError(url, 'answered with an empty body');
  const name = decodedName(new URL(finalUrl).pathname) || new URL(url).hostname;
  const byType: InputForm | null = /pdf/i.test(contentType)
    ? 'pdf'
    : /html/i.test(contentType)
      ? 'html'
      : /text\/(?:plain|markdown)/i.test(contentType)
        ? 'text'
        : null;
  return { bytes, name, url, sha256: sha256(bytes), form: byType ?? formOf(name, url, bytes) };
}

/** The last part of an address's path, percent-decoded where it decodes to printable text (`%ZZ`, `%0A` are kept as written). */
function decodedName(path: string): string {
  const last = basename(path);
  try {
    const decoded = decodeURIComponent(last);
    return /[\p{Cc}/]/u.test(decoded) ? last : decoded;
  } catch {
    return last;
  }
}

/** The form an input's name says; a name without a known extension is sniffed (`%PDF-`, `<`). */
function formOf(name: string, where: string, bytes: Uint8Array): InputForm {
  const form = FORMS[extname(name).toLowerCase()];
  if (form) return form;
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').trimStart();
  if (head.startsWith('%PDF-')) return 'pdf';
  if (head.startsWith('<')) return 'html';
  throw new ImportError(
    where,
    `is neither .pdf, .html, .htm, .txt nor .md, and its content is not recognisable as PDF or HTML`,
  );
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
