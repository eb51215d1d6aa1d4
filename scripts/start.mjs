// `npm start`: the server (server/main.ts) compiled once into one JavaScript module, then run.
//
// Plain JavaScript, so that Node runs it without tsx. Importing the server through tsx's loader costs
// 1.5-2 s at every start (112 modules, each resolved and transformed through loader hooks on another
// thread); Node importing the same code as one module, 0.6 s. The module is esbuild's bundle of
// server/main.ts (the same transform tsx applies: types stripped, nothing else changed) with the
// packages left as imports, written to node_modules/.cache/tip-server/, and rebuilt whenever any file
// it was built from, this script or esbuild's version changes (a hash of their contents, checked at every
// start in a few milliseconds). Tests run the same sources through vitest and tsx; test/start.test.ts
// checks that an edited source is what the next start serves.
//
// `import.meta.url` keeps meaning the source file's own address (server/paths.ts finds the repository
// from it), and JSON is bundled (Node 20 imports it only with an attribute esbuild does not write).
// If the cache cannot be written, the server is imported through tsx as before.
//
// Before anything else, the saved index's parts start being checked on another thread
// (early-checks.mjs), so that their checksums are ready by the time the server's code has loaded. The
// views are compiled with the bundle (views.mjs, compileViews below).

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEarlyChecks } from './early-checks.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// Where server/paths.ts finds the index: the collection is TIP_COLLECTION when set, else the repository.
if (!process.argv.includes('--help') && !process.argv.includes('-h'))
  startEarlyChecks(
    join(process.env.TIP_COLLECTION ? resolve(process.env.TIP_COLLECTION) : root, 'index', 'build', 'index.json'),
  );
const require = createRequire(import.meta.url);
const entry = join(root, 'server', 'main.ts');
const folder = join(root, 'node_modules', '.cache', 'tip-server');
const output = join(folder, 'main.mjs');
const stampFile = join(folder, 'stamp.json');
const viewsOutput = join(folder, 'views.mjs');
const viewsFolder = join(root, 'views');
// CommonJS packages the server imports, loaded with `require` rather than `import`: Node's ESM loader
// first parses a CommonJS module with cjs-module-lexer to find its exports, which for snowball-stemmers
// (870 KB, every language's stemmer) took 130-450 ms of each start against 30-70 ms through `require`.
// Their named exports are the keys of what they export, read when the bundle is built.
const REQUIRED_PACKAGES = ['snowball-stemmers', 'express'];

/** A hash of everything the bundle is made from: the files it read, this script, esbuild's version. */
function digestOf(inputs) {
  const hash = createHash('sha1');
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  hash.update(require('esbuild/package.json').version);
  for (const input of inputs) {
    hash.update(input);
    try {
      hash.update(readFileSync(join(root, input)));
    } catch {
      hash.update('\0missing');
    }
  }
  return hash.digest('hex');
}

function current() {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    return stamp.digest === digestOf(stamp.inputs) ? output : null;
  } catch {
    return null;
  }
}

async function build() {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: output,
    write: false,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'error',
    plugins: [
      {
        name: 'tip-start',
        setup(plugin) {
          plugin.onResolve({ filter: new RegExp(`^(${REQUIRED_PACKAGES.join('|')})$`) }, (args) => ({
            path: args.path,
            namespace: 'required-package',
          }));
          plugin.onLoad({ filter: /.*/, namespace: 'required-package' }, (args) => {
            const names = Object.keys(require(args.path)).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
            return {
              contents: [
                "import { createRequire } from 'node:module';",
                `const required = createRequire(import.meta.url)(${JSON.stringify(args.path)});`,
                'export default required;',
                // (`export { x as static }`: an export's name may be a reserved word, a variable's not.)
                ...names.map((name, i) => `const named${i} = required[${JSON.stringify(name)}];`),
                `export { ${names.map((name, i) => `named${i} as ${name}`).join(', ')} };`,
              ].join('\n'),
              loader: 'js',
            };
          });
          // JSON is bundled: Node 20 imports it only with `with { type: 'json' }`.
          plugin.onResolve({ filter: /\.json$/ }, (args) => ({
            path: createRequire(join(args.resolveDir, 'x')).resolve(args.path),
          }));
          plugin.onLoad({ filter: /\.ts$/ }, (args) => {
            const source = readFileSync(args.path, 'utf8');
            const own = JSON.stringify(relative(folder, args.path));
            return {
              contents: source.replaceAll('import.meta.url', `new URL(${own}, import.meta.url).href`),
              loader: 'ts',
            };
          });
        },
      },
    ],
  });
  const views = compileViews();
  const inputs = [...Object.keys(result.metafile.inputs), ...views.inputs].sort();
  // Each file written aside and renamed into place: a start running beside this one reads whole files.
  for (const file of [...result.outputFiles, { path: viewsOutput, contents: views.module }]) {
    writeFileSync(`${file.path}.${process.pid}.tmp`, file.contents);
    renameSync(`${file.path}.${process.pid}.tmp`, file.path);
  }
  const stampTemporary = `${stampFile}.${process.pid}.tmp`;
  writeFileSync(stampTemporary, JSON.stringify({ digest: digestOf(inputs), inputs }));
  renameSync(stampTemporary, stampFile);
  return output;
}

/**
 * Every view compiled by pug into one module (views.mjs: a Map from the path under views/ to the template
 * function), so that no request after a start loads pug or compiles a template (server/web/
 * compiled-views.ts). The one option pug's renderFile takes from Express's locals in server/web/app.ts is
 * `doctype: 'html'`. A file that does not compile alone is left out (a page asking for it is rendered
 * through pug, which says what is wrong), and so is a view added after the last build until the next.
 * Returns the module's text and the files it was made from (every view, and pug's version), for the stamp.
 */
function compileViews() {
  const pug = require('pug');
  const files = readdirSync(viewsFolder, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.pug'))
    .sort();
  const entries = files.flatMap((name) => {
    const filename = join(viewsFolder, name);
    try {
      const { body } = pug.compileClientWithDependenciesTracked(readFileSync(filename, 'utf8'), {
        filename,
        doctype: 'html',
        // No debugging code: the same HTML, without the template's line in a rendering error's message
        // (with it, each template carried its sources: 1.2 MB, 60 ms to import).
        compileDebug: false,
      });
      return [`[${JSON.stringify(name)}, (() => {\n${body}\nreturn template;\n})()]`];
    } catch {
      return [];
    }
  });
  return {
    module: `// Compiled by scripts/start.mjs from views/: do not edit.\nexport const views = new Map([\n${entries.join(',\n')}\n]);\n`,
    inputs: [...files.map((name) => relative(root, join(viewsFolder, name))), 'node_modules/pug/package.json'],
  };
}

let module = current();
if (module === null) {
  try {
    mkdirSync(folder, { recursive: true });
    module = await build();
  } catch (error) {
    // A compile error in the sources is the developer's to see; anything else (a read-only
    // node_modules, say) falls back to tsx.
    if (error?.errors?.length) process.exit(1);
    console.warn(`warning: could not compile the server (${error.message}); starting it through tsx`);
  }
}
if (module === null) {
  const { tsImport } = await import('tsx/esm/api');
  await tsImport(pathToFileURL(entry).href, import.meta.url);
} else {
  // The views compiled with it, imported at the first render (server/web/compiled-views.ts).
  globalThis[Symbol.for('tip-search.compiled-views')] = pathToFileURL(viewsOutput).href;
  await import(pathToFileURL(module).href);
}
