// Which requests are costly: the ones whose work a URL can multiply (several queries, prefix and fuzzy
// expansions, many words, long pages, every match of a query). They wait their turn under a global bound
// on server time (scheduler.ts) when others are being served; cheap requests go ahead.
//
// Decided by measurement (`npm run bench:abuse` prints every request kind's cost as a multiple of a plain
// search, with the class given here; docs/serving.md, "Admission: holding against many addresses"): a kind is cheap when its worst case
// measured stays within about ten times the time of a one-word search, costly otherwise. A route not
// listed here is costly until measured: a new page cannot slip past the bound by being forgotten.

/** Words (whitespace- or bracket-separated, operators included) a cheap search may have. */
export const MAX_CHEAP_WORDS = 8;
/** Results per page a cheap search may ask for (the default page). */
export const MAX_CHEAP_PAGE = 20;
/** Passages a cheap citations file may hold. */
export const MAX_CHEAP_CITATIONS = 20;

export type Cost = 'cheap' | 'costly';

type Query = Record<string, unknown>;

/** Routes that are cheap whatever their parameters: one passage, one list, a page with no search. */
const ALWAYS_CHEAP = [
  /^\/healthz$/,
  /^\/p\/[^/]+$/,
  /^\/api\/passages\/[^/]+$/,
  /^\/docs$/,
  /^\/api\/docs$/,
  /^\/words$/,
  /^\/api\/words$/,
];

/**
 * The cost class of a GET request, from its path and parameters alone (before any work is done).
 * @example requestCost('/api/search', { q: 'forced labor' }) // -> 'cheap'
 * @example requestCost('/api/search', { q: 'co* OR re*' }) // -> 'costly'
 * @example requestCost('/trends', { q: 'Dandong' }) // -> 'costly'
 */
export function requestCost(path: string, query: Query): Cost {
  if (ALWAYS_CHEAP.some((route) => route.test(path))) return 'cheap';
  if (path === '/' || path === '/search' || path === '/api/search') return plainSearch(query) ? 'cheap' : 'costly';
  // The reader highlighting a query's matches costs a search over the whole document.
  if (/^\/docs\/[^/]+$/.test(path)) return query.q === undefined || query.q === '' ? 'cheap' : 'costly';
  if (/^\/export\/citations\.\w+$/.test(path))
    return [query.id].flat().length <= MAX_CHEAP_CITATIONS ? 'cheap' : 'costly';
  // The reading list and its exports: a note per passage, as many as the address names.
  if (/^\/list(?:\.\w+)?$/.test(path)) return listLength(query) <= MAX_CHEAP_CITATIONS ? 'cheap' : 'costly';
  return 'costly';
}

/** Passages a reading-list address names: `ids=a,b,c` and any `id=` parameters. */
function listLength(query: Query): number {
  const ids = [query.ids]
    .flat()
    .filter((value): value is string => typeof value === 'string')
    .flatMap((value) => value.split(','));
  const id = [query.id].flat().filter((value) => typeof value === 'string');
  return ids.length + id.length;
}

/** A search of a few words with no expansion (no `*`, no `~`), on a page of the default size. */
function plainSearch(query: Query): boolean {
  const q = query.q ?? '';
  if (typeof q !== 'string') return true; // refused with a 400 before any search
  if (/[*~]/.test(q)) return false;
  if (q.split(/[\s()"]+/).filter(Boolean).length > MAX_CHEAP_WORDS) return false;
  const size = query.size === undefined || query.size === '' ? MAX_CHEAP_PAGE : Number(query.size);
  return !(size > MAX_CHEAP_PAGE);
}
