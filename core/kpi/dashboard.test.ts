import { describe, expect, it } from 'vitest';
import { caller, testContext } from '../test-support';
import { addBusinessMs, businessMsBetween, DEFAULT_BUSINESS_HOURS } from '../../common/business-hours';
import { businessClock } from './business';
import { seedKpiFixture } from './fixture';
import { resolvePeriod } from './period';

function setup() {
  const ctx = testContext();
  const ids = seedKpiFixture(ctx);
  const { call, tryCall } = caller(ctx);
  return { ctx, ids, call, tryCall, october: call('kpi.dashboard', { from: '2026-10-01', to: '2026-10-31' }) };
}

describe('kpi.dashboard', () => {
  describe('periods in Europe/Paris', () => {
    it('counts a lead received on 31 October at 23:30 Paris (22:30 UTC) in October and one at 00:30 on 1 November out', () => {
      const { october } = setup();
      expect(october.volume.total).toBe(5);
      expect(october.volume.byDay.find((d) => d.key === '2026-10-31')?.count).toBe(1);
      expect(october.volume.byDay).toHaveLength(31);
      expect(october.volume.byMonth).toEqual([{ key: '2026-10', count: 5 }]);
      expect(resolvePeriod('2026-10-01', '2026-10-31')).toEqual({ from: Date.UTC(2026, 8, 30, 22), to: Date.UTC(2026, 9, 31, 23) });
    });

    it('compares with the previous period and the same month last year', () => {
      const { october } = setup();
      expect(october.volume.previous).toBe(1);
      expect(october.volume.lastYear).toBe(1);
      expect(october.volume.variation).toBe(4);
      expect(october.volume.variationLastYear).toBe(4);
      expect(october.headline.leads).toBe(5);
    });

    it('groups weeks by ISO week', () => {
      const { october } = setup();
      expect(october.volume.byWeek.find((w) => w.key === '2026-W41')?.count).toBe(2);
      expect(october.volume.byWeek.reduce((s, w) => s + w.count, 0)).toBe(5);
    });
  });

  it('breaks down by source, channel, campaign, product and temperature', () => {
    const { october } = setup();
    expect(october.breakdown.source).toEqual([
      { key: 'Site web', count: 3 },
      { key: 'Partenaire', count: 1 },
      { key: 'Salon', count: 1 },
    ]);
    expect(october.breakdown.temperature).toEqual([
      { key: 'hot', count: 2 },
      { key: 'warm', count: 2 },
      { key: 'cold', count: 1 },
    ]);
    expect(october.breakdown.campaign).toEqual([{ key: 'Automne', count: 5 }]);
    expect(october.breakdown.channel[0]).toEqual({ key: '', count: 3 });
  });

  it('builds the funnel with the conversion between steps', () => {
    const { october } = setup();
    expect(october.funnel.steps.map((s) => s.count)).toEqual([5, 4, 4, 3, 2, 1, 1]);
    expect(october.funnel.steps[3]!.fromPrevious).toBe(0.75);
    expect(october.funnel.treatedRate).toBeCloseTo(2 / 3);
    expect(october.funnel.conversion).toBe(0.2);
    expect(october.funnel.revenueCents).toBe(1_000_000);
  });

  describe('response times in business hours', () => {
    it('takes medians across a weekend (Fri 16:30 -> Mon 10:00 is 2.5 h)', () => {
      const { october } = setup();
      expect(october.response.accept.count).toBe(3);
      expect(october.response.accept.medianHours).toBe(2.5);
      expect(october.response.contact.medianHours).toBe(5.5);
      expect(october.response.quote.medianHours).toBe(16);
      expect(october.response.accept.histogram.map((b) => b.count)).toEqual([1, 0, 1, 1, 0, 0, 0]);
      expect(october.headline.medianAcceptHours).toBe(2.5);
    });

    it('measures SLA compliance against the targets per temperature', () => {
      const { october } = setup();
      expect(october.response.sla.accept).toEqual({ met: 2, missed: 1, compliance: 2 / 3 });
      expect(october.response.sla.contact).toEqual({ met: 2, missed: 1, compliance: 2 / 3 });
    });

    it('agrees with the reference business calendar', () => {
      const p = resolvePeriod('2026-10-01', '2026-12-31');
      const clock = businessClock(p.from, p.to, DEFAULT_BUSINESS_HOURS);
      for (let i = 0; i < 200; i++) {
        const a = p.from + ((i * 7_919_000_111) % (p.to - p.from));
        const b = a + ((i * 1_234_567_891) % (20 * 86_400_000));
        if (b > p.to) continue;
        expect(clock.between(a, b)).toBe(businessMsBetween(a, b, DEFAULT_BUSINESS_HOURS));
      }
    });

    it('finds the instant a clock runs out as the reference calendar does', () => {
      const p = resolvePeriod('2026-10-01', '2026-12-31');
      const clock = businessClock(p.from, p.to, DEFAULT_BUSINESS_HOURS);
      for (let i = 0; i < 200; i++) {
        const a = p.from + ((i * 7_919_000_111) % (p.to - p.from));
        const ms = 1 + ((i * 1_234_567_891) % (300 * 3_600_000));
        expect(clock.after(a, ms)).toBe(addBusinessMs(a, ms, DEFAULT_BUSINESS_HOURS));
      }
      // Before the clock's range it asks the calendar itself.
      expect(clock.after(p.from - 86_400_000, 3_600_000)).toBe(addBusinessMs(p.from - 86_400_000, 3_600_000, DEFAULT_BUSINESS_HOURS));
    });
  });

  it('gives conversion by member, source and département', () => {
    const { october, ids } = setup();
    expect(october.conversion.byMember).toEqual([
      { key: String(ids.a), label: 'Solaire Touraine', received: 2, won: 1, revenueCents: 1_000_000, conversion: 0.5 },
      { key: String(ids.b), label: 'Énergie Loire', received: 1, won: 0, revenueCents: 0, conversion: 0 },
    ]);
    expect(october.conversion.byDepartement.map((r) => [r.key, r.received, r.won])).toEqual([
      ['37', 2, 1],
      ['41', 2, 0],
      ['18', 1, 0],
    ]);
  });

  it('ages the untreated leads now, whatever the period', () => {
    const { october } = setup();
    expect(october.ageing.buckets.map((b) => b.count)).toEqual([0, 0, 0, 2, 2]);
  });

  it('counts the white-zone leads', () => {
    const { october } = setup();
    expect(october.whiteZones).toEqual({ total: 1, byDepartement: [{ key: '18', count: 1 }] });
    expect(october.headline.whiteZone).toBe(1);
  });

  it('applies the filters', () => {
    const { call, ids } = setup();
    expect(call('kpi.dashboard', { from: '2026-10-01', to: '2026-10-31', departement: '37' }).volume.total).toBe(2);
    expect(call('kpi.dashboard', { from: '2026-10-01', to: '2026-10-31', memberId: ids.b }).volume.total).toBe(1);
    expect(call('kpi.dashboard', { from: '2026-10-01', to: '2026-10-31', temperature: 'hot', source: 'Site web' }).volume.total).toBe(1);
    expect(call('kpi.dashboard', { from: '2026-10-01', to: '2026-10-31', region: 'Centre-Val de Loire' }).volume.total).toBe(5);
  });

  it('returns zeros, not errors, for an empty period', () => {
    const { call } = setup();
    const empty = call('kpi.dashboard', { from: '2027-03-01', to: '2027-03-31' });
    expect(empty.volume.total).toBe(0);
    expect(empty.funnel.steps.every((s) => s.count === 0)).toBe(true);
    expect(empty.headline).toMatchObject({ leads: 0, treatedRate: null, medianAcceptHours: null, conversion: null, slaCompliance: null, whiteZone: 0 });
    expect(empty.breakdown.source).toEqual([]);
  });

  it('refuses a malformed date', () => {
    const { tryCall } = setup();
    expect(tryCall('kpi.dashboard', { from: '2026-13', to: '2026-10-31' }).ok).toBe(false);
  });

  it('keeps the facts up to date when a lead changes', () => {
    const { ctx, call } = setup();
    ctx.db.prepare(`UPDATE leads SET departement = '37' WHERE departement = '18'`).run();
    expect(call('kpi.dashboard', { from: '2026-10-01', to: '2026-10-31', departement: '37' }).volume.total).toBe(3);
  });
});
