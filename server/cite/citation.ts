// Citations of passages. Document-level fields come from the catalog; the passage adds its section and
// paragraph. The short form goes with every search result.

import type { DocumentRecord, Passage } from '../corpus/types.ts';
import { SECTION_LABELS } from '../corpus/types.ts';

/**
 * One line a researcher can paste: who, what, which report, where in it.
 * @example shortCitation(passage, doc)
 *   // -> 'U.S. Department of State, "Korea, Democratic People's Republic of (Tier 3)," Trafficking in Persons Report 2025, Trafficking Profile, para. 24.'
 */
export function shortCitation(passage: Passage, doc: DocumentRecord): string {
  const where = `${SECTION_LABELS[passage.section]}, para. ${passage.paragraph}`;
  if (doc.type === 'commentary') {
    return `${doc.author ?? doc.publisher}, “${doc.title},” ${doc.container ?? doc.publisher}, ${formatDate(doc.published) ?? doc.year}, para. ${passage.paragraph}.`;
  }
  const excerpt = doc.type === 'excerpt' ? ` (excerpt${doc.via ? `, via ${doc.via}` : ''})` : '';
  return `${doc.publisher}, “${doc.title},” ${doc.report}${excerpt}, ${where}.`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2019-07-24" -> "July 24, 2019". */
export function formatDate(iso: string | null): string | null {
  if (!iso) return null;
  const [year, month, day] = iso.split('-').map(Number);
  return `${MONTHS[month! - 1]} ${day}, ${year}`;
}
