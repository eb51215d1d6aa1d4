import request from 'supertest';
import { createApp } from './server/web/app.ts';
import { realLibrary } from './test/support/library.ts';
const app = createApp({ library: realLibrary });
const server = app.listen(0);
await new Promise((r) => server.once('listening', r));
const origin = `http://127.0.0.1:${(server.address() as any).port}`;
const q = encodeURIComponent;
const FREQ = ['government', 'trafficking', 'workers', 'north', 'korea', 'labor', 'forced', 'victims', 'authorities', 'reported', 'overseas', 'china', 'women', 'camps', 'prison', 'law'];
const UNK5 = Array.from({ length: 16 }, (_, i) => `xq${String.fromCharCode(97 + i)}vb`);
const cases: Record<string, string> = {
  plain: '/api/search?q=Dandong',
  'forced labor': '/api/search?q=forced%20labor',
  'page forced labor': '/search?q=forced%20labor',
  'frequent x4 AND': '/api/search?q=' + q(FREQ.slice(0, 4).join(' ')),
  'frequent x8 AND': '/api/search?q=' + q(FREQ.slice(0, 8).join(' ')),
  'frequent x16 AND': '/api/search?q=' + q(FREQ.join(' ')),
  'frequent x8 OR': '/api/search?q=' + q(FREQ.slice(0, 8).join(' OR ')),
  'frequent x16 OR': '/api/search?q=' + q(FREQ.join(' OR ')),
  'frequent x32 OR': '/api/search?q=' + q([...FREQ, ...FREQ].join(' OR ')),
  'page frequent x8 OR': '/search?q=' + q(FREQ.slice(0, 8).join(' OR ')),
  'frequent x8 OR size100': '/api/search?q=' + q(FREQ.slice(0, 8).join(' OR ')) + '&size=100',
  'unknown x8': '/api/search?q=' + q(UNK5.slice(0, 8).join(' ')),
  'unknown x16': '/api/search?q=' + q(UNK5.join(' ')),
  'phrases common x8': '/api/search?q=' + q(Array(8).fill('"of the"').join(' OR ')),
  'prefix x1 tr*': '/api/search?q=' + q('tr*'),
  'prefix x4': '/api/search?q=' + q('co* OR re* OR pr* OR st*'),
  'fuzzy x1': '/api/search?q=' + q('government~'),
  'each-year frequent x8': '/api/search?q=' + q(FREQ.slice(0, 8).join(' OR ')) + '&sort=each-year',
  'passage': '/p/2025-tip-trafficking-profile-p6-s3',
  'api passage': '/api/passages/2025-tip-trafficking-profile-p6-s3',
  'reader': '/docs/2025-tip',
  'reader q plain': '/docs/2025-tip?q=forced+labor',
  'reader q frequent x8 OR': '/docs/2025-tip?q=' + q(FREQ.slice(0, 8).join(' OR ')),
  'docs': '/docs',
  'words': '/words',
  'home': '/',
  'healthz': '/healthz',
  'bib': '/p/2025-tip-trafficking-profile-p6-s3.bib',
  'citations 20 ids': '/export/citations.bib?' + Array(20).fill('id=2025-tip-trafficking-profile-p6-s3').join('&'),
  'citations 200 ids': '/export/citations.bib?' + Array(200).fill('id=2025-tip-trafficking-profile-p6-s3').join('&'),
  'trends 1': '/trends?q=forced+labor',
  'kwic 1': '/kwic?q=forced+labor',
  'export csv 1': '/export.csv?q=forced+labor',
  'export json all': '/export.json',
  'compare': '/compare?from=2016&to=2025',
  'recommendations': '/recommendations',
  '404': '/nothing-here',
};
async function t(path: string) { const s = performance.now(); const r = await fetch(origin + path); await r.arrayBuffer(); return performance.now() - s; }
const med = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const results: Array<[string, number]> = [];
for (let round = 0; round < 2; round++) for (const [name, path] of Object.entries(cases)) {
  for (let i = 0; i < 3; i++) await t(path);
  const s: number[] = []; for (let i = 0; i < 15; i++) s.push(await t(path));
  if (round === 1) results.push([name, med(s)]);
}
const plain = results.find(([n]) => n === 'plain')![1];
for (const [name, ms] of results) console.log(name.padEnd(28), ms.toFixed(2).padStart(8), (ms / plain).toFixed(1).padStart(6));
server.close();
