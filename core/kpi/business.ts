/**
 * Business hours for many durations at once. core/sla/calendar walks day by day with time-zone
 * conversions (tens of µs per call); the dashboard needs hundreds of thousands of durations, so
 * this builds, once per range, each day's opening window and a running total of business
 * milliseconds. A duration is then two binary searches and a subtraction. The calendar stays
 * the reference: tests compare both.
 */
import { businessMsBetween, addBusinessMs, type BusinessHours } from '../sla/calendar';
import { parisDay, parisMidnight } from './period';

export interface BusinessClock {
  /** Business ms between two instants of the clock's range (0 when to <= from). */
  between(from: number, to: number): number;
}

export function businessClock(from: number, to: number, cal: BusinessHours): BusinessClock {
  const [y, m, d] = parisDay(from).split('-').map(Number) as [number, number, number];
  const starts: number[] = [];
  const opens: number[] = [];
  const lengths: number[] = [];
  const before: number[] = [];
  let total = 0;
  for (let i = 0; ; i++) {
    const start = parisMidnight(y, m, d + i);
    if (start > to && i > 0) break;
    const next = parisMidnight(y, m, d + i + 1);
    const length = businessMsBetween(start, next, cal);
    starts.push(start);
    opens.push(length > 0 ? addBusinessMs(start, 0, cal) : start);
    lengths.push(length);
    before.push(total);
    total += length;
  }
  const startsArr = Float64Array.from(starts);
  const cumulative = (t: number): number => {
    if (t <= startsArr[0]!) return 0;
    let lo = 0;
    let hi = startsArr.length - 1;
    if (t >= startsArr[hi]! + 86_400_000 * 2) return total;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (startsArr[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return before[lo]! + Math.min(lengths[lo]!, Math.max(0, t - opens[lo]!));
  };
  return {
    between(a, b) {
      if (b <= a) return 0;
      if (a < from || b > to) return businessMsBetween(a, b, cal);
      return cumulative(b) - cumulative(a);
    },
  };
}

/** Median of a list of numbers (sorted in place); null when empty. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
