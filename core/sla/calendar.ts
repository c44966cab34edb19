/**
 * The business calendar as a setting: its schema, with the time zone checked against the
 * runtime's. The arithmetic lives in common/business-hours.ts (the renderer counts with it too).
 */
import { z } from 'zod';
import { zmsg } from '../language';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time is HH:MM');

/** An IANA zone name ("Europe/Paris", "UTC") this runtime knows; offsets and abbreviations are refused. */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const businessHoursSchema = z
  .object({
    timeZone: z
      .string()
      .max(64)
      .refine(isTimeZone, zmsg('Not a known time zone: give its IANA name, e.g. Europe/Paris', 'Fuseau horaire inconnu : donnez son nom IANA, par ex. Europe/Paris'))
      .default('Europe/Paris'),
    /** ISO weekdays that are open: 1 = Monday ... 7 = Sunday. */
    openDays: z.array(z.number().int().min(1).max(7)).min(1, 'At least one open day').default([1, 2, 3, 4, 5]),
    opens: time.default('09:00'),
    closes: time.default('18:00'),
    /** Alsace-Moselle adds Good Friday and 26 December. */
    holidays: z.enum(['france', 'alsace-moselle', 'none']).default('france'),
    /** Extra closed days (e.g. a bridge day), as YYYY-MM-DD. */
    closedDates: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
      .max(1000)
      .default([]),
  })
  .refine((b) => b.opens < b.closes, { message: 'Closing time must be after opening time', path: ['closes'] });
