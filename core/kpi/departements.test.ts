import { describe, expect, it } from 'vitest';
import { caller, testContext } from '../test-support';
import { seedKpiFixture } from './fixture';

function setup() {
  const ctx = testContext();
  seedKpiFixture(ctx);
  return caller(ctx);
}

describe('kpi.dashboard > départements (choropleth)', () => {
  it('gives leads, conversion and the business-hour median time to accept per département', () => {
    const { call } = setup();
    const october = call('kpi.dashboard', { from: '2026-10-01', to: '2026-10-31' });
    // 37: L1 accepted after 1 h, L2 after 2.5 h over the weekend, L1 won; 41: L4 accepted by B
    // 5.5 h after its re-assignment, L3 untouched; 18: the white-zone lead, never accepted.
    expect(october.departements).toEqual([
      { code: '18', leads: 1, won: 0, conversion: 0, medianAcceptHours: null },
      { code: '37', leads: 2, won: 1, conversion: 0.5, medianAcceptHours: 1.75 },
      { code: '41', leads: 2, won: 0, conversion: 0, medianAcceptHours: 5.5 },
    ]);
  });

  it('keeps the Paris month boundary: 30 September 23:30 and 1 November 00:30 in Paris are out of October', () => {
    const { call } = setup();
    const october = call('kpi.dashboard', { from: '2026-10-01', to: '2026-10-31' });
    expect(october.departements.find((d) => d.code === '37')?.leads).toBe(2);
    const november = call('kpi.dashboard', { from: '2026-11-01', to: '2026-11-30' });
    expect(november.departements).toEqual([{ code: '37', leads: 1, won: 0, conversion: 0, medianAcceptHours: null }]);
  });

  it('follows the filters and is empty for an empty period', () => {
    const { call } = setup();
    expect(call('kpi.dashboard', { from: '2026-10-01', to: '2026-10-31', source: 'Site web' }).departements.map((d) => [d.code, d.leads])).toEqual([
      ['18', 1],
      ['37', 1],
      ['41', 1],
    ]);
    expect(call('kpi.dashboard', { from: '2026-10-01', to: '2026-10-31', departement: '41' }).departements.map((d) => d.code)).toEqual(['41']);
    expect(call('kpi.dashboard', { from: '2027-03-01', to: '2027-03-31' }).departements).toEqual([]);
  });
});
