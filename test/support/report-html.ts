// Saved web pages holding one of our seed narratives, with the furniture real pages carry: the
// state.gov country page (banners, menus, breadcrumbs, a search box, an "in this section" box, share
// buttons, tags, related links, a footer, scripts, a cookie notice) and an archive copy in the style of
// Refworld (a table layout, a catalog record, a disclaimer, paragraphs separated only by <br>, saved in
// windows-1252).
import type { Block } from '../../server/import/blocks.ts';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A state.gov country page: `title` is the page title, `heading` the chapter heading over the narrative. */
export function stateGovPage(title: string, heading: string, blocks: Block[]): string {
  const body: string[] = [];
  let list: string[] | null = null;
  const closeList = () => {
    if (list) body.push(`<ul class="rec-list">${list.join('')}</ul>`);
    list = null;
  };
  for (const block of blocks) {
    if (block.kind === 'heading') {
      closeList();
      body.push(`<h3><strong>${escapeHtml(block.text)}</strong></h3>`);
      if (/RECOMMENDATIONS/.test(block.text)) list = [];
    } else if (list) {
      list.push(`<li>${escapeHtml(block.text)}</li>`);
    } else {
      body.push(`<p>${escapeHtml(block.text)}</p>`);
    }
  }
  closeList();
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<link rel="canonical" href="https://www.state.gov/reports/country-page/">
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
<style>.menu{display:none}</style></head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<div class="site-banner"><p>FEDERAL GOVERNMENT SHUTDOWN</p><p>Due to the lapse in appropriations, website updates will be limited until full operations resume.</p></div>
<header class="site-header"><div class="logo">U.S. DEPARTMENT of STATE</div>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/policy">Policy Issues</a></li><li><a href="/countries">Countries &amp; Areas</a></li><li><a href="/reports">Bureaus &amp; Offices</a></li><li><a href="/about">About</a></li></ul></nav>
<form role="search" action="/search"><label>Search <input name="s"></label><button>Search</button></form></header>
<div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/reports">Reports</a> &gt; ${escapeHtml(title)}</div>
<main id="main"><article class="report">
<h1 class="report__title">${escapeHtml(title)}</h1>
<div class="in-this-section"><p>IN THIS SECTION /</p><ul><li><a href="#a">${escapeHtml(heading)}</a></li></ul></div>
<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email this page</a></div>
<div class="report__content">
<h2>${escapeHtml(heading)}</h2>
${body.join('\n')}
</div>
<div class="tags"><p>TAGS</p><ul><li><a href="#">Democratic People's Republic of Korea</a></li><li><a href="#">Office to Monitor and Combat Trafficking in Persons</a></li><li><a href="#">Trafficking in Persons</a></li></ul></div>
</article>
<aside class="related"><h2>Related Articles</h2><ul><li><a href="#">Secretary's Remarks on the Release of the Annual Report</a></li><li><a href="#">Ambassador-at-Large Delivers Keynote on Forced Labor in Supply Chains</a></li></ul></aside>
</main>
<footer class="site-footer"><ul><li>White House</li><li>USA.gov</li><li>Office of the Inspector General</li><li>Archives</li><li>Contact Us</li><li>Privacy Policy</li><li>Accessibility Statement</li><li>Copyright Information</li><li>FOIA</li><li>No FEAR Act</li></ul>
<p>Sign up for our mailing list to keep up to date on the Department's work.</p></footer>
<div id="cookie-banner"><p>This site uses cookies to understand how visitors use it. Accept all cookies?</p><button>Accept</button></div>
<script src="/analytics.js"></script>
</body></html>
`;
}

/** A Refworld-style archive copy: record, disclaimer, and the narrative as <br>-separated text; windows-1252 bytes. */
export function refworldPage(title: string, record: string[], heading: string, blocks: Block[]): Buffer {
  const text = [heading, ...blocks.map((block) => block.text)].map(escapeHtml).join('<br><br>\n');
  const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Refworld | ${escapeHtml(title)}</title><meta property="og:site_name" content="Refworld"></head>
<body><table width="100%"><tr>
<td class="leftnav" width="180"><a href="/">Home</a><br><a href="/category">Browse by country</a><br><a href="/publisher">Browse by publisher</a><br><a href="/advanced">Advanced search</a></td>
<td class="content"><div class="record"><h1>${escapeHtml(title)}</h1>
${record.map((line) => `<div class="field">${escapeHtml(line)}</div>`).join('\n')}
<div class="disclaimer"><b>Disclaimer</b> This is not a UNHCR publication. UNHCR is not responsible for, nor does it necessarily endorse, its content.</div></div>
<div class="text">${text}</div>
<div class="links">Search Refworld <form><input name="q"></form> <a href="#">Comments</a> <a href="#">Print</a></div>
</td></tr></table>
<div id="footer">Copyright UNHCR | Privacy | Terms of use</div></body></html>
`;
  return Buffer.from(
    html.replace(
      /[’‘“”–—]/g,
      (c) => ({ '’': '\u0092', '‘': '\u0091', '“': '\u0093', '”': '\u0094', '–': '\u0096', '—': '\u0097' })[c]!,
    ),
    'latin1',
  );
}

/**
 * A page of state.gov's report template (the WordPress `/reports/` template the Department's report
 * series share), as ../shared/findings/real-layouts.md describes it: the `<title>` names the country and
 * the site only; the report and year are in the hero headline inside the report header; masthead, two
 * site navigations, breadcrumbs and the report's table of contents before the body; the body in
 * `#report_content`, one `<section>` per part opening with its `h2.report__section-title`; a footer, a
 * cookie-consent dialog and inline scripts after it.
 */
export function stateGovTemplatePage(options: {
  country: string;
  headline: string;
  sections: Array<{ title: string; blocks: Block[] }>;
}): string {
  const { country, headline, sections } = options;
  const toc = sections
    .map(
      (section, i) =>
        `<li class="report-toc__section"><a href="#report-toc__${i}">${escapeHtml(section.title)}</a></li>`,
    )
    .join('');
  const body = sections
    .map((section, i) => {
      const paragraphs = section.blocks
        .map((block) =>
          block.kind === 'heading' ? `<h3>${escapeHtml(block.text)}</h3>` : `<p>${escapeHtml(block.text)}</p>`,
        )
        .join('\n');
      return `<section class="report__content__inner entry-content">\n<h2 id="report-toc__${i}" class="report__section-title">${escapeHtml(section.title)}</h2>\n${paragraphs}\n</section>`;
    })
    .join('\n');
  const cookies = Array.from(
    { length: 12 },
    (_, i) =>
      `<div class="cmplz-category cmplz-category-${i}"><span class="cmplz-category-title">${['Functional', 'Statistics', 'Marketing', 'Preferences'][i % 4]}</span><span class="cmplz-always-active">Always active</span><p class="cmplz-description">We use cookies to make our website work better and to understand how it is used.</p></div>`,
  ).join('\n');
  return `<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8"><title>${escapeHtml(country)} - United States Department of State</title>
<link rel="canonical" href="https://www.state.gov/reports/report-country-page/">
<script>var wpData = { "site": "state" };</script></head>
<body class="report-template-default single single-state_report page-template-gutenberg-blank-template">
<header id="masthead" class="site-header" role="banner"><a class="site-logo" href="/">U.S. DEPARTMENT of STATE</a></header>
<nav class="site-nav site-nav--primary"><ul><li><a href="/">Home</a></li><li><a href="/policy">Policy Issues</a></li><li><a href="/countries">Countries &amp; Areas</a></li></ul></nav>
<nav class="site-nav site-nav--secondary"><ul><li><a href="/bureaus">Bureaus &amp; Offices</a></li><li><a href="/about">About</a></li></ul></nav>
<div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/reports">Reports</a> &gt; ${escapeHtml(country)}</div>
<div class="report-header"><div class="report-header__copy">
  <h1 class="featured-content__headline report-header__headline stars-above">
    ${escapeHtml(headline)}
  </h1>
</div></div>
<nav role="navigation" class="report-toc"><ol class="report-toc__sections">${toc}</ol></nav>
<section class="report__main js-backtotop">
<div id="report_content" class="report__content">
${body}
</div>
</section>
<footer class="site-footer footer"><ul><li>White House</li><li>USA.gov</li><li>Office of the Inspector General</li><li>Archives</li><li>Contact Us</li></ul></footer>
<div id="cmplz-cookiebanner-container"><div class="cmplz-cookiebanner cmplz-hidden banner-1" role="dialog">
<div class="cmplz-header"><div class="cmplz-title">Manage Cookie Consent</div></div>
<div class="cmplz-body"><p class="cmplz-message">We use cookies to make our website work better. Some are needed for the site to work; others help us understand how it is used.</p>
${cookies}
</div>
<div class="cmplz-buttons"><button class="cmplz-btn cmplz-accept">Accept</button><button class="cmplz-btn cmplz-deny">Deny</button></div></div></div>
<script>document.querySelectorAll('.report-toc a').forEach(function (a) { a.addEventListener('click', function () {}); });</script>
<script>window.cmplz = { consent: false };</script>
</body></html>
`;
}

/** Refworld's closing paragraph under a copied document, as the findings give it (no label before it). */
export const REFWORLD_DISCLAIMER =
  'This is not a UNHCR publication. UNHCR is not responsible for, nor does it necessarily endorse, its content. Any views expressed are solely those of the author or publisher and do not necessarily reflect those of UNHCR, the United Nations or its Member States.';

/** A Refworld copy of an early chapter: the document's header line, the heading, <br>-separated paragraphs, the disclaimer last. */
export function refworldCopy(headerLine: string, heading: string, blocks: Block[]): Buffer {
  const text = [heading, ...blocks.map((block) => block.text)].map(escapeHtml).join('<br><br>\n');
  const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Refworld | ${escapeHtml(headerLine)}</title><meta property="og:site_name" content="Refworld"></head>
<body><table width="100%"><tr><td class="content">
<h1>${escapeHtml(headerLine)}</h1>
<div class="text">${text}</div>
<p>${escapeHtml(REFWORLD_DISCLAIMER)}</p>
</td></tr></table></body></html>
`;
  return Buffer.from(
    html.replace(
      /[’‘“”–—]/g,
      (c) => ({ '’': '\u0092', '‘': '\u0091', '“': '\u0093', '”': '\u0094', '–': '\u0096', '—': '\u0097' })[c]!,
    ),
    'latin1',
  );
}

/**
 * An ecoi.net copy: the title line, the heading in title case with a curly apostrophe, paragraphs, and
 * each recommendation a line beginning with "  • " and ending in a full stop. `bullets` sets the
 * recommendations as lines of one paragraph (`<br>` between them) or all in one run of text.
 */
export function ecoiPage(title: string, heading: string, blocks: Block[], bullets: 'lines' | 'inline'): string {
  const parts: string[] = [];
  let items: string[] = [];
  const flush = () => {
    if (items.length)
      parts.push(
        `<p>${items.map((item) => `&nbsp;&nbsp;• ${escapeHtml(item)}`).join(bullets === 'lines' ? '<br>\n' : ' ')}</p>`,
      );
    items = [];
  };
  let underRecommendations = false;
  for (const block of blocks) {
    if (block.kind === 'heading') {
      flush();
      underRecommendations = /RECOMMENDATIONS/.test(block.text);
      parts.push(`<p><strong>${escapeHtml(block.text)}</strong></p>`);
    } else if (underRecommendations) items.push(block.text);
    else parts.push(`<p>${escapeHtml(block.text)}</p>`);
  }
  flush();
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} | ecoi.net</title>
<link rel="canonical" href="https://www.ecoi.net/en/document/0000000.html"></head>
<body><div class="main-content"><h1>${escapeHtml(title)}</h1>
<div class="document-content"><p><strong>${escapeHtml(heading)}</strong></p>
${parts.join('\n')}
</div></div></body></html>
`;
}
