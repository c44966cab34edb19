import { describe, expect, it } from 'vitest';
import { square } from '../territories/test-fixtures';
import { caller, testContext } from '../test-support';
import { seedKpiFixture } from './fixture';

/** The KPI fixture, with territories named in some routing decisions. Now is 23 Nov 2026 09:00 UTC. */
function setup() {
  const ctx = testContext();
  const { a, b } = seedKpiFixture(ctx);
  const { call } = caller(ctx);
  const toursNord = call('territories.create', { memberId: a, name: 'Tours-Nord', kind: 'polygon', geometry: square(0.6, 47.4, 0.2) }).id;
  const blois = call('territories.create', { memberId: b, name: 'Blois', kind: 'polygon', geometry: square(1.2, 47.5, 0.2) }).id;
  const candidate = (memberId: number, via: string, territoryName: string | null) => ({ memberId, via, territoryName });
  // The decision is JSON text: read, changed and written back here, the same on both engines.
  const decide = (leadDispatchAt: number, candidates: object[]) => {
    const rows = ctx.db.prepare('SELECT id, decision FROM dispatches WHERE at = ?').all(leadDispatchAt) as { id: number; decision: string }[];
    for (const { id, decision } of rows) ctx.db.prepare('UPDATE dispatches SET decision = ? WHERE id = ?').run(JSON.stringify({ ...JSON.parse(decision), candidates }), id);
  };
  // L1 (won, accepted in 1 h) and L4's first dispatch (expired) reached A through Tours-Nord;
  // L4's decision also lists B's Blois, which is not the chosen member's. L2 reached A by radius.
  decide(Date.UTC(2026, 9, 5, 9), [candidate(a, 'territory', 'Tours-Nord')]);
  decide(Date.UTC(2026, 9, 20, 7, 30), [candidate(b, 'territory', 'Blois'), candidate(a, 'territory', 'Tours-Nord')]);
  decide(Date.UTC(2026, 9, 9, 14, 30), [candidate(a, 'radius', null)]);
  return { call, a, b, toursNord, blois };
}

describe('kpi.network', () => {
  it('counts per member the leads sent, accepted in time (business hours) and won over the last 90 days', () => {
    const { call, a, b } = setup();
    const figures = call('kpi.network', {});
    expect(figures.from).toBe(Date.UTC(2026, 7, 25, 9));
    // A: L1 (1 h, hot: target 4 h), L2 (2.5 h, warm: 8 h), L4 expired; won L1. B: L4 after 5.5 h, hot: late.
    expect(figures.members.find((m) => m.memberId === a)).toEqual({ memberId: a, received: 3, accepted: 2, acceptedInTime: 2, acceptedInTimeRate: 2 / 3, won: 1, conversion: 1 / 3 });
    expect(figures.members.find((m) => m.memberId === b)).toEqual({ memberId: b, received: 1, accepted: 1, acceptedInTime: 0, acceptedInTimeRate: 0, won: 0, conversion: 0 });
  });

  it('gives each territory the dispatches its routing decision recorded for the chosen member', () => {
    const { call, a, toursNord, blois } = setup();
    const { territories } = call('kpi.network', {});
    expect(territories).toEqual([{ territoryId: toursNord, memberId: a, received: 2, accepted: 1, acceptedInTime: 1, acceptedInTimeRate: 0.5, won: 1, conversion: 0.5 }]);
    expect(territories.some((t) => t.territoryId === blois)).toBe(false);
  });

  it("keeps a territory's figures after it is renamed", () => {
    const { call, toursNord } = setup();
    call('territories.update', { id: toursNord, name: 'Tours' });
    expect(call('kpi.network', {}).territories.map((t) => [t.territoryId, t.received])).toEqual([[toursNord, 2]]);
  });

  it('is empty over a period without dispatches and refuses a period of 0 days', () => {
    const { call } = setup();
    expect(call('kpi.network', { days: 30 })).toMatchObject({ members: [], territories: [] });
    expect(caller(testContext()).tryCall('kpi.network', { days: 0 }).ok).toBe(false);
  });
});
