import { describe, expect, it } from 'vitest';
import { TZDate } from '@date-fns/tz';
import { DEFAULT_SLA_TARGETS, qualifyDeadline, qualifyThresholds, slaTargetsSchema } from './targets';
import { DEFAULT_BUSINESS_HOURS } from './calendar';

const paris = (y: number, mo: number, d: number, h = 0, mi = 0) => new TZDate(y, mo - 1, d, h, mi, 'Europe/Paris').getTime();

describe('SLA targets', () => {
  describe('qualification clock', () => {
    it('gives a waiting lead 4 business hours, amber after three quarters of them', () => {
      const start = paris(2026, 11, 23, 10); // Monday 10:00
      expect(qualifyDeadline(start, DEFAULT_SLA_TARGETS, DEFAULT_BUSINESS_HOURS)).toEqual({ riskAt: paris(2026, 11, 23, 13), dueAt: paris(2026, 11, 23, 14) });
    });

    it('does not run over the night or the weekend', () => {
      // Friday 17:00 + 4 business hours -> Monday 12:00 (Friday's working day ends at 18:00).
      const friday = paris(2026, 11, 27, 17);
      expect(qualifyDeadline(friday, DEFAULT_SLA_TARGETS, DEFAULT_BUSINESS_HOURS).dueAt).toBe(paris(2026, 11, 30, 12));
    });

    it('finds, from now, the starts that are at risk and late (the inverse of the deadline)', () => {
      const start = paris(2026, 11, 23, 10);
      const { riskAt, dueAt } = qualifyDeadline(start, DEFAULT_SLA_TARGETS, DEFAULT_BUSINESS_HOURS);
      expect(qualifyThresholds(riskAt, DEFAULT_SLA_TARGETS, DEFAULT_BUSINESS_HOURS).riskFrom).toBe(start);
      expect(qualifyThresholds(dueAt, DEFAULT_SLA_TARGETS, DEFAULT_BUSINESS_HOURS).lateFrom).toBe(start);
    });
  });

  it('refuse targets of zero hours', () => {
    expect(slaTargetsSchema.safeParse({ hot: { accept: 0, contact: 24, quote: 72 } }).success).toBe(false);
  });
});
