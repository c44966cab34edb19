/**
 * Dates as people and spreadsheets write them, read as Europe/Paris wall-clock time (a web
 * form export saying "14/03/2026 09:30" means 9:30 in France) and returned as epoch ms UTC.
 */
import { TZDate } from '@date-fns/tz';
import { z } from 'zod';

import { ZONE } from '../../common/paris';

/**
 * An instant a command accepts: from 1970 to the end of 9999. Beyond, dates are invalid
 * (formatting throws) and loops over the days of a period never end.
 */
export const instantSchema = z
  .number()
  .int()
  .min(0)
  .max(Date.UTC(9999, 11, 31, 23, 59, 59, 999));

const FRENCH = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T]+(\d{1,2})[:hH](\d{2})(?::(\d{2}))?)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
/** Excel's day 0 is 1899-12-30 (the 1900 leap-year bug is folded into that origin). */
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);

/** Epoch ms of a wall-clock time in Paris, or null when the parts make no real date. */
export function parisTime(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1) return null; // 31/02 and friends
  // The zone offset is the same for a whole hour: compute it once per hour seen.
  const key = ((y * 100 + mo) * 100 + d) * 100 + h;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = new TZDate(y, mo - 1, d, h, 0, 0, ZONE).getTime() - Date.UTC(y, mo - 1, d, h);
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return Date.UTC(y, mo - 1, d, h, mi, s) + offset;
}

const offsets = new Map<number, number>();

/** An Excel serial day number (fraction = time of day), as Paris wall-clock time. */
export function excelSerialToTime(serial: number): number | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  const wall = new Date(EXCEL_EPOCH_UTC + Math.round(serial * 86_400_000));
  return parisTime(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds());
}

/** dd/mm/yyyy [HH:MM[:SS]], dd/mm/yy, ISO 8601 (zone optional) or an Excel serial. */
export function parseLeadDate(raw: string): number | null {
  const value = raw.trim();
  if (!value) return null;
  let m = FRENCH.exec(value);
  if (m) {
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    return parisTime(year, Number(m[2]), Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  }
  m = ISO.exec(value);
  if (m) {
    if (m[7]) {
      const t = Date.parse(value.replace(' ', 'T'));
      return Number.isNaN(t) ? null : t;
    }
    return parisTime(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  }
  // Plausible serials only (1954..2064), so a stray number is not taken for a date.
  if (/^\d{5}(\.\d+)?$/.test(value)) {
    const serial = Number(value);
    return serial >= 20_000 && serial <= 60_000 ? excelSerialToTime(serial) : null;
  }
  return null;
}
