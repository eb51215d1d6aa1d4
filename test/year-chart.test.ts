// The across-years chart's geometry: every year readable however many years the collection holds.
import { describe, expect, it } from 'vitest';
import { yearChart } from '../server/web/year-chart.ts';

const years = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    year: 2001 + i,
    count: 4000 + i * 111,
    url: `/search?q=x&year=${2001 + i}`,
    selected: false,
  }));

describe('the year chart', () => {
  it("keeps the seed corpus's five years at the chart's usual width", () => {
    const chart = yearChart(years(5), 'x');
    expect(chart.width).toBe(560);
    expect(chart.wide).toBe(false);
    expect(chart.bars).toHaveLength(5);
  });

  it("gives each of the TIP series' 25 years room for a four-digit year and count, widening (and drawn across the column) rather than overlapping", () => {
    const chart = yearChart(years(25), 'x');
    expect(chart.bars.map((bar) => bar.year)).toEqual(Array.from({ length: 25 }, (_, i) => 2001 + i));
    for (let i = 1; i < chart.bars.length; i++)
      expect(chart.bars[i]!.middle - chart.bars[i - 1]!.middle).toBeGreaterThanOrEqual(36);
    expect(chart.wide).toBe(true);
    const last = chart.bars[chart.bars.length - 1]!;
    expect(last.x + last.width).toBeLessThanOrEqual(chart.width);
  });
});
