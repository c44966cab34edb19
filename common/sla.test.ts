import { describe, expect, it } from 'vitest';
import { TZDate } from '@date-fns/tz';
import { DEFAULT_BUSINESS_HOURS, HOUR_MS } from './business-hours';
import { acceptanceClock, acceptanceDeadline, acceptanceThresholds, clockState, contactDeadline, qualificationClock, qualificationThresholds, type SlaSettings } from './sla';

const paris = (y: number, mo: number, d: number, h = 0, mi = 0) => new TZDate(y, mo - 1, d, h, mi, 'Europe/Paris').getTime();
const step = (accept: number, contact: number, quote: number) => ({ accept, contact, quote });
const sla: SlaSettings = {
  targets: { qualify: 4, hot: step(4, 24, 72), warm: step(8, 48, 120), cold: step(24, 96, 240), atRiskShare: 0.75 },
  calendar: DEFAULT_BUSINESS_HOURS,
};

describe('SLA model', () => {
  describe('acceptance clock', () => {
    it('gives a hot lead dispatched Monday 10:00 until 14:00, amber from 13:00', () => {
      expect(acceptanceClock({ temperature: 'hot', dispatchedAt: paris(2026, 11, 23, 10) }, sla)).toEqual({
        startedAt: paris(2026, 11, 23, 10),
        allowedMs: 4 * HOUR_MS,
        riskAt: paris(2026, 11, 23, 13),
        dueAt: paris(2026, 11, 23, 14),
      });
    });

    it('holds a lead without temperature to the warm target, over the weekend', () => {
      // Friday 15:00 + 8 business hours: 3 h on Friday, 5 h on Monday.
      expect(acceptanceClock({ temperature: null, dispatchedAt: paris(2026, 11, 27, 15) }, sla).dueAt).toBe(paris(2026, 11, 30, 14));
    });

    it('starts a lead dispatched at night at the next opening', () => {
      expect(acceptanceClock({ temperature: 'hot', dispatchedAt: paris(2026, 11, 23, 22) }, sla).dueAt).toBe(paris(2026, 11, 24, 13));
    });

    it('keeps deadlines on whole milliseconds whatever the targets', () => {
      const odd = { ...sla, targets: { ...sla.targets, hot: step(0.3, 24, 72), atRiskShare: 0.33 } };
      const c = acceptanceClock({ temperature: 'hot', dispatchedAt: paris(2026, 11, 23, 10) }, odd);
      expect(Number.isInteger(c.dueAt) && Number.isInteger(c.riskAt)).toBe(true);
    });
  });

  it('gives the same deadline alone as in the clock', () => {
    for (const temperature of ['hot', 'warm', 'cold', null] as const) {
      const lead = { temperature, dispatchedAt: paris(2026, 12, 24, 16, 40) };
      expect(acceptanceDeadline(lead, sla)).toBe(acceptanceClock(lead, sla).dueAt);
    }
  });

  it('runs the contact clock from the acceptance with the temperature’s contact target', () => {
    // Monday 17:00 + 24 business hours -> Thursday 14:00 (1 h + 9 h + 9 h + 5 h).
    expect(contactDeadline({ temperature: 'hot', acceptedAt: paris(2026, 11, 23, 17) }, sla)).toBe(paris(2026, 11, 26, 14));
  });

  describe('qualification clock', () => {
    it('gives a waiting lead 4 business hours, amber after three quarters of them', () => {
      const c = qualificationClock(paris(2026, 11, 23, 10), sla);
      expect([c.riskAt, c.dueAt]).toEqual([paris(2026, 11, 23, 13), paris(2026, 11, 23, 14)]);
    });

    it('does not run over the night or the weekend', () => {
      expect(qualificationClock(paris(2026, 11, 27, 17), sla).dueAt).toBe(paris(2026, 11, 30, 12));
    });
  });

  it('is in time up to the deadline itself, late one millisecond after', () => {
    const c = acceptanceClock({ temperature: 'hot', dispatchedAt: paris(2026, 11, 23, 10) }, sla);
    expect([clockState(c, c.riskAt - 1), clockState(c, c.riskAt), clockState(c, c.dueAt), clockState(c, c.dueAt + 1)]).toEqual(['ok', 'at_risk', 'at_risk', 'late']);
  });

  describe('thresholds (the inverse, for counting in SQL)', () => {
    it('counts a clock at risk from its risk instant and late just after its deadline', () => {
      for (const dispatchedAt of [paris(2026, 11, 23, 10), paris(2026, 11, 27, 16, 30), paris(2026, 11, 28, 11), paris(2026, 11, 10, 17, 45)]) {
        for (const temperature of ['hot', 'warm', 'cold'] as const) {
          const c = acceptanceClock({ temperature, dispatchedAt }, sla);
          const at = (now: number) => acceptanceThresholds(now, sla)[temperature];
          expect(at(c.riskAt).riskFrom).toBeGreaterThanOrEqual(dispatchedAt);
          expect(at(c.riskAt - 1).riskFrom).toBeLessThan(dispatchedAt);
          expect(at(c.dueAt).lateFrom).toBeLessThan(dispatchedAt);
          expect(at(c.dueAt + 1).lateFrom).toBeGreaterThanOrEqual(dispatchedAt);
        }
      }
    });

    it('finds the waiting leads at risk and late the same way', () => {
      const start = paris(2026, 11, 23, 10);
      const c = qualificationClock(start, sla);
      expect(qualificationThresholds(c.riskAt, sla).riskFrom).toBe(start);
      expect(qualificationThresholds(c.dueAt + 1, sla).lateFrom).toBe(start);
      expect(qualificationThresholds(c.dueAt, sla).lateFrom).toBeLessThan(start);
    });
  });
});
