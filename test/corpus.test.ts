// The ingestion pipeline on the five real seeds: what a researcher citing a sentence relies on.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { COLLECTION, ROOT, SEEDS, passageById, passageContaining, realCorpus } from './support/corpus.ts';
import { readSeeds } from '../server/corpus/read-seeds.ts';
import { ingestCorpus } from '../server/corpus/ingest.ts';
import { foldWhitespace } from '../server/corpus/types.ts';

const { passages, documents } = realCorpus();
const seedText = new Map(documents.map((d) => [d.source, readFileSync(join(COLLECTION, d.source), 'utf8')]));

describe('every passage', () => {
  it('is exactly its seed slice once whitespace is folded', () => {
    for (const p of passages) expect(foldWhitespace(seedText.get(p.source)!.slice(p.start, p.end)), p.id).toBe(p.text);
  });

  it('starts and ends on the sentence itself: no whitespace at either edge of [start, end)', () => {
    for (const p of passages) {
      const slice = seedText.get(p.source)!.slice(p.start, p.end);
      expect(slice.length, p.id).toBeGreaterThan(0);
      expect(slice, p.id).toBe(slice.trim());
    }
  });

  it('has a unique id of the form <doc>-<section>-p<n>-s<m>', () => {
    expect(new Set(passages.map((p) => p.id)).size).toBe(passages.length);
    for (const p of passages) expect(p.id).toMatch(new RegExp(`^${p.doc}-${p.section}-p\\d+-s\\d+$`));
  });

  it('gets the same id on every run', () => {
    const again = ingestCorpus(readSeeds(SEEDS, COLLECTION)).passages;
    expect(again.map((p) => p.id)).toEqual(passages.map((p) => p.id));
  });

  it('has 1-based paragraph and sentence ordinals that count up through each document', () => {
    for (const doc of documents) {
      const own = passages.filter((p) => p.doc === doc.id);
      expect(own.map((p) => p.sentence)).toEqual(own.map((_, i) => i + 1));
      expect(own[0]!.paragraph).toBe(1);
      own.slice(1).forEach((p, i) => {
        expect(p.paragraph - own[i]!.paragraph).toBeGreaterThanOrEqual(0);
      });
    }
  });

  it('carries the report year of its document', () => {
    const years = Object.fromEntries(documents.map((d) => [d.id, d.year]));
    for (const p of passages) expect(p.year).toBe(years[p.doc]);
  });
});

describe('the corpus', () => {
  it('holds five documents and 281 passages', () => {
    expect(documents.map((d) => [d.id, d.passageCount])).toEqual([
      ['2007-tip', 36],
      ['2016-tip', 62],
      ['2019-king-keia', 75],
      ['2023-tip-excerpt', 15],
      ['2025-tip', 93],
    ]);
    expect(passages).toHaveLength(281);
  });

  it('keeps known passages at known ids (permalinks must not move)', () => {
    expect(passageById('2025-tip-trafficking-profile-p6-s3').text).toMatch(
      /^According to one media report .* city of Dandong\.$/,
    );
    expect(passageById('2007-tip-prosecution-p1-s8').text).toBe(
      'Fair and transparent trials do not occur in the D. P. R. K.',
    );
    expect(passageById('2016-tip-recommendations-p1-s9').text).toBe('accede to the 2000 UN TIP Protocol.');
    expect(passageById('2023-tip-excerpt-recommendations-p2-s1').text).toBe(
      'End the use of forced labor as punishment for DPRK citizens involuntarily repatriated from other countries.',
    );
  });
});

describe('page furniture', () => {
  const furniture = [
    'Last Updated',
    'Disclaimer',
    'Cite as',
    'Publication Date',
    'Search Refworld',
    'Search All Site Content',
    'Total Index',
    'Mailing List',
    'mailing list',
    'SHUTDOWN',
    'shutdown',
    'DEPARTMENT *of* STATE',
    '[Home]',
    'IN THIS SECTION',
    'TAGS',
    '](#)',
    'USA.gov',
    'Inspector General',
    'Contact Us',
    'Privacy Policy',
    'No FEAR Act',
    'Picture courtesy',
    'Return to the Peninsula',
    'Stay Informed',
    'Register to receive',
    'Non-Resident Fellow',
    'Author:',
    'By Robert',
    'Published July',
    '**',
    '##',
    '---',
    'Country-by-Country',
    'Extracted in part',
  ];
  it.each(furniture)('no passage contains "%s"', (marker) => {
    expect(passages.filter((p) => p.text.includes(marker)).map((p) => p.id)).toEqual([]);
  });

  it('titles and headings are metadata, not passages', () => {
    const headings = [
      'PROSECUTION',
      'TRAFFICKING PROFILE:',
      'Prioritized Recommendations',
      'North Korea’s Record on Trafficking',
      'The Peninsula',
      'North Korea (Tier 3)',
    ];
    for (const heading of headings)
      expect(
        passages.some((p) => p.text === heading),
        heading,
      ).toBe(false);
    expect(documents.find((d) => d.id === '2016-tip')!.titles).toContain('2016 Trafficking in Persons Report');
  });
});

describe('paragraphs broken across page breaks', () => {
  const joins = [
    { doc: '2016-tip', fragment: 'deposited into accounts controlled by the North Korean government', line: 17 },
    { doc: '2016-tip', fragment: 'recognize it as a distinct crime from human smuggling', line: 27 },
    {
      doc: '2016-tip',
      fragment: 'The government reportedly subjected some repatriated victims who were pregnant',
      line: 39,
    },
    {
      doc: '2025-tip',
      fragment: 'there were also media reports the government inappropriately used trafficking charges',
      line: 54,
    },
    { doc: '2025-tip', fragment: 'an average of 12 to 16 hours a day, and sometimes up to 20 hours per day', line: 80 },
    { doc: '2025-tip', fragment: 'traffickers who lure, drug, detain, or kidnap them upon arrival', line: 86 },
  ];
  it.each(joins)('$doc joins "$fragment"', ({ doc, fragment }) => {
    const passage = passageContaining(fragment, doc);
    expect(seedText.get(passage.source)!.slice(passage.start, passage.end)).toMatch(/\n\n/);
  });

  it('records exactly these joins and no others', () => {
    const recorded = documents.flatMap((d) => d.joins.map((line) => `${d.id}:${line}`));
    expect(recorded).toEqual(joins.map((j) => `${j.doc}:${j.line}`));
  });
});

describe('sentence boundaries on the awkward cases of these files', () => {
  const whole = [
    [
      '2007-tip',
      "The Democratic People's Republic of Korea (D. P. R. K. or North Korea) is a source country for men, women, and children trafficked for the purposes of commercial sexual exploitation and forced labor.",
    ],
    [
      '2007-tip',
      "The illegal status of North Koreans in the People's Republic of China (P. R. C. ) and other Southeast Asian countries increases their vulnerability to trafficking schemes and sexual and physical abuse.",
    ],
    [
      '2007-tip',
      'In a less common form of trafficking, North Korean women and girls are lured out of North Korea by the promise of food, jobs, and freedom, only to be forced into prostitution, marriage, or exploitative labor arrangements once in P. R. C.',
    ],
    [
      '2007-tip',
      "The D. P. R. K. 's system of political repression includes forced labor in a network of prison camps, where an estimated 150,000 to 200,000 persons are incarcerated and subjected to reeducation through labor by logging, mining, and tending crops.",
    ],
    [
      '2007-tip',
      'Countries in which North Koreans work through such arrangements reportedly included Russia, the Czech Republic, Poland, Romania, Libya, Bulgaria, Saudi Arabia, Angola, Mongolia, Kuwait, Yemen, Iraq, and the P. R. C.',
    ],
    [
      '2007-tip',
      'North Koreans forcibly repatriated from P. R. C. , some of whom may be trafficking victims, may be jailed and forced into prison labor camps.',
    ],
    ['2007-tip', 'Fair and transparent trials do not occur in the D. P. R. K.'],
    [
      '2016-tip',
      'North Korea holds an estimated 80,000 to 120,000 prisoners in political prison camps in remote areas of the country.',
    ],
    [
      '2019-king-keia',
      'On June 20, 2019, the U.S. Department of State released the 2019 Trafficking in Persons Report.',
    ],
    [
      '2019-king-keia',
      'One survivor of exploitation said, “I was deceived by a broker and sold into marriage for ¥5,000 Chinese Yuan ($720 United States Dollars). I spent six years as a slave.”',
    ],
    [
      '2019-king-keia',
      'The recently released Global Slavery Index states that as many as 2.6 million people—1 out of every 10 North Koreans—are victims of forced labor or modern slavery.',
    ],
    [
      '2023-tip-excerpt',
      'The Government of the Democratic People’s Republic of Korea (DPRK) does not fully meet the minimum standards for the elimination of trafficking and, even considering the impact of the COVID-19 pandemic, if any, on its anti-trafficking capacity, is not making significant efforts to do so; therefore the DPRK remained on Tier 3.',
    ],
    ['2025-tip', 'By law, failure to meet economic plan goals may result in two years of “labor correction.”'],
    [
      '2025-tip',
      'There are an estimated 20,000-100,000 North Koreans working in China, primarily in restaurants and factories.',
    ],
  ];
  it.each(whole)('%s keeps "%s" as one passage', (doc, sentence) => {
    expect(passages.filter((p) => p.doc === doc && p.text === sentence)).toHaveLength(1);
  });

  it('keeps the quoted ellipsis ". . . [and]" inside one commentary passage', () => {
    const passage = passageContaining('. . . [and] it did not protect potential trafficking victims');
    expect(passage.text).toMatch(/^The report determined that Pyongyang “did not demonstrate/);
    expect(passage.text).toMatch(/forcibly repatriated from China or other countries\.”$/);
  });

  it('splits after "D. P. R. K." and "P. R. C." where a new sentence begins', () => {
    expect(passageById('2007-tip-prosecution-p1-s9').text).toMatch(/^It is therefore unclear/);
    expect(passageById('2007-tip-trafficking-profile-p1-s6').text).toMatch(/^The D\. P\. R\. K\. 's system/);
    expect(passageById('2007-tip-trafficking-profile-p2-s4').text).toMatch(/^In January 2007, the Czech Ministry/);
  });

  it('ends a sentence inside a closing quote', () => {
    expect(passageById('2025-tip-trafficking-profile-p1-s6').text).toMatch(/“reform through labor\.”$/);
    expect(passageById('2025-tip-trafficking-profile-p1-s7').text).toMatch(/^In “serious” cases/);
  });
});

describe('recommendations', () => {
  it('2016: the semicolon-joined sentence gives one passage per recommendation', () => {
    const recs = passages.filter((p) => p.doc === '2016-tip' && p.section === 'recommendations').map((p) => p.text);
    expect(recs).toHaveLength(9);
    expect(recs[0]).toBe('End the use of forced labor in prison camps and among North Korean workers abroad');
    expect(recs[2]).toBe('criminalize human trafficking and recognize it as a distinct crime from human smuggling');
  });

  it('2023 and 2025: one passage per listed recommendation', () => {
    for (const doc of ['2023-tip-excerpt', '2025-tip']) {
      const recs = passages.filter((p) => p.doc === doc && p.section === 'recommendations');
      expect(recs).toHaveLength(11);
      expect(recs.at(-1)!.text).toBe('Accede to the 2000 UN TIP Protocol.');
    }
  });
});

describe('sections of known sentences', () => {
  const known = [
    [
      'the opening country profile of 2016',
      'subjected to forced labor and sex trafficking',
      '2016-tip',
      'trafficking-profile',
    ],
    [
      'the 2016 assessment',
      'It failed to protect trafficking victims when they were forcibly repatriated',
      '2016-tip',
      'overview',
    ],
    ['2007 law enforcement', 'Article 50 of the Penal Code', '2007-tip', 'prosecution'],
    ['2007 victims', 'does not recognize trafficking victims', '2007-tip', 'protection'],
    ['2007 awareness', 'public awareness campaigns', '2007-tip', 'prevention'],
    ['2007 overseas work', 'Czech Ministry of Interior', '2007-tip', 'trafficking-profile'],
    ['2025 Dandong', 'Dandong', '2025-tip', 'trafficking-profile'],
    ['2025 tier', 'The DPRK remained on Tier 3.', '2025-tip', 'overview'],
    ['2025 execution of women', 'execute at least two women', '2025-tip', 'prosecution'],
    ['2023 garnishing', 'Cease the garnishing of wages', '2023-tip-excerpt', 'recommendations'],
    ['2019 commentary', 'Korea Future Initiative, just issued', '2019-king-keia', 'commentary'],
  ] as const;
  it.each(known)('%s is in %s / %s', (_, fragment, doc, section) => {
    expect(passageContaining(fragment, doc).section).toBe(section);
  });
});

describe('npm run -s passages', () => {
  it('prints every passage as one JSON object per line, in document order, with exactly the passage fields, country included', () => {
    const output = execFileSync(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/passages.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const lines = output
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual(passages);
    expect(Object.keys(lines[0])).toEqual([
      'id',
      'doc',
      'year',
      'country',
      'section',
      'heading',
      'paragraph',
      'sentence',
      'text',
      'source',
      'start',
      'end',
    ]);
  });
});
