// The across-years bar chart as data: geometry, labels and links computed here, drawn by a template as
// SVG. Every corpus year gets a bar, zero included, so gaps in time are visible.

import { largest } from '../extremes.ts';

export interface YearBar {
  year: number;
  count: number;
  url: string;
  selected: boolean;
  /** Accessible name of the bar's link. */
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Centre of the bar, for its labels. */
  middle: number;
}

export interface YearChart {
  width: number;
  height: number;
  /** Wider than the usual chart (many years): drawn across the whole column rather than at most 40rem. */
  wide: boolean;
  /** Baseline of the bars; year labels go below it. */
  baseline: number;
  bars: YearBar[];
  title: string;
}

const WIDTH = 560;
/**
 * The narrowest slot a year may have: a four-digit year and a four-digit count fit in it without
 * touching their neighbours. With many years (25 in the whole TIP series) the chart gets wider instead
 * of its labels overlapping; it is scaled down to the page as a whole.
 */
const MIN_SLOT = 36;
const HEIGHT = 150;
const TOP = 18;
const BOTTOM = 22;
const GAP = 0.3;

/**
 * @example yearChart([{ year: 2016, count: 7, url: '/search?q=x&year=2016', selected: false }], 'forced labor')
 */
export function yearChart(
  points: Array<{ year: number; count: number; url: string; selected: boolean }>,
  subject: string,
): YearChart {
  const max = Math.max(
    1,
    largest(
      points.map((p) => p.count),
      1,
    ),
  );
  const width = Math.max(WIDTH, points.length * MIN_SLOT);
  const slot = width / Math.max(1, points.length);
  const barWidth = slot * (1 - GAP);
  const baseline = HEIGHT - BOTTOM;
  const plot = baseline - TOP;
  const passages = (n: number) => `${n} passage${n === 1 ? '' : 's'}`;
  const bars = points.map((point, index) => {
    // A non-zero count never disappears: at least 2 units tall.
    const height = point.count === 0 ? 0 : Math.max(2, (point.count / max) * plot);
    const x = index * slot + (slot - barWidth) / 2;
    return {
      ...point,
      label: `${point.year}: ${passages(point.count)}${point.selected ? ' (selected)' : ''}`,
      x: round(x),
      y: round(baseline - height),
      width: round(barWidth),
      height: round(height),
      middle: round(x + barWidth / 2),
    };
  });
  return {
    width,
    wide: width > WIDTH,
    height: HEIGHT,
    baseline,
    bars,
    title: `Passages matching ${subject} per report year`,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
