// Getting the bytes to import, from a file or an http(s) address, with what provenance needs: the
// original's name, its SHA-256, and the address when it came from one. Also decides the input's form.

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { ImportError } from './import-error.ts';

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

const FORMS: Record<string, InputForm> = { '.pdf': 'pdf', '.html': 'html', '.htm': 'html', '.txt': 'text', '.md': 'text' };

/** A file larger than this is not a TIP report (a full report is 5-40 MB). */
const MAX_BYTES = 200 * 1024 * 1024;

/** Read a file or fetch an address. */
export async function readSource(input: string): Promise<Source> {
  return /^https?:\/\//i.test(input) ? fetchSource(input) : readFileSource(input);
}

async function readFileSource(path: string): Promise<Source> {
  const name = basename(path);
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new ImportError(path, 'is a folder; give the file to import');
    if (info.size > MAX_BYTES) throw new ImportError(path, `is ${Math.round(info.size / 1e6)} MB, larger than any TIP report`);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportError(path, code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${(error as Error).message})`);
  }
  if (bytes.length === 0) throw new ImportError(path, 'is empty');
  return { bytes, name, url: null, sha256: sha256(bytes), form: formOf(name, path, bytes) };
}

async function fetchSource(url: string): Promise<Source> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    throw new ImportError(url, `could not be fetched (${(error as Error).cause ?? (error as Error).message})`);
  }
  if (!response.ok) throw new ImportError(url, `could not be fetched: the server answered ${response.status} ${response.statusText}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length === 0) throw new ImportError(url, 'answered with an empty body');
  const path = new URL(response.url || url).pathname;
  const name = decodeURIComponent(basename(path)) || new URL(url).hostname;
  const type = response.headers.get('content-type') ?? '';
  const byType: InputForm | null = /pdf/i.test(type) ? 'pdf' : /html/i.test(type) ? 'html' : /text\/(?:plain|markdown)/i.test(type) ? 'text' : null;
  return { bytes, name, url, sha256: sha256(bytes), form: byType ?? formOf(name, url, bytes) };
}

/** The form an input's name says; a name without a known extension is sniffed (`%PDF-`, `<`). */
function formOf(name: string, where: string, bytes: Uint8Array): InputForm {
  const form = FORMS[extname(name).toLowerCase()];
  if (form) return form;
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').trimStart();
  if (head.startsWith('%PDF-')) return 'pdf';
  if (head.startsWith('<')) return 'html';
  throw new ImportError(where, `is neither .pdf, .html, .htm, .txt nor .md, and its content is not recognisable as PDF or HTML`);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
