import { describe, expect, it } from 'vitest';
import { seedKpiFixture } from '../kpi/fixture';
import { resolvePeriod } from '../kpi/period';
import { caller, testContext } from '../test-support';
import { monthShares } from './actual';

function setup() {
  const ctx = testContext();
  const ids = seedKpiFixture(ctx);
  return { ...caller(ctx), ids };
}

describe('targets', () => {
  describe('targets.set / list / delete', () => {
    it('stores a target per month, geography and source, and updates it by id', () => {
      const { call } = setup();
      const t = call('targets.set', { month: '2026-10', leads: 10, qualified: 8, conversion: 0.25 });
      expect(t).toMatchObject({ month: '2026-10', region: null, departement: null, source: null, leads: 10, qualified: 8, conversion: 0.25 });
      call('targets.set', { month: '2026-10', region: 'Centre-Val de Loire', source: '', leads: 6 });
      call('targets.set', { id: t.id, month: '2026-10', leads: 12, qualified: null, conversion: 0.25 });
      expect(call('targets.list', { from: '2026-10', to: '2026-10' }).map((r) => [r.region, r.leads, r.qualified])).toEqual([
        [null, 12, null],
        ['Centre-Val de Loire', 6, null],
      ]);
      expect(call('targets.delete', { id: t.id }).leads).toBe(12);
      expect(call('targets.list', {})).toHaveLength(1);
    });

    it('refuses a second target for the same scope, a region with a département, no figure, and bad values', () => {
      const { tryCall } = setup();
      expect(tryCall('targets.set', { month: '2026-10', leads: 10 }).ok).toBe(true);
      const issue = (input: Parameters<typeof tryCall<'targets.set'>>[1]) => {
        const r = tryCall('targets.set', input);
        return r.ok ? null : [r.error.code, r.error.issues?.[0]?.path[0]];
      };
      expect(issue({ month: '2026-10', leads: 3 })).toEqual(['conflict', 'month']);
      expect(issue({ month: '2026-10', region: 'Bretagne', departement: '29', leads: 3 })).toEqual(['invalid_input', 'departement']);
      expect(issue({ month: '2026-11' })).toEqual(['invalid_input', 'leads']);
      expect(issue({ month: '2026-13', leads: 3 })).toEqual(['invalid_input', 'month']);
      expect(issue({ month: '2026-11', conversion: 25 })).toEqual(['invalid_input', 'conversion']);
      expect(issue({ month: '2026-11', departement: '99', leads: 3 })).toEqual(['invalid_input', 'departement']);
      expect(issue({ month: '2026-11', region: 'Atlantide', leads: 3 })).toEqual(['invalid_input', 'region']);
      expect(issue({ month: '2026-11', leads: 3, qualified: 4 })).toEqual(['invalid_input', 'qualified']);
      expect(tryCall('targets.delete', { id: 999 }).ok).toBe(false);
    });
  });

  describe('actual against target on the dashboard', () => {
    it('compares October with the October targets only, across the Paris month boundaries', () => {
      const { call } = setup();
      call('targets.set', { month: '2026-09', leads: 100 });
      call('targets.set', { month: '2026-10', leads: 10, qualified: 8, conversion: 0.25 });
      call('targets.set', { month: '2026-11', leads: 100 });
      const { targets } = call('kpi.dashboard', { from: '2026-10-01', to: '2026-10-31' });
      // 5 leads in October (31 Oct 23:30 Paris in, 30 Sep 23:30 and 1 Nov 00:30 Paris out), 4 qualified, 1 won.
      expect(targets).toEqual({
        applicable: true,
        months: [{ month: '2026-10', share: 1 }],
        prorated: false,
        leads: { actual: 5, target: 10 },
        qualified: { actual: 4, target: 8 },
        conversion: { actual: 0.2, target: 0.25 },
      });
    });

    it('prorates the months by their Paris days in the period', () => {
      const { call } = setup();
      call('targets.set', { month: '2026-10', leads: 310, conversion: 0.2 });
      call('targets.set', { month: '2026-11', leads: 300, conversion: 0.5 });
      expect([...monthShares(resolvePeriod('2026-10-17', '2026-11-15'))]).toEqual([
        ['2026-10', 15 / 31],
        ['2026-11', 15 / 30],
      ]);
      const { targets } = call('kpi.dashboard', { from: '2026-10-17', to: '2026-11-15' });
      expect(targets.prorated).toBe(true);
      expect(targets.leads.target).toBeCloseTo(150 + 150);
      expect(targets.conversion.target).toBeCloseTo(((0.2 * 15) / 31 + 0.5 * 0.5) / (15 / 31 + 0.5));
    });

    it('matches the filters exactly: a region takes its regional targets, a source its own, a member none', () => {
      const { call, ids } = setup();
      call('targets.set', { month: '2026-10', leads: 10 });
      call('targets.set', { month: '2026-10', region: 'Centre-Val de Loire', leads: 7 });
      call('targets.set', { month: '2026-10', departement: '37', leads: 3 });
      call('targets.set', { month: '2026-10', region: 'Centre-Val de Loire', source: 'Site web', leads: 4 });
      const october = (filters: object) => call('kpi.dashboard', { from: '2026-10-01', to: '2026-10-31', ...filters }).targets;
      expect(october({ region: 'Centre-Val de Loire' }).leads).toEqual({ actual: 5, target: 7 });
      expect(october({ region: 'Centre-Val de Loire', departement: '37' }).leads).toEqual({ actual: 2, target: 3 });
      expect(october({ region: 'Centre-Val de Loire', source: 'Site web' }).leads).toEqual({ actual: 3, target: 4 });
      expect(october({ source: 'Site web' }).leads).toEqual({ actual: 3, target: null });
      expect(october({ memberId: ids.a })).toMatchObject({ applicable: false, leads: { actual: 2, target: null } });
    });

    it('says there is no target, with zero actuals, for an empty period', () => {
      const { call } = setup();
      const { targets } = call('kpi.dashboard', { from: '2027-03-01', to: '2027-03-31' });
      expect(targets).toEqual({
        applicable: true,
        months: [],
        prorated: false,
        leads: { actual: 0, target: null },
        qualified: { actual: 0, target: null },
        conversion: { actual: null, target: null },
      });
    });
  });
});
