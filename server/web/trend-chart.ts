// The trends chart as data: a time axis scaled by year (so the nine-year gap before 2016 looks like one),
// a value axis with round ticks, one line per query, every point a link to the passages it counts. A year
// without a value (the series' country has no document of it) is a gap in the line, not a point at zero.

import { largest } from '../extremes.ts';

export interface TrendChartPoint {
  year: number;
  value: number;
  x: number;
  y: number;
  url: string;
  label: string;
}

export interface TrendChartSeries {
  index: number;
  /** The legend's label. */
  query: string;
  path: string;
  points: TrendChartPoint[];
}

export interface TrendChart {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  xTicks: Array<{ year: number; x: number }>;
  yTicks: Array<{ label: string; y: number }>;
  series: TrendChartSeries[];
  axisLabel: string;
}

const WIDTH = 720;
const HEIGHT = 300;
const MARGIN = { left: 56, right: 24, top: 16, bottom: 36 };

/**
 * @example trendChart([{ query: 'Dandong', points: [{ year: 2025, value: 1, url: '/search?q=Dandong&year=2025' }] }], [2007, 2025], 'Passages')
 */
export function trendChart(
  series: Array<{ query: string; points: Array<{ year: number; value: number | null; url: string }> }>,
  years: number[],
  axisLabel: string,
  unit: (value: number) => string,
): TrendChart {
  const [first, last] = [years[0] ?? 0, years[years.length - 1] ?? 1];
  const right = WIDTH - MARGIN.right;
  const bottom = HEIGHT - MARGIN.bottom;
  const x = (year: number) =>
    first === last
      ? (MARGIN.left + right) / 2
      : MARGIN.left + ((year - first) / (last - first)) * (right - MARGIN.left);
  const highest = Math.max(
    0,
    largest(
      series.flatMap((s) => s.points.map((p) => p.value ?? 0)),
      0,
    ),
  );
  const step = niceStep(highest);
  const top = step * Math.max(1, Math.ceil(highest / step));
  const y = (value: number) => bottom - (value / top) * (bottom - MARGIN.top);
  const yTicks = [];
  for (let value = 0; value <= top + step / 2; value += step)
    yTicks.push({ label: formatTick(value), y: round(y(value)) });
  return {
    width: WIDTH,
    height: HEIGHT,
    left: MARGIN.left,
    right,
    top: MARGIN.top,
    bottom,
    xTicks: years.map((year) => ({ year, x: round(x(year)) })),
    yTicks,
    axisLabel,
    series: series.map((s, index) => {
      const points: TrendChartPoint[] = [];
      let path = '';
      let drawing = false;
      for (const p of s.points) {
        // A gap lifts the pen: the line resumes at the next year with a value.
        if (p.value === null) {
          drawing = false;
          continue;
        }
        const point = {
          ...p,
          value: p.value,
          x: round(x(p.year)),
          y: round(y(p.value)),
          label: `“${s.query}”, ${p.year}: ${unit(p.value)}`,
        };
        path += `${path ? ' ' : ''}${drawing ? 'L' : 'M'}${point.x},${point.y}`;
        drawing = true;
        points.push(point);
      }
      return { index, query: s.query, points, path };
    }),
  };
}

/** A round step (1, 2, 5 × 10^n) giving about five ticks. */
function niceStep(max: number): number {
  if (max <= 0) return 1;
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= raw)!;
  return step < 1 && Number.isInteger(max) ? 1 : step;
}

function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

const round = (n: number) => Math.round(n * 10) / 10;
