// What changed between two report years, section by section: sentences added, dropped, revised (with a
// word diff) and how many stayed word for word. Built from the stored alignment; pure.
//
// Every aligned passage of the two years is accounted for once: a `to` passage is added, revised or
// unchanged; a `from` passage is dropped or is the `from` of a revised or unchanged pair. A pair is
// filed under its `to` passage's section (the newer report's organisation), so a sentence that moved from
// Prevention to the Trafficking Profile is listed as revised under Trafficking Profile.
// A year with several documents (a report and an excerpt of it) is taken whole: a passage's counterpart
// in that year is its best match among the year's documents.

import { SECTIONS, type Passage, type Section } from '../corpus/types.ts';
import { matchIn, type Alignment } from './align.ts';
import { wordDiff, type DiffPart } from './word-diff.ts';

export interface RevisedPair {
  from: Passage;
  to: Passage;
  similarity: number;
  diff: DiffPart[];
}

export interface SectionComparison {
  section: Section;
  /** In `to` with no counterpart in `from`. */
  added: Passage[];
  /** In `from` with no counterpart in `to`. */
  dropped: Passage[];
  revised: RevisedPair[];
  /** Pairs with the same wording (once tokenized and case-folded): how many... */
  unchanged: number;
  /** ...and their `to` passages. */
  identical: Passage[];
  /**
   * The year whose documents have no passage in this section (an excerpt without it, say), or null.
   * Added or dropped then means "not in this collection's text of that year", not "not in that report".
   */
  missing: 'from' | 'to' | null;
}

export interface YearComparison {
  from: number;
  to: number;
  /** Sections either year has, in canonical order. */
  sections: SectionComparison[];
}

/**
 * Compare two different report years through the alignment. Passages the alignment leaves out (commentary) take no
 * part; a year with no aligned passages compares as empty.
 * @example compareYears(alignment, passages, 2023, 2025).sections[1]
 *   // { section: 'recommendations', added: [], dropped: [], unchanged: 8, missing: null,
 *   //   revised: [3 pairs, e.g. "Eliminate coercion tactics..." -> "Eliminate coercive tactics..." with its diff] }
 */
export function compareYears(alignment: Alignment, passages: Passage[], from: number, to: number): YearComparison {
  const byId = new Map(passages.map((passage) => [passage.id, passage]));
  const ofYear = (year: number) =>
    passages.filter((passage) => passage.year === year && alignment[passage.id] !== undefined);
  const fromPassages = ofYear(from);
  const toPassages = ofYear(to);
  const present = SECTIONS.filter((section) =>
    [...fromPassages, ...toPassages].some((passage) => passage.section === section),
  );
  const sections = new Map(
    present.map((section): [Section, SectionComparison] => [
      section,
      {
        section,
        added: [],
        dropped: [],
        revised: [],
        unchanged: 0,
        identical: [],
        missing: missingIn(section, fromPassages, toPassages),
      },
    ]),
  );

  for (const passage of toPassages) {
    const counterpart = matchIn(alignment, passage.id, from);
    const entry = sections.get(passage.section)!;
    if (!counterpart) entry.added.push(passage);
    else if (counterpart.status === 'identical') {
      entry.identical.push(passage);
      entry.unchanged++;
    } else {
      const earlier = byId.get(counterpart.id)!;
      entry.revised.push({
        from: earlier,
        to: passage,
        similarity: counterpart.similarity,
        diff: wordDiff(earlier.text, passage.text),
      });
    }
  }
  for (const passage of fromPassages) {
    if (!matchIn(alignment, passage.id, to)) sections.get(passage.section)!.dropped.push(passage);
  }
  return { from, to, sections: [...sections.values()] };
}

/** The years compareYears can compare: those with report or excerpt passages (not commentary alone). */
export function comparableYears(alignment: Alignment, passages: Passage[]): number[] {
  return [
    ...new Set(passages.filter((passage) => alignment[passage.id] !== undefined).map((passage) => passage.year)),
  ].sort((a, b) => a - b);
}

function missingIn(section: Section, fromPassages: Passage[], toPassages: Passage[]): SectionComparison['missing'] {
  if (!fromPassages.some((passage) => passage.section === section)) return 'from';
  if (!toPassages.some((passage) => passage.section === section)) return 'to';
  return null;
}
