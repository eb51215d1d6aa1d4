// Gathering what the citation formats need for one passage from the loaded library: its catalog record,
// our public permalink (or none), the text of its document (for the text fragment) and the access date (today).
import type { Library } from '../library.ts';
import type { CitationInput } from './citation.ts';
import { documentText } from './text-fragment.ts';

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
    documentText: doc.url && doc.urlVerified ? documentText(library.passagesOf(passage.doc)) : '',
  };
}
