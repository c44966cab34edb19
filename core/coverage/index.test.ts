import { describe, expect, it } from 'vitest';
import { setupNetwork, square, squareRing } from '../territories/test-fixtures';
import { haversineKm } from '../geo/distance';
import { coverageIndexFor } from './index';

describe('coverage.at', () => {
  it('finds the member whose polygon contains the point, not when it falls in a hole', () => {
    const { call, member } = setupNetwork();
    const m = member('Alpha', { lat: 47.4, lon: 0.7, radiusKm: 0 });
    const donut = { type: 'Polygon', coordinates: [squareRing(0.5, 47.2, 0.4), squareRing(0.6, 47.3, 0.2)] };
    const t = call('territories.create', { memberId: m.id, name: 'Couronne', geometry: donut });
    expect(call('coverage.at', { lat: 47.25, lon: 0.55 })).toEqual([
      {
        memberId: m.id,
        memberName: 'Alpha',
        via: 'territory',
        territoryId: t.id,
        territoryName: 'Couronne',
        distanceKm: expect.closeTo(haversineKm({ lat: 47.4, lon: 0.7 }, { lat: 47.25, lon: 0.55 }), 6),
        coefficient: 1.5,
      },
    ]);
    expect(call('coverage.at', { lat: 47.4, lon: 0.7 })).toEqual([]); // in the hole
    expect(call('coverage.at', { lat: 47.7, lon: 0.7 })).toEqual([]); // outside
  });

  it('finds every part of a MultiPolygon and none of the gap between', () => {
    const { call, member } = setupNetwork();
    const m = member('Alpha');
    call('territories.create', { memberId: m.id, name: 'Deux', geometry: { type: 'MultiPolygon', coordinates: [[squareRing(0.5, 47, 0.1)], [squareRing(1.5, 47, 0.1)]] } });
    expect(call('coverage.at', { lat: 47.05, lon: 0.55 })).toHaveLength(1);
    expect(call('coverage.at', { lat: 47.05, lon: 1.55 })).toHaveLength(1);
    expect(call('coverage.at', { lat: 47.05, lon: 1 })).toEqual([]);
  });

  it('includes a point exactly on the radius and excludes one just beyond it', () => {
    const { call, member } = setupNetwork();
    const m = member('Alpha', { lat: 47, lon: 1, radiusKm: 20 });
    // Due north, 20 km is 20 / 111.195 degrees of latitude on the app's sphere.
    const edge = 47 + 20 / ((6371.0088 * Math.PI) / 180);
    expect(call('coverage.at', { lat: edge, lon: 1 })).toEqual([{ memberId: m.id, memberName: 'Alpha', via: 'radius', distanceKm: expect.closeTo(20, 9), coefficient: 1.5 }]);
    expect(call('coverage.at', { lat: edge + 0.0001, lon: 1 })).toEqual([]);
    // East-west the box must be wide enough too.
    expect(call('coverage.at', { lat: 47, lon: 1.26 })).toHaveLength(1);
    expect(call('coverage.at', { lat: 47, lon: 1.27 })).toEqual([]);
  });

  it('counts circle territories exactly', () => {
    const { call, member } = setupNetwork();
    const m = member('Alpha');
    call('territories.create', { memberId: m.id, name: 'Rond', kind: 'circle', center: { lat: 47, lon: 1 }, radiusKm: 10 });
    expect(call('coverage.at', { lat: 47.08, lon: 1 })).toMatchObject([{ via: 'territory', territoryName: 'Rond' }]);
    expect(call('coverage.at', { lat: 47.07, lon: 1.1 })).toEqual([]); // in the box, outside the circle
  });

  it('leaves out inactive and archived members, and sees them again when they come back', () => {
    const { call, member } = setupNetwork();
    const a = member('Alpha', { lat: 47, lon: 1, radiusKm: 20, active: false });
    const b = member('Beta');
    call('territories.create', { memberId: a.id, name: 'A', geometry: square(0.9, 46.9, 0.2) });
    call('territories.create', { memberId: b.id, name: 'B', geometry: square(0.9, 46.9, 0.2) });
    expect(call('coverage.at', { lat: 47, lon: 1 }).map((h) => h.memberName)).toEqual(['Beta']);
    call('members.archive', { id: b.id });
    expect(call('coverage.at', { lat: 47, lon: 1 })).toEqual([]);
    call('members.update', { id: a.id, active: true });
    expect(call('coverage.at', { lat: 47, lon: 1 }).map((h) => h.memberName)).toEqual(['Alpha']);
  });

  it('uses the territory priority override, lists the best first, once per member', () => {
    const { call, member } = setupNetwork();
    const a = member('Alpha', { lat: 47, lon: 1, radiusKm: 50, priorityCoefficient: 1 });
    const b = member('Beta', { priorityCoefficient: 2 });
    call('territories.create', { memberId: a.id, name: 'Prioritaire', geometry: square(0.9, 46.9, 0.2), priorityOverride: 4 });
    call('territories.create', { memberId: a.id, name: 'Autre', geometry: square(0.8, 46.8, 0.4) });
    call('territories.create', { memberId: b.id, name: 'B', geometry: square(0.9, 46.9, 0.2) });
    const hits = call('coverage.at', { lat: 47, lon: 1 });
    expect(hits.map((h) => [h.memberName, h.via, h.territoryName, h.coefficient])).toEqual([
      ['Alpha', 'territory', 'Prioritaire', 4],
      ['Beta', 'territory', 'B', 2],
    ]);
    // Outside the override: Alpha's plain territory and its radius tie at 1, the drawn territory wins.
    expect(call('coverage.at', { lat: 46.85, lon: 0.85 }).map((h) => [h.memberName, h.via, h.coefficient])).toEqual([['Alpha', 'territory', 1]]);
  });

  it('measures the distance from the territory when the member has no location', () => {
    const { call, member } = setupNetwork();
    const m = member('Alpha');
    call('territories.create', { memberId: m.id, name: 'Z', geometry: square(0.9, 46.9, 0.2) });
    expect(call('coverage.at', { lat: 47, lon: 1 })[0]!.distanceKm).toBeCloseTo(0, 6);
  });

  it('rebuilds the index only when members or territories change', () => {
    const { ctx, call, member } = setupNetwork();
    const m = member('Alpha');
    const first = coverageIndexFor(ctx.db);
    expect(coverageIndexFor(ctx.db)).toBe(first);
    call('members.absences.add', { memberId: m.id, startsOn: '2026-12-01', endsOn: '2026-12-02' });
    expect(coverageIndexFor(ctx.db)).toBe(first);
    call('territories.create', { memberId: m.id, name: 'Z', geometry: square(0.9, 46.9, 0.2) });
    expect(coverageIndexFor(ctx.db)).not.toBe(first);
  });
});
