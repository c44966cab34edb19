/**
 * Business hours for many durations at once. common/business-hours walks day by day with time-zone
 * conversions (tens of µs per call); the dashboard needs hundreds of thousands of durations, so
 * this builds, once per range, each day's opening window and a running total of business
 * milliseconds. A duration is then two binary searches and a subtraction. The calendar stays
 * the reference: tests compare both.
 */
import { businessMsBetween, addBusinessMs, type BusinessHours } from '../../common/business-hours';
import { parisDay, parisMidnight } from '../../common/paris';

export interface BusinessClock {
  /** Business ms between two instants of the clock's range (0 when to <= from). */
  between(from: number, to: number): number;
  /** The instant `ms` business milliseconds after `from` (as addBusinessMs). */
  after(from: number, ms: number): number;
}

/**
 * The tables built, per calendar. A table depends on its calendar alone and grows forward as far
 * as asked, so a clock reuses one starting at most a year before its first instant: the
 * dashboard's sections and each refresh ask the same days again, and building a year of table
 * (time-zone conversions day by day) cost more than their reads.
 */
const tables = new Map<string, Cumulative>();
const REUSE_MS = 366 * 86_400_000;

function tableFrom(a: number, cal: BusinessHours, key: string): Cumulative {
  const known = tables.get(key);
  if (known && known.first <= a && a - known.first <= REUSE_MS) return known;
  const table = cumulative(a, cal);
  if (tables.size >= 16) tables.clear(); // bounded: calendars are few
  tables.set(key, table);
  return table;
}

export function businessClock(from: number, to: number, cal: BusinessHours): BusinessClock {
  // The table starts at the first instant asked and grows as far as asked: a dashboard "since
  // 1970" (one integer in its input) would otherwise walk 20,000 days to measure leads of 2026.
  let table: Cumulative | null = null;
  const key = JSON.stringify(cal);
  return {
    between(a, b) {
      if (b <= a) return 0;
      if (a < from || b > to) return businessMsBetween(a, b, cal);
      table ??= tableFrom(a, cal, key);
      if (a < table.first) return businessMsBetween(a, b, cal);
      return table.at(b) - table.at(a);
    },
    after(a, ms) {
      if (a < from) return addBusinessMs(a, ms, cal);
      table ??= tableFrom(a, cal, key);
      if (a < table.first) return addBusinessMs(a, ms, cal);
      return table.after(a, ms) ?? addBusinessMs(a, ms, cal);
    },
  };
}

interface Cumulative {
  first: number;
  /** Business ms from the table's first day to t. */
  at(t: number): number;
  /** The first instant `ms` business ms after t; null past ten years (addBusinessMs then says why). */
  after(t: number, ms: number): number | null;
}

function cumulative(first: number, cal: BusinessHours): Cumulative {
  const [y, m, d] = parisDay(first).split('-').map(Number) as [number, number, number];
  const starts: number[] = [];
  const opens: number[] = [];
  const lengths: number[] = [];
  const before: number[] = [];
  let total = 0;
  const grow = () => {
    const start = parisMidnight(y, m, d + starts.length);
    const length = businessMsBetween(start, parisMidnight(y, m, d + starts.length + 1), cal);
    starts.push(start);
    opens.push(length > 0 ? addBusinessMs(start, 0, cal) : start);
    lengths.push(length);
    before.push(total);
    total += length;
  };
  const extend = (t: number) => {
    while (starts.length === 0 || starts[starts.length - 1]! <= t) grow();
  };
  extend(first);
  return {
    first: starts[0]!,
    at(t) {
      extend(t);
      if (t <= starts[0]!) return 0;
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= t) lo = mid;
        else hi = mid - 1;
      }
      return before[lo]! + Math.min(lengths[lo]!, Math.max(0, t - opens[lo]!));
    },
    after(t, ms) {
      const target = this.at(t) + ms;
      for (let guard = 0; total < target; guard++) {
        if (guard > 3660) return null;
        grow();
      }
      // The first day whose business time reaches the target.
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (before[mid]! + lengths[mid]! >= target) hi = mid;
        else lo = mid + 1;
      }
      return opens[lo]! + (target - before[lo]!);
    },
  };
}

/** Median of a list of numbers; null when empty. */
export function median(list: number[]): number | null {
  if (list.length === 0) return null;
  // A typed array sorts numbers natively, several times faster than a comparator on a year of durations.
  const values = Float64Array.from(list).sort();
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
