// /search.atom: a search as an Atom feed, checked against RFC 4287's rules and read back by a feed reader's parser.
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { parseFeed } from '@rowanmanning/feed-parser';
import { createApp } from '../server/web/app.ts';
import { realLibrary } from './support/library.ts';
import { http, textBody } from './support/app.ts';
import { atomProblems } from './support/atom.ts';
import { FEED_MAX } from '../server/web/routes/feed.ts';

const feedOf = async (path: string, agent = http()) => {
  const response = await agent.get(path).buffer(true).parse(textBody).expect(200);
  return { type: response.headers['content-type'] as string, xml: response.body as string };
};

describe('/search.atom', () => {
  it('is valid Atom, with an entry per matching passage, newest report first', async () => {
    const { type, xml } = await feedOf('/search.atom?q=forced%20repatriation');
    expect(type).toBe('application/atom+xml; charset=utf-8');
    expect(atomProblems(xml)).toEqual([]);
    const feed = parseFeed(xml);
    const total = (await http().get('/api/search?q=forced%20repatriation').expect(200)).body.total as number;
    expect(feed.items).toHaveLength(total);
    const years = feed.items.map((item) =>
      Number(item.categories.find((category) => /^\d{4}$/.test(category.term))!.term),
    );
    expect(years).toEqual([...years].sort((a, b) => b - a));
    expect(years[0]).toBe(2025);
    expect(feed.title).toBe('“forced repatriation” in the Trafficking in Persons reports');
  });

  it('gives each entry its passage: title, link, the sentence, its note and its date', async () => {
    const { xml } = await feedOf('/search.atom?q=Dandong');
    const [entry, ...rest] = parseFeed(xml).items;
    expect(rest).toEqual([]);
    expect(entry!.title).toBe('2025 TIP Report, para. 24 (Trafficking Profile)');
    expect(entry!.url).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/p\/2025-tip-trafficking-profile-p6-s3$|\/p\/2025-tip-trafficking-profile-p6-s3$/,
    );
    expect(entry!.description).toContain('80,000 North Koreans working just in the city of Dandong.');
    expect(entry!.content).toContain('<mark>Dandong</mark>');
    expect(entry!.content).toContain(
      'Trafficking in Persons Report 2025 (U.S. Department of State, 2025), para. 24 (Trafficking Profile)',
    );
    expect(entry!.updated?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(entry!.authors.map((author) => author.name)).toEqual([
      'U.S. Department of State, Office to Monitor and Combat Trafficking in Persons',
    ]);
  });

  it('takes the search page’s filters and is linked from that page', async () => {
    const { xml } = await feedOf('/search.atom?q=repatriated&year=2016&section=protection');
    expect(atomProblems(xml)).toEqual([]);
    const feed = parseFeed(xml);
    expect(feed.items.length).toBeGreaterThan(0);
    for (const item of feed.items)
      expect(item.categories.map((category) => category.term)).toEqual(expect.arrayContaining(['2016', 'protection']));
    const { text } = await http().get('/search?q=repatriated&year=2016&section=protection').expect(200);
    expect(text).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Feed: repatriated – search" href="/search.atom?q=repatriated&amp;year=2016&amp;section=protection">',
    );
  });

  it('escapes what a query carries into the XML, and stays valid Atom when nothing matches', async () => {
    const { xml } = await feedOf(`/search.atom?q=${encodeURIComponent('"<b>&amp;" zzzz')}`);
    expect(atomProblems(xml)).toEqual([]);
    expect(parseFeed(xml).items).toEqual([]);
    expect(xml).not.toContain('<b>');
  });

  it('holds the newest passages when more match than a feed carries', async () => {
    const { xml } = await feedOf('/search.atom?q=traffick*');
    expect(atomProblems(xml)).toEqual([]);
    expect(parseFeed(xml).items).toHaveLength(FEED_MAX);
  });

  it('answers a query it cannot read with a 400, not a broken feed', async () => {
    await http().get('/search.atom?q=%22unclosed').expect(400);
  });

  it('builds its addresses on PUBLIC_URL when set, and its notes carry the public permalink', async () => {
    const app = createApp({ library: realLibrary, publicUrl: 'https://tip.example.org' });
    const { xml } = await feedOf('/search.atom?q=Dandong', request(app));
    const feed = parseFeed(xml);
    expect(feed.items[0]!.id).toBe('https://tip.example.org/p/2025-tip-trafficking-profile-p6-s3');
    expect(feed.items[0]!.content).toContain('Permalink: https://tip.example.org/p/2025-tip-trafficking-profile-p6-s3');
  });
});

describe('atomProblems (the checker itself)', () => {
  const valid =
    '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x:1</id><title>t</title><updated>2025-01-01T00:00:00Z</updated><author><name>a</name></author><link rel="self" href="http://x/"/><entry><id>urn:x:2</id><title>e</title><updated>2025-01-01T00:00:00Z</updated><link href="http://x/e"/></entry></feed>';
  const cases = [
    { name: 'a valid feed', xml: valid, problem: null },
    {
      name: 'an entry without updated',
      xml: valid.replace('<updated>2025-01-01T00:00:00Z</updated><link href', '<link href'),
      problem: 'entry 1: no atom:updated',
    },
    {
      name: 'a date without seconds',
      xml: valid.replace('2025-01-01T00:00:00Z</updated><author', '2025-01-01T00:00Z</updated><author'),
      problem: 'the feed: atom:updated "2025-01-01T00:00Z" is not an RFC 3339 date-time',
    },
    {
      name: 'another namespace',
      xml: valid.replace('http://www.w3.org/2005/Atom', 'http://example.org/'),
      problem: 'the feed is not in the Atom namespace (http://example.org/)',
    },
    { name: 'broken XML', xml: valid.replace('</title>', ''), problem: 'not well-formed XML' },
    {
      name: 'a relative id',
      xml: valid.replace('urn:x:2', '/p/2'),
      problem: 'entry 1: atom:id "/p/2" is not an absolute IRI',
    },
  ];
  it.each(cases)('finds $name', ({ xml, problem }) => {
    const problems = atomProblems(xml);
    if (problem === null) expect(problems).toEqual([]);
    else expect(problems.join('\n')).toContain(problem);
  });
});
