// The HTML pages: what a browser gets, with and without htmx.
import { describe, expect, it } from 'vitest';
import { http } from './support/app.ts';

const htmx = { 'HX-Request': 'true', 'HX-Target': 'div#search-results', 'HX-Request-Type': 'partial' };

describe('the search page', () => {
  it('/ is the home page: a focused search box, what the corpus is, example queries', async () => {
    const { text } = await http().get('/').expect(200);
    expect(text).toMatch(/<input id="q" type="search" name="q"[^>]*autofocus/);
    expect(text).toContain('5 documents, 281 citable sentences, report years 2007, 2016, 2019, 2023, 2025');
    for (const example of ['forced repatriation', 'Dandong', 'overseas workers wages', 'section:prosecution']) {
      expect(text).toContain(`>${example}</a>`);
    }
  });

  it('answers a search with the full page, results included', async () => {
    const { text, headers } = await http().get('/search?q=Dandong').expect(200);
    expect(text).toMatch(/^<!DOCTYPE html>/);
    expect(text).toContain('id="result-2025-tip-trafficking-profile-p6-s3"');
    expect(text).toContain('the city of <mark>Dandong</mark>.');
    expect(headers.vary).toContain('HX-Request');
  });

  it('answers an htmx request with only the results fragment', async () => {
    const { text } = await http().get('/search?q=Dandong').set(htmx).expect(200);
    expect(text).not.toContain('<html');
    expect(text).not.toContain('id="search-form"');
    expect(text).toContain('class="search-columns"');
    expect(text).toContain('<mark>Dandong</mark>');
  });

  it('answers a back/forward history restore with the full page', async () => {
    const { text } = await http()
      .get('/search?q=Dandong')
      .set({ 'HX-Request': 'true', 'HX-History-Restore-Request': 'true' })
      .expect(200);
    expect(text).toMatch(/^<!DOCTYPE html>/);
  });

  it('answers "more results" with the next items only', async () => {
    const { text } = await http()
      .get('/search?q=forced%20labor&page=2')
      .set({ 'HX-Request': 'true', 'HX-Target': 'li#more-results' })
      .expect(200);
    expect(text).toMatch(/^<li class="result"/);
    expect(text).not.toContain('search-columns');
    expect(text).toContain('id="more-results"');
  });

  it('keeps the filters as inputs of the search form inside the swapped region', async () => {
    const { text } = await http().get('/search?q=labor&year=2016&section=protection').set(htmx).expect(200);
    expect(text).toContain('<input type="hidden" name="year" value="2016" form="search-form">');
    expect(text).toContain('<input type="hidden" name="section" value="protection" form="search-form">');
  });

  it('shows active filters as removable chips and facet counts as links that toggle them', async () => {
    const { text } = await http().get('/search?q=forced%20labor&year=2016').expect(200);
    expect(text).toMatch(/<a class="chip"[^>]*href="\/search\?q=forced\+labor"[^>]*>Year 2016/);
    expect(text).toMatch(/href="\/search\?q=forced\+labor&amp;year=2016&amp;year=2025"[^>]*hx-get=/);
  });

  it('draws the across-years chart with every year, zeros included, each bar a link to its year', async () => {
    const { text } = await http().get('/search?q=Dandong').expect(200);
    for (const year of [2007, 2016, 2019, 2023]) expect(text).toContain(`aria-label="${year}: 0 passages"`);
    expect(text).toContain('aria-label="2025: 1 passage"');
    expect(text).toMatch(/<a class="year-bar" href="\/search\?q=Dandong&amp;year=2025"/);
    expect(text).toContain('<caption>Passages matching “Dandong” per report year</caption>');
  });

  it('says when nothing matched and what would help', async () => {
    const { text } = await http().get('/search?q=%22Dandog%22').expect(200);
    expect(text).toContain('No passages match');
    const corrected = (await http().get('/search?q=Dandog')).text;
    expect(corrected).toMatch(/showing results for <strong>Dandong<\/strong>/);
    expect(corrected).toMatch(/href="\/search\?q=%22Dandog%22"[^>]*>search for the words as typed/);
    expect(corrected).toContain('the city of <mark>Dandong</mark>.');
    const quoted = (await http().get('/search?q=%22forced%20repatriation%22')).text;
    expect(quoted).toContain('Without the quotation marks');
    const filtered = (await http().get('/search?q=Dandong&year=2016')).text;
    expect(filtered).toContain('Without the filter Year 2016');
  });

  it('shows a query error next to the box with a 400, pointing at the problem, never a stack trace', async () => {
    const { text } = await http().get('/search?q=labor%20%22forced').expect(400);
    expect(text).toContain('Your query could not be read.');
    expect(text).toContain('This quotation mark is never closed.');
    expect(text).toContain('<code class="query-echo">labor <mark class="query-error-at">&quot;</mark>forced</code>');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    expect(text).toContain('value="labor &quot;forced"');
  });

  it('pages without JavaScript: page 2 with a link back', async () => {
    const { text } = await http().get('/search?q=forced%20labor&page=2').expect(200);
    expect(text).toContain('<ol class="result-list" start="21">');
    expect(text).toContain('← Previous results');
  });
});

describe('user text is escaped everywhere', () => {
  const payloads = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>"];
  it.each(payloads)('%s in the query comes back as text', async (payload) => {
    for (const path of ['/search', '/docs/2025-tip', '/p/2025-tip-overview-p1-s1']) {
      const { text } = await http().get(path).query({ q: payload });
      expect(text).not.toContain(payload);
      expect(text).not.toMatch(/<script>alert|<img src=x|<svg onload/);
    }
    const { text } = await http().get('/search').query({ q: payload });
    expect(text).toContain('&lt;');
  });
});

describe('security and caching headers', () => {
  it('sends a Content-Security-Policy that forbids inline scripts and styles', async () => {
    const { headers } = await http().get('/').expect(200);
    const csp = headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('pages carry no inline script, no style attribute, and no asset from another origin', async () => {
    for (const path of [
      '/',
      '/search?q=Dandong',
      '/p/2025-tip-overview-p1-s1',
      '/docs/2025-tip?q=Dandong',
      '/docs',
      '/nope',
    ]) {
      const { text } = await http().get(path);
      expect(text.match(/<script(?![^>]*\ssrc=)[^>]*>/g), path).toBeNull();
      expect(text, path).not.toMatch(/\sstyle="/);
      expect(text, path).not.toMatch(/(src|href)="https?:\/\/(?!127\.0\.0\.1)/);
    }
  });

  it('serves htmx and our assets from this origin, versioned and cacheable for a year', async () => {
    const { text } = await http().get('/');
    for (const asset of ['htmx.min.js', 'app.js', 'app.css']) {
      const url = text.match(new RegExp(`/static/${asset.replace('.', '\\.')}\\?v=[0-9a-f]+`))![0];
      const response = await http().get(url).expect(200);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    await http().get('/static/package.json').expect(404);
  });
});

describe('the passage page', () => {
  it('shows the sentence in its paragraph, where it sits, and every citation format', async () => {
    const { text } = await http().get('/p/2025-tip-trafficking-profile-p6-s3').expect(200);
    expect(text).toContain('<mark class="passage-self">According to one media report');
    expect(text).toContain('Paragraph 24, sentence 81');
    for (const id of [
      'citation-text',
      'citation-short',
      'citation-pandoc',
      'citation-latex',
      'citation-bibtex',
      'citation-ris',
      'citation-csl',
    ])
      expect(text).toContain(`id="${id}"`);
    expect(text).toContain(
      '<pre class="citation-code" id="citation-pandoc">[@2025-tip-trafficking-profile-p6-s3, para. 24]</pre>',
    );
    expect(text).toContain(
      '<pre class="citation-code" id="citation-latex">\\autocite[para.~24]{2025-tip-trafficking-profile-p6-s3}</pre>',
    );
    expect(text).toContain('href="/docs/2025-tip#2025-tip-trafficking-profile-p6-s3"');
  });

  it('links a verified original deep to the sentence', async () => {
    const { text } = await http().get('/p/2007-tip-prosecution-p1-s8').expect(200);
    expect(text).toContain('href="https://www.refworld.org/docid/467be3cd33.html#:~:text=');
  });

  it('is a real 404 page for an unknown id', async () => {
    const { text } = await http().get('/p/2025-tip-nothing-p1-s1').expect(404);
    expect(text).toContain('There is no passage &quot;2025-tip-nothing-p1-s1&quot;');
    expect(text).toContain('Search the reports instead');
  });
});

describe('the reader', () => {
  it('shows the whole report by section, every sentence an anchor, with a table of contents', async () => {
    const { text } = await http().get('/docs/2016-tip').expect(200);
    expect(text.match(/<span class="sentence[^"]*" id="2016-tip-[a-z-]+-p\d+-s\d+"/g)).toHaveLength(62);
    for (const section of [
      'Trafficking Profile',
      'Overview',
      'Recommendations',
      'Prosecution',
      'Protection',
      'Prevention',
    ]) {
      expect(text).toContain(`>${section}</a>`);
    }
  });

  it('marks the query in the text when arriving from a search', async () => {
    const { text } = await http().get('/docs/2025-tip?q=Dandong').expect(200);
    expect(text).toContain('1 sentence matches');
    expect(text).toMatch(
      /<span class="sentence is-match" id="2025-tip-trafficking-profile-p6-s3">.*<mark>Dandong<\/mark>/,
    );
  });

  it('links the verified original, and says when an address is not verified', async () => {
    expect((await http().get('/docs/2019-king-keia')).text).toContain('href="https://keia.org/the-peninsula/');
    expect((await http().get('/docs/2025-tip')).text).toContain('Probable original (address not verified)');
  });

  it('is a 404 for an unknown document', async () => {
    await http().get('/docs/2030-tip').expect(404);
  });

  it('shows a written heading only where it says more than the section name', async () => {
    const headings = (path: string) =>
      http()
        .get(path)
        .then(({ text }) => [...text.matchAll(/<h3 class="reader-heading">([^<]*)<\/h3>/g)].map((m) => m[1]));
    expect(await headings('/docs/2016-tip')).toEqual([
      'RECOMMENDATIONS FOR THE DEMOCRATIC PEOPLE’S REPUBLIC OF KOREA:',
    ]);
    expect(await headings('/docs/2019-king-keia')).toHaveLength(4);
  });
});

describe('unknown pages', () => {
  it('get a 404 page for browsers and JSON for the API', async () => {
    expect((await http().get('/nothing-here').expect(404)).text).toContain('Not found');
    expect((await http().get('/api/nothing').expect(404)).body).toEqual({
      error: { message: 'Nothing here: /api/nothing' },
    });
  });
});

describe('live search responses', () => {
  it('push the canonical URL of the search and carry the page title', async () => {
    const response = await http()
      .get('/search?q=Dandong&sort=relevance')
      .set({ 'HX-Request': 'true', 'HX-Target': 'div#search-results' })
      .expect(200);
    expect(response.headers['hx-push-url']).toBe('/search?q=Dandong');
    expect(response.text).toMatch(/^<title>Dandong – search · North Korea TIP reports<\/title>/);
  });

  it('do not push a URL for "more results"', async () => {
    const response = await http()
      .get('/search?q=forced%20labor&page=2')
      .set({ 'HX-Request': 'true', 'HX-Target': 'li#more-results' })
      .expect(200);
    expect(response.headers['hx-push-url']).toBeUndefined();
  });
});

describe('links keep the search they came from', () => {
  it('a result links to its passage with the search, and the passage page links back to that search', async () => {
    const { text } = await http().get('/search?q=forced%20labor&year=2016').expect(200);
    const link = text
      .match(/href="(\/p\/2016-tip-[^"?]+\?q=forced\+labor&amp;year=2016)">Permalink/)![1]!
      .replace(/&amp;/g, '&');
    const passage = await http().get(link).expect(200);
    expect(passage.text).toContain('<a href="/search?q=forced+labor&amp;year=2016">← Search</a>');
  });

  it('a passage opened directly links to its section of its document', async () => {
    const { text } = await http().get('/p/2025-tip-trafficking-profile-p6-s3').expect(200);
    expect(text).toContain('<a href="/search?section=trafficking-profile&amp;doc=2025-tip">← Search</a>');
  });

  it('a strict search marks the same sentences in the reader as it finds', async () => {
    const search = await http().get('/api/search?q=North%20Korea&strict=1&doc=2016-tip').expect(200);
    const { text } = await http().get('/search?q=North%20Korea&strict=1&doc=2016-tip').expect(200);
    const readerLink = text
      .match(/href="(\/docs\/2016-tip\?q=North\+Korea&amp;strict=1#[^"]+)">In context/)![1]!
      .replace(/&amp;/g, '&');
    const reader = await http().get(readerLink).expect(200);
    expect(reader.text).toContain(`${search.body.total} sentences match`);
    expect(reader.text.match(/class="sentence is-match"/g)).toHaveLength(search.body.total);
  });
});

describe('paging', () => {
  it('keeps a chosen page size in "more results"', async () => {
    const { text } = await http().get('/search?q=DPRK&size=50').expect(200);
    expect(text).toContain('href="/search?q=DPRK&amp;page=2&amp;size=50"');
  });

  it('says so when a page is past the last result', async () => {
    const { text } = await http().get('/search?q=DPRK&page=30').expect(200);
    expect(text).toContain('This page is past the last result.');
    expect(text).not.toContain('<ol class="result-list"');
  });
});

describe('the concordance as CSV', () => {
  it('is a 400 with the message when the query cannot be read', async () => {
    const response = await http().get('/kwic.csv?q=(').expect(400);
    expect(response.text).toContain('This parenthesis is never closed.');
  });
});

describe('asset caching', () => {
  it('is long and immutable only for the current version of an asset', async () => {
    expect((await http().get('/static/app.css?v=stale')).headers['cache-control']).toBe('public, max-age=3600');
  });
});
