import { describe, expect, it } from 'vitest';
import { route } from './route';
import { DEFAULT_ROUTING_SETTINGS, routingSettingsSchema, type RoutingSettings } from './settings';
import type { CoverageHit, MemberSnapshot, NetworkSnapshot, RoutingLead } from './types';

const NOW = Date.UTC(2026, 10, 23, 10);
const TOURS = { lat: 47.3941, lon: 0.6848 };

function member(id: number, over: Partial<MemberSnapshot> = {}): MemberSnapshot {
  return {
    id,
    name: `Member ${id}`,
    active: true,
    lat: TOURS.lat,
    lon: TOURS.lon,
    priorityCoefficient: 1,
    capacityPerWeek: 10,
    loadThisWeek: 0,
    conversionRate: null,
    lastAssignedAt: null,
    productLines: ['Pompe à chaleur'],
    absences: [],
    ...over,
  };
}

function hit(memberId: number, over: Partial<CoverageHit> = {}): CoverageHit {
  return { memberId, via: 'territory', territoryName: `Zone ${memberId}`, distanceKm: 10, coefficient: 1, ...over };
}

function network(members: MemberSnapshot[], hits: CoverageHit[], today = '2026-11-23'): NetworkSnapshot {
  return { members: new Map(members.map((m) => [m.id, m])), cover: () => hits, today };
}

const lead = (over: Partial<RoutingLead> = {}): RoutingLead => ({ id: 1, point: TOURS, product: 'Pompe à chaleur', unknownProduct: null, temperature: 'hot', excludedMemberIds: [], ...over });
const settings = (over: object = {}): RoutingSettings => routingSettingsSchema.parse(over);

describe('routing', () => {
  describe('ranking', () => {
    it('prefers the higher coefficient, all else equal, and explains the score by factor', () => {
      const d = route(lead(), network([member(1), member(2)], [hit(1, { coefficient: 1 }), hit(2, { coefficient: 1.5 })]), DEFAULT_ROUTING_SETTINGS, NOW);
      expect(d.outcome).toEqual({ kind: 'member', memberId: 2 });
      const best = d.candidates[0]!;
      expect(best.factors.map((f) => f.factor)).toEqual(['priority', 'distance', 'load', 'conversion']);
      expect(best.factors.find((f) => f.factor === 'priority')).toEqual({ factor: 'priority', value: 0.15, weight: 1, points: 0.15 });
      // 0.15 priority + 0.9 distance (10 of 100 km) + 1 load (0 of 10) + 0 conversion
      expect(best.score).toBe(2.05);
      expect(d.candidates.map((c) => c.rank)).toEqual([1, 2]);
    });

    it('prefers the nearer member and the less loaded one', () => {
      const near = route(lead(), network([member(1), member(2)], [hit(1, { distanceKm: 40 }), hit(2, { distanceKm: 5 })]), DEFAULT_ROUTING_SETTINGS, NOW);
      expect(near.outcome).toEqual({ kind: 'member', memberId: 2 });
      const light = route(lead(), network([member(1, { loadThisWeek: 8 }), member(2, { loadThisWeek: 2 })], [hit(1), hit(2)]), DEFAULT_ROUTING_SETTINGS, NOW);
      expect(light.outcome).toEqual({ kind: 'member', memberId: 2 });
    });

    it('follows the weights: with distance weighted 0 the coefficient decides', () => {
      const hits = [hit(1, { distanceKm: 2, coefficient: 1 }), hit(2, { distanceKm: 60, coefficient: 3 })];
      expect(route(lead(), network([member(1), member(2)], hits), DEFAULT_ROUTING_SETTINGS, NOW).outcome).toEqual({ kind: 'member', memberId: 1 });
      const s = settings({ weights: { priority: 1, distance: 0, load: 1, conversion: 0.5 } });
      expect(route(lead(), network([member(1), member(2)], hits), s, NOW).outcome).toEqual({ kind: 'member', memberId: 2 });
    });

    it('counts a member covered twice once, with its best coefficient', () => {
      const d = route(lead(), network([member(1)], [hit(1, { coefficient: 1 }), hit(1, { via: 'radius', coefficient: 2, territoryName: undefined })]), DEFAULT_ROUTING_SETTINGS, NOW);
      expect(d.candidates).toHaveLength(1);
      expect(d.candidates[0]).toMatchObject({ via: 'radius', coefficient: 2 });
    });
  });

  describe('ties', () => {
    it('go to the member who received a lead least recently, never-served first', () => {
      const members = [member(1, { lastAssignedAt: NOW - 1000 }), member(2, { lastAssignedAt: NOW - 99_000 }), member(3, { lastAssignedAt: null })];
      const d = route(lead(), network(members, [hit(1), hit(2), hit(3)]), DEFAULT_ROUTING_SETTINGS, NOW);
      expect(d.candidates.map((c) => c.memberId)).toEqual([3, 2, 1]);
    });

    it('do not depend on the order the coverage index returns members in', () => {
      const members = [member(1, { lastAssignedAt: 5 }), member(2, { lastAssignedAt: 5 }), member(3, { lastAssignedAt: 4 })];
      const a = route(lead(), network(members, [hit(1), hit(2), hit(3)]), DEFAULT_ROUTING_SETTINGS, NOW);
      const b = route(lead(), network([...members].reverse(), [hit(3), hit(2), hit(1)]), DEFAULT_ROUTING_SETTINGS, NOW);
      expect(b).toEqual(a);
      expect(a.candidates.map((c) => c.memberId)).toEqual([3, 1, 2]);
    });
  });

  describe('exclusions', () => {
    const cases: [string, Partial<MemberSnapshot>, Partial<RoutingLead>, string][] = [
      ['an inactive member', { active: false }, {}, 'inactive'],
      ['a member absent today', { absences: [{ startsOn: '2026-11-20', endsOn: '2026-11-23' }] }, {}, 'absent'],
      ['a member who already declined this lead', {}, { excludedMemberIds: [1] }, 'already_declined'],
      ['a member without the product line', { productLines: ['Isolation'] }, {}, 'product_mismatch'],
      ['a member at full capacity', { loadThisWeek: 10, capacityPerWeek: 10 }, {}, 'over_capacity'],
    ];
    it.each(cases)('leave out %s and say why', (_label, over, leadOver, reason) => {
      const d = route(lead(leadOver), network([member(1, over), member(2)], [hit(1, { coefficient: 5 }), hit(2)]), DEFAULT_ROUTING_SETTINGS, NOW);
      expect(d.outcome).toEqual({ kind: 'member', memberId: 2 });
      expect(d.candidates.find((c) => c.memberId === 1)).toMatchObject({ excluded: reason, score: null, rank: null, factors: [] });
    });

    it('keep a member whose absence is over or not begun', () => {
      const absences = [
        { startsOn: '2026-11-01', endsOn: '2026-11-22' },
        { startsOn: '2026-11-24', endsOn: '2026-12-01' },
      ];
      expect(route(lead(), network([member(1, { absences })], [hit(1)]), DEFAULT_ROUTING_SETTINGS, NOW).outcome).toEqual({ kind: 'member', memberId: 1 });
    });

    it('can ignore product lines and capacity when the settings say so', () => {
      const s = settings({ requireProductMatch: false, excludeOverCapacity: false });
      const m = member(1, { productLines: [], loadThisWeek: 20 });
      expect(route(lead(), network([m], [hit(1)]), s, NOW).outcome).toEqual({ kind: 'member', memberId: 1 });
    });

    it('send the lead to the head office when every candidate is excluded', () => {
      const d = route(lead({ excludedMemberIds: [1, 2] }), network([member(1), member(2)], [hit(1), hit(2)]), DEFAULT_ROUTING_SETTINGS, NOW);
      expect(d.outcome).toEqual({ kind: 'head_office', reason: 'no_eligible_member' });
      expect(d.candidates.every((c) => c.excluded === 'already_declined')).toBe(true);
    });
  });

  describe('white zones', () => {
    const far = member(1, { lat: 47.9029, lon: 1.9093 }); // Orléans, ~103 km from Tours
    const near = member(2, { lat: 47.48, lon: 0.9 }); // ~19 km from Tours

    it('send the lead to the nearest member within the distance by default', () => {
      const d = route(lead(), network([far, near], []), settings({ whiteZone: { policy: 'nearest', maxKm: 30 } }), NOW);
      expect(d.whiteZone).toBe(true);
      expect(d.outcome).toEqual({ kind: 'member', memberId: 2 });
      expect(d.candidates).toHaveLength(1);
      expect(d.candidates[0]).toMatchObject({ via: 'nearest', distanceKm: expect.closeTo(18.6, 0) });
    });

    it('go to the head office queue when nobody is near enough', () => {
      const d = route(lead(), network([far], []), settings({ whiteZone: { policy: 'nearest', maxKm: 30 } }), NOW);
      expect(d.outcome).toEqual({ kind: 'head_office', reason: 'white_zone' });
    });

    it('go to the head office queue when that is the policy', () => {
      const d = route(lead(), network([near], []), settings({ whiteZone: { policy: 'head_office', maxKm: 30 } }), NOW);
      expect(d.outcome).toEqual({ kind: 'head_office', reason: 'white_zone' });
    });

    it('find every member within the distance, whatever its direction, latitude or longitude, and none beyond it', () => {
      const ring = (lat: number, lon: number, km: number) =>
        Array.from({ length: 72 }, (_, i) => {
          // The point `km` away at bearing i * 5 degrees, on the haversine's sphere.
          const [phi, lambda, theta, delta] = [lat * (Math.PI / 180), lon * (Math.PI / 180), i * 5 * (Math.PI / 180), km / 6371.0088];
          const phi2 = Math.asin(Math.sin(phi) * Math.cos(delta) + Math.cos(phi) * Math.sin(delta) * Math.cos(theta));
          const lambda2 = lambda + Math.atan2(Math.sin(theta) * Math.sin(delta) * Math.cos(phi), Math.cos(delta) - Math.sin(phi) * Math.sin(phi2));
          return { lat: phi2 * (180 / Math.PI), lon: ((lambda2 * (180 / Math.PI) + 540) % 360) - 180 };
        });
      for (const [lat, lon, maxKm] of [
        [47.39, 0.68, 50],
        [43.3, 5.4, 500],
        [-21.1, 55.5, 30],
        [69.6, 18.9, 200],
        [0, 179.9, 100],
      ] as const) {
        const inside = ring(lat, lon, maxKm * 0.999).map((p, i) => member(i + 1, p));
        const outside = ring(lat, lon, maxKm * 1.001).map((p, i) => member(i + 101, p));
        const d = route(lead({ point: { lat, lon } }), network([...inside, ...outside], []), settings({ whiteZone: { policy: 'pool', maxKm } }), NOW);
        expect(
          d.candidates.map((c) => c.memberId).sort((a, b) => a - b),
          `${lat}, ${lon}`,
        ).toEqual(inside.map((m) => m.id));
      }
    });

    it('go to the pull pool of the members within the distance when that is the policy', () => {
      const d = route(lead(), network([far, near], []), settings({ whiteZone: { policy: 'pool', maxKm: 200 } }), NOW);
      expect(d.outcome).toEqual({ kind: 'pool', memberIds: [2, 1] });
    });
  });

  it('publishes to the pool in pull mode, best first', () => {
    const d = route(lead(), network([member(1), member(2)], [hit(1, { distanceKm: 50 }), hit(2, { distanceKm: 5 })]), settings({ mode: 'pull' }), NOW);
    expect(d.outcome).toEqual({ kind: 'pool', memberIds: [2, 1] });
  });

  it('sends a lead without a location to the head office', () => {
    const d = route(lead({ point: null }), network([member(1)], [hit(1)]), DEFAULT_ROUTING_SETTINGS, NOW);
    expect(d.outcome).toEqual({ kind: 'head_office', reason: 'no_location' });
  });
});
