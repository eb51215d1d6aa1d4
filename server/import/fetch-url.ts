// Downloading an address to import, as a careful client does with a server it does not trust: a total
// deadline and an idle timeout, a byte cap on what arrives and on what it decompresses to, and redirects
// followed only within the address's own origin or to public addresses. A redirect from a web server to
// 127.0.0.1:8080/admin or to 169.254.169.254 (a cloud's metadata service) would otherwise make the
// importer fetch, and keep as a seed, what only this machine can see.
//
// node:http rather than fetch(): fetch follows redirects without showing where to, and connects to
// whatever a name resolves to; here every connection's address is checked as it is made (`lookup`).

import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import { ImportError } from './import-error.ts';
import { IMPORT_LIMITS, sizeLabel, type ImportLimits } from './limits.ts';
import { isPublicAddress } from '../ip-address.ts';

export interface Download {
  bytes: Uint8Array;
  /** The address the body came from, after redirects. */
  finalUrl: string;
  contentType: string;
}

type FetchLimits = Pick<ImportLimits, 'inputBytes' | 'fetchMs' | 'fetchIdleMs' | 'redirects'>;

/**
 * Fetch an http(s) address. Throws an ImportError naming `url` for every failure: unreachable, an
 * error status, too slow, too large, a refused redirect.
 * @example await fetchUrl('https://www.state.gov/reports/2025-trafficking-in-persons-report/north-korea/')
 */
export async function fetchUrl(url: string, limits: FetchLimits = IMPORT_LIMITS): Promise<Download> {
  const given = new URL(url);
  const deadline = Date.now() + limits.fetchMs;
  let current = given;
  for (let hop = 0; ; hop++) {
    const response = await request(current, given, limits, deadline, url);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.destroy();
      if (hop === limits.redirects) throw new ImportError(url, `redirects more than ${limits.redirects} times`);
      current = nextHop(current, response.headers.location, url);
      continue;
    }
    if (status < 200 || status >= 300) {
      response.destroy();
      throw new ImportError(
        url,
        `could not be fetched: the server answered ${status} ${response.statusMessage ?? ''}`.trimEnd(),
      );
    }
    const bytes = await readBody(response, limits, deadline, url);
    return { bytes, finalUrl: current.href, contentType: response.headers['content-type'] ?? '' };
  }
}

function nextHop(from: URL, location: string, url: string): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new ImportError(
      url,
      `redirects to an address that cannot be read (${JSON.stringify(location.slice(0, 100))})`,
    );
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:')
    throw new ImportError(url, `redirects to a ${next.protocol} address, which is not fetched`);
  return next;
}

/** One request; resolves with the response's headers, the body still to read. */
function request(
  target: URL,
  given: URL,
  limits: FetchLimits,
  deadline: number,
  url: string,
): Promise<IncomingMessage> {
  // The address the user gave is theirs to choose; an address a server redirects to, on another origin,
  // must be public.
  const publicOnly = target.origin !== given.origin;
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (publicOnly && isIP(host) && !isPublicAddress(host)) throw refusedRedirect(url, target, host);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // A connection of its own (no agent): nothing is kept open after the body, and nothing is shared between hops.
    const outgoing = client.get(target, {
      agent: false,
      headers: { 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'tip-north-korea-search importer' },
      lookup: publicOnly ? publicLookup(url, target) : undefined,
    });
    const timer = setTimeout(() => outgoing.destroy(tooSlow(url, limits)), Math.max(0, deadline - Date.now()));
    outgoing.setTimeout(limits.fetchIdleMs, () => outgoing.destroy(silent(url, limits)));
    outgoing.on('response', (response) => {
      clearTimeout(timer);
      // The body's own deadline and idle timeout take over (readBody).
      outgoing.setTimeout(0);
      resolve(response);
    });
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof ImportError ? error : new ImportError(url, `could not be fetched (${reasonOf(error)})`));
    });
  });
}

/** The body, decompressed, within the byte cap, the deadline and the idle timeout. */
function readBody(response: IncomingMessage, limits: FetchLimits, deadline: number, url: string): Promise<Uint8Array> {
  const declared = Number(response.headers['content-length']);
  if (declared > limits.inputBytes) {
    response.destroy();
    return Promise.reject(
      new ImportError(url, `is ${sizeLabel(declared)}, more than the ${sizeLabel(limits.inputBytes)} an import reads`),
    );
  }
  let decoder: Transform | null;
  try {
    decoder = decoderFor(response.headers['content-encoding'], url);
  } catch (error) {
    response.destroy();
    return Promise.reject(error);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let decoded = 0;
    const fail = (error: Error) => {
      clearTimeout(timer);
      response.destroy();
      decoder?.destroy();
      reject(
        error instanceof ImportError
          ? error
          : new ImportError(url, `could not be read to the end (${reasonOf(error)})`),
      );
    };
    const timer = setTimeout(() => fail(tooSlow(url, limits)), Math.max(0, deadline - Date.now()));
    response.socket?.setTimeout(limits.fetchIdleMs, () => fail(silent(url, limits)));
    response.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.inputBytes)
        fail(new ImportError(url, `is larger than the ${sizeLabel(limits.inputBytes)} an import reads`));
    });
    response.on('error', fail);
    const body = decoder ? response.pipe(decoder) : response;
    body.on('data', (chunk: Buffer) => {
      decoded += chunk.length;
      if (decoded > limits.inputBytes)
        return fail(
          new ImportError(
            url,
            `decompresses to more than the ${sizeLabel(limits.inputBytes)} an import reads (a compression bomb?)`,
          ),
        );
      chunks.push(chunk);
    });
    body.on('error', fail);
    body.on('end', () => {
      clearTimeout(timer);
      resolve(new Uint8Array(Buffer.concat(chunks)));
    });
  });
}

function decoderFor(encoding: string | undefined, url: string): Transform | null {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  if (name === 'identity' || name === '') return null;
  if (name === 'gzip' || name === 'x-gzip') return createGunzip();
  if (name === 'deflate') return createInflate();
  if (name === 'br') return createBrotliDecompress();
  throw new ImportError(
    url,
    `answered in the content encoding "${name.slice(0, 40)}", which the importer does not read`,
  );
}

/** A DNS lookup that refuses names resolving to any address that is not public. */
function publicLookup(url: string, target: URL): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as Array<{ address: string; family: number }>;
      const internal = list.find(({ address }) => !isPublicAddress(address));
      if (internal) return callback(refusedRedirect(url, target, internal.address), '', 0);
      if (options.all)
        return (callback as unknown as (error: null, addresses: Array<{ address: string; family: number }>) => void)(
          null,
          list,
        );
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

function refusedRedirect(url: string, target: URL, address: string): ImportError {
  return new ImportError(
    url,
    `redirects to ${target.origin} (${address}), an internal address of another origin; only redirects within ${new URL(url).origin} or to public addresses are followed`,
  );
}

function tooSlow(url: string, limits: FetchLimits): ImportError {
  return new ImportError(url, `took longer than ${limits.fetchMs / 1000} s to download`);
}

function silent(url: string, limits: FetchLimits): ImportError {
  return new ImportError(url, `sent nothing for ${limits.fetchIdleMs / 1000} s`);
}

function reasonOf(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return [code, error.message].filter(Boolean).join(': ').replace(/\s+/g, ' ');
}
