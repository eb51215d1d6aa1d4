// /search.atom?q=...: any search as an Atom feed, an entry per matching passage, newest report first.
import { Router } from 'express';
import type { Library } from '../../library.ts';
import { parseSearchRequest } from '../../search/query/request.ts';
import { DIMENSIONS, filterLabel } from '../../search/dimensions.ts';
import { highlightMatch, matchAll, type Match } from '../../search/search.ts';
import { escapeHtml } from '../../search/results/highlight.ts';
import { authorName, citedPassage, reportLocation } from '../../cite/citation.ts';
import { citationText } from '../../cite/formats.ts';
import { citationInput } from '../../cite/citation-input.ts';
import { atomFeed, feedDate, type FeedEntry } from '../atom-feed.ts';
import { originOf, publicUrlOf } from '../render.ts';
import { absolute, feedUrl, passageUrl, publicPermalink, searchUrl, stateOf, type SearchState } from '../urls.ts';

/** Entries in one feed: the newest passages; a feed reader keeps what it has seen. */
export const FEED_MAX = 100;

export function feedRoutes(library: () => Library): Router {
  const router = Router();

  router.get('/search.atom', (req, res) => {
    const current = library();
    const request = parseSearchRequest(
      { ...req.query, page: undefined, size: undefined, sort: undefined },
      current.vocabulary,
    );
    const state = stateOf(request);
    const origin = originOf(req);
    const publicUrl = publicUrlOf(req);
    const newest = [...matchAll(current, request).matches]
      .sort((a, b) => b.passage.year - a.passage.year || a.position - b.position)
      .slice(0, FEED_MAX);
    const entries = newest.map((match) => feedEntry(current, match, origin, publicUrl));
    const body = atomFeed({
      selfUrl: absolute(origin, feedUrl(state)),
      pageUrl: absolute(origin, searchUrl(state)),
      title: `${feedTitle(current, state)} in the Trafficking in Persons reports`,
      subtitle: `Every passage matching this search, newest report first (the newest ${FEED_MAX} at most).`,
      // When the index was built (a library built in memory has no date: then the newest entry's).
      updated: Number.isNaN(Date.parse(current.builtAt))
        ? (entries[0]?.updated ?? new Date(0).toISOString())
        : new Date(current.builtAt).toISOString(),
      entries,
    });
    res.type('application/atom+xml; charset=utf-8').send(body);
  });

  return router;
}

function feedEntry(library: Library, match: Match, origin: string, publicUrl: string | null): FeedEntry {
  const { passage } = match;
  const doc = library.document(passage.doc)!;
  const input = citationInput(library, passage.id, publicPermalink(publicUrl, passage.id))!;
  return {
    url: absolute(origin, passageUrl(passage.id)),
    title: `${doc.label}, ${reportLocation(passage)}`,
    author: authorName(citedPassage(input).author),
    updated: feedDate(doc.published, doc.year),
    categories: DIMENSIONS.flatMap(({ name }) => {
      const value = library.dimensionFields(match.position)[name];
      return value === null ? [] : [{ term: String(value), label: filterLabel(name, value, library) }];
    }),
    summary: passage.text,
    contentHtml: `<blockquote><p>${highlightMatch(library, match)}</p></blockquote><p>${escapeHtml(citationText(input))}</p>`,
  };
}

/** "“Dandong”, 2016, Protection": the query and its filters, as a reader names the feed. */
function feedTitle(library: Library, state: SearchState): string {
  const filters = DIMENSIONS.flatMap((dimension) =>
    (state.filters[dimension.name] ?? []).map((value) => dimension.label(value, library)),
  );
  return [state.q ? `“${state.q}”` : 'All passages', ...filters].join(', ');
}
