import { describe, expect, it } from 'vitest';
import { TZDate } from '@date-fns/tz';
import { addBusinessMs, businessMsBetween, DEFAULT_BUSINESS_HOURS, HOUR_MS, publicHolidays, subtractBusinessMs } from './business-hours';

const paris = (y: number, mo: number, d: number, h = 0, mi = 0) => new TZDate(y, mo - 1, d, h, mi, 'Europe/Paris').getTime();
const cal = DEFAULT_BUSINESS_HOURS; // Mon-Fri 09:00-18:00, Europe/Paris, French holidays

describe('business hours', () => {
  describe('French public holidays', () => {
    it('computes the 11 holidays of 2026 including the Easter-based ones', () => {
      expect([...publicHolidays(2026, 'france')].sort()).toEqual([
        '2026-01-01',
        '2026-04-06',
        '2026-05-01',
        '2026-05-08',
        '2026-05-14',
        '2026-05-25',
        '2026-07-14',
        '2026-08-15',
        '2026-11-01',
        '2026-11-11',
        '2026-12-25',
      ]);
    });

    it('computes Easter Monday, Ascension and Whit Monday of 2027', () => {
      const h = publicHolidays(2027, 'france');
      // Easter Sunday 2027 is 28 March.
      expect(h.has('2027-03-29')).toBe(true);
      expect(h.has('2027-05-06')).toBe(true);
      expect(h.has('2027-05-17')).toBe(true);
      expect(h.size).toBe(11);
    });

    it('adds Good Friday and 26 December in Alsace-Moselle', () => {
      const h = publicHolidays(2027, 'alsace-moselle');
      expect(h.has('2027-03-26')).toBe(true);
      expect(h.has('2027-12-26')).toBe(true);
      expect(h.size).toBe(13);
    });
  });

  describe('business time between two instants', () => {
    it('counts only opening hours of a working day', () => {
      expect(businessMsBetween(paris(2026, 11, 23, 8), paris(2026, 11, 23, 20), cal)).toBe(9 * HOUR_MS);
      expect(businessMsBetween(paris(2026, 11, 23, 10, 30), paris(2026, 11, 23, 12), cal)).toBe(1.5 * HOUR_MS);
    });

    it('skips the weekend', () => {
      // Friday 16:00 -> Monday 11:00 = 2 h + 2 h
      expect(businessMsBetween(paris(2026, 11, 27, 16), paris(2026, 11, 30, 11), cal)).toBe(4 * HOUR_MS);
    });

    it('skips a public holiday (Armistice, Wednesday 11 November 2026)', () => {
      expect(businessMsBetween(paris(2026, 11, 10, 17), paris(2026, 11, 12, 10), cal)).toBe(2 * HOUR_MS);
    });

    it('is zero when the end is before the start', () => {
      expect(businessMsBetween(paris(2026, 11, 24, 12), paris(2026, 11, 24, 10), cal)).toBe(0);
    });

    it('is right across the spring DST change (29 March 2026)', () => {
      // Friday 27 March 17:00 -> Monday 30 March 10:00 = 1 h + 1 h, whatever the clock change.
      expect(businessMsBetween(paris(2026, 3, 27, 17), paris(2026, 3, 30, 10), cal)).toBe(2 * HOUR_MS);
    });
  });

  describe('deadline after N business hours', () => {
    it('lands the same day when the hours fit', () => {
      expect(addBusinessMs(paris(2026, 11, 23, 10), 4 * HOUR_MS, cal)).toBe(paris(2026, 11, 23, 14));
    });

    it('starts counting at opening time for a lead received at night', () => {
      expect(addBusinessMs(paris(2026, 11, 23, 22), 4 * HOUR_MS, cal)).toBe(paris(2026, 11, 24, 13));
    });

    it('carries over the weekend', () => {
      // Friday 16:00 + 4 h -> Monday 11:00
      expect(addBusinessMs(paris(2026, 11, 27, 16), 4 * HOUR_MS, cal)).toBe(paris(2026, 11, 30, 11));
    });

    it('carries over Easter Monday 2027 (29 March)', () => {
      // Friday 26 March 2027 17:00 + 4 h -> Tuesday 30 March 12:00
      expect(addBusinessMs(paris(2027, 3, 26, 17), 4 * HOUR_MS, cal)).toBe(paris(2027, 3, 30, 12));
    });

    it('carries over Christmas and New Year 2026-2027', () => {
      // Thursday 24 Dec 2026 17:00 + 24 business hours (2 days + 6 h):
      // 24 Dec 1 h, [25 Dec holiday, weekend], 28 Dec 9 h, 29 Dec 9 h, 30 Dec 5 h -> 30 Dec 14:00
      expect(addBusinessMs(paris(2026, 12, 24, 17), 24 * HOUR_MS, cal)).toBe(paris(2026, 12, 30, 14));
    });

    it('is the inverse of businessMsBetween', () => {
      const from = paris(2026, 5, 7, 15, 20);
      for (const hours of [1, 4, 9, 24, 48, 100]) {
        const due = addBusinessMs(from, hours * HOUR_MS, cal);
        expect(businessMsBetween(from, due, cal)).toBe(hours * HOUR_MS);
      }
    });

    it('honours extra closed dates and custom opening days', () => {
      const custom = { ...cal, openDays: [1, 2, 3, 4, 5, 6], closedDates: ['2026-11-28'] };
      // Friday 17:00 + 2 h: Saturday 28 is closed by date -> Monday 30 at 10:00
      expect(addBusinessMs(paris(2026, 11, 27, 17), 2 * HOUR_MS, custom)).toBe(paris(2026, 11, 30, 10));
    });
  });

  describe('going back in business time', () => {
    it('finds the latest start that has used the given time, over nights, weekends and holidays', () => {
      expect(subtractBusinessMs(paris(2026, 11, 23, 12), 2 * HOUR_MS, cal)).toBe(paris(2026, 11, 23, 10));
      // Monday 10:00 minus 3 h: 1 h on Monday, 2 h from Friday's close.
      expect(subtractBusinessMs(paris(2026, 11, 23, 10), 3 * HOUR_MS, cal)).toBe(paris(2026, 11, 20, 16));
      // Exactly one day's hours back from Monday's opening lands on Friday's opening.
      expect(subtractBusinessMs(paris(2026, 11, 23, 9), 9 * HOUR_MS, cal)).toBe(paris(2026, 11, 20, 9));
      // Thursday 12 Nov 2026 10:00 minus 2 h skips Wednesday 11 November (Armistice).
      expect(subtractBusinessMs(paris(2026, 11, 12, 10), 2 * HOUR_MS, cal)).toBe(paris(2026, 11, 10, 17));
      expect(subtractBusinessMs(paris(2026, 11, 22, 15), 0, cal)).toBe(paris(2026, 11, 22, 15));
    });

    it('is the inverse of addBusinessMs on open time', () => {
      for (const [from, hours] of [
        [paris(2026, 12, 24, 16), 5],
        [paris(2027, 3, 26, 11, 15), 12.5],
        [paris(2026, 10, 23, 17), 30],
      ] as const) {
        const due = addBusinessMs(from, hours * HOUR_MS, cal);
        expect(subtractBusinessMs(due, hours * HOUR_MS, cal)).toBe(from);
        expect(businessMsBetween(from, due, cal)).toBe(hours * HOUR_MS);
      }
    });
  });
});
