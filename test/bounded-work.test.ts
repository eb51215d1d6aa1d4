// One request must not buy disproportionate work: each bound found by `npm run bench:abuse`, tested on
// what it limits (values parsed, searches run, lines sent), not on time.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseQuery, type FilterNode } from '../server/search/query/query.ts';
import { MAX_FILTER_VALUES } from '../server/search/query/request.ts';
import { KWIC_MAX_LINES } from '../server/analysis/kwic.ts';
import { trends } from '../server/analysis/trends.ts';
import { MAX_CORRECTED_WORDS, spellingDistance } from '../server/search/query/suggest.ts';
import { realLibrary, searchFor } from './support/library.ts';
import { http, parseCsv } from './support/app.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

const ALL_PREFIXES = 'co re pr st in de tr fo pa ma ca se wo go vi ex di la ch su pe me ha ac ad al an ar as be bo ci'
  .split(' ')
  .map((prefix) => `${prefix}*`)
  .join(' OR ');

describe('year ranges', () => {
  it('are clamped to the years the collection holds, so 0000..9999 spells out no more years than it has', () => {
    const years = realLibrary().years;
    const tree = parseQuery('year:0000..9999', { docs: [], years }) as FilterNode & { field: 'year' };
    expect(tree.values).toEqual(Array.from({ length: years.at(-1)! - years[0]! + 1 }, (_, i) => years[0]! + i));
  });

  it('still mean what they say: 0000..9999 is every passage, 1990..2000 none', () => {
    expect(searchFor({ q: 'year:0000..9999' }).total).toBe(realLibrary().passages.length);
    expect(searchFor({ q: 'year:0000..9999 '.repeat(31).trim() }).total).toBe(realLibrary().passages.length);
    expect(searchFor({ q: 'year:1990..2000' }).total).toBe(0);
    expect(
      searchFor({ q: 'year:2016..2019' })
        .facets.year.filter((f) => f.count > 0)
        .map((f) => f.value),
    ).toEqual([2016, 2019]);
  });
});

describe('hints when nothing matched', () => {
  it('count "without this filter" on the matches already found: one search, however many filters', () => {
    const evaluate = vi.spyOn(realLibrary().engine, 'evaluate');
    const response = searchFor({
      q: 'Dandong',
      year: ['2007', '2016', '2019', '2023'],
      section: ['prosecution', 'protection'],
    });
    expect(response.total).toBe(0);
    expect(evaluate).toHaveBeenCalledTimes(1);
    expect(response.hints?.withoutFilter).toEqual([]);
    expect(searchFor({ q: 'Dandong', year: ['2016', '2025'], section: 'prevention' }).hints?.withoutFilter).toEqual([
      { facet: 'section', value: 'prevention', total: 1 },
    ]);
  });

  it(`allow at most ${MAX_FILTER_VALUES} values per filter, with a 400 saying so`, async () => {
    const years = Array.from({ length: MAX_FILTER_VALUES + 1 }, (_, i) => 1950 + i).join(',');
    const { body } = await http().get(`/api/search?q=zzqqxx&year=${years}`).expect(400);
    expect(body.error.message).toBe(
      `Choose at most ${MAX_FILTER_VALUES} values of year; ${MAX_FILTER_VALUES + 1} were given.`,
    );
    await http()
      .get(`/api/search?q=zzqqxx&year=${years.split(',').slice(1).join(',')}`)
      .expect(200);
  });
});

describe('the concordance of the commonest words', () => {
  it(`shows the first ${KWIC_MAX_LINES} lines and says how many there are`, async () => {
    const { text } = await http()
      .get(`/kwic?q=${encodeURIComponent(ALL_PREFIXES)}`)
      .expect(200);
    const total = Number(/(\d+) matches/.exec(text)?.[1]);
    expect(total).toBeGreaterThan(KWIC_MAX_LINES);
    expect(text.match(/<td class="kwic-match">/g)).toHaveLength(KWIC_MAX_LINES);
    expect(text).toContain(`Showing the first ${KWIC_MAX_LINES} of ${total} lines`);
  });

  it('gives the same lines as CSV', async () => {
    const { text } = await http()
      .get(`/kwic.csv?q=${encodeURIComponent(ALL_PREFIXES)}`)
      .expect(200);
    expect(parseCsv(text)).toHaveLength(KWIC_MAX_LINES + 1);
  });

  it('shows every line, and no notice, when they fit', async () => {
    const { text } = await http().get('/kwic?q=cybersex').expect(200);
    expect(text.match(/<td class="kwic-match">/g)).toHaveLength(4);
    expect(text).not.toContain('Showing the first');
  });
});

describe('spelling correction', () => {
  /** The vocabulary searches for a closest word a request made (the storage's `near`, over the `exact` field). */
  function fuzzyLookups(run: () => unknown): number {
    const spy = vi.spyOn(realLibrary().engine.storage, 'near');
    try {
      run();
      return spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
  }

  it(`looks up at most ${MAX_CORRECTED_WORDS} unmatched words per query, however many there are`, () => {
    const words = Array.from({ length: 32 }, (_, i) => `xq${String.fromCharCode(97 + (i % 26))}vbk`).join(' ');
    expect(fuzzyLookups(() => searchFor({ q: words }))).toBe(MAX_CORRECTED_WORDS);
  });

  it('does not look up words under four letters, which are two edits from every short word', () => {
    const words = ['zq', 'xv', 'qx', 'vz', 'jq', 'qj', 'xzq'].join(' ');
    expect(fuzzyLookups(() => searchFor({ q: words }))).toBe(0);
    expect(
      fuzzyLookups(() =>
        trends(realLibrary(), Array(6).fill(words), { strict: false, bySection: true, byCountry: false }),
      ),
    ).toBe(0);
  });

  it('still corrects misspelt words, a swap of two letters in a five-letter word included', () => {
    expect(searchFor({ q: 'Dandog' }).corrected?.query).toBe('Dandong');
    expect(searchFor({ q: 'wrokers 2016' }).corrected?.query).toBe('workers 2016');
    expect(spellingDistance('cmaps')).toBe(2);
    expect(searchFor({ q: 'prison cmaps' }).corrected?.query).toBe('prison camps');
  });
});
