// `npm start`: load (or build) the index, serve the app on HOST:PORT, reload when the index is rebuilt.
import { PATHS } from './paths.ts';
import { LibraryStore, openLibrary } from './indexer/library-store.ts';
import { createApp } from './web/app.ts';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const log = (line: string) => console.log(line);

const store = new LibraryStore(openLibrary(PATHS, log), PATHS.indexFile, log);
store.watch();
const app = createApp({ library: () => store.current });
app.listen(port, host, () => {
  const { documents, passages } = store.current;
  log(`Serving ${documents.length} documents, ${passages.length} passages on http://${host}:${port}`);
});
