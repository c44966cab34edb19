import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon } from 'geojson';
import { booleanPointInPolygon } from '@turf/turf';
import { polygonContains, preparePolygons } from './shapes';

/** A ring of n vertices around (lon, lat), its radius wavering so the shape is irregular. */
function ring(lon: number, lat: number, radius: number, n: number, phase: number): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const angle = (2 * Math.PI * i) / n;
    const r = radius * (0.75 + 0.2 * Math.sin(7 * angle + phase) + 0.05 * Math.sin(61 * angle));
    points.push([lon + r * Math.cos(angle), lat + r * Math.sin(angle)]);
  }
  points.push(points[0]!);
  return points;
}

describe('polygonContains', () => {
  it('answers as turf does for a polygon of thousands of edges (read by band), holes, vertices and horizontal edges included', () => {
    const outer = ring(2, 47, 0.6, 3000, 1);
    // A flat-topped notch: horizontal edges on a band's line are the ray casting's delicate case.
    outer.splice(10, 0, [outer[9]![0], 47.3], [outer[9]![0] - 0.05, 47.3]);
    const geometry: Polygon = { type: 'Polygon', coordinates: [outer, ring(2.1, 47.05, 0.15, 400, 2).reverse(), ring(1.8, 46.8, 0.05, 12, 3).reverse()] };
    const [polygon] = preparePolygons(geometry);
    expect(polygon!.bands).not.toBeNull();
    const probes: [number, number][] = [];
    for (let i = 0; i < 20_000; i++) probes.push([1.3 + ((i * 7919) % 1400) / 1000, 46.3 + ((i * 104729) % 1400) / 1000]);
    for (const [lon, lat] of geometry.coordinates.flat().filter((_, i) => i % 7 === 0)) probes.push([lon! + 1e-9, lat!], [lon! - 1e-9, lat! + 1e-12], [lon!, 47.3]);
    probes.push([2, 40], [2, 55], [2, NaN]);
    let inside = 0;
    for (const [lon, lat] of probes) {
      const expected = Number.isNaN(lat) ? false : booleanPointInPolygon([lon, lat], geometry, { ignoreBoundary: true });
      expect(polygonContains(polygon!, lon, lat), `${lon}, ${lat}`).toBe(expected);
      if (expected) inside++;
    }
    expect(inside).toBeGreaterThan(5_000);
  });

  it('tests a polygon of a few edges edge by edge, each part of a MultiPolygon on its own', () => {
    const geometry: MultiPolygon = { type: 'MultiPolygon', coordinates: [[ring(0, 45, 0.1, 8, 0)], [ring(1, 45, 0.1, 8, 0)]] };
    const parts = preparePolygons(geometry);
    expect(parts.map((p) => p.bands)).toEqual([null, null]);
    expect(parts.map((p) => polygonContains(p, 1, 45))).toEqual([false, true]);
    expect(parts.map((p) => polygonContains(p, 0.5, 45))).toEqual([false, false]);
  });
});
