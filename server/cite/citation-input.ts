// Gathering what the citation formats need for one passage from the loaded library: its catalog record,
// our permalink, the text of its document (for the text fragment) and the access date (today).
import type { Library } from '../library.ts';
import type { CitationInput } from './citation.ts';
import { documentText } from './text-fragment.ts';

/** The citation input for a passage id, or null when there is no such passage. */
export function citationInput(library: Library, id: string, permalink: string): CitationInput | null {
  const passage = library.passage(id);
  if (!passage) return null;
  return {
    passage,
    doc: library.document(passage.doc)!,
    accessed: new Date(),
    permalink,
    documentText: documentText(library.passagesOf(passage.doc)),
  };
}
