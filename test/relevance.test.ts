// Relevance judgments: queries a researcher would type, and the passages they would expect near the top.
// Each judgment fails when a relevant passage drops below its rank bound or out of the results; the
// aggregate (mean reciprocal rank of the first relevant passage) fails when ranking gets worse overall.
// Judgments were written by reading the passages, not by copying the engine's output.
import { describe, expect, it } from 'vitest';
import { idsFor } from './support/library.ts';

interface Judgment {
  query: string;
  /** Passages a researcher expects, all of which must rank within `within`. */
  relevant: string[];
  within: number;
  why: string;
}

const judgments: Judgment[] = [
  {
    query: 'Dandong',
    relevant: ['2025-tip-trafficking-profile-p6-s3'],
    within: 1,
    why: 'the only mention of the city',
  },
  {
    query: 'forced repatriation',
    relevant: [
      '2016-tip-overview-p1-s4',
      '2016-tip-protection-p2-s2',
      '2025-tip-protection-p2-s5',
      '2023-tip-excerpt-recommendations-p2-s1',
      '2025-tip-recommendations-p2-s1',
      '2007-tip-protection-p1-s3',
    ],
    within: 8,
    why: 'sentences saying "forcibly repatriated" / "involuntarily repatriated", across 2007-2025',
  },
  {
    query: 'overseas workers',
    relevant: ['2025-tip-trafficking-profile-p5-s10', '2025-tip-recommendations-p4-s1'],
    within: 8,
    why: 'wages withheld from / garnished from overseas workers',
  },
  {
    query: 'political prison camps',
    relevant: ['2016-tip-trafficking-profile-p1-s6', '2025-tip-trafficking-profile-p2-s1'],
    within: 3,
    why: 'the estimates of prisoners held in political prison camps',
  },
  {
    query: 'forced abortions',
    relevant: ['2016-tip-protection-p2-s4'],
    within: 2,
    why: 'the sentence about repatriated pregnant victims',
  },
  {
    query: 'labor training centers',
    relevant: ['2016-tip-trafficking-profile-p1-s12'],
    within: 2,
    why: 'the sentence describing the centers',
  },
  {
    query: 'executing trafficking victims',
    relevant: ['2016-tip-protection-p2-s2', '2025-tip-protection-p2-s5'],
    within: 2,
    why: 'defector reports of executions, 2016 and 2025',
  },
  {
    query: 'stateless children',
    relevant: ['2016-tip-protection-p2-s5', '2025-tip-trafficking-profile-p7-s8'],
    within: 2,
    why: 'children born in China to DPRK women',
  },
  {
    query: 'cybersex',
    relevant: ['2019-king-keia-commentary-p9-s1'],
    within: 1,
    why: 'the CNN report on cybersex slavery',
  },
  {
    query: 'women sold as brides',
    relevant: ['2007-tip-trafficking-profile-p1-s4'],
    within: 1,
    why: 'sold as brides to P. R. C. nationals',
  },
  {
    query: 'law enforcement efforts',
    relevant: ['2016-tip-prosecution-p1-s1', '2025-tip-prosecution-p1-s1', '2007-tip-prosecution-p1-s1'],
    within: 3,
    why: 'the opening sentence of each prosecution section',
  },
  {
    query: 'Russia workers',
    relevant: ['2025-tip-trafficking-profile-p6-s4'],
    within: 1,
    why: 'Russia allowing North Korean workers to enter',
  },
  {
    query: 'mass mobilizations children',
    relevant: ['2025-tip-overview-p1-s4', '2023-tip-excerpt-overview-p1-s3'],
    within: 6,
    why: 'the overview finding of forced labor in mass mobilizations of adults and children',
  },
  {
    query: 'passports confiscated',
    relevant: ['2025-tip-trafficking-profile-p5-s6'],
    within: 1,
    why: "officials confiscate workers' passports",
  },
  {
    query: 'North Korea tier 3',
    relevant: ['2019-king-keia-commentary-p5-s1', '2025-tip-overview-p1-s2'],
    within: 3,
    why: 'tier placement statements',
  },
  {
    query: 'garnish*',
    relevant: ['2023-tip-excerpt-recommendations-p4-s1', '2025-tip-recommendations-p4-s1'],
    within: 2,
    why: 'the recommendation on garnishing wages',
  },
  {
    query: 'D. P. R. K. prison camps',
    relevant: [
      '2007-tip-trafficking-profile-p1-s6',
      '2016-tip-trafficking-profile-p1-s6',
      '2025-tip-trafficking-profile-p2-s1',
    ],
    within: 12,
    why: 'the 2007 spelling still finds the 2007 estimate, with the 2016/2025 ones',
  },
];

const rankOf = (ids: string[], id: string) => ids.indexOf(id) + 1;

describe('relevance', () => {
  it.each(judgments)('"$query": $why', ({ query, relevant, within }) => {
    const ids = idsFor(query);
    for (const id of relevant) {
      const rank = rankOf(ids, id);
      expect(rank, `${id} should be found`).toBeGreaterThan(0);
      expect(rank, `${id} should rank within ${within}`).toBeLessThanOrEqual(within);
    }
  });

  // Measured 0.82 when the suite was written (judgment lists are narrow: ranks 2-4 are often other
  // relevant passages not listed). A change that drops it below 0.80 made ranking worse.
  it('keeps the mean reciprocal rank of the first relevant passage at or above 0.80', () => {
    const reciprocal = judgments.map(({ query, relevant }) => {
      const ids = idsFor(query);
      const best = Math.min(...relevant.map((id) => rankOf(ids, id) || Infinity));
      return best === Infinity ? 0 : 1 / best;
    });
    const mrr = reciprocal.reduce((a, b) => a + b, 0) / reciprocal.length;
    expect(mrr).toBeGreaterThanOrEqual(0.8);
  });
});
