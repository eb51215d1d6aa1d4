// What the citation formats are given for one real passage, with a fixed access date so that tests of
// every format (and every consumer rendering them) compare like with like.
import type { CitationInput } from '../../server/cite/citation.ts';
import { PageText } from '../../server/cite/text-fragment.ts';
import { passageById, realCorpus } from './corpus.ts';

export const ACCESSED = new Date('2025-07-01T12:00:00Z');

/** The citation input for a passage of the real corpus, as the passage page builds it. */
export function inputFor(id: string): CitationInput {
  const { documents, passages } = realCorpus();
  const passage = passageById(id);
  const doc = documents.find((candidate) => candidate.id === passage.doc)!;
  const own = passages.filter((candidate) => candidate.doc === doc.id);
  return {
    passage,
    doc,
    accessed: ACCESSED,
    permalink: `https://tip.example.org/p/${id}`,
    page: PageText.ofPassages(own),
  };
}
