// Downloads carry the media type of their format, so a browser or a reference manager knows what it got
// (Zotero and JabRef offer to import an application/x-bibtex or x-research-info-systems response).
import { describe, expect, it } from 'vitest';
import { http, textBody } from './support/app.ts';

const ID = '2025-tip-trafficking-profile-p6-s3';

describe('download media types', () => {
  const cases = [
    { path: `/p/${ID}.bib`, type: 'application/x-bibtex; charset=utf-8', file: `${ID}.bib` },
    { path: `/p/${ID}.ris`, type: 'application/x-research-info-systems; charset=utf-8', file: `${ID}.ris` },
    { path: `/export/citations.bib?id=${ID}`, type: 'application/x-bibtex; charset=utf-8', file: 'citations.bib' },
    {
      path: `/export/citations.ris?id=${ID}`,
      type: 'application/x-research-info-systems; charset=utf-8',
      file: 'citations.ris',
    },
    {
      path: '/export.jsonl?q=Dandong',
      type: 'application/x-ndjson; charset=utf-8',
      file: 'tip-north-korea-search.jsonl',
    },
    { path: '/export.json?q=Dandong', type: 'application/json; charset=utf-8', file: 'tip-north-korea-search.json' },
    { path: '/export.csv?q=Dandong', type: 'text/csv; charset=utf-8', file: 'tip-north-korea-search.csv' },
    { path: '/kwic.csv?q=Dandong', type: 'text/csv; charset=utf-8', file: 'concordance.csv' },
  ];

  it.each(cases)('$path is $type, as an attachment named $file', async ({ path, type, file }) => {
    const response = await http().get(path).buffer(true).parse(textBody).expect(200);
    expect(response.headers['content-type']).toBe(type);
    expect(response.headers['content-disposition']).toBe(`attachment; filename=${file}`);
  });
});
