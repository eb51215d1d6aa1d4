// What the importer is given, as the inputs to read: files and addresses as they are, a folder as every
// importable file in it (its subfolders too, in name order), and a file listing addresses, one a line,
// as those addresses. So a year's folder of downloads, or a list of copies to fetch, is one command.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

/** One input to read, or what is wrong with one given (an empty folder). */
export type Input = { input: string } | { input: string; failed: string };

const IMPORTABLE = new Set(['.pdf', '.html', '.htm', '.txt', '.md']);
const ADDRESS = /^https?:\/\/\S+$/i;
/** A list of addresses is a small text file; a narrative is larger than this only when it is not a list. */
const MAX_LIST_BYTES = 1024 * 1024;

/**
 * The inputs the arguments stand for, in order.
 * @example expandInputs(['reports/']) // -> [{ input: 'reports/2016/tip-2016.pdf' }, { input: 'reports/2017/tip-2017.pdf' }, ...]
 */
export function expandInputs(args: string[]): Input[] {
  return args.flatMap((arg) => {
    if (ADDRESS.test(arg) || !existsSync(arg)) return [{ input: arg }];
    if (statSync(arg).isDirectory()) {
      const files = filesIn(arg);
      if (files.length === 0)
        return [{ input: arg, failed: 'is a folder holding no .pdf, .html, .htm, .txt or .md file' }];
      return files.flatMap(fileInputs);
    }
    return fileInputs(arg);
  });
}

/** A file, or the addresses it lists. */
function fileInputs(path: string): Input[] {
  const addresses = addressList(path);
  return addresses ? addresses.map((input) => ({ input })) : [{ input: path }];
}

/**
 * The addresses a file lists, one a line (blank lines and `#` comments allowed), or null when it is not
 * such a list: a file with any other line is an input in its own right.
 */
export function addressList(path: string): string[] | null {
  if (!['.txt', '.list', '.urls', ''].includes(extname(path).toLowerCase())) return null;
  try {
    // Only a regular file of a list's size: a device (/dev/zero) or a pipe is read by readSource, under its caps.
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_LIST_BYTES) return null;
    const lines = readFileSync(path, 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    return lines.length > 0 && lines.every((line) => ADDRESS.test(line)) ? lines : null;
  } catch {
    return null;
  }
}

function filesIn(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) for (const file of filesIn(path)) found.push(file);
    else if (IMPORTABLE.has(extname(entry.name).toLowerCase()) || addressList(path)) found.push(path);
  }
  return found;
}
