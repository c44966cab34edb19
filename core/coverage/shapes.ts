/**
 * Territory shapes prepared for fast, exact tests: each ring as a flat Float64Array
 * [lon0, lat0, lon1, lat1, ...] so the ray-casting loop touches no objects, and each part of a
 * MultiPolygon indexed on its own so a far-flung part does not widen the others' box.
 */
import type { Position } from 'geojson';
import type { AreaGeometry, Bbox } from '../territories/geometry';

/** One polygon: its outer ring then its holes. */
export type PreparedPolygon = Float64Array[];

export function preparePolygons(geometry: AreaGeometry): PreparedPolygon[] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((rings) => rings.map(flattenRing));
}

function flattenRing(ring: Position[]): Float64Array {
  const flat = new Float64Array(ring.length * 2);
  ring.forEach((p, i) => {
    flat[2 * i] = p[0]!;
    flat[2 * i + 1] = p[1]!;
  });
  return flat;
}

export function ringBbox(ring: Float64Array): Bbox {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < ring.length; i += 2) {
    box[0] = Math.min(box[0], ring[i]!);
    box[1] = Math.min(box[1], ring[i + 1]!);
    box[2] = Math.max(box[2], ring[i]!);
    box[3] = Math.max(box[3], ring[i + 1]!);
  }
  return box;
}

/**
 * Even-odd ray casting over the outer ring and its holes together: a point inside a hole
 * crosses the outer ring and the hole's ring, an even count, so it is outside.
 */
export function polygonContains(polygon: PreparedPolygon, x: number, y: number): boolean {
  let inside = false;
  for (const ring of polygon) {
    const n = ring.length;
    for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
      const yi = ring[i + 1]!;
      const yj = ring[j + 1]!;
      if (yi > y !== yj > y) {
        const xi = ring[i]!;
        if (x < ((ring[j]! - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}
