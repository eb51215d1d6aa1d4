// Reading a web page in a thread of its own, with a deadline and a heap ceiling. Parsing and
// Readability are synchronous: a page built to be slow (measured: 1,000 nested elements took 18 s) or
// huge could not be interrupted in the importer's own thread. A worker thread can be terminated
// mid-computation, and one that runs out of its heap dies alone; either ends in one line naming the limit.

import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { readHtml, type HtmlDocument } from './html.ts';
import { ImportError } from './import-error.ts';
import { IMPORT_LIMITS, type ImportLimits } from './limits.ts';

type HtmlLimits = Pick<ImportLimits, 'htmlDepth' | 'htmlMs' | 'htmlHeapMb'>;

interface Job {
  task: 'read-html';
  bytes: Uint8Array;
  name: string;
  maxDepth: number;
}

/** What the thread answers: it has started (the deadline starts then), the page, or why not. */
type Reply =
  | { started: true }
  | { page: HtmlDocument }
  | { refused: { file: string; reason: string } }
  | { failed: string };

/**
 * readHtml (html.ts) in a worker thread, refused with an ImportError when it takes longer than
 * `limits.htmlMs` or needs more heap than `limits.htmlHeapMb`.
 */
export function readHtmlBounded(
  bytes: Uint8Array,
  name: string,
  limits: HtmlLimits = IMPORT_LIMITS,
): Promise<HtmlDocument> {
  const job: Job = { task: 'read-html', bytes, name, maxDepth: limits.htmlDepth };
  const worker = new Worker(bootUrl(), {
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: limits.htmlHeapMb },
  });
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      worker.removeAllListeners();
      void worker.terminate();
      outcome();
    };
    worker.on('message', (reply: Reply) => {
      if ('started' in reply) {
        // The deadline counts the page's reading, not the thread's start (loading TypeScript: a second or so).
        timer = setTimeout(
          () =>
            settle(() =>
              reject(
                new ImportError(
                  name,
                  `took longer than ${limits.htmlMs / 1000} s to read as a web page, the limit for one page`,
                ),
              ),
            ),
          limits.htmlMs,
        );
      } else if ('page' in reply) settle(() => resolve(reply.page));
      else if ('refused' in reply) settle(() => reject(new ImportError(reply.refused.file, reply.refused.reason)));
      else settle(() => reject(new ImportError(name, `could not be read as a web page (${reply.failed})`)));
    });
    worker.on('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `needs more than the ${limits.htmlHeapMb} MB of memory a web page may take to read`
          : `could not be read as a web page (${error.message})`;
      settle(() => reject(new ImportError(name, reason)));
    });
    worker.on('exit', (code) =>
      settle(() =>
        reject(new ImportError(name, `could not be read as a web page (the reading thread stopped with code ${code})`)),
      ),
    );
  });
}

/** The worker's entry: this module, loaded through tsx (a worker does not inherit the parent's loader). */
function bootUrl(): URL {
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import { tsImport } from ${JSON.stringify(tsx)}; await tsImport(${JSON.stringify(import.meta.url)}, ${JSON.stringify(import.meta.url)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}

if (!isMainThread && (workerData as Job | undefined)?.task === 'read-html') {
  const { bytes, name, maxDepth } = workerData as Job;
  const reply = (message: Reply) => parentPort!.postMessage(message);
  reply({ started: true });
  try {
    reply({ page: readHtml(bytes, name, maxDepth) });
  } catch (error) {
    if (error instanceof ImportError) reply({ refused: { file: error.file, reason: error.reason } });
    else reply({ failed: `${(error as Error).name}: ${(error as Error).message}` });
  }
}
