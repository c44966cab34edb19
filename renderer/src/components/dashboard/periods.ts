/** The dashboard's period presets, as Paris dates (the core reads them as whole Paris days). */
import { addDaysToDate, dateParts, parisDay } from '../../../../common/paris';

export const PERIODS = ['thisMonth', 'lastMonth', 'last30', 'last90', 'thisYear'] as const;
export type PeriodPreset = (typeof PERIODS)[number];

/**
 * Inclusive Paris dates of a preset, counted from today in Paris (the core reads them as Paris
 * days): at 00:30 in Paris on the 1st, "this month" is the new month whatever the browser's zone.
 */
export function periodDates(preset: PeriodPreset, now = Date.now()): { from: string; to: string } {
  const today = parisDay(now);
  const [y, m] = dateParts(today);
  const first = `${y}-${String(m).padStart(2, '0')}-01`;
  switch (preset) {
    case 'thisMonth':
      return { from: first, to: today };
    case 'lastMonth':
      return { from: `${previousMonth(now)}-01`, to: addDaysToDate(first, -1) };
    case 'last30':
      return { from: addDaysToDate(today, -29), to: today };
    case 'last90':
      return { from: addDaysToDate(today, -89), to: today };
    case 'thisYear':
      return { from: `${y}-01-01`, to: today };
    default: {
      const never: never = preset;
      throw new Error(`Unknown period ${String(never)}`);
    }
  }
}

/** The Paris month before today's, YYYY-MM. */
export function previousMonth(now = Date.now()): string {
  const [y, m] = dateParts(parisDay(now));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
