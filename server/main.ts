// `npm start`: load (or build) the index, serve the app on HOST:PORT, reload when the index is rebuilt.
import type { AddressInfo } from 'node:net';
import { PATHS } from './paths.ts';
import { LibraryStore, openLibrary } from './indexer/library-store.ts';
import { createApp } from './web/app.ts';
import { listeningUrl, serverConfig, type ServerConfig } from './config.ts';
import { BURST_MS, CONTENTION_MS, MAX_CLIENTS } from './web/fair-share.ts';
import { SCHEDULER_DEFAULTS } from './web/scheduler.ts';
import { createHttpServer } from './web/http-server.ts';

const log = (line: string) => console.log(line);

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`Usage: npm start
Serves the search on HOST:PORT (default 127.0.0.1:3000), building the index first if it is missing, damaged
or stale (waiting for a build another process is running).
Settings (environment, all optional): PORT, HOST, PUBLIC_URL (the address citations carry),
FAIR_SHARE (fraction of the server one client may use, default 0.25, or off), COSTLY_SHARE (fraction
costly requests may take together while others wait, default 0.25, or off), TRUST_PROXY (proxies whose
X-Forwarded-For names the client). See README.md, "Settings, commands and tests".`);
  process.exit(0);
}

let config: ServerConfig;
try {
  config = serverConfig(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
for (const warning of config.warnings) console.warn(`warning: ${warning}`);

const store = new LibraryStore(openLibrary(PATHS, log), PATHS.indexFile, log);
store.watch();
let app: ReturnType<typeof createApp>;
try {
  app = createApp({
    library: () => store.current,
    admission: {
      fairShare:
        config.fairShare === null
          ? undefined
          : { share: config.fairShare, burstMs: BURST_MS, maxClients: MAX_CLIENTS, contentionMs: CONTENTION_MS },
      scheduler: config.costlyShare === null ? undefined : { ...SCHEDULER_DEFAULTS, costlyShare: config.costlyShare },
    },
    trustProxy: config.trustProxy,
    publicUrl: config.publicUrl,
  });
} catch (error) {
  // An unreadable TRUST_PROXY is refused by Express when it is set.
  console.error(`TRUST_PROXY: ${(error as Error).message}`);
  process.exit(2);
}
const server = createHttpServer(app).listen(config.port, config.host, () => {
  const { documents, passages } = store.current;
  log(
    `Serving ${documents.length} documents, ${passages.length} passages on ${listeningUrl(server.address() as AddressInfo)}`,
  );
  // The lists of passages giving what a question asks for (a figure, a country...), worked out between
  // requests now rather than by the first question that asks (0.5 s at a million passages, in 5 ms slices).
  store.current.engine.prepareAnswers();
});
server.on('error', (error: NodeJS.ErrnoException) => {
  // EADDRINUSE, EACCES, an unknown HOST: say what to change, not a stack trace.
  console.error(
    `Cannot listen on ${config.host}:${config.port}: ${error.code ?? error.message}. Set HOST and PORT to a free address.`,
  );
  process.exit(1);
});
