/**
 * Days as people in France count them: a date "2026-10-31" is that whole day in Europe/Paris,
 * whatever the zone of the machine or browser that computes it. Instants are epoch ms.
 */
import { TZDate } from '@date-fns/tz';

export const ZONE = 'Europe/Paris';

/** Midnight in Paris starting the day y-m-d (m from 1; overflowing days and months roll over). */
export function parisMidnight(y: number, m: number, d: number): number {
  return new TZDate(y, m - 1, d, 0, 0, 0, ZONE).getTime();
}

/** The parts of a date written YYYY-MM-DD. */
export function dateParts(date: string): [number, number, number] {
  return date.split('-').map(Number) as [number, number, number];
}

/** "YYYY-MM-DD" of the Paris day containing an instant. */
export function parisDay(t: number): string {
  const l = new TZDate(t, ZONE);
  return `${l.getFullYear()}-${String(l.getMonth() + 1).padStart(2, '0')}-${String(l.getDate()).padStart(2, '0')}`;
}

/** A calendar date moved by whole days (months and years roll over), YYYY-MM-DD. */
export function addDaysToDate(date: string, days: number): string {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
