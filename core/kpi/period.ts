/**
 * Periods of the dashboard in Europe/Paris: a date "2026-10-31" means that whole French day,
 * so a lead received at 23:30 in Paris on the 31st (22:30 UTC) belongs to October. Instants
 * are epoch ms; `to` is exclusive.
 */
import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { AppError } from '../commands/errors';
import { instantSchema } from '../leads/dates';
import { tr, zmsg } from '../language';
import { dateParts, parisDay, parisMidnight, ZONE } from '../../common/paris';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const bound = z.union([instantSchema, z.string().regex(DATE, zmsg('A date is YYYY-MM-DD', 'Une date s’écrit AAAA-MM-JJ'))]);

export interface Period {
  from: number;
  to: number;
}

/**
 * The longest period the dashboard shows. Its series have one point per day: a request for
 * "the last million years" (one integer is enough) would otherwise build hundreds of millions.
 */
const MAX_YEARS = 30;

export function resolvePeriod(from: number | string, to: number | string): Period {
  const start = typeof from === 'number' ? from : parisMidnight(...dateParts(from));
  let end: number;
  if (typeof to === 'number') end = to;
  else {
    const [y, m, d] = dateParts(to);
    end = parisMidnight(y, m, d + 1);
  }
  if (!(end - start <= MAX_YEARS * 366 * 86_400_000)) {
    const message = tr(`A period is at most ${MAX_YEARS} years long.`, `Une période dure au plus ${MAX_YEARS} ans.`);
    throw new AppError('invalid_input', message, [{ path: ['to'], message }]);
  }
  return { from: start, to: Math.max(start, end) };
}

/** The calendar month "YYYY-MM" in Paris. */
export function monthPeriod(month: string): Period {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: parisMidnight(y, m, 1), to: parisMidnight(y, m + 1, 1) };
}

export function previousPeriod(p: Period): Period {
  return { from: p.from - (p.to - p.from), to: p.from };
}

/** The same Paris wall-clock dates one year earlier. */
export function lastYear(p: Period): Period {
  const shift = (t: number) => {
    const l = new TZDate(t, ZONE);
    return new TZDate(l.getFullYear() - 1, l.getMonth(), l.getDate(), l.getHours(), l.getMinutes(), l.getSeconds(), ZONE).getTime();
  };
  return { from: shift(p.from), to: shift(p.to) };
}

/** ISO week "YYYY-Www" of a Paris day. */
export function isoWeek(day: string): string {
  const [y, m, d] = dateParts(day);
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Every Paris day of a period, in order (for series with zeros on empty days). */
export function daysOf(p: Period): string[] {
  const out: string[] = [];
  if (p.to <= p.from) return out;
  const [y, m, d] = dateParts(parisDay(p.from));
  for (let i = 0; ; i++) {
    const start = parisMidnight(y, m, d + i);
    if (start >= p.to) break;
    out.push(parisDay(start));
    if (i > 3700) break;
  }
  return out;
}
