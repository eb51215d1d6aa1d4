// Canonical sections for every body paragraph.
//
// Headings decide when there are headings, in any of the corpus' three styles ("## PROSECUTION",
// "PROSECUTION", "TRAFFICKING PROFILE:") once markup is gone. Where a narrative has none (the 2007 report
// throughout; the 2016 report before its first heading) content decides, following the fixed order of a
// TIP country narrative:
//   - the opening country description, before the assessment paragraph, is the trafficking profile;
//   - the paragraph with the minimum-standards assessment ("does not fully meet the minimum standards")
//     opens the overview;
//   - after it, unheaded paragraphs move forward through prosecution -> protection -> prevention when
//     their wording is about law enforcement, victims, or awareness (see TOPIC_CUES).

import type { BodyBlock, DocumentType, Section, SectionedParagraph } from './types.ts';
import { SECTIONS } from './types.ts';

type Topic = 'prosecution' | 'protection' | 'prevention';

/** Wording typical of each unheaded section, with weights; tuned and tested on the 2007/2016/2025 texts. */
const TOPIC_CUES: Record<Topic, Array<[RegExp, number]>> = {
  prosecution: [
    [/law enforcement/gi, 3],
    [/prosecut\w*/gi, 2],
    [/convict\w*/gi, 2],
    [/\b(?:penal|criminal) code\b/gi, 2],
    [/\bcriminaliz\w*/gi, 1],
    [/\btrials?\b/gi, 1],
    [/\binvestigat\w*/gi, 1],
  ],
  protection: [
    [/\bvictims?\b/gi, 1],
    [/\bprotect(?:ion|ive)\b/gi, 2],
    [/\bassist(?:ance)?\b/gi, 2],
    [/\bshelters?\b/gi, 2],
    [/\brepatriat\w*/gi, 1],
    [/\bidentif\w*/gi, 1],
    [/\bpenaliz\w*/gi, 1],
  ],
  prevention: [
    [/\bawareness\b/gi, 3],
    [/\bcampaigns?\b/gi, 2],
    [/\bprevent(?:ion|ing)?\s+(?:human\s+)?trafficking\b/gi, 3],
    [/\bTIP Protocol\b/gi, 2],
    [/\bdemand for commercial sex\b/gi, 2],
    [/\b(?:ratif\w*|accede\w*)\b/gi, 1],
    [/\bdiplomatic personnel\b/gi, 2],
  ],
};

/**
 * An unheaded paragraph needs at least this much evidence to open a new section; a paragraph of one
 * short sentence, as the early reports' prosecution, protection and prevention parts are ("No efforts to
 * prosecute traffickers were reported."), has room for less and needs one cue less.
 */
const MIN_TOPIC_SCORE = 3;
const MIN_SHORT_TOPIC_SCORE = 2;
const SHORT_PARAGRAPH = 200;

/** The minimum-standards assessment that opens a narrative's overview. */
export const ASSESSMENT = /\b(?:fully\s+)?(?:meets?|compl(?:y|ies)\s+with)\s+the\s+minimum\s+standards\b/i;

/**
 * Give every paragraph of a cleaned body its section and the heading it sits under.
 * @example assignSections(body, 'report', text) // 2007: profile, profile, overview, prosecution, protection, prevention
 */
export function assignSections(body: BodyBlock[], type: DocumentType, text: string): SectionedParagraph[] {
  const paragraphs: SectionedParagraph[] = [];
  let section: Section | null = type === 'commentary' ? 'commentary' : null;
  let heading: string | null = null;
  let inferred = type !== 'commentary';
  for (const block of body) {
    if (block.kind === 'heading') {
      const named = type === 'commentary' ? 'commentary' : sectionForHeading(block.text);
      if (named) {
        section = named;
        inferred = false;
      }
      heading = block.text;
      continue;
    }
    if (inferred) {
      section = inferSection(text.slice(block.start, block.end), section);
      heading = null;
    }
    paragraphs.push({ ...block, section: section!, heading });
  }
  return paragraphs;
}

/** The canonical section a heading names, or null for a heading that names none (a subhead). */
export function sectionForHeading(heading: string): Section | null {
  const text = heading.toLowerCase();
  if (/recommendation/.test(text)) return 'recommendations';
  if (/^prosecution\b/.test(text)) return 'prosecution';
  if (/^protection\b/.test(text)) return 'protection';
  if (/^prevention\b/.test(text)) return 'prevention';
  if (/trafficking profile/.test(text)) return 'trafficking-profile';
  return null;
}

/** The section of an unheaded paragraph, given the section of the paragraph before it. */
export function inferSection(paragraph: string, previous: Section | null): Section {
  if (ASSESSMENT.test(paragraph)) return 'overview';
  if (previous === null || previous === 'trafficking-profile') return 'trafficking-profile';
  const topic = topicOf(paragraph);
  const isLater = (candidate: Section) => SECTIONS.indexOf(candidate) > SECTIONS.indexOf(previous);
  return topic && isLater(topic) ? topic : previous;
}

/** The narrative section a paragraph's wording points to, or null when the evidence is thin. */
export function topicOf(paragraph: string): Topic | null {
  const scores = (Object.keys(TOPIC_CUES) as Topic[]).map((topic) => ({
    topic,
    score: TOPIC_CUES[topic].reduce((sum, [cue, weight]) => sum + (paragraph.match(cue)?.length ?? 0) * weight, 0),
  }));
  const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
  return best.score >= (paragraph.length < SHORT_PARAGRAPH ? MIN_SHORT_TOPIC_SCORE : MIN_TOPIC_SCORE)
    ? best.topic
    : null;
}
