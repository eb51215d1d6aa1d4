// Passages: one per sentence of every sectioned paragraph, with readable, stable ids and offsets into
// the seed. A semicolon-joined recommendations sentence (2016) yields one passage per recommendation.

import type { Passage, Section, SectionedParagraph } from './types.ts';
import { foldWhitespace } from './types.ts';
import { splitSemicolonList, splitSentences, type Span } from './sentences.ts';

/** A recommendations sentence that splits into at least this many items is a list of recommendations. */
const MIN_LIST_ITEMS = 3;

export interface PassageSource {
  doc: string;
  year: number;
  country: string;
  /** Seed path from the repository root. */
  source: string;
  text: string;
}

/**
 * Cut sectioned paragraphs into passages.
 * Ids are `<doc>-<section>-p<n>-s<m>`: n counts paragraphs within the section, m sentences within the
 * paragraph, so an edit in one section never renumbers another section's passages.
 */
export function buildPassages(seed: PassageSource, paragraphs: SectionedParagraph[]): Passage[] {
  const passages: Passage[] = [];
  const paragraphsInSection = new Map<Section, number>();
  let sentenceOrdinal = 0;
  paragraphs.forEach((paragraph, index) => {
    const inSection = (paragraphsInSection.get(paragraph.section) ?? 0) + 1;
    paragraphsInSection.set(paragraph.section, inSection);
    sentenceSpans(seed.text, paragraph).forEach((span, sentenceIndex) => {
      sentenceOrdinal++;
      passages.push({
        id: `${seed.doc}-${paragraph.section}-p${inSection}-s${sentenceIndex + 1}`,
        doc: seed.doc,
        year: seed.year,
        country: seed.country,
        section: paragraph.section,
        heading: paragraph.heading,
        paragraph: index + 1,
        sentence: sentenceOrdinal,
        text: foldWhitespace(seed.text.slice(span.start, span.end)),
        source: seed.source,
        start: span.start,
        end: span.end,
      });
    });
  });
  return passages;
}

/** Sentence spans of a paragraph, in seed coordinates; recommendation lists split at semicolons. */
function sentenceSpans(text: string, paragraph: SectionedParagraph): Span[] {
  const body = text.slice(paragraph.start, paragraph.end);
  return splitSentences(body).flatMap((span) => {
    const items = paragraph.section === 'recommendations' ? splitSemicolonList(body, span) : [];
    const spans = items.length >= MIN_LIST_ITEMS ? items : [span];
    return spans.map(({ start, end }) => ({ start: paragraph.start + start, end: paragraph.start + end }));
  });
}
