// The web app over the real corpus, for supertest (no listening server).
import request from 'supertest';
import { createApp } from '../../server/web/app.ts';
import { realLibrary } from './library.ts';

const app = createApp({ library: realLibrary });

export const http = () => request(app);

/** Parse RFC 4180 CSV (quoted fields, doubled quotes, CRLF) back into rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

/** A supertest parser that keeps any body as text (downloads with types supertest does not know). */
export const textBody: Parameters<ReturnType<ReturnType<typeof request>['get']>['parse']>[0] = (
  res,
  done: (error: Error | null, body: string) => void,
) => {
  const stream = res as unknown as NodeJS.ReadableStream & { setEncoding(encoding: string): void };
  let data = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (data += chunk));
  stream.on('end', () => done(null, data));
};
