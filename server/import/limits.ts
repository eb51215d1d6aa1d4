// What the importer accepts at most: bytes, characters, time, nesting. An input past any of them is
// refused with one line naming the limit, before it can take the machine's memory or an hour of its time
// (a gzip bomb, /dev/zero, a 200 MB "chapter", HTML nested 3,000 deep, a server that trickles).

export interface ImportLimits {
  /** Bytes read from a file, pipe or device, downloaded, or decompressed from a download. */
  inputBytes: number;
  /** Bytes of a web page or a text file: a full report as text is a few MB, one country's page far less. */
  textBytes: number;
  /** Characters of the narrative kept (one country's chapter). */
  chapterChars: number;
  /** Milliseconds for fetching an address, from the first connection to the last byte, redirects included. */
  fetchMs: number;
  /** Milliseconds a server may go without sending a byte. */
  fetchIdleMs: number;
  /** Redirects followed. */
  redirects: number;
  /** How deeply a web page's elements may nest. */
  htmlDepth: number;
  /** Milliseconds for reading a web page (parsing, Readability), in its own thread. */
  htmlMs: number;
  /** Heap that thread may use, in MB. */
  htmlHeapMb: number;
}

const MB = 1024 * 1024;

export const IMPORT_LIMITS: ImportLimits = {
  // A full-report PDF is 5-40 MB.
  inputBytes: 200 * MB,
  textBytes: 20 * MB,
  // North Korea's longest narrative in the seeds is 16 KB; a country chapter runs to some pages of a report.
  chapterChars: 1 * MB,
  fetchMs: 120_000,
  fetchIdleMs: 30_000,
  redirects: 5,
  // Web pages nest a few dozen elements deep at most (the test pages modelled on state.gov and Refworld: 8);
  // Readability's time grows faster than the depth (1,000 deep: 7-18 s) and it recurses (3,000: RangeError).
  htmlDepth: 200,
  htmlMs: 30_000,
  htmlHeapMb: 1024,
};

/** "200 MB", "1 MB", "512 KB": a limit as messages state it. */
export function sizeLabel(bytes: number): string {
  return bytes >= MB ? `${+(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
