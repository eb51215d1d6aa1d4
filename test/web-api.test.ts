// The HTTP API, as a script or another tool would use it.
import { describe, expect, it } from 'vitest';
import { http, parseCsv, textBody } from './support/app.ts';
import { realLibrary } from './support/library.ts';

describe('GET /healthz', () => {
  it('says the index is loaded, with its counts', async () => {
    const response = await http().get('/healthz').expect(200);
    expect(response.body).toMatchObject({ ok: true, docs: 5, passages: 281 });
  });
});

describe('GET /api/search', () => {
  it('answers with the documented shape', async () => {
    const { body } = await http().get('/api/search').query({ q: 'Dandong' }).expect(200);
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining(['query', 'total', 'page', 'size', 'tookMs', 'results', 'facets']),
    );
    expect(body).toMatchObject({ query: 'Dandong', total: 1, page: 1, size: 20 });
    expect(Object.keys(body.results[0]).sort()).toEqual(
      [
        'citation',
        'country',
        'doc',
        'heading',
        'highlight',
        'id',
        'paragraph',
        'score',
        'section',
        'sentence',
        'text',
        'tier',
        'url',
        'year',
      ].sort(),
    );
    expect(body.results[0].country).toBe('PRK');
    // One country in the collection: no country facet to choose from.
    expect(body.facets.country).toEqual([]);
    expect(body.results[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/p\/2025-tip-trafficking-profile-p6-s3$/);
    expect(body.facets.year[0]).toEqual({ value: 2007, label: '2007', count: 0, selected: false });
    expect(body.facets.section[0]).toEqual(
      expect.objectContaining({ value: expect.any(String), label: expect.any(String), count: expect.any(Number) }),
    );
    // Documents are thousands at scale: the facet lists those with a match (and any selected).
    expect(body.facets.doc.map((d: { value: string }) => d.value)).toEqual(['2025-tip']);
  });

  it('takes repeated filter parameters', async () => {
    const { body } = await http()
      .get('/api/search?q=forced%20labor&year=2016&year=2025&section=protection')
      .expect(200);
    expect(body.results.length).toBeGreaterThan(0);
    expect(
      body.results.every(
        (r: { year: number; section: string }) => [2016, 2025].includes(r.year) && r.section === 'protection',
      ),
    ).toBe(true);
  });

  it('answers an unparseable query with a 400, a message and the position', async () => {
    const { body } = await http().get('/api/search').query({ q: 'labor "forced' }).expect(400);
    expect(body).toEqual({ error: { message: 'This quotation mark is never closed.', position: 6 } });
  });

  const odd = [
    'Dandong”',
    '”',
    '"a”',
    '„a”',
    '((',
    ')',
    '"',
    'OR',
    '-',
    '*',
    '~',
    'year:',
    'year:abc',
    'section:',
    'doc:x',
    'a OR OR b',
    '-(',
    '\u0000',
    '😀',
    '"""',
    'NOT NOT x',
    '-"',
    'x'.repeat(600),
    ':::',
    'a:b:c',
    '(((a)))',
    '\\',
    '%',
    "'",
  ];
  it.each(odd)('never answers %j with a 5xx, on any route that reads a query', async (q) => {
    for (const path of [
      '/api/search',
      '/search',
      '/api/trends',
      '/trends',
      '/kwic',
      '/kwic.csv',
      '/export.csv',
      '/docs/2025-tip',
    ]) {
      const response = await http().get(path).query({ q });
      expect(response.status, `${path} ${JSON.stringify(q)}`).toBeLessThan(500);
    }
    const response = await http().get('/api/search').query({ q });
    if (response.status === 400) expect(response.body.error.message).toEqual(expect.any(String));
  });

  it('never answers a 5xx to names that are properties of every object', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect((await http().get(`/static/${name}`)).status).toBe(404);
      expect((await http().get(`/export.${name}`).query({ q: 'x' })).status).toBe(400);
    }
  });

  it('builds permalinks safely from a malformed Host header', async () => {
    for (const host of ['a b', '[::1', 'foo:99999', '%']) {
      const response = await http().get('/api/search?q=Dandong').set('Host', host);
      expect(response.status, host).toBe(200);
      expect(response.body.results[0].url).toMatch(/^http:\/\/localhost\/p\/2025-tip-trafficking-profile-p6-s3$/);
    }
  });

  it('refuses bad parameters with 400s', async () => {
    await http().get('/api/search?q=x&year=20x6').expect(400);
    await http().get('/api/search?q=x&size=1000').expect(400);
    await http().get('/api/search?q=x&sort=date').expect(400);
  });
});

describe('GET /api/passages/:id', () => {
  it('gives the passage, its neighbours, its citation in every format', async () => {
    const { body } = await http().get('/api/passages/2025-tip-trafficking-profile-p6-s3').expect(200);
    expect(body).toMatchObject({
      id: '2025-tip-trafficking-profile-p6-s3',
      doc: '2025-tip',
      year: 2025,
      section: 'trafficking-profile',
      paragraph: 24,
    });
    expect(body.context.before.map((p: { id: string }) => p.id)).toEqual([
      '2025-tip-trafficking-profile-p6-s1',
      '2025-tip-trafficking-profile-p6-s2',
    ]);
    expect(body.context.after.map((p: { id: string }) => p.id)).toEqual([
      '2025-tip-trafficking-profile-p6-s4',
      '2025-tip-trafficking-profile-p6-s5',
    ]);
    expect(body.citation).toContain('Trafficking in Persons Report 2025');
    expect(Object.keys(body.citations)).toEqual(['text', 'bibtex', 'ris', 'csl', 'cite']);
    expect(body.citations.cite).toEqual({
      pandoc: '[@2025-tip-trafficking-profile-p6-s3, para. 24]',
      latex: '\\autocite[para.~24]{2025-tip-trafficking-profile-p6-s3}',
      csl: { id: '2025-tip-trafficking-profile-p6-s3', locator: '24', label: 'paragraph' },
    });
    expect(body.hash).toMatch(/^[0-9a-f]{12}$/);
  });

  it('is a 404 with a JSON message for an unknown id', async () => {
    const { body } = await http().get('/api/passages/2025-tip-nothing-p1-s1').expect(404);
    expect(body.error.message).toBe('There is no passage "2025-tip-nothing-p1-s1".');
  });
});

describe('GET /api/docs', () => {
  it('is the catalog with passage counts per section', async () => {
    const { body } = await http().get('/api/docs').expect(200);
    expect(body.documents).toHaveLength(5);
    expect(body.documents.find((d: { id: string }) => d.id === '2016-tip')).toMatchObject({
      year: 2016,
      type: 'report',
      passageCount: 62,
      sectionCounts: {
        'trafficking-profile': 28,
        overview: 4,
        recommendations: 9,
        prosecution: 7,
        protection: 8,
        prevention: 6,
      },
    });
  });
});

describe('route parameters cannot reach the file system', () => {
  const paths = [
    '/api/passages/..%2F..%2Fpackage.json',
    '/p/..%2F..%2Fpackage.json',
    '/docs/..%2Fseeds%2Fcatalog.json',
    '/static/..%2Fpackage.json',
    '/static/%2e%2e/package.json',
    '/static/app.css%00.js',
  ];
  it.each(paths)('%s is a 404', async (path) => {
    const response = await http().get(path);
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('"dependencies"');
  });
});

describe('exports', () => {
  it('CSV: a header row, one row per match, that parses back to the same passages', async () => {
    const response = await http().get('/export.csv').query({ q: 'forced repatriation' }).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename=tip-north-korea-search.csv');
    expect(response.text.charCodeAt(0)).not.toBe(0xfeff);
    const [header, ...rows] = parseCsv(response.text);
    // The id, every dimension's column (dimensions.ts), then the passage's place, text and citation.
    expect(header).toEqual([
      'id',
      'year',
      'country',
      'section',
      'document',
      'tier',
      'heading',
      'paragraph',
      'sentence',
      'text',
      'citation',
      'permalink',
    ]);
    const api = (await http().get('/api/search').query({ q: 'forced repatriation', size: 100 })).body;
    expect(rows.map((row) => row[0])).toEqual(api.results.map((r: { id: string }) => r.id));
    for (const row of rows) expect(row[header!.indexOf('text')]).toBe(realLibrary().passage(row[0]!)!.text);
    expect(new Set(rows.map((row) => row[2]))).toEqual(new Set(['PRK']));
  });

  it('JSON and JSONL carry the same passages and the query', async () => {
    const json = (await http().get('/export.json').query({ q: 'Dandong' }).expect(200)).body;
    expect(json).toMatchObject({ query: 'Dandong', total: 1, exported: 1, truncated: false });
    const lines = (
      (await http().get('/export.jsonl').query({ q: 'Dandong' }).buffer(true).parse(textBody).expect(200))
        .body as string
    )
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'export', total: 1 });
    expect(lines[1]).toMatchObject({ type: 'passage', id: json.results[0].id, text: json.results[0].text });
  });

  it('says so in the file when the export is cut short', async () => {
    const csv = parseCsv((await http().get('/export.csv').query({ q: 'forced labor', limit: 3 }).expect(200)).text);
    expect(csv).toHaveLength(1 + 3 + 1);
    expect(csv.at(-1)![0]).toBe('');
    expect(csv.at(-1)![csv[0]!.indexOf('text')]).toMatch(/^Truncated: 3 of \d+ matching passages exported/);
    const json = (await http().get('/export.json').query({ q: 'forced labor', limit: 3 })).body;
    expect(json).toMatchObject({ exported: 3, truncated: true, note: expect.stringMatching(/^Truncated/) });
  });

  it('exports the citations of chosen passages as one BibTeX or RIS file', async () => {
    const ids = ['2025-tip-trafficking-profile-p6-s3', '2019-king-keia-commentary-p9-s1'];
    const bib = (await http().get('/export/citations.bib').query({ id: ids }).buffer(true).parse(textBody).expect(200))
      .body as string;
    expect(bib.match(/^@\w+\{/gm)).toHaveLength(2);
    const ris = (await http().get('/export/citations.ris').query({ id: ids }).buffer(true).parse(textBody).expect(200))
      .body as string;
    expect(ris.match(/^TY {2}- /gm)).toHaveLength(2);
    await http().get('/export/citations.bib').expect(400);
  });

  it('downloads one passage citation as .bib and .ris', async () => {
    const bib = await http().get('/p/2007-tip-prosecution-p1-s8.bib').buffer(true).parse(textBody).expect(200);
    expect(bib.headers['content-disposition']).toContain('2007-tip-prosecution-p1-s8.bib');
    expect(bib.body).toMatch(/^@incollection\{2007-tip-prosecution-p1-s8,/);
    const ris = await http().get('/p/2007-tip-prosecution-p1-s8.ris').buffer(true).parse(textBody).expect(200);
    expect(ris.body).toMatch(/^TY {2}- CHAP\r\n/);
  });
});
