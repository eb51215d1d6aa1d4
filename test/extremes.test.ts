// Lists of any length: largest, smallest and appendAll never pass a list as call arguments, which
// overflows the call stack past about 120,000 items; no source file spreads a list into Math.max,
// Math.min or push; and the crash this caused at size (aligning one country of 130,000 sentences) is gone.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAll, largest, smallest } from '../server/extremes.ts';
import { alignPassages } from '../server/analysis/align.ts';
import type { Passage } from '../server/corpus/types.ts';
import { ROOT } from './support/corpus.ts';

describe('largest and smallest', () => {
  const cases = [
    { values: [3, 9, 4], empty: 0, largest: 9, smallest: 3 },
    { values: [], empty: 1, largest: 1, smallest: 1 },
    { values: [-5, -2], empty: 0, largest: -2, smallest: -5 },
    { values: Int32Array.from([7, 1, 7]), empty: 0, largest: 7, smallest: 1 },
  ];
  it.each(cases)('of $values', ({ values, empty, largest: max, smallest: min }) => {
    expect(largest(values, empty)).toBe(max);
    expect(smallest(values, empty)).toBe(min);
  });

  it('take a million values, where Math.max(...values) overflows the stack', () => {
    const values = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    expect(() => Math.max(...values)).toThrow(RangeError);
    expect(largest(values, 0)).toBe(1_000_002);
    expect(smallest(values, 0)).toBe(0);
    expect(appendAll([1], values)).toHaveLength(1_000_001);
  });
});

/** `Math.max(...xs)`, `list.push(a, ...xs)`: a spread among a call's own arguments (not inside an object or array literal). */
const SPREAD_CALL = /(?:Math\.(?:max|min)|\.push|\.unshift)\((?:[^()[\]{}]*,)?\s*\.\.\./;

describe('the sources', () => {
  const files = ['server', 'scripts'].flatMap((dir) =>
    readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => join(entry.parentPath, entry.name)),
  );
  it('spread no list into Math.max, Math.min, push or unshift', () => {
    const spreads = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          !/^\s*(?:\/\/|\*)/.test(line) && SPREAD_CALL.test(line)
            ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`]
            : [],
        ),
    );
    expect(spreads).toEqual([]);
  });
});

describe('alignment at size', () => {
  it('aligns one country of 130,000 sentences (the block that crashed `npm run index`)', () => {
    // One word each, no two alike: the block is as large as the one that crashed, the pairs to measure few.
    const passages: Passage[] = Array.from({ length: 130_000 }, (_, i) => {
      const year = 2000 + (i % 2);
      const text = `Q${i.toString(36)}x.`;
      return {
        id: `d${year}-prosecution-p1-s${i}`,
        doc: `d${year}`,
        year,
        country: 'PRK',
        section: 'prosecution',
        heading: null,
        paragraph: 1,
        sentence: i + 1,
        text,
        source: 's',
        start: 0,
        end: text.length,
      };
    });
    const alignment = alignPassages(passages, [
      { id: 'd2000', type: 'report' },
      { id: 'd2001', type: 'report' },
    ]);
    expect(Object.keys(alignment)).toHaveLength(130_000);
  }, 300_000);
});
