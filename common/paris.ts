/**
 * Days as people in France count them: a date "2026-10-31" is that whole day in Europe/Paris,
 * whatever the zone of the machine or browser that computes it. Instants are epoch ms.
 */
import { TZDate } from '@date-fns/tz';

export const ZONE = 'Europe/Paris';

/**
 * Answers of the time-zone conversions below, which cost microseconds each: a year's dashboard asks
 * for a thousand days. Bounded (cleared when full): a long-running server asks about every day.
 */
const midnights = new Map<string, number>();
const daysByHour = new Map<number, string>();
const MEMO_LIMIT = 100_000;

function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** Midnight in Paris starting the day y-m-d (m from 1; overflowing days and months roll over). */
export function parisMidnight(y: number, m: number, d: number): number {
  const key = `${y}-${m}-${d}`;
  return midnights.get(key) ?? remember(midnights, key, new TZDate(y, m - 1, d, 0, 0, 0, ZONE).getTime());
}

/** The parts of a date written YYYY-MM-DD. */
export function dateParts(date: string): [number, number, number] {
  return date.split('-').map(Number) as [number, number, number];
}

/** "YYYY-MM-DD" of the Paris day containing an instant (Paris is a whole number of hours from UTC: a UTC hour lies in one Paris day). */
export function parisDay(t: number): string {
  const hour = Math.floor(t / 3_600_000);
  const known = daysByHour.get(hour);
  if (known !== undefined) return known;
  const l = new TZDate(t, ZONE);
  return remember(daysByHour, hour, `${l.getFullYear()}-${String(l.getMonth() + 1).padStart(2, '0')}-${String(l.getDate()).padStart(2, '0')}`);
}

/** A calendar date moved by whole days (months and years roll over), YYYY-MM-DD. */
export function addDaysToDate(date: string, days: number): string {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
