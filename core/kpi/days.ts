/**
 * Paris days and months as instants: the first millisecond of the Paris day (or month)
 * containing an instant; the dashboard's totals are keyed by it. Paris is a whole number of
 * hours from UTC, so a UTC hour lies in one Paris day: day starts are cached per hour (a year
 * asks about 8,760 hours).
 */
import type { Period } from './period';
import { parisDay, parisMidnight } from '../../common/paris';

export const HOUR_MS = 3_600_000;
const byHour = new Map<number, number>();

function ymd(t: number): [number, number, number] {
  return parisDay(t).split('-').map(Number) as [number, number, number];
}

export function dayStart(t: number): number {
  const hour = Math.floor(t / HOUR_MS);
  let start = byHour.get(hour);
  if (start === undefined) {
    if (byHour.size > 500_000) byHour.clear(); // bounded: about 57 years of hours
    start = parisMidnight(...ymd(t));
    byHour.set(hour, start);
  }
  return start;
}

/** The first Paris midnight at or after t. */
function midnightOnOrAfter(t: number): number {
  if (dayStart(t) === t) return t;
  const [y, m, d] = ymd(t);
  return parisMidnight(y, m, d + 1);
}

/** The first instant of the Paris month containing t. */
export function monthStart(t: number): number {
  const [y, m] = ymd(t);
  return parisMidnight(y, m, 1);
}

function monthOnOrAfter(t: number): number {
  if (monthStart(t) === t) return t;
  const [y, m] = ymd(t);
  return parisMidnight(y, m + 1, 1);
}

/** The Paris day (or month) starting at `start` as a period. */
export function spanPeriod(span: 'day' | 'month', start: number): Period {
  return { from: start, to: span === 'day' ? midnightOnOrAfter(start + 1) : monthOnOrAfter(start + 1) };
}

/** The whole Paris days inside a period and the partial days left at either end. */
export function splitDays(period: Period): { days: Period | null; edges: Period[] } {
  const first = midnightOnOrAfter(period.from);
  const last = dayStart(period.to);
  if (last <= first) return { days: null, edges: [period] };
  return {
    days: { from: first, to: last },
    edges: [
      { from: period.from, to: first },
      { from: last, to: period.to },
    ].filter((p) => p.to > p.from),
  };
}

interface Split {
  /** Whole Paris months, read from the monthly totals. */
  months: Period | null;
  /** Runs of whole Paris days outside those months, read from the daily totals. */
  days: Period[];
  /** Partial days at either end, read from the facts. */
  edges: Period[];
}

/** A period cut into whole months, whole days and partial days. */
export function splitPeriod(period: Period): Split {
  const { days, edges } = splitDays(period);
  if (!days) return { months: null, days: [], edges };
  const first = monthOnOrAfter(days.from);
  const last = monthStart(days.to);
  if (last <= first) return { months: null, days: [days], edges };
  return {
    months: { from: first, to: last },
    days: [
      { from: days.from, to: first },
      { from: last, to: days.to },
    ].filter((p) => p.to > p.from),
    edges,
  };
}
