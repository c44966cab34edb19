/**
 * Business-hours arithmetic in the head office's time zone: how many business milliseconds lie
 * between two instants, and when a clock of N business hours started at an instant runs out.
 * Weekends (any closed weekday) and French public holidays (computed each year, Easter-based
 * ones included, by @socialgouv/jours-feries) do not count. Daylight-saving changes are handled
 * by converting each day's opening and closing local times to instants. The calendar is data
 * (core/sla/calendar.ts validates it as a setting).
 */
import { TZDate } from '@date-fns/tz';
import getJoursFeries from '@socialgouv/jours-feries';

export interface BusinessHours {
  /** IANA zone name, e.g. Europe/Paris. */
  timeZone: string;
  /** ISO weekdays that are open: 1 = Monday ... 7 = Sunday. */
  openDays: number[];
  /** HH:MM, local time. */
  opens: string;
  closes: string;
  /** Alsace-Moselle adds Good Friday and 26 December. */
  holidays: 'france' | 'alsace-moselle' | 'none';
  /** Extra closed days (e.g. a bridge day), as YYYY-MM-DD. */
  closedDates: string[];
}

export const DEFAULT_BUSINESS_HOURS: Readonly<BusinessHours> = { timeZone: 'Europe/Paris', openDays: [1, 2, 3, 4, 5], opens: '09:00', closes: '18:00', holidays: 'france', closedDates: [] };

const holidayCache = new Map<string, Set<string>>();

/** Public holidays of a year as YYYY-MM-DD strings. */
export function publicHolidays(year: number, kind: BusinessHours['holidays']): Set<string> {
  const key = `${year}:${kind}`;
  let set = holidayCache.get(key);
  if (!set) {
    const dates = kind === 'none' ? [] : Object.values(getJoursFeries(year, { alsace: kind === 'alsace-moselle' }));
    // The library returns calendar dates as UTC midnights.
    set = new Set(dates.map((d) => d.toISOString().slice(0, 10)));
    holidayCache.set(key, set);
  }
  return set;
}

interface Day {
  iso: string;
  open: number;
  close: number;
}

/** The local calendar day containing `instant`, and its opening window as instants (null when closed). */
function dayAt(cal: BusinessHours, instant: number): { iso: string; window: Day | null; start: number; next: number } {
  const local = new TZDate(instant, cal.timeZone);
  const [y, m, d] = [local.getFullYear(), local.getMonth(), local.getDate()];
  const iso = `${y}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const start = new TZDate(y, m, d, 0, 0, cal.timeZone).getTime();
  const next = new TZDate(y, m, d + 1, 0, 0, cal.timeZone).getTime();
  const weekday = local.getDay() === 0 ? 7 : local.getDay();
  const closed = !cal.openDays.includes(weekday) || publicHolidays(y, cal.holidays).has(iso) || cal.closedDates.includes(iso);
  if (closed) return { iso, window: null, start, next };
  const [oh, om] = cal.opens.split(':').map(Number) as [number, number];
  const [ch, cm] = cal.closes.split(':').map(Number) as [number, number];
  const open = new TZDate(y, m, d, oh, om, cal.timeZone).getTime();
  const close = new TZDate(y, m, d, ch, cm, cal.timeZone).getTime();
  return { iso, window: { iso, open, close }, start, next };
}

/** Business milliseconds between two instants (0 when `to` is before `from`). */
export function businessMsBetween(from: number, to: number, cal: BusinessHours = DEFAULT_BUSINESS_HOURS): number {
  let total = 0;
  for (let cursor = from; cursor < to;) {
    const { window, next } = dayAt(cal, cursor);
    if (window) total += Math.max(0, Math.min(to, window.close) - Math.max(cursor, window.open));
    cursor = next;
  }
  return total;
}

/** The instant at which `ms` business milliseconds after `from` have elapsed. */
export function addBusinessMs(from: number, ms: number, cal: BusinessHours = DEFAULT_BUSINESS_HOURS): number {
  let remaining = ms;
  let cursor = from;
  // Bounded: a calendar with no open day in ten years is a configuration error, not a loop.
  for (let guard = 0; guard < 3660; guard++) {
    const { window, next } = dayAt(cal, cursor);
    if (window) {
      const start = Math.max(cursor, window.open);
      const available = Math.max(0, window.close - start);
      if (remaining <= available && start < window.close) return start + remaining;
      if (remaining === 0) return Math.max(cursor, window.open);
      remaining -= available;
    }
    cursor = next;
  }
  throw new Error('The business calendar has no open time in the next ten years');
}

/**
 * The latest instant from which `ms` business milliseconds have elapsed by `to`: every clock
 * started at or before it has used at least `ms`. Lets one indexed comparison find the clocks
 * at risk instead of computing each one.
 */
export function subtractBusinessMs(to: number, ms: number, cal: BusinessHours = DEFAULT_BUSINESS_HOURS): number {
  if (ms <= 0) return to;
  let remaining = ms;
  let cursor = to;
  for (let guard = 0; guard < 3660; guard++) {
    const { window, start } = dayAt(cal, cursor - 1);
    if (window) {
      const end = Math.min(cursor, window.close);
      const available = Math.max(0, end - window.open);
      if (remaining <= available && end > window.open) return end - remaining;
      remaining -= available;
    }
    cursor = start;
  }
  throw new Error('The business calendar has no open time in the previous ten years');
}

export const HOUR_MS = 3_600_000;
