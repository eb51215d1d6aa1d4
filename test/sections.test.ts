import { describe, expect, it } from 'vitest';
import { inferSection, sectionForHeading, topicOf } from '../server/corpus/sections.ts';
import { realCorpus } from './support/corpus.ts';

describe('sectionForHeading', () => {
  const cases = [
    { heading: 'PROSECUTION', expected: 'prosecution' },
    { heading: 'Protection', expected: 'protection' },
    { heading: 'PREVENTION', expected: 'prevention' },
    { heading: 'TRAFFICKING PROFILE:', expected: 'trafficking-profile' },
    { heading: 'PRIORITIZED RECOMMENDATIONS:', expected: 'recommendations' },
    { heading: 'Prioritized Recommendations', expected: 'recommendations' },
    { heading: 'RECOMMENDATIONS FOR THE DEMOCRATIC PEOPLE’S REPUBLIC OF KOREA:', expected: 'recommendations' },
    { heading: 'Forced Labor in North Korea', expected: null },
  ];
  it.each(cases)('$heading -> $expected', ({ heading, expected }) => expect(sectionForHeading(heading)).toBe(expected));
});

describe('inferSection', () => {
  it('calls the opening country description the trafficking profile until the assessment paragraph', () => {
    expect(inferSection('North Korea is a source country for men, women, and children.', null)).toBe(
      'trafficking-profile',
    );
    expect(inferSection('The government sends laborers abroad.', 'trafficking-profile')).toBe('trafficking-profile');
    expect(
      inferSection(
        'The Government of North Korea does not fully meet the minimum standards for the elimination of trafficking.',
        'trafficking-profile',
      ),
    ).toBe('overview');
  });

  it('moves forward, never back, through prosecution, protection and prevention', () => {
    const lawEnforcement = 'The government made no law enforcement efforts; there were no prosecutions or convictions.';
    expect(inferSection(lawEnforcement, 'overview')).toBe('prosecution');
    expect(inferSection(lawEnforcement, 'protection')).toBe('protection');
  });

  it('keeps the current section when the wording points nowhere', () => {
    expect(inferSection('The weather was cold.', 'overview')).toBe('overview');
  });
});

describe('sections on the real corpus, paragraph by paragraph', () => {
  const sectionsByParagraph = (doc: string) => {
    const passages = realCorpus().passages.filter((p) => p.doc === doc);
    const byParagraph = new Map<number, string>();
    for (const p of passages) byParagraph.set(p.paragraph, p.section);
    return [...byParagraph.values()];
  };

  it('2007 (no headings at all): profile, profile, overview, prosecution, protection, prevention', () => {
    expect(sectionsByParagraph('2007-tip')).toEqual([
      'trafficking-profile',
      'trafficking-profile',
      'overview',
      'prosecution',
      'protection',
      'prevention',
    ]);
  });

  it('2016 (country profile before any heading): three profile paragraphs, then the overview, then the headed sections', () => {
    expect(sectionsByParagraph('2016-tip')).toEqual([
      'trafficking-profile',
      'trafficking-profile',
      'trafficking-profile',
      'overview',
      'recommendations',
      'prosecution',
      'protection',
      'protection',
      'prevention',
    ]);
  });

  it('2025 (bare capital headings): overview, eleven recommendations, then each section under its heading', () => {
    const sections = sectionsByParagraph('2025-tip');
    expect(sections[0]).toBe('overview');
    expect(sections.slice(1, 12)).toEqual(Array(11).fill('recommendations'));
    expect(sections.slice(12)).toEqual([
      'prosecution',
      'prosecution',
      'protection',
      'protection',
      'prevention',
      'prevention',
      ...Array(7).fill('trafficking-profile'),
    ]);
  });

  it('2023 excerpt: the overview, then its prioritized recommendations one per paragraph', () => {
    expect(sectionsByParagraph('2023-tip-excerpt')).toEqual(['overview', ...Array(11).fill('recommendations')]);
  });

  it('the commentary is all commentary, with its own subheads kept as headings', () => {
    const passages = realCorpus().passages.filter((p) => p.doc === '2019-king-keia');
    expect(new Set(passages.map((p) => p.section))).toEqual(new Set(['commentary']));
    expect([...new Set(passages.map((p) => p.heading))]).toEqual([
      null,
      'North Korea’s Record on Trafficking',
      'North Korean Defectors are Frequent Victims of Sex Trafficking',
      'Chinese Policy Contributes to Sex Trafficking of North Korean Refugees',
      'Forced Labor in North Korea',
    ]);
  });

  it('inferred sections carry no heading; headed ones carry the heading as written', () => {
    const byId = new Map(realCorpus().passages.map((p) => [p.id, p]));
    expect(byId.get('2007-tip-prosecution-p1-s1')?.heading).toBeNull();
    expect(byId.get('2016-tip-trafficking-profile-p1-s1')?.heading).toBeNull();
    expect(byId.get('2016-tip-recommendations-p1-s1')?.heading).toBe(
      'RECOMMENDATIONS FOR THE DEMOCRATIC PEOPLE’S REPUBLIC OF KOREA:',
    );
    expect(byId.get('2025-tip-trafficking-profile-p1-s1')?.heading).toBe('TRAFFICKING PROFILE:');
  });

  it('the content classifier agrees with the headings where the reports have them', () => {
    // A check that the cues are not tuned to 2007 alone: on the headed 2016 and 2025 narratives, the
    // first paragraph under each law-enforcement/victims/awareness heading is classified the same way.
    for (const doc of ['2016-tip', '2025-tip']) {
      const record = realCorpus().documents.find((d) => d.id === doc)!;
      const passages = realCorpus().passages.filter((p) => p.doc === doc);
      for (const section of ['prosecution', 'protection', 'prevention'] as const) {
        const paragraphNumber = passages.find((p) => p.section === section)!.paragraph;
        const paragraphText = passages
          .filter((p) => p.paragraph === paragraphNumber)
          .map((p) => p.text)
          .join(' ');
        const wholeSection = passages
          .filter((p) => p.section === section)
          .map((p) => p.text)
          .join(' ');
        expect(topicOf(paragraphText) ?? topicOf(wholeSection), `${record.id} ${section}`).toBe(section);
      }
    }
  });

  it('counts 2007 passages per inferred section', () => {
    const record = realCorpus().documents.find((d) => d.id === '2007-tip')!;
    expect(record.sectionCounts).toEqual({
      'trafficking-profile': 12,
      overview: 5,
      prosecution: 11,
      protection: 4,
      prevention: 4,
    });
  });
});
