// The views as `npm start` compiled them with the server (scripts/start.mjs), so that no page pays for
// pug at the first request after a start: loading pug and its parsers (Babel's among them) and compiling
// a template took 1.2-2.4 s of the first search page's answer at a million passages, 0.3-0.5 s of the
// first passage and compare pages'. Each template is pug's own output for the file, compiled with the
// option pug's renderFile takes from Express's locals here (`doctype: 'html'`, set in app.ts), so a page
// is the same HTML either way (test/start.test.ts compares). Without pug's debugging code
// (`compileDebug: false`): that only adds the template's line to the message of an error while rendering.
//
// The compiled module (400 KB) is imported at the first render, not at start. Tests and `npm run`
// scripts run the sources without start.mjs: there is nothing compiled, and Express renders through pug
// as it always did. A view that was not compiled is rendered through pug too.
import { createRequire } from 'node:module';
import { relative } from 'node:path';

/** A compiled template: the locals in, the HTML out. */
type Template = (locals: object) => string;
/** Express's view engine signature. */
type Engine = (path: string, options: object, callback: (error: unknown, html?: string) => void) => void;

const COMPILED_VIEWS = Symbol.for('tip-search.compiled-views');

/** The address of the module of views start.mjs compiled (`views`: path under views/ -> template); null when there is none. */
export function compiledViews(): string | null {
  return (globalThis as { [COMPILED_VIEWS]?: string })[COMPILED_VIEWS] ?? null;
}

/** Express's engine for `.pug` over the compiled views of `folder` (module at `address`), rendering any other through pug. */
export function compiledViewEngine(address: string, folder: string): Engine {
  let views: Promise<ReadonlyMap<string, Template>> | undefined;
  let pug: { __express: Engine } | undefined;
  return (path, options, callback) => {
    views ??= import(address).then((module: { views: ReadonlyMap<string, Template> }) => module.views);
    views.then(
      (compiled) => {
        const template = compiled.get(relative(folder, path));
        if (template === undefined) {
          pug ??= createRequire(import.meta.url)('pug') as { __express: Engine };
          pug.__express(path, options, callback);
          return;
        }
        let html: string;
        try {
          html = template(options);
        } catch (error) {
          callback(error);
          return;
        }
        callback(null, html);
      },
      (error: unknown) => callback(error),
    );
  };
}
