import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { kinks } from '@turf/kinks';
import { setupNetwork, squareRing } from './test-fixtures';
import { FULL_DETAIL, OUTLINE_TOLERANCES } from './outlines';

/** A ring of n vertices on a wobbly circle: many vertices a coarse level does not need. */
function wobblyRing(lon: number, lat: number, radius: number, n: number): Position[] {
  const ring = Array.from({ length: n }, (_, i) => {
    const a = (2 * Math.PI * i) / n;
    const r = radius * (1 + 0.002 * Math.sin(17 * a));
    return [lon + r * Math.cos(a), lat + r * Math.sin(a)];
  });
  return [...ring, ring[0]!];
}

describe('territories.outlines', () => {
  it('sends fewer vertices at coarser levels, each ring still a valid closed ring, and the stored shape at full detail', () => {
    const { call, member } = setupNetwork();
    const m = member('Alpha');
    // A hole far smaller than the coarsest tolerance: invisible at that level, kept at the finer ones.
    const geometry: Polygon = { type: 'Polygon', coordinates: [wobblyRing(0.7, 47.4, 0.4, 2000), squareRing(0.7, 47.4, 0.008).reverse()] };
    const t = call('territories.create', { memberId: m.id, name: 'Rond', geometry });
    const counts = [0, 1, 2, FULL_DETAIL].map((level) => {
      const [outline] = call('territories.outlines', { level });
      const g = outline!.geometry as Polygon;
      expect(outline).toMatchObject({ id: t.id, name: 'Rond', memberId: m.id, kind: 'polygon' });
      expect(Math.max(...outline!.bbox.map((v, i) => Math.abs(v - t.bbox[i]!)))).toBeLessThanOrEqual(1e-4);
      expect(outline!.bbox[0]).toBeLessThanOrEqual(t.bbox[0]);
      expect(outline!.bbox[3]).toBeGreaterThanOrEqual(t.bbox[3]);
      for (const ring of g.coordinates) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring.at(-1)).toEqual(ring[0]);
      }
      expect(kinks(g).features).toHaveLength(0);
      return g.coordinates.map((r) => r.length);
    });
    expect(counts[0]).toHaveLength(1); // the tiny hole dropped at 0.02°
    expect(counts[1]).toHaveLength(2);
    expect(counts[0]![0]).toBeLessThan(counts[1]![0]!);
    expect(counts[1]![0]).toBeLessThan(counts[2]![0]!);
    expect(counts[2]![0]).toBeLessThan(2001);
    expect(call('territories.outlines', { level: FULL_DETAIL })[0]!.geometry).toEqual(geometry);
    // Every simplified vertex stays within the level's tolerance of the true circle (radius 0.4 ± 0.2 %).
    for (const [level, tolerance] of OUTLINE_TOLERANCES.entries()) {
      const outer = (call('territories.outlines', { level })[0]!.geometry as Polygon).coordinates[0]!;
      for (const [x, y] of outer) expect(Math.abs(Math.hypot(x! - 0.7, y! - 47.4) - 0.4)).toBeLessThan(0.4 * 0.002 + tolerance);
    }
  });

  it('gives only the territories asked for, circles as they are, and a territory’s new shape once it is edited', () => {
    const { call, member } = setupNetwork();
    const m = member('Alpha');
    const a = call('territories.create', { memberId: m.id, name: 'A', geometry: { type: 'Polygon', coordinates: [wobblyRing(0.5, 47, 0.2, 500)] } });
    const b = call('territories.create', { memberId: m.id, name: 'B', kind: 'circle', center: { lat: 47.5, lon: 1 }, radiusKm: 12 });
    expect(call('territories.outlines', { level: 0, ids: [b.id] })).toEqual([expect.objectContaining({ id: b.id, geometry: null, center: { lat: 47.5, lon: 1 }, radiusKm: 12 })]);
    const before = call('territories.outlines', { level: 0, ids: [a.id] })[0]!.geometry as Polygon;
    call('territories.update', { id: a.id, kind: 'polygon', geometry: { type: 'Polygon', coordinates: [wobblyRing(2.5, 47, 0.2, 500)] } });
    const after = call('territories.outlines', { level: 0, ids: [a.id] })[0]!.geometry as Polygon;
    expect(before.coordinates[0]![0]![0]).toBeLessThan(1);
    expect(after.coordinates[0]![0]![0]).toBeGreaterThan(2);
  });
});
