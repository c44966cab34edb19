/**
 * Paris days as instants: the first millisecond of the Paris day containing an instant. The
 * per-day totals are keyed by it, and SQL groups facts by it through `day_start()`. Paris is a
 * whole number of hours from UTC, so a UTC hour lies in one Paris day: the answer is cached per
 * hour (a year of leads asks about 8,760 hours, not a million instants).
 */
import type { Db } from '../db/connection';
import { parisDay, parisMidnight, type Period } from './period';

const HOUR_MS = 3_600_000;
const byHour = new Map<number, number>();

export function dayStart(t: number): number {
  const hour = Math.floor(t / HOUR_MS);
  let start = byHour.get(hour);
  if (start === undefined) {
    if (byHour.size > 500_000) byHour.clear(); // bounded: about 57 years of hours
    const [y, m, d] = parisDay(t).split('-').map(Number) as [number, number, number];
    start = parisMidnight(y, m, d);
    byHour.set(hour, start);
  }
  return start;
}

/** The first Paris midnight at or after t. */
export function midnightOnOrAfter(t: number): number {
  const start = dayStart(t);
  if (start === t) return t;
  const [y, m, d] = parisDay(t).split('-').map(Number) as [number, number, number];
  return parisMidnight(y, m, d + 1);
}

const registered = new WeakSet<Db>();

/** Registers day_start(ms) on a connection (once). */
export function dayStartFunction(db: Db): void {
  if (registered.has(db)) return;
  db.function('day_start', { deterministic: true }, (t: unknown) => dayStart(Number(t)));
  registered.add(db);
}

/** The whole Paris days inside a period and the partial days left at either end. */
export function splitDays(period: Period): { days: Period | null; edges: Period[] } {
  const first = midnightOnOrAfter(period.from);
  const last = dayStart(period.to);
  if (last <= first) return { days: null, edges: [period] };
  return { days: { from: first, to: last }, edges: [{ from: period.from, to: first }, { from: last, to: period.to }].filter((p) => p.to > p.from) };
}
