// Gathering what the citation formats need for one passage from the loaded library: its catalog record,
// our public permalink (or none), the text of its document (for the text fragment) and the access date (today).
import type { Library } from '../library.ts';
import { LruCache } from '../lru-cache.ts';
import type { CitationInput } from './citation.ts';
import { PageText } from './text-fragment.ts';

/**
 * Folded document texts kept per library (a reload's new library starts empty). The search page cites
 * each of its results: reading every passage of the result's document from disk and folding them, once
 * per result, was 3 of the page's 9.7 ms on the seed corpus. A document is 20-200 KB folded.
 */
const PAGE_TEXT_BYTES = 16 << 20;
const pageTexts = new WeakMap<Library, LruCache<PageText>>();

function pageTextOf(library: Library, doc: string): PageText {
  let cache = pageTexts.get(library);
  if (!cache) pageTexts.set(library, (cache = new LruCache(PAGE_TEXT_BYTES, (page) => 2 * page.folded.length)));
  let page = cache.get(doc);
  if (!page) {
    page = PageText.ofPassages(library.passagesOf(doc));
    cache.set(doc, page);
  }
  return page;
}

/**
 * The citation input for a passage id, or null when there is no such passage.
 * @param permalink the public permalink (`publicPermalink`), or null to cite the original publication only
 */
export function citationInput(library: Library, id: string, permalink: string | null): CitationInput | null {
  const passage = library.passage(id);
  if (!passage) return null;
  const doc = library.document(passage.doc)!;
  return {
    passage,
    doc,
    accessed: new Date(),
    permalink,
    // Only a verified address gets a text fragment, so only then is the document's text needed.
    page: doc.url && doc.urlVerified ? pageTextOf(library, passage.doc) : null,
  };
}
